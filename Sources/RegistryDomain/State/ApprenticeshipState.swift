/// The lifecycle status of an apprenticeship.
public enum ApprenticeshipStatus: String, Codable, Sendable {
    /// Contracted and running.
    case contracted
    /// Completed with a certificate.
    case completed
    /// Ended without completion.
    case terminated
}

/// An apprenticeship, folded from its `apprenticeship-<ID>` stream.
public struct ApprenticeshipState: StreamFolded, Equatable, Sendable {
    /// The contract as registered.
    public var contract: ApprenticeshipContracted
    /// The lifecycle status.
    public var status: ApprenticeshipStatus
    /// The completion or termination date.
    public var endedOn: CalendarDate?
    /// The certificate number, once completed.
    public var certificate: String?
    /// Why it was terminated, if it was.
    public var terminationReason: String?
    /// Total subsidy advanced.
    public var advanced: Money
    /// Total subsidy settled after completion.
    public var settled: Money
    /// Total advance recovered.
    public var clawedBack: Money
    /// The latest wage confirmation of each month (a correction replaces the earlier one).
    public var wages: [YearMonth: ApprenticeWageConfirmed] = [:]

    /// Creates the state of a freshly contracted apprenticeship.
    public init(_ contract: ApprenticeshipContracted) {
        self.contract = contract
        self.status = .contracted
        self.endedOn = nil
        self.certificate = nil
        self.terminationReason = nil
        self.advanced = .zero
        self.settled = .zero
        self.clawedBack = .zero
    }

    /// The apprenticeship's ID.
    public var id: String { contract.id }
    /// The student.
    public var student: String { contract.student }
    /// The school.
    public var school: String { contract.school }
    /// The enterprise.
    public var enterprise: String { contract.enterprise }
    /// The training term.
    public var term: ClosedRange<CalendarDate> { contract.start...max(contract.start, contract.end) }

    /// Whole calendar months of the training term: the largest `n` with `start + n months − 1 day <= end`.
    public var termMonths: Int { Self.wholeMonths(from: contract.start, through: contract.end) }

    /// Advance not yet recovered.
    public var outstandingAdvance: Money { advanced - clawedBack }

    /// Subsidy paid and kept so far: advances less recoveries, plus settlements.
    public var netPaid: Money { advanced - clawedBack + settled }

    /// Whether the apprenticeship is running on `date` (its completion or termination date included).
    public func isActive(on date: CalendarDate) -> Bool {
        contract.start <= date && (endedOn.map { date <= $0 } ?? true)
    }

    /// Whole calendar months from `start` through `end`.
    public static func wholeMonths(from start: CalendarDate, through end: CalendarDate) -> Int {
        guard end >= start else { return 0 }
        var months = (end.year - start.year) * 12 + (end.month - start.month) + 1
        while months > 0 && start.endOfTerm(months: months) > end { months -= 1 }
        return months
    }

    /// Folds one event of the apprenticeship's stream into `state` where it is (`StreamFolded`).
    public static func fold(_ state: inout ApprenticeshipState?, _ event: RegistryEvent) {
        if case .apprenticeshipContracted(let e) = event {
            if state == nil { state = ApprenticeshipState(e) }
        } else {
            state?.apply(event)
        }
    }

    /// `fold` for an apprenticeship that exists: events of other apprenticeships leave it unchanged.
    private mutating func apply(_ event: RegistryEvent) {
        switch event {
        case .apprenticeshipCompleted(let e) where e.apprenticeship == id:
            status = .completed
            endedOn = e.on
            certificate = e.certificate
        case .apprenticeshipTerminated(let e) where e.apprenticeship == id:
            status = .terminated
            endedOn = e.on
            terminationReason = e.reason
        case .subsidyAdvanced(let e) where e.apprenticeship == id:
            advanced += e.amount
        case .subsidySettled(let e) where e.apprenticeship == id:
            settled += e.amount
        case .subsidyClawedBack(let e) where e.apprenticeship == id:
            clawedBack += e.amount
        case .apprenticeWageConfirmed(let e) where e.apprenticeship == id:
            wages[e.month] = e
        default:
            break
        }
    }
}
