import ReadModel
import EventStore
import RegistryDomain

/// One field a correction changed, for the `corrections` of every `show` record (student,
/// enterprise, placement, teacher): the field, the value it replaced and the new one, why, and
/// when and by whom the log recorded it. A correction of two fields is two entries with the same
/// position.
public struct CorrectionEntry: Codable, Sendable, Equatable {
    /// The field's machine name: `name`, `birth`, `post`, `agreement`, `course`.
    public var field: String
    /// The value replaced (dates ISO 8601); `null` when the record held none (a post never given).
    @Nullable public var oldValue: String?
    /// The corrected value.
    public var newValue: String
    /// Why, as the clerk wrote it.
    public var reason: String
    /// When the log recorded it, ISO 8601 UTC.
    public var recordedAt: String
    /// Who made it, `ROLE:ID`.
    public var actor: String
    /// The log position of the correction event.
    public var position: UInt64

    /// The entries of the correction events among `events`, in log order; other events give none.
    public static func list(_ events: [(envelope: EventEnvelope, event: RegistryEvent)]) -> [CorrectionEntry] {
        events.flatMap { envelope, event -> [CorrectionEntry] in
            let changes: [(String, String?, String)]
            let reason: String
            switch event {
            case .studentCorrected(let e):
                changes = [e.name.map { ("name", e.previousName, $0) },
                           e.birth.map { ("birth", e.previousBirth?.description, $0.description) }].compactMap { $0 }
                reason = e.reason
            case .enterpriseCorrected(let e):
                changes = [("name", e.previousName, e.name)]
                reason = e.reason
            case .placementCorrected(let e):
                changes = [e.post.map { ("post", e.previousPost, $0) },
                           e.agreement.map { ("agreement", e.previousAgreement, $0) }].compactMap { $0 }
                reason = e.reason
            case .teacherCorrected(let e):
                changes = [e.name.map { ("name", e.previousName, $0) },
                           e.course.map { ("course", e.previousCourse?.rawValue, $0.rawValue) }].compactMap { $0 }
                reason = e.reason
            default:
                return []
            }
            return changes.map { field, old, new in
                CorrectionEntry(field: field, oldValue: old, newValue: new, reason: reason,
                                recordedAt: Timestamp.format(envelope.recordedAt), actor: envelope.actor, position: envelope.position)
            }
        }
    }
}
