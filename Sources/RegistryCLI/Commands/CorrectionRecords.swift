import Foundation
import RegistryDomain
import RegistryService

/// The corrections recorded in one stream, for `show`: one entry per correction, each saying
/// when the log recorded it, who made it, what changed from what to what, and why —
/// `2026-03-02T08:00:00Z school:S01: name 王方 → 王芳 (reason: 学籍系统导出有误)`; entries are
/// separated by `; `, and the field is `-` when the record was never corrected.
/// - Parameters:
///   - registry: The open registry.
///   - stream: The record's stream, such as `student-2023001`.
///   - through: The last log position `show` reads (`--until`).
func correctionSummary(_ registry: Registry, stream: String, through: UInt64, _ out: Output) throws -> String {
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
    return entries.isEmpty ? "-" : entries.joined(separator: "; ")
}
