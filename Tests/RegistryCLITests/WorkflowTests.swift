import Foundation
import Testing

/// The everyday work of each user, end to end through the built binary, with exact outputs.
@Suite("Workflows, end to end")
struct WorkflowTests {
    /// Runs `arguments` and expects exit 0, `stdout` exactly and nothing on stderr.
    private func expectSuccess(_ cli: CLIHarness, _ arguments: [String], _ stdout: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try cli.run(arguments)
        #expect(result == RunResult(status: 0, stdout: stdout, stderr: ""), "\(arguments.joined(separator: " "))",
                sourceLocation: sourceLocation)
    }

    static let sanmenxiaRows = """
        Parameter                              Value               Source
        -------------------------------------  ------------------  ------------------------------------------------------------------
        quotaTargetRate                        unset               —
        postInternCapRate                      0.1                 national 2016 Art 9; 2021 revision
        perPostCapRate                         0.2                 national 2016 Art 9; 2021 revision
        requiredCovers                         liability,accident  002 三(三)
        minPostMonths                          6                   national 2016 Art 10; 2021 revision (一般为6个月)
        minimumAge                             16                  national 2021 Art 16
        minLaborContractMonths                 12                  national 2021 enterprise-apprenticeship opinion (一年以上劳动合同)
        minApprenticeMonths                    12                  national 2021 enterprise-apprenticeship opinion (1-2年)
        maxApprenticeMonths                    36                  national 2021 enterprise-apprenticeship opinion (可延长到3年)
        payFloorRate                           0.8                 national 2021 Art 18
        payGraceDays                           unset               —
        internSubsidyPerMonth                  200.00              002 三(三)
        apprenticeSubsidyPerYear.intermediate  5000.00             002 三(二)
        apprenticeSubsidyPerYear.senior        6000.00             002 三(二)
        maxAdvanceRate                         0.5                 002 三(二)
        minimumMonthlyWage                     unset               —
        certifiedEnterpriseTarget              20                  002 一(二) (培育20家左右产教融合型企业)
        certifiedEnterpriseTargetYear          2025                002 一(二) (到2025年)
        undergraduatePracticeYears             1                   002 四(二) (应用型本科院校学生实习实训时间累积不少于1学年)
        dualQualifiedShare.secondary           0.5                 002 四(三) (职业院校“双师型”教师占专业课教师比例达到50%)
        dualQualifiedShare.higher              0.5                 002 四(三) (职业院校“双师型”教师占专业课教师比例达到50%)
        dualQualifiedShareByYear               2022                002 四(三) (力争到2022年)
        teacherPracticeMonths                  unset               —
        teacherPracticeYears                   unset               —
        guardianConsentAge                     14                  PIPL 2021 Art 28, 31 (不满十四周岁未成年人)

        """

    @Test func theBureauSetsUpTheRegistryAndAdoptsAPolicy() throws {
        let cli = CLIHarness("bureau")
        try expectSuccess(cli, Scenario.bureauSetup[0], "registry initialised in \(cli.logDirectory) (position 1–2).\n")
        try expectSuccess(cli, Scenario.bureauSetup[1], "school 'S01' registered (position 3).\n")
        try expectSuccess(cli, Scenario.bureauSetup[2], "school 'S02' registered (position 4).\n")
        try expectSuccess(cli, Scenario.bureauSetup[3], "enterprise 'E01' registered (position 5).\n")
        try expectSuccess(cli, Scenario.bureauSetup[4], "enterprise 'E02' registered (position 6).\n")
        try expectSuccess(cli, ["policy", "show"], "policy in force from 2024-01-01 in 三门峡市 (sanmenxia)\n" + Self.sanmenxiaRows)

        try expectSuccess(cli, ["policy", "adopt", "huyi", "--from", "2026-01-01", "--as", "bureau:EDU"], "policy 'huyi' adopted (position 7).\n")
        // Each date is judged by the policy in force on it.
        try expectSuccess(cli, ["policy", "show", "--on", "2025-12-31"], "policy in force on 2025-12-31 in 三门峡市 (sanmenxia)\n" + Self.sanmenxiaRows)
        let latest = try cli.run(["policy", "show"])
        #expect(latest.status == 0)
        #expect(latest.stdout.hasPrefix("policy in force from 2026-01-01 in 三门峡市 (huyi)\n"))
        #expect(latest.stdout.contains("quotaTargetRate                        0.02       001 item 16\n"))
        #expect(latest.stdout.contains("requiredCovers                         liability  national 2016 Art 35; 2021 Art 35\n"))
        #expect(latest.stdout.contains("internSubsidyPerMonth                  unset      —\n"))
        #expect(latest.stdout.contains("maxAdvanceRate                         unset      —\n"))
    }

    @Test func aSchoolEnrollsRegistersInsuresAndStarts() throws {
        let cli = try Scenario.make("school-day", Scenario.bureauSetup + [
            ["enterprise", "workforce", "E01", "--headcount", "40", "--as-of", "2025-01-01", "--post", "数控车工=10",
             "--wage-standard", "数控车工=4200", "--as", "enterprise:E01"],
        ])
        try expectSuccess(cli, Scenario.enroll("2023001", "王芳", born: "2005-03-14"), "student '2023001' enrolled (position 8).\n")
        try expectSuccess(cli, Scenario.register("P-1", student: "2023001", at: "E01", agreement: "SF-2025-001", post: "数控车工"),
                          "placement 'P-1' registered (position 9).\n")
        try expectSuccess(cli, Scenario.insure("P-1", policy: "PICC-2025-0001"), "insurance enrolled for placement 'P-1' (position 10).\n")
        try expectSuccess(cli, Scenario.start("P-1"), "placement 'P-1' started (position 11).\n")

        let shown = try cli.run(["show", "placement", "P-1", "--as", "school:S01"])
        #expect(shown == RunResult(status: 0, stdout: """
            placement               P-1
            student                 2023001
            school                  S01
            enterprise              E01
            kind                    post
            planned term            2025-09-01…2026-02-28
            monthly stipend (yuan)  3400.00
            post                    数控车工
            agreement               SF-2025-001
            major-relevant          yes
            status                  active
            started                 2025-09-01
            ended                   -

            Insurance policy  Insurer   Covers              From        To          Paid by  Cancelled
            ----------------  --------  ------------------  ----------  ----------  -------  ---------
            PICC-2025-0001    中国人保  liability,accident  2025-09-01  2026-02-28  school   -

            Month  Paid (yuan)  Paid on  Correction
            -----  -----------  -------  ----------

            """, stderr: ""))
    }

    @Test func anEnterpriseDeclaresItsWorkforceAndConfirmsAMonthOfStipends() throws {
        // Sanmenxia's document states no deadline in days; this bureau sets one of its own.
        var setup = Scenario.bureauSetup
        setup[0] += ["--set", "payGraceDays=30", "--source", "三门峡市实习报酬支付细则"]
        for (index, student) in ["2023001", "2023002", "2023003"].enumerated() {
            setup.append(Scenario.enroll(student, "学生\(index + 1)", born: "2005-03-14"))
            setup.append(Scenario.register("P-\(index + 1)", student: student, at: "E01", agreement: "SF-\(index + 1)", post: "数控车工"))
            setup.append(Scenario.insure("P-\(index + 1)", policy: "PICC-2025-0001"))
        }
        let cli = try Scenario.make("enterprise-month", setup)  // positions 1–15
        cli.environment["REGISTRY_NOW"] = "2025-11-05T08:00:00Z"  // the payments below are in the past
        try expectSuccess(cli, ["enterprise", "workforce", "E01", "--headcount", "40", "--as-of", "2025-01-01", "--post", "数控车工=15",
                                "--wage-standard", "数控车工=4200", "--as", "enterprise:E01"],
                          "workforce of 'E01' declared (position 16).\n")
        for (offset, placement) in ["P-1", "P-2", "P-3"].enumerated() {
            try expectSuccess(cli, Scenario.start(placement), "placement '\(placement)' started (position \(17 + offset)).\n")
        }
        try expectSuccess(cli, ["stipend", "confirm", "P-1", "--month", "2025-09", "--amount", "3400", "--paid-on", "2025-10-10", "--as", "enterprise:E01"],
                          "stipend of 2025-09 confirmed for placement 'P-1' (position 20).\n")
        try expectSuccess(cli, ["stipend", "confirm", "P-2", "--month", "2025-09", "--amount", "3400.00", "--paid-on", "2025-10-30", "--as", "enterprise:E01"],
                          "stipend of 2025-09 confirmed for placement 'P-2' (position 21).\n")
        // Paid after the 30 days' grace: accepted; the audit reports it (Pay_03).
        try expectSuccess(cli, ["stipend", "confirm", "P-3", "--month", "2025-09", "--amount", "3400", "--paid-on", "2025-11-03", "--as", "enterprise:E01"],
                          "stipend of 2025-09 confirmed for placement 'P-3' (position 22).\n")

        let audit = try cli.run(["audit", "--on", "2025-11-05", "--as", "inspector:I01"])
        #expect(audit.status == 0 && audit.stderr == "")
        #expect(audit.stdout.hasPrefix("Audit on 2025-11-05: 1 finding\n"))
        // The finding cites the duty's documents and the bureau's own deadline, with the values.
        #expect(audit.stdout.contains("Pay_03  finding   placement P-3  S01     E01         2025-09  2025-10-30  2025-11-03  002 三(三) (及时足额); national 2021 Art 18 (及时、足额); 三门峡市实习报酬支付细则  placement P-3 paid the stipend for 2025-09 on 2025-11-03, after it was due on 2025-10-30.\n"))
        #expect(audit.stdout.contains("\nQuota_01 does not apply: policy 'sanmenxia' sets no quota target.\n"))
        #expect(audit.stdout.hasSuffix("Teacher_02 does not apply: policy 'sanmenxia' sets no enterprise-practice rule for teachers.\n"))
    }

    @Test func aRetriedCommandIDAppendsOnce() throws {
        let cli = try Scenario.make("idempotent", Scenario.bureauSetup)
        let enroll = Scenario.enroll("2023001", "王芳", born: "2005-03-14") + ["--command-id", "enrol-2023001"]
        try expectSuccess(cli, enroll, "student '2023001' enrolled (position 7).\n")
        let after = cli.logBytes()
        try expectSuccess(cli, enroll, "student '2023001' enrolled (already recorded at position 7; nothing appended).\n")
        #expect(cli.logBytes() == after)
        // The ID is remembered in the log, not in a cache: it holds for any later command with that ID.
        try expectSuccess(cli, enroll + ["--lang", "zh"], "学生 '2023001' 已登记学籍（此前已记录于位置 7，未追加）。\n")
        #expect(cli.logBytes() == after)
        try expectSuccess(cli, Scenario.enroll("2023002", "李强", born: "2005-06-01"), "student '2023002' enrolled (position 8).\n")
        // The same ID on a different command is refused rather than reported as done.
        let beforeReuse = cli.logBytes()
        let reused = try cli.run(Scenario.enroll("2023003", "赵敏", born: "2005-07-01") + ["--command-id", "enrol-2023001"])
        #expect(reused == RunResult(status: 2, stdout: "", stderr: "error: command ID 'enrol-2023001' was already used by school:S01 for another command on student-2023001 at position 7; retry the same command or use a new ID.\n"))
        #expect(cli.logBytes() == beforeReuse)
        #expect(try cli.run(["show", "student", "2023003", "--as", "school:S01"]).status == 2)
    }

    @Test func chineseMessagesForASuccessAndARejection() throws {
        let cli = try Scenario.make("chinese", Scenario.bureauSetup)
        try expectSuccess(cli, Scenario.enroll("2023001", "王芳", born: "2005-03-14") + ["--lang", "zh"], "学生 '2023001' 已登记学籍（位置 7）。\n")
        try expectSuccess(cli, Scenario.register("P-1", student: "2023001", at: "E01", agreement: "SF-1") + ["--lang", "zh"], "实习 'P-1' 已登记（位置 8）。\n")
        let before = cli.logBytes()
        let rejected = try cli.run(Scenario.start("P-1") + ["--lang", "zh"])
        #expect(rejected == RunResult(status: 1, stdout: "",
                                      stderr: "error[Insurance_01]: 实习 'P-1' 不能于 2025-09-01 开始：2025-09-01…2026-02-28 期间没有实习责任保险保障。\n"))
        #expect(cli.logBytes() == before)
        // LANG chooses the language when --lang is not given.
        let fromLang = try cli.run(Scenario.start("P-1"), extraEnvironment: ["LANG": "zh_CN.UTF-8"])
        #expect(fromLang.stderr == rejected.stderr)
    }
}
