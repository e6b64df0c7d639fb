import Foundation
import Testing

/// The duties of issue 12 end to end through the built binary: teachers, certifications, apprentice
/// wages and their reports, the examples each command's help prints, and the exit codes.
@Suite("Duties: teachers, certifications, apprentice wages, end to end")
struct DutyCLITests {
    /// The commands of the duties, as their help names them.
    static let commands: [[String]] = [
        ["teacher", "register"], ["teacher", "qualify"], ["teacher", "practice"],
        ["enterprise", "certify"], ["enterprise", "revoke-certification"],
        ["apprenticeship", "contract"], ["wage", "confirm"],
        ["report", "certifications"], ["report", "stipends"], ["report", "teachers"],
    ]

    /// Splits an example line as a shell would: words on spaces, '…' quoting.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quoted = false, started = false
        for c in line {
            if c == "'" { quoted.toggle(); started = true; continue }
            if c == " " && !quoted {
                if started { words.append(current) }
                current = ""; started = false
                continue
            }
            current.append(c); started = true
        }
        if started { words.append(current) }
        return words
    }

    /// The examples a command's `--help` prints, as argument lists without the leading `registry`.
    static func examples(_ cli: CLIHarness, _ command: [String]) throws -> [[String]] {
        let help = try cli.run(command + ["--help"])
        #expect(help.status == 0, "\(command) --help: \(help)")
        guard let range = help.stdout.range(of: "Examples:\n") else {
            Issue.record("\(command) --help prints no examples")
            return []
        }
        return help.stdout[range.upperBound...].split(separator: "\n").map { words(String($0)) }.filter { $0.first == "registry" }
            .map { Array($0.dropFirst()) }
    }

    /// S01, E01 and student 2023001 (enrolled at S01) — what the examples name.
    static func exampleDistrict(_ label: String) throws -> CLIHarness {
        let cli = try Scenario.make(label, Scenario.bureauSetup + [Scenario.enroll("2023001", "王芳", born: "2005-03-14")])
        cli.environment["REGISTRY_NOW"] = "2026-03-31T08:00:00Z"
        return cli
    }

    @Test func everyExampleOfTheDutiesHelpRuns() throws {
        let cli = try Self.exampleDistrict("duty-examples")
        var ran = 0
        for command in Self.commands {
            for example in try Self.examples(cli, command) {
                let result = try cli.run(example)
                #expect(result.status == 0, "\(example.joined(separator: " "))\n\(result)")
                ran += 1
            }
        }
        #expect(ran == 15)  // apprenticeship contract shows a modern (A-3) and an enterprise (A-4) example
        let shown = try cli.run(["report", "certifications", "--on", "2025-12-30", "--as", "inspector:I01"])
        #expect(shown.stdout.contains("E01         豫西精工机械有限公司  certified  2024-05-20    三发改〔2024〕15号"))
        let wages = try cli.run(["report", "stipends", "--year", "2025", "--format", "csv", "--as", "inspector:I01"])
        #expect(wages.stdout == """
            enterprise,name,interns,stipend_months,stipends,apprentices,wage_months,wages,total
            E01,豫西精工机械有限公司,0,0,0.00,1,1,3300.00,3300.00

            """)
    }

    @Test func certificationsAreCountedAgainstTheProfilesTarget() throws {
        let cli = try Scenario.make("duty-certify", Scenario.bureauSetup + [
            ["enterprise", "certify", "E01", "--on", "2024-05-20", "--document", "三发改〔2024〕15号", "--as", "bureau:EDU"],
        ])
        let again = try cli.run(["enterprise", "certify", "E01", "--on", "2024-06-01", "--document", "X", "--as", "bureau:EDU"])
        #expect(again == RunResult(status: 1, stdout: "",
                                   stderr: "error: enterprise 'E01' is already certified as 产教融合型企业 since 2024-05-20 (三发改〔2024〕15号).\n"))
        let bySchool = try cli.run(["enterprise", "certify", "E02", "--on", "2024-06-01", "--document", "X", "--as", "school:S01"])
        #expect(bySchool.status == 5)
        let early = try cli.run(["enterprise", "revoke-certification", "E01", "--on", "2024-05-19", "--document", "R", "--reason", "x",
                                 "--as", "bureau:EDU"])
        #expect(early.status == 2)
        let notCertified = try cli.run(["enterprise", "revoke-certification", "E02", "--on", "2024-06-01", "--document", "R",
                                        "--reason", "x", "--as", "bureau:EDU"])
        #expect(notCertified.status == 1)
        #expect(notCertified.stderr == "error: enterprise 'E02' holds no 产教融合型企业 certification to revoke.\n")

        let report = try cli.run(["report", "certifications", "--on", "2025-12-31", "--as", "inspector:I01"])
        #expect(report.status == 0)
        #expect(report.stdout.hasSuffix("Certification_01: 1 certified on 2025-12-31, target 20 by 2025 (002 一(二) (培育20家左右产教融合型企业)): target missed.\n"))
        let json = try cli.run(["report", "certifications", "--on", "2025-12-31", "--format", "json", "--as", "inspector:I01"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["certified"] as? Int == 1)
        #expect(object["meetsTarget"] as? Bool == false)
        #expect((object["enterprises"] as? [[String: String]])?.first?["status"] == "certified")

        try #require(try cli.run(["policy", "adopt", "hechuan", "--from", "2026-01-01", "--as", "bureau:EDU"]).status == 0)
        let hechuan = try cli.run(["report", "certifications", "--on", "2026-01-01", "--as", "inspector:I01"])
        #expect(hechuan.stdout.hasSuffix("Certification_01 does not apply: policy 'hechuan' sets no certification target; 1 certified on 2026-01-01.\n"))
    }

    @Test func apprenticeWagesAreConfirmedAndAudited() throws {
        let contract = ["apprenticeship", "contract", "A-9", "--student", "2023001", "--school", "S01", "--scheme", "enterprise",
                        "--level", "intermediate", "--labor-contract", "LC-9", "--contract-end", "2026-08-31",
                        "--start", "2025-09-01", "--end", "2026-08-31", "--school-tutor", "李建华", "--mentor", "张国栋",
                        "--as", "enterprise:E01"]
        let cli = try Scenario.make("duty-wages", Scenario.bureauSetup + [
            Scenario.enroll("2023001", "王芳", born: "2005-03-14"),
            ["policy", "adopt", "sanmenxia", "--from", "2025-01-01", "--set", "minimumMonthlyWage=2000", "--set", "payGraceDays=15",
             "--source", "豫政〔2024〕1号", "--as", "bureau:EDU"],
        ])
        let below = try cli.run(contract + ["--wage", "1999.99"])
        #expect(below == RunResult(status: 1, stdout: "",
                                   stderr: "error[Wage_01]: apprenticeship 'A-9' cannot be contracted: the agreed monthly wage of 1999.99 yuan is below the local minimum wage of 2000.00 yuan (豫政〔2024〕1号).\n"))
        #expect(try cli.run(contract + ["--wage", "abc"]).status == 2)
        try #require(try cli.run(contract + ["--wage", "2000"]).status == 0)

        func confirm(_ month: String, _ amount: String, _ paidOn: String, _ more: [String] = []) throws -> RunResult {
            try cli.run(["wage", "confirm", "A-9", "--month", month, "--amount", amount, "--paid-on", paidOn, "--as", "enterprise:E01"] + more)
        }
        #expect(try confirm("2025-09", "2000", "2025-10-15").status == 0)
        let twice = try confirm("2025-09", "2000", "2025-10-15")
        #expect(twice.status == 1)
        #expect(twice.stderr.hasPrefix("error[Wage_05]: "))
        #expect(try confirm("2025-09", "2000", "2025-10-16", ["--correction"]).status == 0)
        #expect(try confirm("2025-08", "2000", "2025-09-10").stderr.hasPrefix("error[Wage_05]: "))
        #expect(try confirm("2025-10", "1500", "2025-11-10").status == 0)
        #expect(try cli.run(["wage", "confirm", "A-9", "--month", "2025-11", "--amount", "2000", "--paid-on", "2025-12-10",
                             "--as", "enterprise:E02"]).status == 5)
        #expect(try cli.run(["wage", "confirm", "NOPE", "--month", "2025-11", "--amount", "2000", "--paid-on", "2025-12-10",
                             "--as", "enterprise:E01"]).status == 2)

        let audit = try cli.run(["audit", "--on", "2025-12-31", "--format", "csv", "--as", "inspector:I01"])
        let rules = audit.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
        // September paid a day late (due 2025-10-15), October short, November missing (due 2025-12-15).
        #expect(rules == ["Wage_02", "Wage_03", "Wage_04"])

        let pay = try cli.run(["report", "stipends", "--year", "2025", "--format", "json", "--as", "inspector:I01"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(pay.stdout.utf8)) as? [[String: String]])
        #expect(rows.first?["wages"] == "3500.00")
        #expect(rows.first?["wage_months"] == "2")
    }

    @Test func teachersAreRegisteredByTheirSchoolAndJudgedAgainstTheTarget() throws {
        let cli = try Scenario.make("duty-teachers", Scenario.bureauSetup + [
            ["teacher", "register", "T-1", "--name", "王老师", "--as", "school:S02"],
            ["teacher", "register", "T-2", "--name", "李老师", "--school", "S02", "--since", "2010-09-01", "--as", "school:S02"],
            ["teacher", "register", "T-3", "--name", "张老师", "--course", "general", "--as", "school:S02"],
            ["teacher", "qualify", "T-1", "--on", "2021-06-30", "--as", "school:S02"],
        ])
        let other = try cli.run(["teacher", "register", "T-9", "--name", "x", "--school", "S01", "--as", "school:S02"])
        #expect(other.status == 5)
        #expect(other.stderr.hasPrefix("error[Auth_01]: "))
        #expect(try cli.run(["teacher", "qualify", "T-1", "--on", "2022-01-01", "--as", "school:S02"]).status == 1)
        #expect(try cli.run(["teacher", "practice", "T-2", "--enterprise", "E01", "--from", "2025-07-02", "--to", "2025-07-01",
                             "--as", "school:S02"]).status == 2)
        #expect(try cli.run(["teacher", "register", "T-4", "--name", "x", "--course", "music", "--as", "school:S02"]).status == 2)

        // 1 of 2 professional teachers is 双师型: exactly 002 四(三)'s 50%.
        let meets = try cli.run(["report", "teachers", "--on", "2025-12-31", "--format", "csv", "--as", "inspector:I01"])
        #expect(meets.stdout == "school,level,professional,dual_qualified,share,target,status\nS02,secondary,2,1,50%,50% by 2022,meets\n")
        try #require(try cli.run(["teacher", "register", "T-5", "--name", "赵老师", "--as", "school:S02"]).status == 0)
        let audit = try cli.run(["audit", "--on", "2025-12-31", "--as", "inspector:I01"])
        #expect(audit.stdout.contains("school S02 has 1/3 professional-course teachers recognised as 双师型 on 2025-12-31, below the target of 50%."))

        // Under hechuan (004 item 12) the practice duty applies: T-2 has been at S02 since 2010 with no practice.
        try #require(try cli.run(["policy", "adopt", "hechuan", "--from", "2026-01-01", "--as", "bureau:EDU"]).status == 0)
        let hechuan = try cli.run(["audit", "--on", "2026-01-01", "--format", "csv", "--as", "inspector:I01"])
        #expect(hechuan.stdout.contains("Teacher_02,finding,teacher T-2,S02,,2026-01-01,180,0,004 item 12"))
        #expect(try cli.run(["teacher", "practice", "T-2", "--enterprise", "E01", "--from", "2025-01-01", "--to", "2025-06-29",
                             "--as", "school:S02"]).status == 0)
        let practised = try cli.run(["audit", "--on", "2026-01-01", "--format", "csv", "--as", "inspector:I01"])
        #expect(!practised.stdout.contains("Teacher_02,finding,teacher T-2,"))
        // T-1 and T-5 were registered without a first day, so their five years are not known to be short: judged.
        #expect(practised.stdout.contains("Teacher_02,finding,teacher T-1,"))
    }
}
