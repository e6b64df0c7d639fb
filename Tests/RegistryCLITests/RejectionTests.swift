import Foundation
import Testing

/// Commands that must fail: the exact message on stderr, the exit code of SPEC section 5, nothing on
/// stdout, and the log byte for byte unchanged afterwards.
///
/// Each test builds `Scenario.rulesSetup` once and runs its cases in turn against it: a rejected
/// command appends nothing, so every case meets the same facts.
@Suite("Rejections, end to end")
struct RejectionTests {
    struct Case: CustomStringConvertible {
        let name: String
        let arguments: [String]
        let status: Int32
        let stderr: String
        var description: String { name }
    }

    private func check(_ cases: [Case], label: String) throws {
        let cli = try Scenario.make(label, Scenario.rulesSetup)
        let before = cli.logBytes()
        try #require(!before.isEmpty)
        for c in cases {
            let result = try cli.run(c.arguments)
            #expect(result == RunResult(status: c.status, stdout: "", stderr: c.stderr), "\(c.name): \(c.arguments.joined(separator: " "))")
            #expect(cli.logBytes() == before, "\(c.name) changed the log")
        }
    }

    @Test func theRulesRejectWithExitOneAndNameTheRule() throws {
        try check([
            Case(name: "Insurance_01: a start without insurance", arguments: Scenario.start("P-3"), status: 1,
                 stderr: "error[Insurance_01]: placement 'P-3' cannot start on 2025-09-01: no liability insurance covers 2025-09-01…2026-02-28.\n"),
            Case(name: "Insurance_03: an extension beyond the insurance",
                 arguments: ["placement", "extend", "P-1", "--to", "2026-03-31", "--as", "school:S01"], status: 1,
                 stderr: "error[Insurance_03]: placement 'P-1' cannot be extended to 2026-03-31: no liability insurance covers 2026-03-01…2026-03-31.\n"),
            Case(name: "Insurance_04: the student pays", arguments: ["insurance", "enroll", "P-3", "--policy", "PICC-2025-0003",
                                                                   "--insurer", "中国人保", "--cover", "liability,accident", "--from", "2025-09-01",
                                                                   "--to", "2026-02-28", "--paid-by", "student", "--as", "school:S01"], status: 1,
                 stderr: "error[Insurance_04]: insurance policy 'PICC-2025-0003' of placement 'P-3' cannot be paid by the student; the school or the enterprise pays the premium.\n"),
            Case(name: "Duration_01: one day short of six months",
                 arguments: ["placement", "register", "P-9", "--student", "2023003", "--enterprise", "E01", "--kind", "post",
                             "--start", "2025-09-01", "--end", "2026-02-27", "--stipend", "3400", "--agreement", "SF-9", "--as", "school:S01"], status: 1,
                 stderr: "error[Duration_01]: post internship 'P-9' from 2025-09-01 to 2026-02-27 is shorter than 6 months; it must run at least until 2026-02-28.\n"),
            Case(name: "Pay_01: below 80% of the wage standard",
                 arguments: Scenario.register("P-9", student: "2023003", at: "E01", stipend: "3359.99", agreement: "SF-9", post: "数控车工"), status: 1,
                 stderr: "error[Pay_01]: placement 'P-9' cannot be registered: its stipend of 3359.99 yuan is below 3360.00 yuan, 80% of the wage standard 4200.00 yuan for post '数控车工'.\n"),
            Case(name: "Quota_02: over the cap", arguments: Scenario.start("P-6"), status: 1,
                 stderr: "error[Quota_02]: placement 'P-6' cannot start on 2025-09-01: enterprise 'E02' would host 2 post interns, over the limit of 1 (10% of a workforce of 10).\n"),
            Case(name: "Age_01: fifteen on the planned start, refused at registration", arguments: Scenario.registerP4, status: 1,
                 stderr: "error[Age_01]: placement 'P-4' cannot start on 2025-09-01: student '2023009' is 15, younger than 16.\n"),
            Case(name: "Agreement_01: no tripartite agreement", arguments: Scenario.start("P-5"), status: 1,
                 stderr: "error[Agreement_01]: post internship 'P-5' cannot start without a tripartite agreement reference.\n"),
            Case(name: "Pay_05: a month outside the term",
                 arguments: ["stipend", "confirm", "P-1", "--month", "2025-08", "--amount", "3400", "--paid-on", "2025-09-10", "--as", "enterprise:E01"], status: 1,
                 stderr: "error[Pay_05]: placement 'P-1' cannot confirm a stipend for 2025-08, outside its term 2025-09-01…2026-02-28.\n"),
            Case(name: "Dual_01: a labour contract shorter than twelve months",
                 arguments: ["apprenticeship", "contract", "A-2", "--student", "2023001", "--school", "S01", "--scheme", "modern",
                             "--level", "senior", "--labor-contract", "LC-E01-2025-02", "--contract-end", "2026-06-30",
                             "--start", "2025-09-01", "--end", "2026-06-30", "--school-tutor", "李建华", "--mentor", "张国栋", "--as", "enterprise:E01"], status: 1,
                 stderr: "error[Dual_01]: apprenticeship 'A-2' needs a labour contract of at least 12 months, until 2026-08-31 or later, but it ends on 2026-06-30.\n"),
            Case(name: "Subsidy_02: an advance over half the subsidy",
                 arguments: ["subsidy", "advance", "A-1", "--amount", "2500.01", "--on", "2025-10-15", "--as", "bureau:HRSS"], status: 1,
                 stderr: "error[Subsidy_02]: apprenticeship 'A-1' cannot receive an advance of 2500.01 yuan: 0.00 yuan already advanced and the limit is 2500.00 yuan.\n"),
            Case(name: "Subsidy_02: a settlement before completion",
                 arguments: ["subsidy", "settle", "A-1", "--amount", "100", "--on", "2025-10-15", "--as", "bureau:HRSS"], status: 1,
                 stderr: "error[Subsidy_02]: apprenticeship 'A-1' has not been completed with a certificate, so its subsidy balance cannot be paid.\n"),
            Case(name: "a state conflict: started twice", arguments: Scenario.start("P-1"), status: 1,
                 stderr: "error: placement 'P-1' already started on 2025-09-01.\n"),
        ], label: "rules")
    }

