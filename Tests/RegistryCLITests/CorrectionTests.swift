import Foundation
import Testing

/// `student correct`, `enterprise correct`, `placement correct`: corrections appended as events,
/// shown by `show` and `history`, through the built binary.
@Suite("Corrections, end to end")
struct CorrectionTests {
    /// School S01 with student 2023001 (born 2006-03-14) and post placement P-1 without an agreement,
    /// insured for its term; school S02; enterprise E01.
    func makeRegistry(_ label: String) throws -> CLIHarness {
        let cli = CLIHarness(label)
        try cli.setUp([
            "init --as bureau:EDU --jurisdiction X --policy national --from 2020-01-01",
            "school register S01 --name School --level secondary --as bureau:EDU",
            "school register S02 --name Other --level secondary --as bureau:EDU",
            "enterprise register E01 --name Works --above-scale --as bureau:EDU",
            "enterprise workforce E01 --headcount 200 --as-of 2020-01-01 --post lathe=20 --wage-standard lathe=4000 --post weld=20 --wage-standard weld=6000 --as enterprise:E01",
            "student enroll 2023001 --name Wang --major CNC --birth 2006-03-14 --enrolled 2023-09-01 --as school:S01",
            "placement register P-1 --student 2023001 --enterprise E01 --kind post --start 2025-09-01 --end 2026-02-28 --stipend 3400 --post lathe --as school:S01",
            "insurance enroll P-1 --policy POL-1 --insurer PICC --cover liability,accident --from 2025-09-01 --to 2026-02-28 --paid-by school --as school:S01",
        ])
        return cli
    }

