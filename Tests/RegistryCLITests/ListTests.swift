import Foundation
import SQLiteSupport
import Testing

/// `registry list …` (issue 13): filters people use, pages, three formats, answered from the read model,
/// and each role sees only its own records. The district is `Scenario.rulesSetup`: P-1 and P-2 started,
/// P-3 never insured, P-5 and P-6 insured and registered (P-4 is refused at registration: Age_01); every planned term is 2025-09-01…2026-02-28.
@Suite("registry list")
struct ListTests {
    private func ids(_ result: RunResult) throws -> [String] {
        let page = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        return (page["rows"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    private func list(_ cli: CLIHarness, _ arguments: [String], as actor: String = "inspector:I01") throws -> [String] {
        try ids(try cli.run(["list"] + arguments + ["--format", "json", "--as", actor]))
    }

    @Test func filtersNarrowThePlacements() throws {
        let cli = try Scenario.make("list-filters", Scenario.rulesSetup)
        #expect(try list(cli, ["placements"]) == ["P-1", "P-2", "P-3", "P-5", "P-6"])
        #expect(try list(cli, ["placements", "--uninsured"]) == ["P-3"])
        #expect(try list(cli, ["placements", "--status", "active"]) == ["P-1", "P-2"])
        #expect(try list(cli, ["placements", "--status", "registered"]) == ["P-3", "P-5", "P-6"])
        #expect(try list(cli, ["placements", "--status", "ended"]) == [])
        #expect(try list(cli, ["placements", "--status", "overdue", "--on", "2026-03-31"]) == ["P-1", "P-2", "P-3", "P-5", "P-6"])
        #expect(try list(cli, ["placements", "--status", "overdue", "--on", "2026-02-28"]) == [])
        #expect(try list(cli, ["placements", "--starting-before", "2025-09-01"]) == [])
        #expect(try list(cli, ["placements", "--starting-before", "2025-09-02"]).count == 5)
        #expect(try list(cli, ["placements", "--enterprise", "E02"]) == ["P-2", "P-3", "P-6"])
        #expect(try list(cli, ["placements", "--search", "王芳"]) == ["P-1"])
        #expect(try list(cli, ["placements", "--search", "p-2"]) == ["P-2"])
        #expect(try list(cli, ["placements", "--unpaid-month", "2025-09"]) == ["P-1", "P-2"])
        #expect(try list(cli, ["placements", "--unpaid-month", "2025-08"]) == [])
        #expect(try list(cli, ["students", "--uninsured"]) == ["2023003"])
        #expect(try list(cli, ["students", "--search", "陈"]) == ["2023005", "2024001"])
        #expect(try list(cli, ["students", "--enterprise", "E02"]) == ["2023002", "2023003", "2023005"])
        #expect(try list(cli, ["apprenticeships", "--status", "active"]) == ["A-1"])
        #expect(try list(cli, ["enterprises", "--search", "汽车"]) == ["E02"])
        #expect(try list(cli, ["schools"]) == ["S01", "S02"])
    }

    @Test func twoPoliciesOneAfterTheOtherInsureTheWholeTerm() throws {
        let cli = try Scenario.make("list-insured", Scenario.rulesSetup + [
            ["insurance", "enroll", "P-1", "--policy", "PICC-2026-0101", "--insurer", "中国人保", "--cover", "liability,accident",
             "--from", "2026-03-01", "--to", "2026-03-31", "--paid-by", "school", "--as", "school:S01"],
            ["placement", "extend", "P-1", "--to", "2026-03-31", "--as", "school:S01"],
        ])
        #expect(try list(cli, ["placements", "--uninsured"]) == ["P-3"])
        #expect(try list(cli, ["placements", "--search", "P-1"]).count == 1)
    }

    @Test func pagesSayWhichRowsTheyShow() throws {
        let cli = try Scenario.make("list-pages", Scenario.rulesSetup)
        let first = try cli.run(["list", "placements", "--per-page", "4", "--as", "inspector:I01"])
        #expect(first.status == 0)
        #expect(first.stdout == """
            Placement  Student  Name  Enterprise  Kind  Planned term           Stipend  Status      Insured
            ---------  -------  ----  ----------  ----  ---------------------  -------  ----------  -------
            P-1        2023001  王芳  E01         post  2025-09-01…2026-02-28  3400.00  active      yes
            P-2        2023002  李强  E02         post  2025-09-01…2026-02-28  3100.00  active      yes
            P-3        2023003  张敏  E02         post  2025-09-01…2026-02-28  3100.00  registered  no
            P-5        2023004  刘洋  E01         post  2025-09-01…2026-02-28  3400.00  registered  yes
            rows 1–4 of 5; next: --page 2

            """, "\(first)")
        let second = try cli.run(["list", "placements", "--per-page", "4", "--page", "2", "--as", "inspector:I01"])
        #expect(second.stdout.hasSuffix("\nrows 5–5 of 5\n"))
        let zh = try cli.run(["list", "placements", "--per-page", "4", "--lang", "zh", "--as", "inspector:I01"])
        #expect(zh.stdout.hasSuffix("\n第 1–4 行，共 5 行；下一页：--page 2\n"))
        let past = try cli.run(["list", "placements", "--page", "9", "--as", "inspector:I01"])
        #expect(past.stdout.hasSuffix("page 9 is past the end: 5 rows, 1 pages of 50.\n"))
        let json = try cli.run(["list", "placements", "--per-page", "4", "--page", "2", "--format", "json", "--as", "inspector:I01"])
        let page = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(page["total"] as? Int == 5 && page["page"] as? Int == 2 && page["per_page"] as? Int == 4)
        let csv = try cli.run(["list", "placements", "--search", "P-1", "--format", "csv", "--as", "inspector:I01"])
        #expect(csv.stdout == """
            id,agreement,ended_on,enterprise,enterprise_name,insured,kind,planned_end,planned_start,post,school,started_on,status,stipend,student,student_name
            P-1,SF-2025-001,,E01,豫西精工机械有限公司,true,post,2026-02-28,2025-09-01,数控车工,S01,2025-09-01,active,3400.00,2023001,王芳

            """)
        let bad = try cli.run(["list", "placements", "--per-page", "0", "--as", "inspector:I01"])
        #expect(bad == RunResult(status: 2, stdout: "", stderr: "error: --per-page '0' is not a whole number from 1 to 1000.\n"))
        let status = try cli.run(["list", "students", "--status", "registered", "--as", "inspector:I01"])
        #expect(status == RunResult(status: 2, stdout: "", stderr: "error: --status 'registered' is not one of active, ended, overdue.\n"))
    }

    @Test func eachRoleListsOnlyItsOwnRecords() throws {
        let cli = try Scenario.make("list-roles", Scenario.rulesSetup)
        #expect(try list(cli, ["placements"], as: "school:S01").count == 5)
        #expect(try list(cli, ["placements"], as: "school:S02") == [])
        #expect(try list(cli, ["students"], as: "school:S02") == [])
        #expect(try list(cli, ["placements"], as: "enterprise:E02") == ["P-2", "P-3", "P-6"])
        #expect(try list(cli, ["students"], as: "enterprise:E01") == ["2023001", "2023004", "2024001"])
        #expect(try list(cli, ["placements"], as: "bureau:EDU").count == 5)
        #expect(try list(cli, ["enterprises"], as: "school:S02") == ["E01", "E02"])
        let other = try cli.run(["list", "placements", "--school", "S02", "--as", "school:S01"])
        #expect(other.status == 5)
        #expect(other.stderr == "error[Auth_01]: 'school:S01' may not list the placements of school 'S02': a school sees only its own.\n")
        let hosted = try cli.run(["list", "placements", "--enterprise", "E01", "--as", "enterprise:E02"])
        #expect(hosted.status == 5)
        #expect(try cli.run(["list", "teachers", "--as", "enterprise:E01"]).status == 5)
        #expect(try cli.run(["list", "teachers", "--as", "bureau:EDU"]) == RunResult(status: 0, stdout: "no teachers are registered.\n", stderr: ""))
        #expect(try cli.run(["list", "placements", "--as", "school:S02"]).stdout == "no placements are registered for school S02.\n")
        #expect(try cli.run(["list", "placements", "--search", "X", "--as", "school:S01"]).stdout == "no placements match these filters.\n")
    }

    @Test func aFilterThatDoesNotApplyIsRefused() throws {
        let cli = try Scenario.make("list-options", Scenario.rulesSetup)
        let result = try cli.run(["list", "schools", "--uninsured", "--as", "inspector:I01"])
        #expect(result == RunResult(status: 2, stdout: "", stderr: "error: unknown option '--uninsured' for 'registry list schools'.\n"))
        let noun = try cli.run(["list", "--as", "inspector:I01"])
        #expect(noun.status == 2)
        #expect(noun.stderr.contains("students, placements, apprenticeships, enterprises, schools, teachers"))
    }
}

/// The read model's schema 2 added the `teachers` table: a read model written by schema 1 is
/// dropped and rebuilt from the log on first use, so lists work on logs made by older versions.
@Suite("Read model schema")
struct ReadModelSchemaUpgradeTests {
    @Test func anOlderReadModelIsRebuilt() throws {
        let cli = try Scenario.make("schema", Scenario.bureauSetup)
        let path = cli.logDirectory + "/readmodel.sqlite"
        do {
            let db = try SQLiteDatabase(path: path)
            try db.execute("DROP TABLE teachers; UPDATE projection_state SET schema = 1;")
        }
        let result = try cli.run(["list", "schools", "--as", "bureau:EDU"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasSuffix("rows 1–2 of 2\n"))
        #expect(try cli.run(["list", "teachers", "--as", "bureau:EDU"]).stdout == "no teachers are registered.\n")
    }
}