    @Test func malformedInputIsAUsageErrorWithExitTwo() throws {
        let confirm = ["stipend", "confirm", "P-1", "--month", "2025-10", "--paid-on", "2025-11-10", "--as", "enterprise:E01"]
        try check([
            Case(name: "a date that does not exist", arguments: Scenario.enroll("2023010", "孙丽", born: "2025-02-30"), status: 2,
                 stderr: "error: --birth '2025-02-30' is not a calendar date; write YYYY-MM-DD, e.g. 2025-09-01.\n"),
            Case(name: "an amount with three decimals", arguments: confirm + ["--amount", "1.001"], status: 2,
                 stderr: "error: --amount '1.001' is not an amount in yuan; write a non-negative number with at most two decimals, e.g. 1800.50.\n"),
            Case(name: "a negative amount", arguments: confirm + ["--amount", "-5"], status: 2,
                 stderr: "error: --amount '-5' is not an amount in yuan; write a non-negative number with at most two decimals, e.g. 1800.50.\n"),
            Case(name: "a month that does not exist", arguments: ["stipend", "confirm", "P-1", "--month", "2025-13", "--amount", "3400",
                                                                "--paid-on", "2025-11-10", "--as", "enterprise:E01"], status: 2,
                 stderr: "error: --month '2025-13' is not a month; write YYYY-MM, e.g. 2025-09.\n"),
            Case(name: "an unknown option", arguments: confirm + ["--amount", "3400", "--stipnd", "3"], status: 2,
                 stderr: "error: unknown option '--stipnd' for 'registry stipend confirm'.\n"),
            Case(name: "a misspelt option", arguments: confirm + ["--amout", "3400"], status: 2,
                 stderr: "error: unknown option '--amout'; did you mean '--amount'?\n"),
            Case(name: "a missing option", arguments: confirm, status: 2,
                 stderr: "error: missing --amount YUAN; see 'registry stipend confirm --help'.\n"),
            Case(name: "an unknown choice", arguments: ["placement", "register", "P-9", "--student", "2023003", "--enterprise", "E01",
                                                      "--kind", "apprentice", "--start", "2025-09-01", "--end", "2026-02-28",
                                                      "--stipend", "3400", "--as", "school:S01"], status: 2,
                 stderr: "error: --kind 'apprentice' is not one of observation (认识实习), post (岗位实习).\n"),
            Case(name: "an end before the start", arguments: ["placement", "register", "P-9", "--student", "2023003", "--enterprise", "E01",
                                                            "--kind", "observation", "--start", "2025-09-01", "--end", "2025-08-31",
                                                            "--stipend", "0", "--as", "school:S01"], status: 2,
                 stderr: "error: placement 'P-9' cannot end on 2025-08-31, before it starts on 2025-09-01.\n"),
            Case(name: "no actor", arguments: ["placement", "start", "P-3", "--on", "2025-09-01"], status: 2,
                 stderr: "error: this command needs an actor: pass --as ROLE:ID (or set REGISTRY_ACTOR), e.g. --as school:S01.\n"),
        ], label: "malformed")
    }

