/// The lifecycle status of a placement.
public enum PlacementStatus: String, Codable, Sendable {
    /// Registered, not yet started.
    case registered
    /// Started and not yet completed or terminated.
    case active
    /// Completed.
    case completed
    /// Terminated early.
    case terminated
}

/// A placement, folded from its `placement-<ID>` stream.
public struct PlacementState: StreamFolded, Equatable, Sendable {
    /// The placement's ID.
    public var id: String
    /// The student.
    public var student: String
    /// The student's school, which manages the placement.
    public var school: String
    /// The host enterprise.
    public var enterprise: String
    /// Observation or post internship.
    public var kind: PlacementKind
    /// Planned first day.
    public var plannedStart: CalendarDate
    /// Planned last day, after any extensions.
    public var plannedEnd: CalendarDate
    /// Agreed monthly stipend.
    public var stipend: Money
    /// The post, if given.
    public var post: String?
    /// The tripartite agreement reference, if given.
    public var agreement: String?
    /// Whether the post matches the student's major.
    public var majorRelevant: Bool
    /// The lifecycle status.
    public var status: PlacementStatus
    /// The actual first day, once started.
    public var startedOn: CalendarDate?
    /// The last day, once completed or terminated.
    public var endedOn: CalendarDate?
    /// Why it was terminated, if it was.
    public var terminationReason: String?
    /// Insurance policies in enrolment order.
    public var insurance: [InsuranceRecord]
    /// The stipend confirmation in force for each month (the last correction wins).
    public var stipends: [YearMonth: StipendConfirmed]
    /// Every stipend confirmation, corrections included, in log order.
    public var stipendHistory: [StipendConfirmed]

    /// Creates the state of a freshly registered placement.
    public init(_ event: PlacementRegistered) {
        self.id = event.id
        self.student = event.student
        self.school = event.school
        self.enterprise = event.enterprise
        self.kind = event.kind
        self.plannedStart = event.start
        self.plannedEnd = event.end
        self.stipend = event.stipend
        self.post = event.post
        self.agreement = event.agreement
        self.majorRelevant = event.majorRelevant
        self.status = .registered
        self.startedOn = nil
        self.endedOn = nil
        self.terminationReason = nil
        self.insurance = []
        self.stipends = [:]
        self.stipendHistory = []
    }

    /// Whether the placement has completed or been terminated.
    public var hasEnded: Bool { status == .completed || status == .terminated }

    /// The days actually interned so far as the log knows: from the actual start to the completion
    /// or termination date, or to the planned end while still running; `nil` before the start.
    public var actualTerm: ClosedRange<CalendarDate>? {
        guard let startedOn else { return nil }
        let last = endedOn.map { min($0, plannedEnd) } ?? plannedEnd
        return startedOn <= last ? startedOn...last : nil
    }

    /// Whether the intern is at the enterprise on `date`: started on or before it and not ended
    /// before it (the completion or termination date is the last day, included).
    public func isActive(on date: CalendarDate) -> Bool {
        actualTerm?.contains(date) ?? false
    }

    /// The days covered by a policy providing `cover`, merged and sorted.
    public func coverage(of cover: Cover) -> [ClosedRange<CalendarDate>] {
        Coverage.merged(insurance.filter { $0.provides(cover) }.compactMap(\.effectiveCoverage))
    }

    /// The first run of days of `term` not covered by `cover`, or `nil` if every day is covered.
    ///
    /// - Parameter excluding: A policy number to leave out, to ask whether the others suffice.
    public func firstUncovered(_ cover: Cover, in term: ClosedRange<CalendarDate>, excluding policyNumber: String? = nil) -> ClosedRange<CalendarDate>? {
        let ranges = insurance
            .filter { $0.provides(cover) && $0.policyNumber != policyNumber }
            .compactMap(\.effectiveCoverage)
        return Coverage.firstGap(in: term, coverage: ranges)
    }

    /// The policy with `policyNumber`, if enrolled.
    public func insurancePolicy(_ policyNumber: String) -> InsuranceRecord? {
        insurance.first { $0.policyNumber == policyNumber }
    }

    /// The stipend due for `month`: the agreed stipend, pro rata to the days of the actual term in
    /// the month (rounded up to whole fen), or zero if the month is outside the term.
    public func stipendDue(for month: YearMonth) -> Money {
        guard let term = actualTerm else { return .zero }
        let first = max(term.lowerBound, month.firstDay)
        let last = min(term.upperBound, month.lastDay)
        guard first <= last else { return .zero }
        let days = last.dayNumber - first.dayNumber + 1
        return stipend.fractionRoundedUp(days, of: month.days.dayCount)
    }

    /// Folds one event of the placement's stream into `state` where it is (`StreamFolded`).
    public static func fold(_ state: inout PlacementState?, _ event: RegistryEvent) {
        if case .placementRegistered(let e) = event {
            if state == nil { state = PlacementState(e) }
        } else {
            state?.apply(event)
        }
    }

    /// `fold` for a placement that exists: events of other placements leave it unchanged.
    private mutating func apply(_ event: RegistryEvent) {
        switch event {
        case .insuranceEnrolled(let e) where e.placement == id:
            insurance.append(InsuranceRecord(e))
        case .insuranceCancelled(let e) where e.placement == id:
            if let index = self.insurance.firstIndex(where: { $0.policyNumber == e.policyNumber }) {
                insurance[index].cancelledOn = e.on
            }
        case .placementStarted(let e) where e.placement == id:
            status = .active
            startedOn = e.on
            if let agreement = e.agreement { self.agreement = agreement }
        case .placementExtended(let e) where e.placement == id:
            plannedEnd = e.to
        case .stipendConfirmed(let e) where e.placement == id:
            stipends[e.month] = e
            stipendHistory.append(e)
        case .placementCompleted(let e) where e.placement == id:
            status = .completed
            endedOn = e.on
        case .placementTerminated(let e) where e.placement == id:
            status = .terminated
            endedOn = e.on
            terminationReason = e.reason
        case .placementCorrected(let e) where e.placement == id:
            if let post = e.post { self.post = post }
            if let agreement = e.agreement { self.agreement = agreement }
        default:
            break
        }
    }
}
