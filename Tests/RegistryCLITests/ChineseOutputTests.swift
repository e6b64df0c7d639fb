import Foundation
import Testing

/// Issue 13, "whole Chinese": with `--lang zh` everything a person reads is Chinese. A broad set of
/// commands runs through the built binary on the demo's log — every `--help`, every read, imports
/// with bad rows, rejected commands and system errors — and no English word may be left in what
/// they print, beyond IDs, rule IDs, codes, paths, option names and the values a person types
/// (`ChineseLeak`). JSON is left out: it is English machine values by design.
@Suite("Whole Chinese", .serialized)
struct ChineseOutputTests {
    /// Lines printed with `--lang zh` that keep English words, with the command that printed them.
    static func leaks(_ cli: CLIHarness, _ commands: [[String]], extra: [String: String] = [:]) throws -> [String] {
        var found: [String] = []
        for command in commands {
            let result = try cli.run(command + ["--lang", "zh"], extraEnvironment: extra)
            for line in (result.stdout + "\n" + result.stderr).split(separator: "\n") {
                let words = ChineseLeak.englishWords(in: ChineseLeak.withoutMachineData(String(line)))
                if !words.isEmpty { found.append("\(command.joined(separator: " ")): \(words) in: \(line.prefix(300))") }
            }
        }
        return found
    }

    @Test func everyHelpTextIsChinese() throws {
        let cli = CLIHarness("zh-help")
        let paths = try HelpExampleTests.commandPaths(cli)
        #expect(paths.count > 50)
        let leaks = try Self.leaks(cli, [["help"]] + paths.map { $0.split(separator: " ").map(String.init) + ["--help"] })
        #expect(leaks.isEmpty, "\(leaks.count) lines:\n\(leaks.joined(separator: "\n"))")
    }

    @Test func theDemoAndEveryReadAreChinese() throws {
        let cli = CLIHarness("zh-reads")
        let demo = try cli.run(["demo", "--lang", "zh"])
        try #require(demo.status == 0, "\(demo)")
        var leaks = ChineseLeak.englishLines(demo.stdout + demo.stderr).map { "demo: \($0)" }
        let inspector = ["--as", "inspector:I01"]
        let reads: [[String]] = [
            ["show", "placement", "P-20231001"], ["show", "student", "20231001"], ["show", "enterprise", "E01"],
            ["show", "apprenticeship", "A01"], ["show", "apprenticeship", "A02"], ["show", "teacher", "T-S01-01"],
            ["list", "students", "--per-page", "5"], ["list", "placements", "--per-page", "5"], ["list", "apprenticeships"],
            ["list", "enterprises"], ["list", "schools"], ["list", "teachers"], ["list", "placements", "--status", "overdue"],
            ["audit", "--on", "2026-03-31"], ["quota", "--on", "2026-03-31"],
            ["report", "subsidies", "--on", "2026-03-31"], ["report", "evaluation", "--year", "2025"],
            ["report", "certifications", "--on", "2026-03-31"], ["report", "stipends", "--year", "2025"],
            ["report", "teachers", "--on", "2026-03-31"], ["rules"], ["policy", "show"], ["verify"],
        ].map { $0 + inspector }
        leaks += try Self.leaks(cli, reads)
        #expect(leaks.isEmpty, "\(leaks.count) lines:\n\(leaks.joined(separator: "\n"))")
    }

    @Test func rejectionsImportsAndSystemErrorsAreChinese() throws {
        let cli = try Scenario.make("zh-errors", Scenario.rulesSetup)
        let file = cli.directory + "/students.csv"
        try "学号,姓名,专业,出生日期,入学日期,序号\n2024001,王芳,数控,2006-03-14,2023-09-01,1\n2024002,李\t明,数控,2006-13-14,2023-09-01,2\n2024001,王芳,数控,2006-03-14,2023-09-01,3\n2024003,张三,数控,2020-03-14,2023-09-01,4\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let starts = cli.directory + "/starts.csv"
        try "placement,start,agreement\nP-404,2025-09-01,X\nP-1,2025-09-01,SF-1\n".write(toFile: starts, atomically: true, encoding: .utf8)
        let notADirectory = cli.directory + "/students.csv/log"
        let commands: [[String]] = [
            ["import", "students", file, "--as", "school:S01"],
            ["import", "starts", starts, "--as", "school:S01"],
            ["import", "students", cli.directory + "/missing.csv", "--as", "school:S01"],
            ["import", "students", cli.directory, "--as", "school:S01"],
            ["init", "--log", notADirectory, "--as", "bureau:EDU", "--jurisdiction", "X"],
            ["audit", "--log", cli.directory + "/nowhere", "--as", "inspector:I01"],
            ["audit", "--school", "S99", "--as", "inspector:I01"],
            ["show", "student", "NOPE", "--as", "inspector:I01"],
            ["placement", "start", "P-1", "--on", "2025-09-01", "--as", "school:S02"],
            ["student", "correct", "2023001", "--as", "school:S01", "--reason", "x"],
            ["teacher", "correct", "T-9", "--name", "王", "--reason", "x", "--as", "school:S01"],
            ["nonsense"], ["placement"], ["list", "students", "--limit", "5", "--as", "school:S01"],
        ]
        let leaks = try Self.leaks(cli, commands)
        #expect(leaks.isEmpty, "\(leaks.count) lines:\n\(leaks.joined(separator: "\n"))")
        // The system error keeps the path and errno for the technician, in a Chinese sentence.
        let mkdir = try cli.run(["init", "--log", notADirectory, "--as", "bureau:EDU", "--jurisdiction", "X", "--lang", "zh"])
        #expect(mkdir.status == 2)
        #expect(mkdir.stderr == "错误：无法创建目录 \(notADirectory)：路径中有一部分不是目录（errno 20）。\n")
    }

    /// `LANG=zh_CN.UTF-8` chooses Chinese as `--lang zh` does.
    @Test func theLocaleChoosesChinese() throws {
        let cli = CLIHarness("zh-locale")
        let help = try cli.run(["placement", "start", "--help"], extraEnvironment: ["LANG": "zh_CN.UTF-8"])
        #expect(help.stdout.contains("选项:\n  --on DATE        日期\n"))
        #expect(ChineseLeak.englishLines(help.stdout).isEmpty)
    }
}
