/// The registry was set up for a jurisdiction.
public struct RegistryInitialized: Codable, Equatable, Sendable {
    /// The jurisdiction's name.
    public var jurisdiction: String
    /// The business date of initialisation.
    public var on: CalendarDate

    /// Creates the payload.
    public init(jurisdiction: String, on: CalendarDate) {
        self.jurisdiction = jurisdiction
        self.on = on
    }
}

/// A policy came into force; it carries every parameter value so replays never depend on today's code.
public struct PolicyAdopted: Codable, Equatable, Sendable {
    /// The first day the policy is in force.
    public var from: CalendarDate
    /// The full policy.
    public var policy: Policy

    /// Creates the payload.
    public init(from: CalendarDate, policy: Policy) {
        self.from = from
        self.policy = policy
    }
}
