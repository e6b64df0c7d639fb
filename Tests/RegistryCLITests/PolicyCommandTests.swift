import Foundation
import Testing

/// `policy adopt --set --source`, `policy show` with unset parameters, `registry rules`, and the
/// checks issue 12 moved to the moment a fact is first known, end to end through the binary.
@Suite("Policy, rules and data quality, end to end")
struct PolicyCommandTests {
    static let huyiAdoption = ["policy", "adopt", "huyi", "--from", "2025-01-01", "--set", "apprenticeSubsidyPerYear.intermediate=4000",
                               "--source", "户人社发〔2025〕3号", "--as", "bureau:EDU"]

    @Test func aBureauAdoptsAProfileWithALocalFigureAndItsSource() throws {
        let cli = try Scenario.make("policy-set", [["init", "--as", "bureau:EDU", "--jurisdiction", "鄠邑区", "--policy", "hechuan", "--from", "2024-01-01"]])
        let adopted = try cli.run(Self.huyiAdoption)
        #expect(adopted == RunResult(status: 0, stdout: "policy 'huyi' adopted (position 3).\n", stderr: ""))
        let shown = try cli.run(["policy", "show"])
        #expect(shown.stdout.hasPrefix("policy in force from 2025-01-01 in 鄠邑区 (huyi)\n"))
        #expect(shown.stdout.contains("apprenticeSubsidyPerYear.intermediate  4000.00    户人社发〔2025〕3号\n"))
        #expect(shown.stdout.contains("apprenticeSubsidyPerYear.senior        unset      —\n"))
        #expect(shown.stdout.contains("quotaTargetRate                        0.02       001 item 16\n"))
        let before = try cli.run(["policy", "show", "--on", "2024-06-01", "--lang", "zh"])
        #expect(before.stdout.contains("quotaTargetRate                        未设定     —\n"))
        // The override is part of the PolicyAdopted event.
        let history = try cli.run(["history", "registry", "--format", "json", "--as", "inspector:I01"])
        #expect(history.stdout.contains(#"\"overrides\":[{\"name\":\"apprenticeSubsidyPerYear.intermediate\",\"value\":\"4000.00\",\"source\":\"户人社发〔2025〕3号\"}]"#)
                || history.stdout.contains("户人社发〔2025〕3号"))
    }

    @Test(arguments: [
        (["--set", "quotaRate=0.02", "--source", "X"], "error: unknown policy parameter 'quotaRate'; known parameters are "),
        (["--set", "quotaTargetRate=two", "--source", "X"], "error: --set quotaTargetRate='two' is not a rate such as 0.02 or 2%.\n"),
        (["--set", "minimumAge=16.5", "--source", "X"], "error: --set minimumAge='16.5' is not a whole number such as 12.\n"),
        (["--set", "requiredCovers=fire", "--source", "X"], "error: --set requiredCovers='fire' is not covers such as liability or liability,accident.\n"),
        (["--set", "quotaTargetRate", "--source", "X"], "error: --set 'quotaTargetRate' is not NAME=VALUE.\n"),
        (["--set", "quotaTargetRate=0.03"], "error: each --set figure needs the document that states it"),
        (["--source", "X"], "error: --source names the document of a --set figure; there is no --set.\n"),
    ])
    func aMalformedSetIsAUsageErrorThatAppendsNothing(extra: [String], message: String) throws {
        let cli = try Scenario.make("policy-bad", [Scenario.bureauSetup[0]])
        let bytes = cli.logBytes()
        let result = try cli.run(["policy", "adopt", "huyi", "--from", "2025-01-01", "--as", "bureau:EDU"] + extra)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(cli.logBytes() == bytes)
    }

    @Test func rulesPrintsTheCatalogueWithTheValuesInForce() throws {
        let cli = try Scenario.make("rules", [Scenario.bureauSetup[0]])
        let table = try cli.run(["rules"])
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("Rules under the policy in force from 2024-01-01 in 三门峡市 (sanmenxia)\n"))
        let quota = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("Quota_01 ") })
        #expect(quota.contains("quotaTargetRate") && quota.contains("unset") && quota.contains("no: unset") && quota.contains("001 item 16"))
        let data = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("Data_03 ") })
        #expect(data.contains("12 years") && data.contains("registry setting") && data.contains("yes (data quality)"))
        let json = try cli.run(["rules", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]])
        #expect(rows.count == 42)  // SPEC's 23, Subsidy_04, Completion_01, Data_01–04, the duties' 10 and Privacy_01–03
        #expect(rows.first { $0["rule"] == "Subsidy_01" }?["values"] == "200.00")
        #expect(rows.first { $0["rule"] == "Completion_01" }?["applies"] == "data-quality")
        let chinese = try cli.run(["rules", "--policy", "huyi", "--lang", "zh"])
        #expect(chinese.stdout.hasPrefix("配置 huyi 下的规则\n"))
        #expect(chinese.stdout.contains("规模以上企业按职工总数的比例安排专业对口学生实习。"))
    }

    @Test func anExtensionAgreedAfterItsNewEndIsAUsageError() throws {
        let cli = try Scenario.make("extend-on", Scenario.rulesSetup)
        let bytes = cli.logBytes()
        let late = try cli.run(["placement", "extend", "P-1", "--to", "2026-02-28", "--on", "2026-03-01", "--as", "school:S01"])
        #expect(late == RunResult(status: 2, stdout: "",
                                  stderr: "error: --on 2026-03-01 is after --to 2026-02-28: an extension is agreed before the new end, not after it.\n"))
        #expect(cli.logBytes() == bytes)
    }

    @Test func implausibleStipendsAreRefusedWithTheirOwnRule() throws {
        let cli = try Scenario.make("data-rules", Scenario.rulesSetup, now: "2025-10-15T08:00:00Z")
        let future = try cli.run(["stipend", "confirm", "P-1", "--month", "2025-09", "--amount", "3400", "--paid-on", "2025-10-16", "--as", "enterprise:E01"])
        #expect(future == RunResult(status: 1, stdout: "",
                                    stderr: "error[Data_01]: the stipend of placement 'P-1' for 2025-09 cannot be paid on 2025-10-16, after today (2025-10-15).\n"))
        let early = try cli.run(["stipend", "confirm", "P-1", "--month", "2025-10", "--amount", "3400", "--paid-on", "2025-09-30", "--as", "enterprise:E01"])
        #expect(early.status == 1 && early.stderr.hasPrefix("error[Data_02]: "))
        let advance = try cli.run(["stipend", "confirm", "P-1", "--month", "2025-10", "--amount", "3400", "--paid-on", "2025-09-30", "--advance", "--as", "enterprise:E01"])
        #expect(advance.status == 0, "\(advance)")
        let typo = try cli.run(["stipend", "confirm", "P-1", "--month", "2025-09", "--amount", "34000", "--paid-on", "2025-10-10", "--as", "enterprise:E01"])
        #expect(typo == RunResult(status: 1, stdout: "",
                                  stderr: "error[Data_04]: the stipend of placement 'P-1' for 2025-09 of 34000.00 yuan is more than 3 times the agreed 3400.00 yuan; check the amount, or mark it with --correction.\n"))
        let child = try cli.run(Scenario.enroll("2025999", "小明", born: "2015-01-01", enrolled: "2025-09-01"))
        #expect(child.status == 1 && child.stderr.hasPrefix("error[Data_03]: student '2025999' born 2015-01-01 would be 10 on enrolment on 2025-09-01"))
    }

    @Test func aClawbackWhileTheApprenticeshipRunsIsRefused() throws {
        let cli = try Scenario.make("clawback", Scenario.rulesSetup + [
            ["subsidy", "advance", "A-1", "--amount", "2500", "--on", "2025-10-15", "--as", "bureau:HRSS"],
        ])
        let result = try cli.run(["subsidy", "clawback", "A-1", "--amount", "2500", "--on", "2025-11-01", "--as", "bureau:HRSS"])
        #expect(result == RunResult(status: 1, stdout: "",
                                    stderr: "error[Subsidy_04]: apprenticeship 'A-1' is still running on 2025-11-01: an advance is clawed back only after it ends without completion.\n"))
    }

    /// A district under `profile`: E01 above scale with 40 staff and no interns, and A-1, an
    /// enterprise new-type apprenticeship (intermediate, 12 months) from 2025-09-01.
    static func district(_ profile: String) throws -> CLIHarness {
        var setup = Scenario.bureauSetup
        setup[0] = ["init", "--as", "bureau:EDU", "--jurisdiction", "某区", "--policy", profile, "--from", "2024-01-01"]
        return try Scenario.make("district-\(profile)", setup + [
            ["enterprise", "workforce", "E01", "--headcount", "40", "--as-of", "2025-01-01", "--as", "enterprise:E01"],
            Scenario.enroll("2024001", "陈浩然", born: "2006-01-05", enrolled: "2024-09-01"),
            ["apprenticeship", "contract", "A-1", "--student", "2024001", "--school", "S01", "--scheme", "enterprise",
             "--level", "intermediate", "--labor-contract", "LC-1", "--contract-end", "2027-08-31",
             "--start", "2025-09-01", "--end", "2026-08-31", "--school-tutor", "李建华", "--mentor", "张国栋", "--as", "enterprise:E01"],
        ])
    }

    @Test func underHechuanNoQuotaFindingAndNoSubsidyLimit() throws {
        let cli = try Self.district("hechuan")
        let audit = try cli.run(["audit", "--on", "2025-10-01", "--as", "inspector:I01"])
        #expect(audit.status == 0)
        #expect(!audit.stdout.contains("Quota_01  "))
        #expect(audit.stdout.contains("Quota_01 does not apply: policy 'hechuan' sets no quota target.\n"))
        let chinese = try cli.run(["audit", "--on", "2025-10-01", "--lang", "zh", "--as", "inspector:I01"])
        #expect(chinese.stdout.contains("Quota_01 不适用：政策 'hechuan' 未设定实习比例目标。\n"))
        let quota = try cli.run(["quota", "--on", "2025-10-01", "--as", "inspector:I01"])
        #expect(quota.stdout.contains("Target (none)  10% cap"))
        let advance = try cli.run(["subsidy", "advance", "A-1", "--amount", "9000", "--on", "2025-10-15", "--as", "bureau:HRSS"])
        #expect(advance.status == 0, "\(advance)")
    }

    @Test func underSanmenxiaNoQuotaFindingButTheSubsidyLimit() throws {
        let cli = try Self.district("sanmenxia")
        let audit = try cli.run(["audit", "--on", "2025-10-01", "--as", "inspector:I01"])
        #expect(!audit.stdout.contains("Quota_01  "))
        #expect(audit.stdout.contains("Quota_01 does not apply: policy 'sanmenxia' sets no quota target.\n"))
        let advance = try cli.run(["subsidy", "advance", "A-1", "--amount", "2500.01", "--on", "2025-10-15", "--as", "bureau:HRSS"])
        #expect(advance.status == 1 && advance.stderr.hasPrefix("error[Subsidy_02]: "))
    }

    @Test func underHuyiTheTwoPercentQuotaAppliesAndTheAdvanceHasNoLimitUnlessSet() throws {
        let cli = try Self.district("huyi")
        let audit = try cli.run(["audit", "--on", "2025-10-01", "--as", "inspector:I01"])
        #expect(audit.stdout.contains("enterprise E01 hosts 0 active major-relevant interns on 2025-10-01, fewer than the target of 1."))
        #expect(audit.stdout.contains("001 item 16"))
        let quota = try cli.run(["quota", "--on", "2025-10-01", "--as", "inspector:I01"])
        #expect(quota.stdout.contains("2% target"))
        #expect(try cli.run(["subsidy", "advance", "A-1", "--amount", "9000", "--on", "2025-10-15", "--as", "bureau:HRSS"]).status == 0)
        // A bureau's own figures bring a limit: 4000 yuan a year, half of it in advance.
        let limited = try Self.district("huyi")
        #expect(try limited.run(["policy", "adopt", "huyi", "--from", "2025-02-01", "--set", "apprenticeSubsidyPerYear.intermediate=4000",
                                 "--set", "maxAdvanceRate=0.5", "--source", "户人社发〔2025〕3号", "--as", "bureau:EDU"]).status == 0)
        // The subsidy is judged by the policy in force on the training start (2025-09-01), which is this adoption.
        let over = try limited.run(["subsidy", "advance", "A-1", "--amount", "2000.01", "--on", "2025-10-15", "--as", "bureau:HRSS"])
        #expect(over.status == 1 && over.stderr.hasPrefix("error[Subsidy_02]: "), "\(over)")
        #expect(try limited.run(["subsidy", "advance", "A-1", "--amount", "2000", "--on", "2025-10-15", "--as", "bureau:HRSS"]).status == 0)
    }

    @Test func aModernApprenticeshipGetsNoSubsidy() throws {
        let cli = try Scenario.make("modern", Scenario.bureauSetup + [
            Scenario.enroll("2024001", "陈浩然", born: "2006-01-05", enrolled: "2024-09-01"),
            ["apprenticeship", "contract", "A-2", "--student", "2024001", "--school", "S01", "--scheme", "modern",
             "--level", "intermediate", "--labor-contract", "LC-1", "--contract-end", "2027-08-31",
             "--start", "2025-09-01", "--end", "2026-08-31", "--school-tutor", "李建华", "--mentor", "张国栋", "--as", "enterprise:E01"],
        ])
        let result = try cli.run(["subsidy", "advance", "A-2", "--amount", "100", "--on", "2025-10-15", "--as", "bureau:HRSS"])
        #expect(result == RunResult(status: 1, stdout: "", stderr: "error[Subsidy_02]: apprenticeship 'A-2' cannot receive a training subsidy: it is a modern apprenticeship, and the policy in force grants the subsidy to enterprise new-type apprenticeships only.\n"))
    }
}
