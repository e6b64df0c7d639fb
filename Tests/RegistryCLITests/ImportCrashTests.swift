import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 17: a large import is made durable in groups (one fdatasync per group of rows), and its
/// progress lines count only rows already durable. A SIGKILL part-way then loses no row a progress
/// line reported, and running the same file again appends the rest exactly once.
@Suite("Import crash")
struct ImportCrashTests {
    /// The highest "N of TOTAL rows" in what a progress terminal received so far.
    static func reportedRows(_ text: String, of total: Int) -> Int {
        var best = 0
        for part in text.components(separatedBy: " of \(total) rows").dropLast() {
            if let number = part.split(whereSeparator: { !$0.isNumber }).last.flatMap({ Int($0) }) { best = max(best, number) }
        }
        return best
    }

    /// The processes whose parent is `parent` (from /proc, so that exactly the import is killed).
    static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After "pid (name) state ppid ...": the fields past the name.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    @Test func rowsReportedBeforeAKillAreKeptAndARerunAppendsTheRestOnce() throws {
        // `script` gives the import a terminal, so that it prints progress lines (util-linux; on the CI image).
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let cli = try Scenario.make("import-crash", Scenario.bureauSetup)
        let before = try cli.run(["verify"])
        let setupEvents = try #require(Int(before.stdout.split(separator: "\n").first { $0.hasPrefix("events") }?
            .split(separator: " ").last ?? ""))
        let total = 4_000
        let rows = (1...total).map { String(format: "K%05d,学生%05d,数控技术,2005-03-14,2023-09-01", $0, $0) }
        let file = cli.write("big.csv", Data((["id,name,major,birth,enrolled"] + rows).joined(separator: "\n").utf8))
        let output = cli.directory + "/terminal.out"
        #expect(FileManager.default.createFile(atPath: output, contents: nil))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        // `exec`: the registry process is script's own child, the one process killed below.
        process.arguments = ["-qec", "exec \(CLIHarness.executable) import students \(file) --as school:S01", "/dev/null"]
        var environment = cli.environment
        environment["TERM"] = "dumb"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Kill it once a progress line has reported some groups, while rows are still being imported.
        var reported = 0
        var killed = false
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline {
            reported = Self.reportedRows((try? String(contentsOfFile: output, encoding: .utf8)) ?? "", of: total)
            if reported >= 800 {
                for child in Self.children(of: process.processIdentifier) { killed = kill(child, SIGKILL) == 0 || killed }
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        try #require(killed, "the import ended before a progress line reported 800 rows")
        // The final count of the killed run, read after it ended: every row reported was durable.
        reported = Self.reportedRows(try String(contentsOfFile: output, encoding: .utf8), of: total)
        #expect(reported >= 800 && reported < total)
        let shown = try cli.run(["show", "student", String(format: "K%05d", reported), "--as", "school:S01"])
        #expect(shown.status == 0, "\(shown)")
        // Its name opens: the key it was sealed with (made on the preparing thread, ahead of its
        // group) was durable before the record was.
        #expect(shown.stdout.contains(String(format: "学生%05d", reported)), "\(shown)")

        // Again: the rows already in are recognised, the rest appended, each once.
        let rerun = try cli.run(["import", "students", file, "--as", "school:S01", "--format", "json"])
        #expect(rerun.status == 0, "\(rerun)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as? [String: Any])
        let imported = try #require(report["imported"] as? Int), already = try #require(report["alreadyImported"] as? Int)
        #expect(already >= reported)
        #expect(imported + already == total)
        let after = try cli.run(["verify"])
        #expect(after.status == 0, "\(after)")
        #expect(after.stdout.contains("events         \(setupEvents + total)\n"), "\(after)")
        let third = try cli.run(["import", "students", file, "--as", "school:S01", "--format", "json"])
        #expect(third.stdout.contains("\"imported\":0,\"alreadyImported\":\(total),"), "\(third)")
        // Every name opens, those of the killed run's last groups and the rerun's alike.
        for n in [reported + 1, min(reported + 1_000, total), total] {
            let student = try cli.run(["show", "student", String(format: "K%05d", n), "--as", "school:S01"])
            #expect(student.stdout.contains(String(format: "学生%05d", n)), "\(student)")
        }
    }

    /// The keys of each group are made on the preparing thread; when the key store cannot be used
    /// there, the import stops before the group's first row, as it did when the keys were made on the
    /// importing thread: exit 3 (retry), the line named, nothing of the group appended.
    @Test func aKeyStoreThatCannotBeUsedStopsTheImportBeforeTheGroup() throws {
        let cli = try Scenario.make("import-keystore", Scenario.bureauSetup)
        let before = try cli.run(["verify"])
        let keys = cli.logDirectory + "/keys.sqlite"
        try? FileManager.default.removeItem(atPath: keys)
        // A directory where the file should be: SQLite cannot open it (a permission would not stop root).
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: false)
        let rows = (1...120).map { String(format: "Q%05d,学生%05d,数控技术,2005-03-14,2023-09-01", $0, $0) }
        let file = cli.write("keys.csv", Data((["id,name,major,birth,enrolled"] + rows).joined(separator: "\n").utf8))
        let run = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(run.status == 3, "\(run)")
        #expect(run.stderr.contains("the key store \(keys) cannot be used"), "\(run)")
        #expect(run.stderr.contains("stopped at line 2; the 0 rows imported before it stay appended"), "\(run)")
        let after = try cli.run(["verify"])
        #expect(after.stdout.split(separator: "\n").first { $0.hasPrefix("events") } == before.stdout.split(separator: "\n").first { $0.hasPrefix("events") })
        // Fixed, the same file imports every row.
        try FileManager.default.removeItem(atPath: keys)
        let again = try cli.run(["import", "students", file, "--as", "school:S01", "--format", "json"])
        #expect(again.stdout.contains("\"imported\":120,"), "\(again)")
    }
}
