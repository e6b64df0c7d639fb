import Foundation
import RegistryDomain
import RegistryService

/// The `corrected` field of `show` for one stream: one entry per correction, each saying when
/// the log recorded it, who made it, what changed from what to what, and why —
/// `2026-03-02T08:00:00Z school:S01: name 王方 → 王芳 (reason: 学籍系统导出有误)`, entries separated
/// by `; `. A record never corrected has no such field, so its `show` reads as it always did.
/// - Parameters:
///   - registry: The open registry.
///   - stream: The record's stream, such as `student-2023001`.
///   - inv: The invocation, for `--until`.
func correctionField(_ registry: Registry, stream: String, _ inv: Invocation,
                     _ out: Output) throws -> [(key: String, en: String, zh: String, value: String)] {
    let through = try inv.untilPosition(registry)
    let entries = try registry.events(of: stream, through: through).compactMap { envelope, event -> String? in
        let changes: [String]
        let reason: String
        switch event {
        case .studentCorrected(let e):
            changes = [e.name.map { out.t("name", "姓名") + " " + (e.previousName ?? "-") + " → " + $0 },
                       e.birth.map { out.t("born", "出生日期") + " " + (e.previousBirth?.description ?? "-") + " → " + $0.description }]
                .compactMap { $0 }
            reason = e.reason
        case .enterpriseCorrected(let e):
            changes = [out.t("name", "名称") + " " + e.previousName + " → " + e.name]
            reason = e.reason
        case .placementCorrected(let e):
            changes = [e.post.map { out.t("post", "岗位") + " " + (e.previousPost ?? "-") + " → " + $0 },
                       e.agreement.map { out.t("agreement", "三方协议") + " " + (e.previousAgreement ?? "-") + " → " + $0 }]
                .compactMap { $0 }
            reason = e.reason
        default:
            return nil
        }
        return Timestamp.format(envelope.recordedAt) + " " + envelope.actor + ": " + changes.joined(separator: ", ")
            + out.t(" (reason: \(reason))", "（原因：\(reason)）")
    }
    return entries.isEmpty ? [] : [("corrections", "corrected", "更正", entries.joined(separator: "; "))]
}
