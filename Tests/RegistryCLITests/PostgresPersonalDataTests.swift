import Foundation
import Testing

/// Personal data on PostgreSQL: the keys live in the database beside the events, so a name sealed by
/// one server opens on another, and an erase there leaves the name in no table.
@Suite("PostgreSQL store, personal data", .enabled(if: PostgresScratch.isConfigured))
struct PostgresPersonalDataTests {
    /// The first column of the first row `sql` returns, as text.
    private func value(_ sql: String, _ scratch: PostgresScratch) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [scratch.conninfo, "-tAqXc", sql]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aNameSealedOnOneServerOpensOnAnotherAndAnEraseLeavesItInNoTable() throws {
        let scratch = try PostgresScratch()
        let first = scratch.harness("pg-pd-a")
        let second = scratch.harness("pg-pd-b")
        for command in Scenario.bureauSetup + [Scenario.enroll("2023001", "王芳", born: "2005-03-14")] {
            let result = try first.run(command)
            #expect(result.status == 0, "\(command.joined(separator: " ")): \(result)")
        }
        // The key is in the database, not in the first server's cache: the second server reads the name.
        let shown = try second.run(["show", "student", "2023001", "--as", "school:S01"])
        #expect(shown.status == 0 && shown.stdout.contains("王芳"), "\(shown)")
        let hex = "convert_to('王芳', 'UTF8')"
        #expect(try value("SELECT count(*) FROM events WHERE position(\(hex) IN payload) > 0", scratch) == "0")
        #expect(try value("SELECT count(*) FROM personal_keys WHERE key IS NOT NULL", scratch) == "1")

        let erased = try second.run(["student", "erase", "2023001", "--reason", "retention over", "--as", "bureau:EDU"])
        #expect(erased.status == 0, "\(erased)")
        #expect(try value("SELECT count(*) FROM personal_keys WHERE key IS NOT NULL", scratch) == "0")
        let after = try first.run(["show", "student", "2023001", "--as", "school:S01"])
        #expect(after.status == 0 && !after.stdout.contains("王芳") && after.stdout.contains("erased-"), "\(after)")
        // No table of the schema holds the name: every row of every table, as text.
        let tables = try value("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = '\(scratch.schema)'", scratch)
        for table in tables.split(separator: ",") {
            let hits = try value("SELECT count(*) FROM \(table) t WHERE position('王芳' IN t::text) > 0 OR position('2005-03-14' IN t::text) > 0", scratch)
            #expect(hits == "0", "table \(table)")
        }
        let verify = try first.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
    }
}
