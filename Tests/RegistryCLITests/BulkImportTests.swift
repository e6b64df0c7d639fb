import Foundation
import Testing

/// `registry import insurance FILE` (one group policy over many placements) and
/// `registry import starts FILE`, end to end through the built binary.
@Suite("Bulk insurance and starts import, end to end")
struct BulkImportTests {
    /// School S01, enterprise E01, students 2023001–2023003 and post placements P-1…P-3
    /// (2025-09-01…2026-02-28); P-1 and P-3 have an agreement, P-2 has none.
    func makeRegistry(_ label: String) throws -> CLIHarness {
        let cli = CLIHarness(label)
        for line in ["init --as bureau:EDU --jurisdiction X --policy national --from 2020-01-01",
                     "school register S01 --name School --level secondary --as bureau:EDU",
                     "school register S02 --name Other --level secondary --as bureau:EDU",
                     "enterprise register E01 --name Works --above-scale --as bureau:EDU",
                     "enterprise workforce E01 --headcount 200 --as-of 2020-01-01 --as enterprise:E01"] {
            try #require(try cli.run(line).status == 0, "\(line)")
        }
        let students = cli.write("s.csv", csv(["id,name,major,birth,enrolled", "2023001,Wang,CNC,2006-03-14,2023-09-01",
                                                "2023002,Li,CNC,2006-05-14,2023-09-01", "2023003,Zhang,CNC,2006-05-14,2023-09-01"]))
        try #require(try cli.run(["import", "students", students, "--as", "school:S01"]).status == 0)
        let placements = cli.write("p.csv", csv([
            "id,student,enterprise,kind,start,end,stipend,agreement",
            "P-1,2023001,E01,post,2025-09-01,2026-02-28,3400,SF-1",
            "P-2,2023002,E01,post,2025-09-01,2026-02-28,3400,",
            "P-3,2023003,E01,post,2025-09-01,2026-02-28,3400,SF-3"]))
        try #require(try cli.run(["import", "placements", placements, "--as", "school:S01"]).status == 0)
        return cli
    }

    func csv(_ lines: [String]) -> Data { Data(lines.map { $0 + "\n" }.joined().utf8) }

    @Test func aGroupPolicyIsEnrolledForEachPlacementItListsAndARerunAppendsNothing() throws {
        let cli = try makeRegistry("bulk-insurance")
        let file = cli.write("policy.csv", csv([
            "placement,policy number,insurer,covers,from,to,paid-by",
            "P-1;P-2,GRP-2025-01,中国人保,\"liability,accident\",2025-09-01,2026-02-28,school",
            "P-9,GRP-2025-01,中国人保,liability;accident,2025-09-01,2026-02-28,school",
            "P-3,GRP-2025-01,中国人保,意外险,2025-09-01,2026-02-28,学生",
        ]))
        let first = try cli.run(["import", "insurance", file, "--as", "school:S01"])
        #expect(first.status == 1)
        #expect(first.stdout.hasSuffix("imported 2 new rows, 0 already imported, 2 rejected, of 4 rows in \(file).\n"), "\(first)")
        #expect(first.stdout.contains("P-9 GRP-2025-01  not found     placement 'P-9' is not registered.\n"))
        #expect(first.stdout.contains("Insurance_04"))
        for placement in ["P-1", "P-2"] {
            let shown = try cli.run("show placement \(placement) --as school:S01")
            #expect(shown.stdout.contains("GRP-2025-01       中国人保  liability,accident  2025-09-01  2026-02-28  school"), "\(shown)")
        }

        // The same policy written the other way (Chinese header, 、-separated list, Chinese values)
        // is the same commands: nothing new.
        let before = cli.logBytes()
        let chinese = cli.write("保单.csv", csv([
            "实习编号,保单号,保险公司,险种,起保日期,终保日期,付费方",
            "P-2、P-1,GRP-2025-01,中国人保,意外险;责任险,2025/9/1,2026/2/28,学校",
        ]))
        let again = try cli.run(["import", "insurance", chinese, "--as", "school:S01", "--lang", "zh"])
        #expect(again == RunResult(status: 0, stdout: "新导入 0 行，此前已导入 2 行，拒绝 0 行，\(chinese) 共 2 行。\n", stderr: ""))
        let rerun = try cli.run(["import", "insurance", file, "--as", "school:S01"])
        #expect(rerun.stdout.hasSuffix("imported 0 new rows, 2 already imported, 2 rejected, of 4 rows in \(file).\n"))
        #expect(cli.logBytes() == before)
    }

