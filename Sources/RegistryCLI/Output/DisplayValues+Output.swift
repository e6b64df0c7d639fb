import Messages
import RegistryDomain

/// The shown values and sources as an output shows them: in a table or HTML page, in the reader's
/// language; in JSON and CSV, the machine value.
extension DisplayValues {
    /// `value` of the value kind `kind` (`kind`, `placementStatus`, `cover`, …) as the output shows it.
    static func shown(_ kind: String, _ value: String, _ out: Output) -> String {
        guard out.format == .table || out.format == .html else { return value }
        return MessageCatalogue.text("value.\(kind).\(value)", out.language) ?? value
    }

    static func course(_ value: String, _ out: Output) -> String { shown("course", value, out) }

    /// A list of covers, `liability,accident` / `实习责任保险、人身意外伤害保险`.
    static func covers(_ covers: [String], _ out: Output) -> String {
        guard out.format == .table || out.format == .html, out.language == .zh else { return covers.joined(separator: ",") }
        return covers.map { shown("cover", $0, out) }.joined(separator: "、")
    }

    /// A status, kind or level whose kind the caller does not track (a list's cell): the first
    /// kind of value that knows it.
    static func anyValue(_ value: String, _ out: Output) -> String {
        guard out.format == .table || out.format == .html else { return value }
        for kind in ["placementStatus", "studentStatus", "apprenticeshipStatus", "kind", "schoolLevel", "apprenticeLevel", "course"] {
            if let text = MessageCatalogue.text("value.\(kind).\(value)", out.language) { return text }
        }
        return value
    }

    /// An expected or found value of a finding: the words (`none`, `open`) read in the reader's
    /// language; figures and dates stay as they are.
    static func findingValue(_ value: String, _ out: Output) -> String {
        guard out.format == .table || out.format == .html else { return value }
        return word("finding", value, out.language)
    }
}

extension SourceText {
    /// `source` in the output's language (unchanged for JSON and CSV).
    static func shown(_ source: String, _ out: Output) -> String {
        guard out.format == .table || out.format == .html else { return source }
        return text(source, out.language)
    }
}
