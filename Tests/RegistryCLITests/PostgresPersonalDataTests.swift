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

    /// `migrate` carries the key store with the events: names sealed in the file log open in the
    /// database, an erased student stays erased (the tombstone keeps a new key from being made), and
    /// the digest secret comes along, so the database's keys are the file's.
    @Test func migrateCarriesTheKeyStoreSoNamesOpenAndErasuresStay() throws {
        let scratch = try PostgresScratch()
        let file = CLIHarness("pg-pd-migrate")
        for command in Scenario.bureauSetup + [Scenario.enroll("2023001", "王芳", born: "2005-03-14"),
                                               Scenario.enroll("2023002", "李强", born: "2005-04-01"),
                                               ["student", "erase", "2023002", "--reason", "court order", "--as", "bureau:EDU"]] {
            let result = try file.run(command)
            #expect(result.status == 0, "\(command.joined(separator: " ")): \(result)")
        }
        let idCard = "41120220050314123X"
        let first = file.write("first.csv", Data("学号,姓名,专业,出生日期,入学日期,身份证号\n2023003,赵敏,数控技术,2005-03-14,2023-09-01,\(idCard)\n".utf8))
        #expect(try file.run(["import", "students", first, "--as", "school:S01"]).status == 0)
        let migrated = try file.run(["migrate", "--from", file.logDirectory, "--to", scratch.conninfo])
        #expect(migrated.status == 0, "\(migrated)")
        #expect(migrated.stdout.contains("personal-data keys copied"), "\(migrated)")
        #expect(try value("SELECT count(*) FROM personal_keys WHERE key IS NOT NULL", scratch) == "2")
        #expect(try value("SELECT count(*) FROM personal_keys WHERE key IS NULL", scratch) == "1")
        #expect(try value("SELECT count(*) FROM personal_secrets", scratch) == "1")

        let database = scratch.harness("pg-pd-migrated")
        let shown = try database.run(["show", "student", "2023001", "--as", "school:S01"])
        #expect(shown.status == 0 && shown.stdout.contains("王芳"), "\(shown)")
        let erased = try database.run(["show", "student", "2023002", "--as", "school:S01"])
        #expect(erased.status == 0 && erased.stdout.contains("erased-") && !erased.stdout.contains("李强"), "\(erased)")
        // The digest secret came along: the same ID-card number is still recognised in the database.
        let second = database.write("second.csv", Data("学号,姓名,专业,出生日期,入学日期,身份证号\n2023004,陈刚,数控技术,2005-03-14,2023-09-01,\(idCard)\n".utf8))
        let duplicate = try database.run(["import", "students", second, "--as", "school:S01"])
        #expect(duplicate.status == 1 && duplicate.stdout.contains("has the ID-card number (身份证号) of student '2023003'"), "\(duplicate)")
        #expect(try database.run(["student", "erase", "2023001", "--reason", "retention over", "--as", "bureau:EDU"]).status == 0)
        // (An import makes its group's keys before deciding the rows, so the refused row left a key that seals nothing.)
        #expect(try value("SELECT count(*) FROM personal_keys WHERE subject = 'student:2023001' AND key IS NOT NULL", scratch) == "0")
        #expect(try value("SELECT count(*) FROM personal_keys WHERE subject = 'student:2023003' AND key IS NOT NULL", scratch) == "1")
    }

    /// `registry-gen --store` generates in a scratch directory and copies into the database: the keys
    /// must come along, or every generated name reads as unavailable.
    @Test func registryGenIntoADatabaseKeepsTheNamesReadable() throws {
        let scratch = try PostgresScratch()
        let cli = scratch.harness("pg-pd-gen")
        let generated = try cli.run(["--events", "800", "--seed", "3", "--store", scratch.conninfo], tool: "registry-gen")
        #expect(generated.status == 0, "\(generated)")
        let list = try cli.run(["list", "students", "--as", "bureau:EDU", "--format", "json"])
        #expect(list.status == 0, "\(list)")
        // A name without its key lists as "" and a birth date as null.
        #expect(list.stdout.contains("\"name\":\"") && !list.stdout.contains("\"name\":\"\"") && !list.stdout.contains("\"birth\":null"),
                "\(list.stdout.prefix(600))")
        #expect(try value("SELECT count(*) > 0 FROM personal_keys WHERE key IS NOT NULL", scratch) == "t")
    }
}