    @Test func aStudentsNameAndBirthAreCorrectedAndShownWithWhenAndWho() throws {
        let cli = try makeRegistry("correct-student")
        let corrected = try cli.run(["student", "correct", "2023001", "--name", "王芳", "--birth", "2006-04-14",
                                     "--reason", "学籍系统导出有误", "--as", "school:S01"])
        #expect(corrected == RunResult(status: 0, stdout: "student '2023001' corrected (position 10).\n", stderr: ""))

        let shown = try cli.run("show student 2023001 --as school:S01")
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("name       王芳\n"))
        #expect(shown.stdout.contains("born       2006-04-14\n"))
        #expect(shown.stdout.contains(
            "corrected  2025-09-01T08:00:00Z school:S01: name Wang → 王芳, born 2006-03-14 → 2006-04-14 (reason: 学籍系统导出有误)\n"))
        let chinese = try cli.run("show student 2023001 --as school:S01 --lang zh")
        #expect(chinese.stdout.contains("更正      2025-09-01T08:00:00Z school:S01: 姓名 Wang → 王芳, 出生日期 2006-03-14 → 2006-04-14（原因：学籍系统导出有误）\n"))

        // The enrolment stays as recorded; the correction is a new event with its actor and time.
        let history = try cli.run("history student-2023001 --as inspector:I01")
        #expect(history.stdout.contains("StudentEnrolled"))
        #expect(history.stdout.contains("{\"birth\":\"2006-03-14\",\"enrolled\":\"2023-09-01\",\"id\":\"2023001\",\"major\":\"CNC\",\"name\":\"Wang\",\"school\":\"S01\"}"))
        let line = try #require(history.stdout.split(separator: "\n").first { $0.contains("StudentCorrected") })
        #expect(line.contains("2025-09-01T08:00:00Z  school:S01"))
        #expect(line.contains("{\"birth\":\"2006-04-14\",\"name\":\"王芳\",\"previousBirth\":\"2006-03-14\",\"previousName\":\"Wang\",\"reason\":\"学籍系统导出有误\",\"student\":\"2023001\"}"))
    }

    @Test func aRecordNeverCorrectedShowsNoCorrectionLine() throws {
        let cli = try makeRegistry("correct-none")
        #expect(!(try cli.run("show student 2023001 --as school:S01").stdout.contains("corrected")))
    }

    @Test func aCorrectionNeedsAFieldAndAReasonAndAppendsNothingWithout() throws {
        let cli = try makeRegistry("correct-usage")
        let before = cli.logBytes()
        let noField = try cli.run(["student", "correct", "2023001", "--reason", "typo", "--as", "school:S01"])
        #expect(noField == RunResult(status: 2, stdout: "", stderr: "error: 'registry student correct' needs at least one of --name, --birth to correct; see 'registry student correct --help'.\n"))
        let noReason = try cli.run(["student", "correct", "2023001", "--name", "王芳", "--as", "school:S01"])
        #expect(noReason == RunResult(status: 2, stdout: "", stderr: "error: missing --reason TEXT; see 'registry student correct --help'.\n"))
        #expect(try cli.run(["placement", "correct", "P-1", "--reason", "typo", "--as", "school:S01"]).status == 2)
        #expect(try cli.run(["enterprise", "correct", "E01", "--reason", "typo", "--as", "bureau:EDU"]).status == 2)
        #expect(try cli.run(["enterprise", "correct", "E01", "--name", "New Works", "--as", "bureau:EDU"]).status == 2)
        let unchanged = try cli.run(["student", "correct", "2023001", "--name", "Wang", "--reason", "typo", "--as", "school:S01"])
        #expect(unchanged == RunResult(status: 2, stdout: "", stderr: "error: nothing to correct: student '2023001' already holds the values given.\n"))
        let afterEnrolment = try cli.run(["student", "correct", "2023001", "--birth", "2023-09-01", "--reason", "typo", "--as", "school:S01"])
        #expect(afterEnrolment.status == 2)
        #expect(cli.logBytes() == before)
    }

    @Test func onlyTheOwningOrganisationCorrects() throws {
        let cli = try makeRegistry("correct-auth")
        let before = cli.logBytes()
        let otherSchool = try cli.run(["student", "correct", "2023001", "--name", "王芳", "--reason", "typo", "--as", "school:S02"])
        #expect(otherSchool == RunResult(status: 5, stdout: "", stderr: "error[Auth_01]: 'school:S02' cannot run 'student correct' on student '2023001', which belongs to another organisation.\n"))
        #expect(try cli.run(["placement", "correct", "P-1", "--agreement", "SF-1", "--reason", "typo", "--as", "school:S02"]).status == 5)
        #expect(try cli.run(["student", "correct", "2023001", "--name", "王芳", "--reason", "typo", "--as", "enterprise:E01"]).status == 5)
        let enterpriseItself = try cli.run(["enterprise", "correct", "E01", "--name", "New Works", "--reason", "licence", "--as", "enterprise:E01"])
        #expect(enterpriseItself == RunResult(status: 5, stdout: "", stderr: "error[Auth_01]: 'enterprise:E01' cannot run 'enterprise correct': only a bureau may.\n"))
        #expect(try cli.run(["student", "correct", "2023001", "--name", "王芳", "--reason", "typo", "--as", "inspector:I01"]).status == 5)
        #expect(cli.logBytes() == before)
    }

    @Test func theBureauCorrectsAnEnterprisesName() throws {
        let cli = try makeRegistry("correct-enterprise")
        let corrected = try cli.run(["enterprise", "correct", "E01", "--name", "豫西精工机械有限公司", "--reason", "营业执照名称", "--as", "bureau:EDU"])
        #expect(corrected.status == 0, "\(corrected)")
        let shown = try cli.run("show enterprise E01 --as bureau:EDU")
        #expect(shown.stdout.contains("name                   豫西精工机械有限公司\n"))
        #expect(shown.stdout.contains("corrected              2025-09-01T08:00:00Z bureau:EDU: name Works → 豫西精工机械有限公司 (reason: 营业执照名称)\n"))
    }

    @Test func aCorrectedAgreementLetsThePlacementStart() throws {
        let cli = try makeRegistry("correct-placement")
        #expect(try cli.run("placement start P-1 --on 2025-09-01 --as school:S01").status == 1)  // Agreement_01
        let corrected = try cli.run(["placement", "correct", "P-1", "--agreement", "SF-2025-001", "--post", "weld-assist",
                                     "--reason", "agreement signed before registration", "--as", "school:S01"])
        #expect(corrected.status == 0, "\(corrected)")
        let shown = try cli.run("show placement P-1 --as school:S01")
        #expect(shown.stdout.contains("post                    weld-assist\n"))
        #expect(shown.stdout.contains("agreement               SF-2025-001\n"))
        #expect(shown.stdout.contains("corrected               2025-09-01T08:00:00Z school:S01: post lathe → weld-assist, agreement - → SF-2025-001 (reason: agreement signed before registration)\n"))
        #expect(try cli.run("placement start P-1 --on 2025-09-01 --as school:S01").status == 0)
    }

    /// Pay_01 holds for a corrected post as it did at registration: 3400 is below 80% of weld's 6000.
    @Test func aCorrectedPostIsHeldToThePayFloor() throws {
        let cli = try makeRegistry("correct-post-floor")
        let result = try cli.run(["placement", "correct", "P-1", "--post", "weld", "--reason", "wrong post", "--as", "school:S01"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error[Pay_01]: "))
    }

    /// A corrected birth date counts for the next decision (Age_01 on a later start) and leaves a
    /// placement already started as it is.
    @Test func aCorrectedBirthDateCountsOnlyForLaterDecisions() throws {
        let cli = try makeRegistry("correct-birth-age")
        try #require(try cli.run("placement correct P-1 --agreement SF-1 --reason signed --as school:S01").status == 0)
        try #require(try cli.run("placement start P-1 --on 2025-09-01 --as school:S01").status == 0)
        for line in ["placement register P-2 --student 2023001 --enterprise E01 --kind post --start 2026-03-01 --end 2026-08-31 --stipend 3400 --agreement SF-2 --as school:S01",
                     "insurance enroll P-2 --policy POL-2 --insurer PICC --cover liability,accident --from 2026-03-01 --to 2026-08-31 --paid-by school --as school:S01"] {
            try #require(try cli.run(line).status == 0, "\(line)")
        }
        // Born 2010-06-01, the student is 15 on 2026-03-01: too young from now on.
        try #require(try cli.run("student correct 2023001 --birth 2010-06-01 --reason 身份证核对 --as school:S01").status == 0)
        let start = try cli.run("placement start P-2 --on 2026-03-01 --as school:S01")
        #expect(start.status == 1)
        #expect(start.stderr.hasPrefix("error[Age_01]: placement 'P-2' cannot start on 2026-03-01: student '2023001' is 15"))
        #expect(try cli.run("show placement P-1 --as school:S01").stdout.contains("status                  active\n"))
    }

    @Test func correctionsAreInTheHelp() throws {
        let cli = CLIHarness("correct-help")
        let help = try cli.run("student correct --help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("registry student correct ID [--name NAME] [--birth DATE] --reason TEXT"))
        #expect(try cli.run("placement correct --help").stdout.contains("[--post NAME] [--agreement REF] --reason TEXT"))
        #expect(try cli.run("enterprise correct --help").stdout.contains("Role: bureau"))
    }
}
