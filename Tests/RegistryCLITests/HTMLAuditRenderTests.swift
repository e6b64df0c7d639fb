import Foundation
import Testing

/// `registry audit --format html`: grouped findings, one-line dates and severities, print CSS, and
/// the demo's audit rendered by headless Chromium to a PNG that is not blank.
@Suite("HTML audit")
struct HTMLAuditRenderTests {
    /// Where the rendered pages are kept after the test, to be looked at.
    static let pictures = NSTemporaryDirectory() + "registry-html-audit"

    /// `chromium` (Debian) or `chromium-browser` on the PATH, or nil.
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// One post placement started 2025-09-01 whose stipend was never confirmed: eight Pay_04 months by 2026-06-30
    /// (under huyi, whose 2% target gives Quota_01, with a payment deadline of 30 days set locally).
    func unpaidPlacement(_ label: String) throws -> CLIHarness {
        let cli = CLIHarness(label)
        for line in ["init --as bureau:EDU --jurisdiction X --policy huyi --from 2020-01-01 --set payGraceDays=30 --source test",
                     "school register S01 --name School --level secondary --as bureau:EDU",
                     "enterprise register E01 --name Works --above-scale --as bureau:EDU",
                     "enterprise workforce E01 --headcount 200 --as-of 2020-01-01 --as enterprise:E01",
                     "student enroll 2023001 --name Wang --major CNC --birth 2006-03-14 --enrolled 2023-09-01 --as school:S01",
                     "placement register P-1 --student 2023001 --enterprise E01 --kind post --start 2025-09-01 --end 2026-08-31 --stipend 3400 --agreement A-1 --as school:S01",
                     "insurance enroll P-1 --policy POL-1 --insurer PICC --cover liability,accident --from 2025-09-01 --to 2026-08-31 --paid-by school --as school:S01",
                     "placement start P-1 --on 2025-09-01 --as school:S01"] {
            try #require(try cli.run(line).status == 0, "\(line)")
        }
        return cli
    }

    @Test func findingsOfOneRuleAndSubjectAreOneRowListingTheirMonths() throws {
        let cli = try unpaidPlacement("html-group")
        let text = try cli.run("audit --on 2026-06-30 --as inspector:I01")
        #expect(text.stdout.components(separatedBy: "Pay_04 ").count - 1 == 8)  // the text audit keeps one row per month
        let html = try cli.run("audit --on 2026-06-30 --format html --as inspector:I01").stdout
        let rows = html.components(separatedBy: "<tr><td class=\"nowrap\">Pay_04</td>").count - 1
        #expect(rows == 1)
        #expect(html.contains("9 findings in 2 rows (one per rule and subject)"))
        #expect(html.contains("<td class=\"nowrap\">placement P-1</td><td class=\"num\">8</td><td><span class=\"when\">2025-09</span> "
                              + "<span class=\"when\">2025-10</span>"))
        #expect(html.contains("<span class=\"when\">2026-04</span></td>"))
        #expect(html.contains("<span class=\"nowrap\">2025-09: 2025-10-30</span><br><span class=\"nowrap\">2025-10: 2025-11-30</span>"))
        // One value shared by every month is shown once.
        #expect(html.contains("<td class=\"nowrap\">none</td>"))
        // Severities and dates do not wrap; the page prints landscape with repeated headers.
        #expect(html.contains("<td class=\"nowrap finding\">finding</td>"))
        #expect(html.contains("td.nowrap,.when,.nowrap{white-space:nowrap;overflow-wrap:normal}"))
        #expect(html.contains("@page{size:A4 landscape;margin:12mm}"))
        // Dates inside a message do not break at their hyphens either.
        #expect(html.contains("enterprise E01 hosts 0 active major-relevant interns on <span class=\"nowrap\">2026-06-30</span>, fewer than the target of 4."))
        #expect(html.contains("thead{display:table-header-group}"))
        let zh = try cli.run("audit --on 2026-06-30 --format html --lang zh --as inspector:I01").stdout
        #expect(zh.contains("共 9 项发现，按规则与对象合并为 2 行"))
        #expect(zh.contains("<td class=\"nowrap finding\">发现</td>"))
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed, so the HTML audit is not rendered; .ci/run installs it (apt-get install -y chromium fonts-noto-cjk)"))
    func theDemosAuditRendersHeadlessToAPictureThatIsNotBlank() throws {
        let chromium = try #require(Self.chromium)
        let cli = CLIHarness("html-render")
        try #require(try cli.run("demo").status == 0)
        try FileManager.default.createDirectory(atPath: Self.pictures, withIntermediateDirectories: true)

        let blankPage = cli.write("blank.html", Data("<!DOCTYPE html><html><body></body></html>".utf8))
        let blank = try render(chromium, page: blankPage, to: Self.pictures + "/blank.png", profile: cli.directory + "/profile-blank")
        for language in ["en", "zh"] {
            let audit = try cli.run(["audit", "--on", "2026-03-31", "--format", "html", "--lang", language, "--as", "inspector:I01"])
            try #require(audit.status == 0)
            let page = cli.write("audit-\(language).html", Data(audit.stdout.utf8))
            let picture = Self.pictures + "/audit-\(language).png"
            let png = try render(chromium, page: page, to: picture, profile: cli.directory + "/profile-\(language)")
            print("HTML audit (\(language)) rendered to \(picture)")
            let size = try #require(Self.size(png), "\(picture) is not a PNG")
            #expect(size.width == 1280 && size.height == 1800)
            #expect(Self.size(blank).map { $0.width == size.width && $0.height == size.height } == true)
            // A white page compresses to a few kilobytes; text, tables and charts do not.
            #expect(png.count > 10 * blank.count, "audit \(png.count) bytes, blank page \(blank.count) bytes")
        }
    }

    /// Renders `page` with headless Chromium at 1280×1800 and returns the PNG's bytes.
    private func render(_ chromium: String, page: String, to picture: String, profile: String) throws -> [UInt8] {
        try? FileManager.default.removeItem(atPath: picture)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                             "--user-data-dir=\(profile)",
                             "--screenshot=\(picture)", "--window-size=1280,1800", URL(fileURLWithPath: page).absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // A browser that hangs (no display, no fonts cache) must not hang the suite: it is stopped, and
        // the missing picture fails the test below.
        if exited.wait(timeout: .now() + 180) == .timedOut {
            process.terminate()
            exited.wait()
        }
        return Array(try #require(FileManager.default.contents(atPath: picture), "chromium wrote no \(picture)"))
    }

    /// The width and height in a PNG's IHDR chunk, or nil when the bytes are not a PNG.
    static func size(_ png: [UInt8]) -> (width: Int, height: Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard png.count >= 24, png.starts(with: signature), Array(png[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be32(_ at: Int) -> Int { png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}
