import Messages
import Foundation
import RegistryDomain
import RegistryService

/// The `corrected` field of `show` for one stream: one entry per correction, each saying when
/// the log recorded it, who made it, what changed from what to what, and why —
/// `2026-03-02T08:00:00Z school:S01: name 王方 → 王芳 (reason: 学籍系统导出有误)`, entries separated
/// by `; `. A record never corrected has no such field, so its `show` reads as it always did.
/// The facts come from `CorrectionEntry`, the same list `show --format json` prints.
/// - Parameters:
///   - registry: The open registry.
///   - stream: The record's stream, such as `student-2023001`.
///   - inv: The invocation, for `--until`.
func correctionField(_ registry: Registry, stream: String, _ inv: Invocation,
                     _ out: Output) throws -> [(key: String, en: String, zh: String, value: String)] {
    let through = try inv.untilPosition(registry)
    let entries = CorrectionEntry.list(try registry.events(of: stream, through: through))
    // One line per correction event; a correction of two fields is two entries at one position.
    var lines: [String] = []
    var index = entries.startIndex
    while index < entries.endIndex {
        let first = entries[index]
        let same = entries[index...].prefix { $0.position == first.position }
        index += same.count
        let changes = same.map { entry in
            correctionFieldLabel(entry.field, stream: stream, out) + " "
                + correctionValue(entry.field, entry.oldValue, out) + " → " + correctionValue(entry.field, entry.newValue, out)
        }
        lines.append(first.recordedAt + " " + first.actor + ": " + changes.joined(separator: ", ")
                     + out.t(" (reason: \(first.reason))", "（原因：\(first.reason)）"))
    }
    return lines.isEmpty ? [] : [("corrections", "corrected", "更正", lines.joined(separator: "; "))]
}

/// The name of a corrected field in the reader's language.
private func correctionFieldLabel(_ field: String, stream: String, _ out: Output) -> String {
    switch field {
    case "name": stream.hasPrefix("enterprise-") ? out.t("name", "名称") : out.t("name", "姓名")
    case "birth": out.t("born", "出生日期")
    case "post": out.t("post", "岗位")
    case "agreement": out.t("agreement", "三方协议")
    case "course": out.t("course", "课程类别")
    default: field
    }
}

/// A corrected value as a person reads it: `-` for none, a course in the reader's language.
private func correctionValue(_ field: String, _ value: String?, _ out: Output) -> String {
    guard let value else { return "-" }
    if field == "course", let course = TeacherCourse(rawValue: value) { return DisplayValues.course(course.rawValue, out) }
    return value
}
