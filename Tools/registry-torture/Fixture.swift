import Foundation

/// One CLI command with its own command ID, so that a retry is the same command.
struct CLICommand {
    let id: String
    let arguments: [String]
    /// Students a `registry import students` file enrolls (empty for other commands).
    var importedStudents: [String] = []

    /// The full argument list: the command, its ID and JSON output.
    var fullArguments: [String] { arguments + ["--command-id", id, "--format", "json"] }
}

/// The district every scenario starts from, built through the CLI: two schools, two enterprises
/// with room for thousands of interns, and a policy in force from 2020.
enum Fixture {
    static let setup: [[String]] = [
        ["init", "--as", "bureau:EDU", "--jurisdiction", "测试市", "--policy", "national", "--from", "2020-01-01"],
        ["school", "register", "S01", "--name", "第一职业学校", "--level", "secondary", "--as", "bureau:EDU"],
        ["school", "register", "S02", "--name", "第二职业学校", "--level", "higher", "--as", "bureau:EDU"],
        ["enterprise", "register", "E01", "--name", "豫西机械有限公司", "--above-scale", "--as", "bureau:EDU"],
        ["enterprise", "register", "E02", "--name", "Second Works", "--as", "bureau:EDU"],
        ["enterprise", "workforce", "E01", "--headcount", "100000", "--as-of", "2020-01-01", "--post", "车工=50000",
         "--wage-standard", "车工=3000", "--as", "enterprise:E01"],
        ["enterprise", "workforce", "E02", "--headcount", "100000", "--as-of", "2020-01-01", "--post", "车工=50000",
         "--wage-standard", "车工=3000", "--as", "enterprise:E02"],
    ]

    /// Builds the district in `log` (which must not exist yet). Stops the run if the product refuses it.
    static func build(_ runner: Runner, _ log: String, extra: [[String]] = [], environment: [String: String] = [:]) {
        for (i, command) in (setup + extra).enumerated() {
            // Fixed command IDs, so that two builds with a fixed clock give identical logs.
            let r = runner.registry(command + ["--command-id", "fixture-\(i)"], log: log, environment: environment)
            guard r.status == 0 else {
                fatalError("registry-torture: the fixture command 'registry \(command.joined(separator: " "))' failed: \(r)")
            }
        }
    }

    /// A student's whole life as a post intern at E01: enrolment, placement, both insurances, start, and
    /// `months` confirmed stipends. Every command succeeds when run in order on the fixture.
    static func internship(_ tag: String, months: Int = 2, school: String = "S01", enterprise: String = "E01") -> [CLICommand] {
        let student = "ST-\(tag)", placement = "PL-\(tag)"
        var commands: [[String]] = [
            ["student", "enroll", student, "--name", "学生 \(tag)", "--major", "数控技术", "--birth", "2005-01-01",
             "--enrolled", "2023-09-01", "--as", "school:\(school)"],
            ["placement", "register", placement, "--student", student, "--enterprise", enterprise, "--kind", "post",
             "--start", "2025-09-01", "--end", "2026-02-28", "--stipend", "3000", "--post", "车工", "--agreement", "AG-\(tag)",
             "--major-relevant", "--as", "school:\(school)"],
            ["insurance", "enroll", placement, "--policy", "INS-\(tag)", "--insurer", "中国人保", "--cover", "liability,accident",
             "--from", "2025-09-01", "--to", "2026-02-28", "--paid-by", "school", "--as", "school:\(school)"],
            ["placement", "start", placement, "--on", "2025-09-01", "--as", "school:\(school)"],
        ]
        let monthNames = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
        let paidOn = ["2025-10-10", "2025-11-10", "2025-12-10", "2026-01-10", "2026-02-10", "2026-03-10"]
        for m in 0..<min(months, 6) {
            commands.append(["stipend", "confirm", placement, "--month", monthNames[m], "--amount", "3000",
                             "--paid-on", paidOn[m], "--as", "enterprise:\(enterprise)"])
        }
        return commands.enumerated().map { CLICommand(id: "t-\(tag)-\($0.offset)", arguments: $0.element) }
    }

    /// A CSV file of `count` new students, written to `path`; the command imports it as school S01.
    static func studentImport(_ tag: String, count: Int, path: String) -> CLICommand {
        var lines = ["id,name,major,birth,enrolled"]
        let ids = (0..<count).map { "IM-\(tag)-\($0)" }
        for id in ids { lines.append("\(id),学生 \(id),机电一体化,2005-06-01,2023-09-01") }
        Files.write(path, Array((lines.joined(separator: "\n") + "\n").utf8))
        var command = CLICommand(id: "imp-\(tag)", arguments: ["import", "students", path, "--as", "school:S01"])
        command.importedStudents = ids
        return command
    }
}
