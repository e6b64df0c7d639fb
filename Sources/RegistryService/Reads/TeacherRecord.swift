import EventStore
import ReadModel
import RegistryDomain

/// Everything the registry holds about one teacher, for `show teacher` and the API.
public struct TeacherRecord: Codable, Sendable, Equatable {
    /// One period of enterprise practice (教师企业实践).
    public struct Practice: Codable, Sendable, Equatable {
        public var enterprise: String
        public var from: CalendarDate
        public var to: CalendarDate
        public var recorded: RecordedChange
    }

    public var id: String
    public var school: String
    public var name: String
    /// `professional` or `general`.
    public var course: String
    /// The first day at the school, when the school stated it.
    @Nullable public var since: CalendarDate?
    /// The date of the 双师型 recognition, if any.
    @Nullable public var qualifiedOn: CalendarDate?
    /// The recognition's document number, when given.
    @Nullable public var qualificationDocument: String?
    public var practice: [Practice]
    /// The registration's log entry.
    public var registered: RecordedChange
    /// The corrections made to the record, one entry per corrected field, in log order.
    public var corrections: [CorrectionEntry]

    /// Folds a teacher stream (its events with their envelopes, in log order).
    /// - Returns: `nil` when the events hold no registration.
    public static func make(_ events: [(envelope: EventEnvelope, event: RegistryEvent)]) -> TeacherRecord? {
        var state: TeacherState?
        var registered: RecordedChange?
        var practice: [Practice] = []
        for (envelope, event) in events {
            let isNew = state == nil
            TeacherState.fold(&state, event)
            switch event {
            case .teacherRegistered where isNew: registered = RecordedChange(envelope)
            case .teacherPracticed(let e):
                practice.append(Practice(enterprise: e.enterprise, from: e.from, to: e.to, recorded: RecordedChange(envelope)))
            default: break
            }
        }
        guard let t = state, let registered else { return nil }
        return TeacherRecord(id: t.id, school: t.school, name: t.registration.name, course: t.registration.course.rawValue,
                             since: t.registration.since, qualifiedOn: t.qualification?.on,
                             qualificationDocument: t.qualification?.document, practice: practice, registered: registered,
                             corrections: CorrectionEntry.list(events))
    }
}
