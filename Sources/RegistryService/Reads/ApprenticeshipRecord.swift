import ReadModel
import EventStore
import RegistryDomain

/// Everything the registry holds about one apprenticeship, for `show apprenticeship` and the API.
public struct ApprenticeshipRecord: Codable, Sendable, Equatable {
    /// One payment of the training subsidy ledger.
    public struct Payment: Codable, Sendable, Equatable {
        /// `advance`, `settlement` or `clawback`.
        public var kind: String
        /// Yuan.
        public var amount: String
        public var on: CalendarDate
        public var recorded: RecordedChange
    }

    public var id: String
    public var student: String
    public var school: String
    public var enterprise: String
    /// `modern` or `enterprise`.
    public var scheme: String
    public var level: String
    public var start: CalendarDate
    public var end: CalendarDate
    public var laborContract: String
    public var contractEnd: CalendarDate
    public var schoolTutor: String
    public var mentor: String
    /// `contracted`, `completed` or `terminated`.
    public var status: String
    @Nullable public var endedOn: CalendarDate?
    @Nullable public var certificate: String?
    @Nullable public var terminationReason: String?
    /// Totals of the ledger, yuan.
    public var advanced: String
    public var settled: String
    public var clawedBack: String
    public var ledger: [Payment]
    public var statusHistory: [StatusChange]
    public var registered: RecordedChange

    /// Folds an apprenticeship stream (its events with their envelopes, in log order).
    /// - Returns: `nil` when the events hold no contract.
    public static func make(_ events: [(envelope: EventEnvelope, event: RegistryEvent)]) -> ApprenticeshipRecord? {
        var state: ApprenticeshipState?
        var registered: RecordedChange?
        var ledger: [Payment] = []
        var history: [StatusChange] = []
        for (envelope, event) in events {
            let isNew = state == nil
            ApprenticeshipState.fold(&state, event)
            let change = RecordedChange(envelope)
            switch event {
            case .apprenticeshipContracted(let e) where isNew:
                registered = change
                history.append(StatusChange(status: "contracted", on: e.start, reason: nil, recorded: change))
            case .apprenticeshipCompleted(let e): history.append(StatusChange(status: "completed", on: e.on, reason: nil, recorded: change))
            case .apprenticeshipTerminated(let e):
                history.append(StatusChange(status: "terminated", on: e.on, reason: e.reason, recorded: change))
            case .subsidyAdvanced(let e): ledger.append(Payment(kind: "advance", amount: e.amount.yuan, on: e.on, recorded: change))
            case .subsidySettled(let e): ledger.append(Payment(kind: "settlement", amount: e.amount.yuan, on: e.on, recorded: change))
            case .subsidyClawedBack(let e): ledger.append(Payment(kind: "clawback", amount: e.amount.yuan, on: e.on, recorded: change))
            default: break
            }
        }
        guard let a = state, let registered else { return nil }
        let c = a.contract
        return ApprenticeshipRecord(
            id: c.id, student: c.student, school: c.school, enterprise: c.enterprise, scheme: c.scheme.rawValue,
            level: c.level.rawValue, start: c.start, end: c.end, laborContract: c.laborContract, contractEnd: c.contractEnd,
            schoolTutor: c.schoolTutor, mentor: c.mentor, status: a.status.rawValue, endedOn: a.endedOn, certificate: a.certificate,
            terminationReason: a.terminationReason, advanced: a.advanced.yuan, settled: a.settled.yuan, clawedBack: a.clawedBack.yuan,
            ledger: ledger, statusHistory: history, registered: registered)
    }
}
