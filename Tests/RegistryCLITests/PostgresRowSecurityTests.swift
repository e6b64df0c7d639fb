import Foundation
import Testing

/// Row-level security on the database's read-model tables: a school's or an enterprise's own
/// database role, reading with its own tools, sees only its own students and placements; the tables
/// are filled in the append's transaction, and their applied position follows the head.
@Suite("PostgreSQL store: organisations' rows", .enabled(if: PostgresScratch.isConfigured))
struct PostgresRowSecurityTests {
    @Test func aSchoolsOrAnEnterprisesRoleSeesOnlyItsOwnRows() throws {
        let scratch = try PostgresScratch()
        let cli = CLIHarness("pg-rls")
        cli.environment["REGISTRY_STORE"] = scratch.conninfo
        cli.environment["REGISTRY_CACHE"] = cli.directory + "/cache"
        let commands = Scenario.bureauSetup + [
            Scenario.enroll("2023001", "王芳", born: "2005-03-14"),
            Scenario.enroll("2023002", "李强", born: "2005-06-01"),
            ["student", "enroll", "2023201", "--name", "周杰", "--major", "汽车运用与维修", "--birth", "2006-02-01",
             "--enrolled", "2023-09-01", "--as", "school:S02"],
            Scenario.register("P-1", student: "2023001", at: "E01", agreement: "SF-2025-001"),
            Scenario.register("P-2", student: "2023002", at: "E02", stipend: "3100", agreement: "SF-2025-002"),
        ]
        for command in commands {
            let result = try cli.run(command)
            #expect(result.status == 0, "\(command.joined(separator: " ")): \(result)")
        }
        let suffix = String(scratch.schema.suffix(12))
        let school = "rls_school_\(suffix)", enterprise = "rls_enterprise_\(suffix)"
        try PostgresScratch.psql("""
            CREATE ROLE \(school) LOGIN PASSWORD 'pw'; CREATE ROLE \(enterprise) LOGIN PASSWORD 'pw';
            SELECT registry_grant_organisation('\(school)', 'school', 'S01');
            SELECT registry_grant_organisation('\(enterprise)', 'enterprise', 'E02');
            """, conninfo: scratch.conninfo)
        defer {
            try? PostgresScratch.psql("DROP SCHEMA \(scratch.schema) CASCADE; DROP ROLE \(school); DROP ROLE \(enterprise);")
        }
        let asSchool = try connection(scratch.conninfo, as: school)
        let asEnterprise = try connection(scratch.conninfo, as: enterprise)
        #expect(try query("SELECT string_agg(student_id, ',' ORDER BY student_id) FROM rm_students", asSchool) == "2023001,2023002")
        #expect(try query("SELECT string_agg(placement_id, ',' ORDER BY placement_id) FROM rm_placements", asSchool) == "P-1,P-2")
        #expect(try query("SELECT string_agg(placement_id, ',' ORDER BY placement_id) FROM rm_placements", asEnterprise) == "P-2")
        #expect(try query("SELECT count(*) FROM rm_students", asEnterprise) == "0")
        // The applied position is the head's, set in the same transaction as each append.
        #expect(try query("SELECT position FROM rm_applied", asSchool) == query("SELECT position FROM registry_head", scratch.conninfo))
        // The organisation's role cannot read the events, nor write its rows.
        #expect(throws: (any Error).self) { try query("SELECT count(*) FROM events", asSchool) }
        #expect(throws: (any Error).self) { try query("DELETE FROM rm_placements", asSchool) }
    }

    /// The connection string with another user and password.
    private func connection(_ conninfo: String, as role: String) throws -> String {
        var components = try #require(URLComponents(string: conninfo))
        components.user = role
        components.password = "pw"
        return try #require(components.string)
    }

    /// One value from `sql`, or an error when psql fails.
    private func query(_ sql: String, _ conninfo: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [conninfo, "-v", "ON_ERROR_STOP=1", "-qXtAc", sql]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
