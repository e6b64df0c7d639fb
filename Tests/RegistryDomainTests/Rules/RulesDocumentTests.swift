import Foundation
import RegistryDomain
import Testing

/// RULES.md, beside the README, is the catalogue the code enforces: the same rule IDs, the same
/// parameters, the data-quality rules marked.
@Suite("RULES.md")
struct RulesDocumentTests {
    static let text: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("RULES.md"), encoding: .utf8)) ?? ""
    }()

    /// The rows of the catalogue table: ID → severity cell.
    static var rows: [String: String] {
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, cells[0].contains("_") else { continue }
            rows[cells[0]] = cells[1]
        }
        return rows
    }

    @Test func everyRuleHasARowWithItsSeverityAndNoRowIsUnknown() {
        let rows = Self.rows
        #expect(Set(rows.keys) == Set(RuleID.allCases.map(\.rawValue)))
        for rule in RuleCatalogue.all {
            let cell = rows[rule.id.rawValue] ?? ""
            #expect(cell.hasPrefix(rule.severity.rawValue), "\(rule.id): \(cell)")
            #expect(cell.contains("DQ") == rule.isDataQuality, "\(rule.id) is marked data-quality in one place only")
        }
    }

    @Test func everyParameterIsNamed() {
        for name in PolicyParameters.names {
            #expect(Self.text.contains("`\(name)"), "RULES.md does not name \(name)")
        }
    }
}