    @Test func unknownRecordsAreAUsageErrorWithExitTwo() throws {
        try check([
            Case(name: "an unknown placement", arguments: Scenario.start("P-404"), status: 2,
                 stderr: "error: placement 'P-404' is not registered.\n"),
            Case(name: "an unknown student", arguments: Scenario.register("P-9", student: "2099999", at: "E01", agreement: "SF-9"), status: 2,
                 stderr: "error: student '2099999' is not registered.\n"),
            Case(name: "an unknown enterprise", arguments: Scenario.register("P-9", student: "2023003", at: "E99", agreement: "SF-9"), status: 2,
                 stderr: "error: enterprise 'E99' is not registered.\n"),
            Case(name: "an unknown apprenticeship", arguments: ["subsidy", "advance", "A-404", "--amount", "100", "--on", "2025-10-15", "--as", "bureau:HRSS"],
                 status: 2, stderr: "error: apprenticeship 'A-404' is not registered.\n"),
        ], label: "unknown")
    }

    @Test func actingOutsideOnesRoleOrOrganisationIsNotPermittedWithExitFive() throws {
        try check([
            Case(name: "an enterprise starting a placement",
                 arguments: ["placement", "start", "P-3", "--on", "2025-09-01", "--as", "enterprise:E02"], status: 5,
                 stderr: "error[Auth_01]: 'enterprise:E02' cannot run 'placement start': only a school may.\n"),
            Case(name: "a school registering a school",
                 arguments: ["school", "register", "S09", "--name", "某学校", "--level", "higher", "--as", "school:S01"], status: 5,
                 stderr: "error[Auth_01]: 'school:S01' cannot run 'school register': only a bureau may.\n"),
            Case(name: "another school's placement",
                 arguments: ["placement", "start", "P-3", "--on", "2025-09-01", "--as", "school:S02"], status: 5,
                 stderr: "error[Auth_01]: 'school:S02' cannot run 'placement start' on placement 'P-3', which belongs to another organisation.\n"),
            Case(name: "another enterprise's stipend",
                 arguments: ["stipend", "confirm", "P-1", "--month", "2025-09", "--amount", "3400", "--paid-on", "2025-10-10", "--as", "enterprise:E02"], status: 5,
                 stderr: "error[Auth_01]: 'enterprise:E02' cannot run 'stipend confirm' on placement 'P-1', which belongs to another organisation.\n"),
            Case(name: "an inspector writing",
                 arguments: ["school", "register", "S09", "--name", "某学校", "--level", "higher", "--as", "inspector:I01"], status: 5,
                 stderr: "error[Auth_01]: 'inspector:I01' cannot run 'school register': inspectors never write to the registry.\n"),
            Case(name: "an inspector confirming a stipend",
                 arguments: ["stipend", "confirm", "P-1", "--month", "2025-09", "--amount", "3400", "--paid-on", "2025-10-10", "--as", "inspector:I01"], status: 5,
                 stderr: "error[Auth_01]: 'inspector:I01' cannot run 'stipend confirm': inspectors never write to the registry.\n"),
            Case(name: "an enterprise reading another's placement",
                 arguments: ["show", "placement", "P-1", "--as", "enterprise:E02"], status: 5,
                 stderr: "error[Auth_01]: 'enterprise:E02' may not see placement 'P-1'.\n"),
        ], label: "auth")
    }

    @Test func aRejectionInChinese() throws {
        try check([
            Case(name: "Age_01 in Chinese", arguments: Scenario.registerP4 + ["--lang", "zh"], status: 1,
                 stderr: "error[Age_01]: 实习 'P-4' 不能于 2025-09-01 开始：学生 '2023009' 15 岁，未满 16 周岁。\n"),
            Case(name: "a malformed date in Chinese", arguments: Scenario.enroll("2023010", "孙丽", born: "2025-02-30") + ["--lang", "zh"], status: 2,
                 stderr: "错误：--birth '2025-02-30' 不是有效日期；请写成 YYYY-MM-DD，例如 2025-09-01。\n"),
            Case(name: "Auth_01 in Chinese", arguments: ["placement", "start", "P-3", "--on", "2025-09-01", "--as", "school:S02", "--lang", "zh"], status: 5,
                 stderr: "error[Auth_01]: 'school:S02' 不能对实习 'P-3' 执行 'placement start'，该记录属于其他单位。\n"),
        ], label: "chinese-rejections")
    }
}
