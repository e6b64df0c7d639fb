/// A school registered an internship placement.
public struct PlacementRegistered: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var id: String
    /// The student's ID.
    public var student: String
    /// The student's school, which manages the placement.
    public var school: String
    /// The host enterprise's ID.
    public var enterprise: String
    /// Observation or post internship.
    public var kind: PlacementKind
    /// Planned first day.
    public var start: CalendarDate
    /// Planned last day.
    public var end: CalendarDate
    /// Agreed monthly stipend.
    public var stipend: Money
    /// The post, for Quota_03 and Pay_01.
    public var post: String?
    /// Reference of the tripartite agreement (Agreement_01).
    public var agreement: String?
    /// Whether the post matches the student's major (专业对口, Quota_01).
    public var majorRelevant: Bool

    /// Creates the payload.
    public init(id: String, student: String, school: String, enterprise: String, kind: PlacementKind, start: CalendarDate, end: CalendarDate, stipend: Money, post: String? = nil, agreement: String? = nil, majorRelevant: Bool) {
        self.id = id
        self.student = student
        self.school = school
        self.enterprise = enterprise
        self.kind = kind
        self.start = start
        self.end = end
        self.stipend = stipend
        self.post = post
        self.agreement = agreement
        self.majorRelevant = majorRelevant
    }
}

/// An insurance policy was taken out for a placement.
public struct InsuranceEnrolled: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var placement: String
    /// The insurer's policy number.
    public var policyNumber: String
    /// The insurer.
    public var insurer: String
    /// The covers the policy provides, sorted.
    public var covers: [Cover]
    /// First insured day.
    public var from: CalendarDate
    /// Last insured day.
    public var to: CalendarDate
    /// Who pays the premium: school or enterprise, never the student.
    public var paidBy: PremiumPayer

    /// Creates the payload.
    public init(placement: String, policyNumber: String, insurer: String, covers: [Cover], from: CalendarDate, to: CalendarDate, paidBy: PremiumPayer) {
        self.placement = placement
        self.policyNumber = policyNumber
        self.insurer = insurer
        self.covers = covers
        self.from = from
        self.to = to
        self.paidBy = paidBy
    }
}

/// An insurance policy was cancelled; it no longer covers `on` and later days.
public struct InsuranceCancelled: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var placement: String
    /// The policy number.
    public var policyNumber: String
    /// The first day no longer covered.
    public var on: CalendarDate

    /// Creates the payload.
    public init(placement: String, policyNumber: String, on: CalendarDate) {
        self.placement = placement
        self.policyNumber = policyNumber
        self.on = on
    }
}

/// A placement started.
public struct PlacementStarted: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var placement: String
    /// The actual first day.
    public var on: CalendarDate
    /// The tripartite agreement reference, when it is recorded at the start rather than at registration.
    /// Optional and omitted from the payload when absent, so older events decode unchanged.
    public var agreement: String?

    /// Creates the payload.
    public init(placement: String, on: CalendarDate, agreement: String? = nil) {
        self.placement = placement
        self.on = on
        self.agreement = agreement
    }
}

/// A placement's planned end moved later.
public struct PlacementExtended: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var placement: String
    /// The new planned last day.
    public var to: CalendarDate
    /// The day the extension was agreed (`--on`); nil in events written before it was recorded.
    public var on: CalendarDate?

    /// Creates the payload.
    public init(placement: String, to: CalendarDate, on: CalendarDate? = nil) {
        self.placement = placement
        self.to = to
        self.on = on
    }
}

/// The enterprise confirmed a month's stipend; a correction replaces the month's earlier confirmation.
public struct StipendConfirmed: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var placement: String
    /// The month paid for.
    public var month: YearMonth
    /// The total paid for the month.
    public var amount: Money
    /// The date of payment.
    public var paidOn: CalendarDate
    /// Whether this replaces an earlier confirmation of the month.
    public var correction: Bool

    /// Creates the payload.
    public init(placement: String, month: YearMonth, amount: Money, paidOn: CalendarDate, correction: Bool) {
        self.placement = placement
        self.month = month
        self.amount = amount
        self.paidOn = paidOn
        self.correction = correction
    }
}

/// A placement was completed.
public struct PlacementCompleted: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var placement: String
    /// The last day of the internship.
    public var on: CalendarDate

    /// Creates the payload.
    public init(placement: String, on: CalendarDate) {
        self.placement = placement
        self.on = on
    }
}

/// A placement was terminated early.
public struct PlacementTerminated: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var placement: String
    /// The last day of the internship.
    public var on: CalendarDate
    /// Why.
    public var reason: String

    /// Creates the payload.
    public init(placement: String, on: CalendarDate, reason: String) {
        self.placement = placement
        self.on = on
        self.reason = reason
    }
}
