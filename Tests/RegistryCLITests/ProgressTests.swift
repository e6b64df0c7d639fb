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

    /// A read model far behind its log (here removed; after a schema change, emptied) is brought up to
    /// date by the next command, which says so on a terminal, and only there.
    @Test func aLongCatchUpOfTheReadModelShowsProgressOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let cli = CLIHarness("catch-up-progress")
        let generated = try cli.run(["--events", "30000", "--seed", "5", "--log", cli.logDirectory], tool: "registry-gen")
        try #require(generated.status == 0, "\(generated)")
        func removeReadModel() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cli.logDirectory + "/readmodel.sqlite" + suffix) }
        }
        removeReadModel()
        var environment = cli.environment
        environment["TERM"] = "dumb"
        let command = "\(CLIHarness.executable) list schools --as bureau:B01 > \(cli.directory)/schools.txt"
        let shown = try HelpExampleTests.shell("/usr/bin/script -qec '\(command)' /dev/null", in: cli.directory, environment: environment)
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("\rbringing the read model up to date: "), "\(shown)")
        #expect(shown.stdout.contains(" of 30000 events\u{1B}[K"), "\(shown)")
        #expect(try String(contentsOfFile: cli.directory + "/schools.txt", encoding: .utf8).contains("S"))
        // Caught up, the next command has nothing to show; and a pipe never gets the line.
        let again = try HelpExampleTests.shell("/usr/bin/script -qec '\(command)' /dev/null", in: cli.directory, environment: environment)
        #expect(!again.stdout.contains("bringing the read model up to date"), "\(again)")
        removeReadModel()
        let piped = try cli.run(["list", "schools", "--as", "bureau:B01"])
        #expect(piped.status == 0, "\(piped)")
        #expect(!piped.stderr.contains("bringing the read model"), "\(piped)")
    }
}