    @Test func oneRowPerPlacementWorksToo() throws {
        let cli = try makeRegistry("bulk-insurance-rows")
        let file = cli.write("policy.csv", csv([
            "placement,policy_number,insurer,covers,from,to,paid_by",
            "P-1,GRP-1,PICC,liability;accident,2025-09-01,2026-02-28,enterprise",
            "P-2,GRP-1,PICC,liability;accident,2025-09-01,2026-02-28,enterprise",
            "P-2,GRP-1,PICC,liability;accident,2025-09-01,2026-02-28,enterprise",
            "P-3,GRP-1,PICC,fire,2025-09-01,2026-02-28,enterprise",
            "；,GRP-1,PICC,liability,2025-09-01,2026-02-28,enterprise",
        ]))
        let result = try cli.run(["import", "insurance", file, "--as", "school:S01"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("4     P-2 GRP-1  duplicate  duplicate of line 3.\n"), "\(result)")
        #expect(result.stdout.contains("5     P-3 GRP-1  input      covers 'fire' is not liability (责任险), accident (意外险) or both.\n"), "\(result)")
        #expect(result.stdout.contains("6     GRP-1      input      placement is empty.\n"), "\(result)")
        #expect(result.stdout.hasSuffix("imported 2 new rows, 0 already imported, 3 rejected, of 5 rows in \(file).\n"))
    }

    @Test func onlyASchoolImportsInsuranceAndStarts() throws {
        let cli = try makeRegistry("bulk-auth")
        let file = cli.write("starts.csv", csv(["placement,start date", "P-1,2025-09-01"]))
        #expect(try cli.run(["import", "starts", file, "--as", "enterprise:E01"]).status == 5)
        let other = try cli.run(["import", "starts", file, "--as", "school:S02"])
        #expect(other.status == 1)
        #expect(other.stdout.contains("Auth_01"))
    }

    @Test func startsAreImportedWithTheirRulesAndAgreements() throws {
        let cli = try makeRegistry("bulk-starts")
        let policy = cli.write("policy.csv", csv([
            "placement,policy_number,insurer,covers,from,to,paid_by",
            "P-1;P-2,GRP-1,PICC,liability;accident,2025-09-01,2026-02-28,school"]))
        try #require(try cli.run(["import", "insurance", policy, "--as", "school:S01"]).status == 0)
        let file = cli.write("starts.csv", csv([
            "placement,start date,agreement reference",
            "P-1,2025-09-01,",
            "P-2,2025/9/1,",
            "P-3,2025-09-01,SF-3",
            "P-4,2025-09-01,",
        ]))
        let result = try cli.run(["import", "starts", file, "--as", "school:S01"])
        #expect(result == RunResult(status: 1, stdout: """
            line  id   rule          message
            ----  ---  ------------  ------------------------------------------------------------------------------------------------
            3     P-2  Agreement_01  post internship 'P-2' cannot start without a tripartite agreement reference.
            4     P-3  Insurance_01  placement 'P-3' cannot start on 2025-09-01: no liability insurance covers 2025-09-01…2026-02-28.
            5     P-4  not found     placement 'P-4' is not registered.
            imported 1 new row, 0 already imported, 3 rejected, of 4 rows in \(file).

            """, stderr: ""))
        // The agreement arrives with the start (Agreement_01), in Chinese headers.
        let fixed = cli.write("开始.csv", csv(["实习编号,开始日期,协议编号", "P-2,2025年9月1日,SF-2"]))
        #expect(try cli.run(["import", "starts", fixed, "--as", "school:S01"]).status == 0)
        let shown = try cli.run("show placement P-2 --as school:S01").stdout
        #expect(shown.contains("agreement               SF-2\n"))
        #expect(shown.contains("status                  active\n"))
        #expect(try cli.run(["import", "starts", fixed, "--as", "school:S01"]).stdout
                == "imported 0 new rows, 1 already imported, 0 rejected, of 1 row in \(fixed).\n")
    }

    /// In CSV the rejected rows keep the file's own cells beside the reason.
    @Test func rejectedRowsInCSVKeepTheirCells() throws {
        let cli = try makeRegistry("bulk-csv")
        let file = cli.write("starts.csv", csv(["实习编号,开始日期,协议编号", "P-1,2025-09-01,", "P-4,2025-09-01,X"]))
        let result = try cli.run(["import", "starts", file, "--as", "school:S01", "--format", "csv"])
        #expect(result.status == 1)
        #expect(result.stdout == """
            line,rule,message,实习编号,开始日期,协议编号
            2,Insurance_01,placement 'P-1' cannot start on 2025-09-01: no liability insurance covers 2025-09-01…2026-02-28.,P-1,2025-09-01,
            3,not found,placement 'P-4' is not registered.,P-4,2025-09-01,X

            """)
    }

    @Test func theHelpDocumentsTheColumnsAndTheListSeparators() throws {
        let cli = CLIHarness("bulk-help")
        let insurance = try cli.run("import insurance --help").stdout
        #expect(insurance.contains("policy_number 保单号"))
        #expect(insurance.contains("P-1;P-2 or P-1、P-2"))
        #expect(try cli.run("import starts --help").stdout.contains("start_date 开始日期"))
    }
}
