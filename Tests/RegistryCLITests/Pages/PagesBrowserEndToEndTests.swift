import Foundation
import Testing

/// The pages in a real browser: `Tests/e2e/pages_e2e.py` drives headless Chromium through Selenium
/// against `registry serve --demo` (the bureau creates an account, a school imports, registers,
/// insures and starts a placement, an enterprise confirms the month, an inspector sees the finding
/// go, another school meets Auth_01). Screenshots of every page: `$TMPDIR/registry-pages-e2e/`
/// (or `$REGISTRY_E2E_OUTPUT`).
///
/// Without Chromium, chromedriver or python3-selenium the test is skipped, unless
/// `REGISTRY_BROWSER_E2E=required` (as `.ci/run` sets it, after installing them): then it fails.
@Suite("Pages in a browser")
struct PagesBrowserEndToEndTests {
    /// The system Python with Debian's python3-selenium (a pyenv `python3` earlier on the PATH may lack it).
    static let python = "/usr/bin/python3"

    static let isRequired = ProcessInfo.processInfo.environment["REGISTRY_BROWSER_E2E"] == "required"

    /// Whether Chromium, chromedriver and Selenium are all installed.
    static let hasBrowser: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        func onPath(_ name: String) -> Bool {
            path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }
        guard onPath("chromium") || onPath("chromium-browser"), onPath("chromedriver"),
              FileManager.default.isExecutableFile(atPath: python) else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import selenium"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test(.enabled(if: hasBrowser || isRequired, "chromium, chromedriver or python3-selenium is missing; .ci/run installs them"))
    func aMonthOfWorkThroughThePages() throws {
        try #require(Self.hasBrowser, "REGISTRY_BROWSER_E2E=required, but chromium, chromedriver or /usr/bin/python3 with selenium is missing")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("e2e/pages_e2e.py").path
        let output = ProcessInfo.processInfo.environment["REGISTRY_E2E_OUTPUT"] ?? NSTemporaryDirectory() + "registry-pages-e2e"
        try? FileManager.default.removeItem(atPath: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [script, "--registry", CLIHarness.executable, "--out", output]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let said = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pages_e2e.py failed:\n\(said)")
        print("pages end to end: screenshots in \(output)")
    }
}
