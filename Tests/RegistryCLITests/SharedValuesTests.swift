import Foundation
import Testing

/// One parser for every value (issue 13): the command line and the CSV import accept exactly the
/// same dates, amounts and kind names, and refuse the same, run here through both paths.
@Suite("The command line and the import parse values alike")
struct SharedValuesTests {
    struct Case: CustomStringConvertible, Sendable {
        /// `start`, `stipend` or `kind`.
        let field: String
        let value: String
        let accepted: Bool
        var description: String { "\(field) '\(value)' \(accepted ? "accepted" : "refused")" }

        /// What the refusal says, on either path.
        var refusal: String {
            switch field {
            case "start": "is not a calendar date"
            case "stipend": "is not an amount in yuan"
            default: "is not one of observation"
            }
        }
    }

    static let cases: [Case] = [
        ("start", ["2025-09-01", "2025/9/1", "2025年9月1日", "2025-9-1", "2025/09/01", "2025.9.1", " 2025-09-01 "],
         ["2025-02-30", "2025/9/1/", "2025年9月1", "01/09/2025", "2025-09", "tomorrow", "2025/9-1", "２０２５-09-01", "25-9-1", ""]),
        ("stipend", ["3400", "3,400", "3400.50", "¥3400", "￥3400", "3400元", "¥3,400.50", "0", "1,234,567.5"],
         ["-5", "3400.505", "3,40", "¥3400元", "3 400", "三千", ".5", "3400.", "¥", "$3400", "3400 yuan", "34,00"]),
        ("kind", ["post", "岗位实习", "顶岗实习", "跟岗实习", "observation", "认识实习", "Post", "OBSERVATION"],
         ["internship", "实习", "apprentice", "post internship"]),
    ].flatMap { field, accepted, refused in
        accepted.map { Case(field: field, value: $0, accepted: true) } + refused.map { Case(field: field, value: $0, accepted: false) }
    }

    static func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    @Test func theCommandLineAndTheImportAcceptAndRefuseTheSameValues() throws {
        let cli = try Scenario.make("shared-values", InputBoundaryTests.setup + [
            ["enterprise", "workforce", "E01", "--headcount", "1000", "--as-of", "2020-01-01", "--as", "enterprise:E01"],
            ["student", "enroll", "2023001", "--name", "N", "--major", "M", "--birth", "2005-01-01", "--enrolled", "2023-09-01",
             "--as", "school:S01"],
        ])
        var rows = ["id,student,enterprise,kind,start,end,stipend"]
        for (i, c) in Self.cases.enumerated() {
            var values = ["kind": "observation", "start": "2025-09-01", "stipend": "100"]
            values[c.field] = c.value
            let result = try cli.run(["placement", "register", "C-\(i)", "--student", "2023001", "--enterprise", "E01",
                                      "--kind", values["kind"]!, "--start", values["start"]!, "--end", "2025-10-31",
                                      "--stipend", values["stipend"]!, "--as", "school:S01"])
            let refusedOnTheCommandLine = result.status == 2 && result.stderr.contains(c.refusal)
            #expect(refusedOnTheCommandLine == !c.accepted, "command line: \(c)\n\(result)")
            rows.append(["I-\(i)", "2023001", "E01", values["kind"]!, values["start"]!, "2025-10-31", values["stipend"]!]
                .map(Self.quoted).joined(separator: ","))
        }
        let file = cli.write("values.csv", Data((rows.joined(separator: "\n") + "\n").utf8))
        let report = try cli.run(["import", "placements", file, "--as", "school:S01", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any], "\(report)")
        let rejected = try #require(json["rejected"] as? [[String: Any]])
        for (i, c) in Self.cases.enumerated() {
            let row = rejected.first { $0["line"] as? Int == i + 2 }
            let refusedInTheImport = row.map { $0["rule"] as? String == "input" && (($0["message"] as? String ?? "").contains(c.refusal)
                                                                       || c.value.isEmpty && $0["message"] as? String == "\(c.field) is empty.") } ?? false
            #expect(refusedInTheImport == !c.accepted, "import: \(c)\n\(row.map { "\($0)" } ?? "imported")")
        }
    }
}
