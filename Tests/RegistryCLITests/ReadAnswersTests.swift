import Foundation
import Testing

/// Issue 13, "answers that cannot mislead": a read on a directory that holds no log, or filtered on
/// an ID that is not registered, is refused (exit 2) naming what is wrong; roles read what the
/// documents assign them; `--version` says which log format the binary reads.
@Suite("Read answers that cannot mislead")
struct ReadAnswersTests {
    static let reads: [[String]] = [
        ["audit"], ["verify"], ["show", "student", "2023001"], ["show", "placement", "P-1"], ["quota"], ["history", "registry"],
        ["report", "subsidies"], ["report", "evaluation"], ["list", "students"], ["list", "teachers"],
    ]

    @Test(arguments: reads)
    func aDirectoryWithoutSegmentsIsNoLog(command: [String]) throws {
        let cli = CLIHarness("nolog")
        let empty = cli.directory + "/empty"
        let withoutSegments = cli.directory + "/no-segments"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: withoutSegments, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: withoutSegments + "/readmodel.sqlite", contents: Data())
        for directory in [empty, withoutSegments, cli.directory + "/does-not-exist"] {
            let result = try cli.run(command + ["--log", directory, "--as", "inspector:I01"])
            #expect(result == RunResult(status: 2, stdout: "",
                                        stderr: "error: there is no registry log at \(directory); run 'registry init' first or pass --log DIR.\n"))
            let zh = try cli.run(command + ["--log", directory, "--as", "inspector:I01", "--lang", "zh"])
            #expect(zh.status == 2)
            #expect(zh.stderr == "错误：\(directory) 中没有登记簿日志；请先运行 'registry init'。\n")
        }
    }

    @Test(arguments: [
        (["audit", "--school", "S99"], "error: there is no school 'S99'; the nearest registered school is 'S01'.\n"),
        (["audit", "--enterprise", "e01"], "error: there is no enterprise 'e01'; the nearest registered enterprise is 'E01'.\n"),
        (["audit", "--enterprise", "E03"], "error: there is no enterprise 'E03'; the nearest registered enterprise is 'E01'.\n"),
        (["report", "subsidies", "--school", "s02"], "error: there is no school 's02'; the nearest registered school is 'S02'.\n"),
        (["report", "evaluation", "--school", "S3"], "error: there is no school 'S3'; the nearest registered school is 'S01'.\n"),
        (["show", "placement", "p-1"], "error: there is no placement 'p-1'; the nearest registered placement is 'P-1'.\n"),
        (["show", "student", "2023007"], "error: there is no student '2023007'; the nearest registered student is '2023001'.\n"),
        (["show", "enterprise", "E1"], "error: there is no enterprise 'E1'; the nearest registered enterprise is 'E01'.\n"),
        (["show", "apprenticeship", "A1"], "error: there is no apprenticeship 'A1'; the nearest registered apprenticeship is 'A-1'.\n"),
        (["list", "placements", "--school", "S1"], "error: there is no school 'S1'; the nearest registered school is 'S01'.\n"),
        (["list", "students", "--enterprise", "E2"], "error: there is no enterprise 'E2'; the nearest registered enterprise is 'E02'.\n"),
        (["history", "placement-P-7"],
         "error: stream 'placement-P-7' has no events; the nearest stream is 'placement-P-1' (streams are named like placement-P-17, student-2023001, registry).\n"),
    ])
    func anUnknownIDIsNamedWithTheNearestRegisteredOne(command: [String], message: String) throws {
        let cli = try Self.district()
        let result = try cli.run(command + ["--as", "inspector:I01"])
        #expect(result == RunResult(status: 2, stdout: "", stderr: message))
    }

    @Test func theChineseMessageNamesTheUnknownIDToo() throws {
        let cli = try Self.district()
        let result = try cli.run(["audit", "--school", "S99", "--as", "inspector:I01", "--lang", "zh"])
        #expect(result == RunResult(status: 2, stdout: "", stderr: "错误：没有学校 'S99'；最接近的已登记学校是 'S01'。\n"))
    }

    @Test func aSuggestionNamesOnlyRecordsTheActorMaySee() throws {
        let cli = try Self.district()
        let student = try cli.run(["show", "student", "2023007", "--as", "school:S02"])
        #expect(student == RunResult(status: 2, stdout: "", stderr: "error: there is no student '2023007'; no students are registered.\n"))
        let placement = try cli.run(["show", "placement", "P-7", "--as", "enterprise:E02"])
        #expect(placement == RunResult(status: 2, stdout: "", stderr: "error: there is no placement 'P-7'; the nearest registered placement is 'P-2'.\n"))
    }

    @Test func aSchoolAuditsAndReportsOnItsOwnRecordsOnly() throws {
        let cli = try Self.district()
        try cli.run(Scenario.enroll("2024101", "周末", born: "2006-02-02").map { $0 == "school:S01" ? "school:S02" : $0 })
        let own = try cli.run(["audit", "--on", "2026-03-31", "--format", "json", "--as", "school:S01"])
        #expect(own.status == 0, "\(own)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(own.stdout.utf8)) as? [String: Any])
        #expect(object["school"] as? String == "S01")
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0["school"] as? String == "S01" })
        let other = try cli.run(["audit", "--school", "S02", "--as", "school:S01"])
        #expect(other.status == 5)
        #expect(other.stderr.hasPrefix("error[Auth_01]: 'school:S01' may not run 'registry audit' on school 'S02'"))
        #expect(try cli.run(["report", "subsidies", "--as", "school:S01"]).status == 0)
        let evaluation = try cli.run(["report", "evaluation", "--year", "2025", "--format", "json", "--as", "school:S01"])
        let schools = try #require((try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any])?["schools"] as? [[String: Any]])
        #expect(schools.map { $0["school"] as? String } == ["S01"])
        let subsidies = try cli.run(["report", "subsidies", "--format", "json", "--as", "school:S02"])
        #expect((try JSONSerialization.jsonObject(with: Data(subsidies.stdout.utf8)) as? [String: Any])?["apprenticeships"] as? [Any] != nil)
        #expect(!subsidies.stdout.contains("A-1"))
        let enterprise = try cli.run(["audit", "--as", "enterprise:E01"])
        #expect(enterprise.status == 5)
        #expect(enterprise.stderr == "error[Auth_01]: 'enterprise:E01' cannot run 'registry audit': only bureau, school, inspector may.\n")
    }

    @Test func theBureauAuditsAndReportsSubsidies() throws {
        let cli = try Self.district()
        let subsidies = try cli.run(["report", "subsidies", "--on", "2026-03-31", "--as", "bureau:HRSS"])
        #expect(subsidies.status == 0, "\(subsidies)")
        #expect(subsidies.stdout.contains("A-1"))
        let audit = try cli.run(["audit", "--on", "2026-03-31", "--as", "bureau:EDU"])
        #expect(audit.status == 0, "\(audit)")
        #expect(audit.stdout == (try cli.run(["audit", "--on", "2026-03-31", "--as", "inspector:I01"])).stdout)
    }

    @Test func versionPrintsTheReleaseAndTheLogFormat() throws {
        let cli = CLIHarness("version")
        #expect(try cli.run(["--version"]) == RunResult(status: 0, stdout: "registry 0.13.0 (log format version 1)\n", stderr: ""))
    }

    /// The district of `Scenario.rulesSetup`: S01, S02, E01, E02, seven students, P-1…P-6, A-1.
    static func district() throws -> CLIHarness { try Scenario.make("reads", Scenario.rulesSetup) }
}
