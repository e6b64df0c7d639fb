import Foundation
import Testing

/// Issue 13: progress lines go to standard error only when it is a terminal (`isatty(STDERR_FILENO)`).
/// A pipe gets none (`ImportTests.aLargeFileShowsNoProgressWhenStandardErrorIsNotATerminal`); here
/// `script` gives the command a pseudo-terminal and the progress appears.
@Suite("Progress lines")
struct ProgressTests {
    @Test func aTerminalSeesProgress() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }  // util-linux; present on the CI image
        let cli = try Scenario.make("progress", Scenario.bureauSetup)
        let rows = (1...210).map { "S\($0),Name,CNC,2006-13-01,2023-09-01" }
        let file = cli.write("many.csv", Data((["id,name,major,birth,enrolled"] + rows).joined(separator: "\n").utf8))
        let command = "\(CLIHarness.executable) import students \(file) --as school:S01 --format csv > \(cli.directory)/rejected.csv"
        var environment = cli.environment
        environment["TERM"] = "dumb"
        let result = try HelpExampleTests.shell("/usr/bin/script -qec '\(command)' /dev/null", in: cli.directory, environment: environment)
        #expect(result.stdout.contains("\r\(file): line 52, 50 of 210 rows\u{1B}[K"), "\(result)")
        #expect(result.stdout.contains("imported 0 new rows, 0 already imported, 210 rejected, of 210 rows in \(file)."))
    }
}
