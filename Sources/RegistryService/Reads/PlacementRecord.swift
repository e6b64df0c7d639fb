import ReadModel
import EventStore
import RegistryDomain

/// Everything the registry holds about one placement, for `show placement` and the API.
public struct PlacementRecord: Codable, Sendable, Equatable {
    /// One insurance policy enrolled for the placement.
    public struct Policy: Codable, Sendable, Equatable {
        public var policy: String
        public var insurer: String
        /// `liability`, `accident`, … sorted.
        public var covers: [String]
        public var from: CalendarDate
        public var to: CalendarDate
        /// `school`, `enterprise`, `student`, …
        public var paidBy: String
        @Nullable public var cancelledOn: CalendarDate?
        /// The enrolment's log entry.
        public var recorded: RecordedChange
    }

    /// The stipend confirmation in force for a month (the last correction wins).
    public struct StipendMonth: Codable, Sendable, Equatable {
        public var month: YearMonth
        /// Yuan, e.g. `"3400.00"`.
        public var amount: String
        public var paidOn: CalendarDate
        /// How many later confirmations corrected the first.
        public var corrections: Int
        public var recorded: RecordedChange
    }

    /// One extension of the planned end.
    public struct Extension: Codable, Sendable, Equatable {
        /// The planned end before the extension.
        public var from: CalendarDate
        /// The new planned end.
        public var to: CalendarDate
        public var recorded: RecordedChange
    }

    public var id: String
    public var student: String
    public var school: String
    public var enterprise: String
    /// `observation` or `post`.
    public var kind: String
    public var plannedStart: CalendarDate
    /// The planned end after any extensions.
    public var plannedEnd: CalendarDate
    /// The monthly stipend agreed, yuan.
    public var stipend: String
    @Nullable public var post: String?
    @Nullable public var agreement: String?
    public var majorRelevant: Bool
    /// `registered`, `active`, `completed` or `terminated`.
    public var status: String
    @Nullable public var startedOn: CalendarDate?
    @Nullable public var endedOn: CalendarDate?
    @Nullable public var terminationReason: String?
    public var insurance: [Policy]
    public var stipendMonths: [StipendMonth]
    public var extensions: [Extension]
    public var statusHistory: [StatusChange]
    /// The registration's log entry.
    public var registered: RecordedChange
    /// The corrections made to the record, one entry per corrected field, in log order.
    public var corrections: [CorrectionEntry]

    /// Folds a placement stream (its events with their envelopes, in log order).
    /// - Returns: `nil` when the events hold no registration.
    public static func make(_ events: [(envelope: EventEnvelope, event: RegistryEvent)]) -> PlacementRecord? {
        var state: PlacementState?
        var registered: RecordedChange?
        var policies: [String: RecordedChange] = [:]
        var months: [YearMonth: RecordedChange] = [:]
        var extensions: [Extension] = []
        var history: [StatusChange] = []
        for (envelope, event) in events {
            let isNew = state == nil, plannedEnd = state?.plannedEnd
            PlacementState.fold(&state, event)
            let change = RecordedChange(envelope)
            switch event {
            case .placementRegistered(let e) where isNew:
                registered = change
                history.append(StatusChange(status: "registered", on: e.start, reason: nil, recorded: change))
            case .insuranceEnrolled(let e): policies[e.policyNumber] = change
            case .stipendConfirmed(let e): months[e.month] = change
            case .placementExtended(let e):
                if let plannedEnd { extensions.append(Extension(from: plannedEnd, to: e.to, recorded: change)) }
            case .placementStarted(let e): history.append(StatusChange(status: "active", on: e.on, reason: nil, recorded: change))
            case .placementCompleted(let e): history.append(StatusChange(status: "completed", on: e.on, reason: nil, recorded: change))
            case .placementTerminated(let e):
                history.append(StatusChange(status: "terminated", on: e.on, reason: e.reason, recorded: change))
            default: break
            }
        }
        guard let p = state, let registered else { return nil }
        let corrections = Dictionary(grouping: p.stipendHistory, by: \.month).mapValues { $0.count - 1 }
        return PlacementRecord(
            id: p.id, student: p.student, school: p.school, enterprise: p.enterprise, kind: p.kind.rawValue,
            plannedStart: p.plannedStart, plannedEnd: p.plannedEnd, stipend: p.stipend.yuan, post: p.post, agreement: p.agreement,
            majorRelevant: p.majorRelevant, status: p.status.rawValue, startedOn: p.startedOn, endedOn: p.endedOn,
            terminationReason: p.terminationReason,
            insurance: p.insurance.map { i in
                Policy(policy: i.policyNumber, insurer: i.insurer, covers: i.covers.sorted().map(\.rawValue), from: i.from, to: i.to,
                       paidBy: i.paidBy.rawValue, cancelledOn: i.cancelledOn, recorded: policies[i.policyNumber] ?? registered)
            },
            stipendMonths: p.stipends.keys.sorted().compactMap { month in
                p.stipends[month].map { s in
                    StipendMonth(month: month, amount: s.amount.yuan, paidOn: s.paidOn, corrections: corrections[month] ?? 0,
                                 recorded: months[month] ?? registered)
                }
            },
            extensions: extensions, statusHistory: history, registered: registered,
            corrections: CorrectionEntry.list(events))
    }
}
