import Foundation
import Testing

/// Issue 14: "the CLI's end-to-end tests run on both" stores. The demo district is built through the
/// ordinary commands on a file log and on a database, and every read a clerk, an HR officer, the
/// bureau or an inspector makes — audits, quotas, reports, lists, records, policy and rules, in
/// tables, JSON and Chinese — must print the same bytes on both.
@Suite("PostgreSQL store, every read as on the file log", .enabled(if: PostgresScratch.isConfigured))
struct PostgresParityTests {
    /// The first value of `key` in a JSON list's rows.
    private func firstID(_ json: String, _ key: String = "id") -> String? {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let rows = object["rows"] as? [[String: Any]] else { return nil }
        return rows.first?[key] as? String
    }

    @Test func theDemoDistrictReadsTheSameOnBothStores() throws {
        let scratch = try PostgresScratch()
        let file = CLIHarness("pg-parity-file")
        let database = scratch.harness("pg-parity-db")
        for cli in [file, database] { cli.environment["REGISTRY_NOW"] = "2026-07-01T08:00:00Z" }
        let builtOnFile = try file.run(["demo"])
        let builtOnDatabase = try database.run(["demo"])
        try #require(builtOnFile.status == 0 && builtOnDatabase.status == 0, "\(builtOnDatabase)")
        // The summary names its store; the demo's next steps need no option under REGISTRY_STORE.
        #expect(builtOnDatabase.stdout.contains("Demo district 三门峡市 in postgresql://"), "\(builtOnDatabase.stdout.prefix(200))")
        #expect(!builtOnDatabase.stdout.contains("registry-log"))

        let students = try file.run(["list", "students", "--as", "bureau:EDU", "--format", "json"])
        let placements = try file.run(["list", "placements", "--as", "bureau:EDU", "--format", "json"])
        let apprenticeships = try file.run(["list", "apprenticeships", "--as", "bureau:EDU", "--format", "json"])
        let teachers = try file.run(["list", "teachers", "--as", "bureau:EDU", "--format", "json"])
        let student = try #require(firstID(students.stdout))
        let placement = try #require(firstID(placements.stdout))
        let apprenticeship = try #require(firstID(apprenticeships.stdout))
        let teacher = try #require(firstID(teachers.stdout))

        let reads: [[String]] = [
            ["audit", "--on", "2026-03-31", "--as", "inspector:I01"],
            ["audit", "--on", "2026-03-31", "--as", "inspector:I01", "--format", "json"],
            ["audit", "--on", "2025-12-31", "--until", "2025-12-31", "--as", "inspector:I01"],
            ["audit", "--on", "2026-03-31", "--as", "school:S01", "--lang", "zh"],
            ["quota", "--as", "inspector:I01"],
            ["quota", "--as", "bureau:EDU", "--format", "csv"],
            ["report", "subsidies", "--year", "2025", "--as", "inspector:I01"],
            ["report", "evaluation", "--year", "2025", "--as", "inspector:I01", "--format", "json"],
            ["report", "certifications", "--on", "2025-12-31", "--as", "inspector:I01"],
            ["report", "stipends", "--year", "2025", "--as", "inspector:I01"],
            ["report", "teachers", "--on", "2025-12-31", "--as", "inspector:I01", "--lang", "zh"],
            ["list", "students", "--as", "bureau:EDU"],
            ["list", "students", "--as", "school:S01", "--search", "王", "--format", "json"],
            ["list", "placements", "--as", "enterprise:E01"],
            ["list", "apprenticeships", "--as", "bureau:EDU", "--format", "json"],
            ["list", "enterprises", "--as", "bureau:EDU"],
            ["list", "schools", "--as", "bureau:EDU"],
            ["list", "teachers", "--as", "bureau:EDU", "--format", "json"],
            ["show", "student", student, "--as", "bureau:EDU", "--format", "json"],
            ["show", "placement", placement, "--as", "inspector:I01"],
            ["show", "apprenticeship", apprenticeship, "--as", "inspector:I01", "--format", "json"],
            ["show", "teacher", teacher, "--as", "bureau:EDU"],
            ["show", "enterprise", "E01", "--as", "bureau:EDU", "--format", "json"],
            ["policy", "show"],
            ["rules", "--format", "json"],
            // Refusals read the same too: another school's student, an unknown ID.
            ["show", "student", student, "--as", "school:S99"],
            ["show", "placement", "NO-SUCH", "--as", "inspector:I01"],
        ]
        for read in reads {
            let onFile = try file.run(read)
            let onDatabase = try database.run(read)
            #expect(onFile.status == onDatabase.status && onFile.stdout == onDatabase.stdout && onFile.stderr == onDatabase.stderr,
                    "registry \(read.joined(separator: " ")): file \(onFile.status), database \(onDatabase.status)\n\(onDatabase.stderr)")
        }
        #expect(try database.run(["verify"]).status == 0)
    }
}
