import Foundation
import Testing

/// Issue 13, "JSON that carries every fact": every read's `--format json` is a typed record with
/// English keys and machine values, the same whatever `--lang` says, checked against golden files
/// (documented in docs/json.md). Set REGISTRY_RECORD_GOLDEN=1 to rewrite the files after a deliberate change.
@Suite("JSON read records")
struct JSONRecordTests {
    static let golden = GoldenTests.golden

    static let reads: [(file: String, arguments: [String])] = [
        ("show-student.json", ["show", "student", "2023001"]),
        ("show-placement.json", ["show", "placement", "P-1"]),
        ("show-enterprise.json", ["show", "enterprise", "E01"]),
        ("show-apprenticeship.json", ["show", "apprenticeship", "A-1"]),
        ("show-teacher.json", ["show", "teacher", "T-01"]),
        ("list-placements.json", ["list", "placements", "--per-page", "3"]),
        ("district-audit.json", ["audit", "--on", "2026-03-31"]),
        ("district-quota.json", ["quota", "--on", "2025-09-01"]),
        ("district-subsidies.json", ["report", "subsidies", "--on", "2026-03-31"]),
        ("district-evaluation.json", ["report", "evaluation", "--year", "2025"]),
    ]

    @Test func everyReadPrintsTheSameRecordInEitherLanguageAndMatchesItsGoldenFile() throws {
        let cli = try Scenario.make("json", Scenario.rulesSetup + [
            ["stipend", "confirm", "P-1", "--month", "2025-09", "--amount", "3400", "--paid-on", "2025-09-01", "--as", "enterprise:E01"],
            ["insurance", "enroll", "P-1", "--policy", "PICC-2026-0101", "--insurer", "中国人保", "--cover", "liability,accident",
             "--from", "2026-03-01", "--to", "2026-03-31", "--paid-by", "school", "--as", "school:S01"],
            ["placement", "extend", "P-1", "--to", "2026-03-31", "--as", "school:S01"],
            // Corrections, so that every show record's `corrections` holds entries (issue 13).
            ["student", "correct", "2023001", "--name", "汪芳", "--reason", "学籍系统导出有误", "--as", "school:S01"],
            ["enterprise", "correct", "E01", "--name", "豫西精工机械股份有限公司", "--reason", "以营业执照为准", "--as", "bureau:EDU"],
            ["placement", "correct", "P-1", "--agreement", "SF-2025-001A", "--reason", "协议编号录入有误", "--as", "school:S01"],
            ["teacher", "register", "T-01", "--name", "王老师", "--since", "2018-09-01", "--as", "school:S01"],
            ["teacher", "correct", "T-01", "--name", "王建国", "--course", "general", "--reason", "人事系统导出有误", "--as", "school:S01"],
        ])
        for read in Self.reads {
            let en = try cli.run(read.arguments + ["--format", "json", "--lang", "en", "--as", "inspector:I01"])
            let zh = try cli.run(read.arguments + ["--format", "json", "--lang", "zh", "--as", "inspector:I01"])
            #expect(en.status == 0, "\(read.arguments): \(en)")
            #expect(en.stdout == zh.stdout, "\(read.arguments)")
            #expect(try JSONSerialization.jsonObject(with: Data(en.stdout.utf8)) is [String: Any], "\(read.arguments)")
            if ProcessInfo.processInfo.environment["REGISTRY_RECORD_GOLDEN"] == "1" {
                try en.stdout.write(toFile: Self.golden + read.file, atomically: true, encoding: .utf8)
            }
            #expect(en.stdout == (try String(contentsOfFile: Self.golden + read.file, encoding: .utf8)), "\(read.file)")
        }
    }

    /// The sample log's report goldens (GoldenTests checks them in English) hold in Chinese too.
    @Test(arguments: [
        ("audit.json", ["audit", "--on", "2026-03-31"]),
        ("quota.json", ["quota", "--on", "2026-03-31"]),
        ("subsidies.json", ["report", "subsidies", "--on", "2026-03-31"]),
        ("evaluation.json", ["report", "evaluation", "--year", "2025"]),
    ])
    func theSampleReportsPrintTheSameJSONInChinese(file: String, arguments: [String]) throws {
        let cli = CLIHarness("json-sample")
        try FileManager.default.copyItem(atPath: GoldenTests.sample, toPath: cli.logDirectory)
        let zh = try cli.run(arguments + ["--format", "json", "--lang", "zh", "--as", "inspector:I01"])
        #expect(zh.status == 0, "\(zh)")
        if ProcessInfo.processInfo.environment["REGISTRY_RECORD_GOLDEN"] == "1" {
            // After a deliberate change to the sample's facts or the records: GoldenTests then checks the English run.
            try zh.stdout.write(toFile: Self.golden + file, atomically: true, encoding: .utf8)
        }
        #expect(zh.stdout == (try String(contentsOfFile: Self.golden + file, encoding: .utf8)))
    }

    @Test func aPlacementCarriesMachineValues() throws {
        let cli = try Scenario.make("json-values", Scenario.rulesSetup)
        let shown = try cli.run(["show", "placement", "P-1", "--format", "json", "--lang", "zh", "--as", "school:S01"])
        let p = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(p["stipend"] as? String == "3400.00")
        #expect(p["major_relevant"] as? Bool == true)
        #expect(p["planned_start"] as? String == "2025-09-01")
        #expect(p["status"] as? String == "active")
        #expect(p["post"] as? String == "数控车工")
        #expect(p.keys.contains("termination_reason") && p["termination_reason"] is NSNull)
        let insurance = try #require(p["insurance"] as? [[String: Any]])
        #expect(insurance.first?["policy"] as? String == "PICC-2025-0001")
        #expect(insurance.first?["covers"] as? [String] == ["liability", "accident"])
        let history = try #require(p["status_history"] as? [[String: Any]])
        #expect(history.compactMap { $0["status"] as? String } == ["registered", "active"])
        let enterprise = try cli.run(["show", "enterprise", "E01", "--format", "json", "--as", "bureau:EDU"])
        let e = try #require(try JSONSerialization.jsonObject(with: Data(enterprise.stdout.utf8)) as? [String: Any])
        let declaration = try #require((e["declarations"] as? [[String: Any]])?.first)
        #expect(declaration["headcount"] as? Int == 40)
        let post = try #require((declaration["posts"] as? [[String: Any]])?.first)
        #expect(post["post"] as? String == "数控车工" && post["headcount"] as? Int == 10 && post["wage_standard"] as? String == "4200.00")
    }
}
