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
///
/// Since issue 12 it also carries the local figures the bureau adopted with the profile (`overrides`,
/// always written, possibly empty), already applied to `policy`. An event written before (no
/// `overrides` key) carries the whole profile as the registry then read the documents, with other
/// jurisdictions' figures in it (Huyi's quota target, Sanmenxia's subsidies, in every profile); no
/// bureau could set a figure then, so such an event means "the named profile" and is read as that
/// profile states it today.
public struct PolicyAdopted: Codable, Equatable, Sendable {
    /// The first day the policy is in force.
    public var from: CalendarDate
    /// The full policy, overrides applied.
    public var policy: Policy
    /// The local figures adopted with the profile, each with its source.
    public var overrides: [ParameterOverride]

    /// Creates the payload; `policy` must already have `overrides` applied.
    public init(from: CalendarDate, policy: Policy, overrides: [ParameterOverride] = []) {
        self.from = from
        self.policy = policy
        self.overrides = overrides
    }

    private enum CodingKeys: String, CodingKey { case from, policy, overrides }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(CalendarDate.self, forKey: .from)
        let stored = try container.decode(Policy.self, forKey: .policy)
        if let overrides = try container.decodeIfPresent([ParameterOverride].self, forKey: .overrides) {
            self.overrides = overrides
            policy = stored
        } else {
            overrides = []
            policy = PolicyProfiles.named(stored.profile) ?? stored
        }
    }

    /// The payload `init(from:)` decodes from `from`, the stored policy and the stored overrides (nil
    /// when the payload has none: written before overrides were recorded, its policy is the profile's
    /// as this version states it); nil wherever `init(from:)` would throw. For a decoder that reads the
    /// log's JSON without `JSONDecoder` (see `Policy.stored`).
    public static func stored(from: CalendarDate, policy: Policy, overrides: [(name: String, value: String, source: String)]?) -> PolicyAdopted? {
        guard let overrides else { return PolicyAdopted(from: from, policy: PolicyProfiles.named(policy.profile) ?? policy) }
        var parsed: [ParameterOverride] = []
        for override in overrides {
            guard let read = ParameterOverride(name: override.name, text: override.value, source: override.source) else { return nil }
            parsed.append(read)
        }
        return PolicyAdopted(from: from, policy: policy, overrides: parsed)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(policy, forKey: .policy)
        try container.encode(overrides, forKey: .overrides)
    }
}
