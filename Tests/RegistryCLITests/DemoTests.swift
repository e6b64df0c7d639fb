import Foundation
import Testing

/// `registry demo`: the README's first command. Built once (a few thousand durable commands), then
/// checked from every side: its summary, a second run, `verify`, a rebuild, the hints it prints.
@Suite("registry demo")
struct DemoTests {
    /// The summary with the log directory as LOG and the head hash as HEAD (both checked separately).
    static let summary = """
        Demo district 三门峡市 in LOG: policy sanmenxia in force from 2024-01-01.

        schools                       2 (1 secondary, 1 higher)
        enterprises                   5 (3 above designated size)
        students                      285 (165 graduated, 51 hired)
        placements                    225 (165 post: 164 completed, 1 terminated; 60 observation: 60 completed)
        active on 2026-03-31          104
        insured placements            225
        confirmed stipend months      1460
        apprenticeships               2 (1 completed, 1 terminated)
        intern subsidy to 2026-03-31  207400.00 yuan for 1037 intern-months (Subsidy_01)
        commands                      2888
        rejected by the rules         7, nothing appended: Insurance_01, Insurance_04, Duration_01, Age_01, Dual_01, Pay_05, Subsidy_02
        events in the log             2882
        head hash                     HEAD

        Audit on 2026-03-31: 13 findings
        Rule         Severity  Findings  Source
        -----------  --------  --------  ------------------------------------------------
        Quota_01     finding   1         001 item 16
        Duration_02  finding   1         003 annex 1 (半年顶岗实习); national 2016 Art 10
        Pay_02       finding   3         002 三(三); 001 item 16; 004 item 10
        Pay_03       finding   4         002 三(三); 001 item 16; 004 item 10
        Pay_04       finding   3         002 三(三); 001 item 16; 004 item 10
        Subsidy_03   finding   1         002 三(二)

        Try next:
          registry show placement P-20231001 --as school:S01
          registry audit --on 2026-03-31 --as inspector:I01
          registry quota --on 2026-03-31 --as inspector:I01
          registry report subsidies --on 2026-03-31 --as inspector:I01
          registry verify

        """

    @Test func theDemoBuildsOnceAndASecondRunAppendsNothing() throws {
        let cli = CLIHarness("demo")
        let first = try cli.run(["demo"])
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr == "built the demo district: 2888 commands, 2882 events appended.\n")

        let verify = try cli.run(["verify", "--format", "json"])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.stdout.contains("\"events\":2882"))
        let head = try #require(verify.stdout.firstMatch(of: /"head_hash":"([0-9a-f]{64})"/)?.1).description
        let expected = Self.summary.replacingOccurrences(of: "LOG", with: cli.logDirectory).replacingOccurrences(of: "HEAD", with: head)
        #expect(first.stdout == expected)

        let bytes = cli.logBytes()
        let second = try cli.run(["demo"])
        #expect(second == RunResult(status: 0, stdout: first.stdout, stderr: "the demo district is already in this log; nothing appended.\n"))
        #expect(cli.logBytes() == bytes)
        #expect(try cli.run(["verify"]).status == 0)

        // The same summary in JSON, and in Chinese; neither appends anything.
        let json = try cli.run(["demo", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["jurisdiction"] as? String == "三门峡市")
        #expect(object["events"] as? Int == 2882)
        #expect(object["head_hash"] as? String == head)
        #expect(object["rejected"] as? [String: Int] == ["Insurance_01": 1, "Insurance_04": 1, "Duration_01": 1, "Age_01": 1,
                                                         "Dual_01": 1, "Pay_05": 1, "Subsidy_02": 1])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["Quota_01", "Duration_02", "Pay_02", "Pay_03", "Pay_04", "Subsidy_03"])
        let chinese = try cli.run(["demo", "--lang", "zh"])
        #expect(chinese.status == 0)
        #expect(chinese.stdout.hasPrefix("示例辖区 三门峡市（\(cli.logDirectory)）：自 2024-01-01 起施行 sanmenxia 政策。\n"))
        #expect(chinese.stdout.contains("学生                      285（毕业 165，被录用 51）\n"))
        #expect(chinese.stderr == "该日志中已有示例辖区，未追加任何事件。\n")
        #expect(cli.logBytes() == bytes)

        // The hints work as printed, and the audit agrees with the summary.
        let shown = try cli.run(["show", "placement", "P-20231001", "--as", "school:S01"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("2026-06  3400.00      2026-07-10\n"))
        let audit = try cli.run(["audit", "--on", "2026-03-31", "--as", "inspector:I01"])
        #expect(audit.stdout.hasPrefix("Audit on 2026-03-31: 13 findings\n"))
        #expect(audit.stdout.contains("enterprise E04 hosts 15 active major-relevant interns on 2026-03-31, fewer than the target of 30."))
        #expect(audit.stdout.contains("apprenticeship A02 was terminated on 2026-01-20 with 6000.00 yuan of advanced subsidy not clawed back."))

        // Rebuilt from the log alone, the read model equals the live one.
        let (live, rebuilt) = try RebuildTests.liveAndRebuilt(log: cli.logDirectory, scratch: cli.directory)
        let dump = try live.dump()
        #expect(dump["placements"]?.count == 225)
        #expect(try rebuilt.dump() == dump)
    }

    @Test func theDemoRefusesALogThatHoldsAnotherRegistry() throws {
        let cli = try Scenario.make("demo-foreign", Array(Scenario.bureauSetup.prefix(1)))
        let bytes = cli.logBytes()
        let result = try cli.run(["demo"])
        #expect(result == RunResult(status: 2, stdout: "",
                                    stderr: "error: the log at \(cli.logDirectory) already holds 2 events that the demo did not write; run the demo on a new log with --log DIR.\n"))
        #expect(cli.logBytes() == bytes)
    }
}
