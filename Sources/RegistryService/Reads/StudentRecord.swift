import ReadModel
import EventStore
import RegistryDomain

/// Everything the registry holds about one student, for `show student` and the API.
public struct StudentRecord: Codable, Sendable, Equatable {
    /// A hire recorded for the student.
    public struct Hire: Codable, Sendable, Equatable {
        public var enterprise: String
        public var on: CalendarDate
        public var recorded: RecordedChange
    }

    public var id: String
    public var school: String
    /// The name; once the personal data is erased, the pseudonym; empty when its key is missing.
    public var name: String
    public var major: String
    /// The date of birth; null once erased or when its key is missing.
    @Nullable public var birth: CalendarDate?
    /// `available`, `erased` (name is the pseudonym) or `unavailable` (the key store is missing).
    public var personalData: PersonalDataStatus
    public var enrolled: CalendarDate
    /// `enrolled` while the student holds student status, otherwise the reason it ended (`graduated`, …).
    public var status: String
    @Nullable public var statusEndedOn: CalendarDate?
    public var hires: [Hire]
    public var statusHistory: [StatusChange]
    /// The enrolment's log entry.
    public var registered: RecordedChange
    /// The corrections made to the record, one entry per corrected field, in log order.
    public var corrections: [CorrectionEntry]

    /// Folds a student stream (its events with their envelopes, in log order).
    /// - Returns: `nil` when the events hold no enrolment.
    public static func make(_ events: [(envelope: EventEnvelope, event: RegistryEvent)]) -> StudentRecord? {
        var state: StudentState?
        var registered: RecordedChange?
        var hires: [Hire] = []
        var history: [StatusChange] = []
        for (envelope, event) in events {
            let isNew = state == nil
            StudentState.fold(&state, event)
            let change = RecordedChange(envelope)
            switch event {
            case .studentEnrolled(let e) where isNew:
                registered = change
                history.append(StatusChange(status: "enrolled", on: e.enrolled, reason: nil, recorded: change))
            case .studentStatusEnded(let e):
                history.append(StatusChange(status: e.reason.rawValue, on: e.on, reason: e.reason.rawValue, recorded: change))
            case .studentHired(let e): hires.append(Hire(enterprise: e.enterprise, on: e.on, recorded: change))
            default: break
            }
        }
        guard let s = state, let registered else { return nil }
        let isAvailable = s.personalData == .available
        return StudentRecord(id: s.id, school: s.school, name: s.personalData == .erased ? s.pseudonym ?? "" : s.name, major: s.major,
                             birth: isAvailable ? s.birth : nil, personalData: s.personalData, enrolled: s.enrolled,
                             status: s.statusEnded?.reason.rawValue ?? "enrolled", statusEndedOn: s.statusEnded?.on,
                             hires: hires, statusHistory: history, registered: registered,
                             corrections: CorrectionEntry.list(events))
    }
}
