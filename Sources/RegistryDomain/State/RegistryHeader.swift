/// The registry stream folded: the jurisdiction and the policies adopted over time.
public struct RegistryHeader: StreamFolded, Equatable, Sendable {
    /// The jurisdiction's name.
    public var jurisdiction: String
    /// The business date of initialisation.
    public var initializedOn: CalendarDate
    /// Policies by effective date, ascending; a later adoption with the same date replaces an earlier one.
    public var adoptions: [PolicyAdopted]

    /// Creates a header.
    public init(jurisdiction: String, initializedOn: CalendarDate, adoptions: [PolicyAdopted] = []) {
        self.jurisdiction = jurisdiction
        self.initializedOn = initializedOn
        self.adoptions = adoptions
    }

    /// The policy in force on `date`: the latest adopted with `from <= date`, or `national` if none.
    public func policy(on date: CalendarDate) -> Policy {
        adoptions.last(where: { $0.from <= date })?.policy ?? PolicyProfiles.national
    }

    /// The most recently effective adoption, if any.
    public var latestAdoption: PolicyAdopted? { adoptions.last }

    /// Folds one event of the `registry` stream into `state` where it is (`StreamFolded`).
    public static func fold(_ state: inout RegistryHeader?, _ event: RegistryEvent) {
        switch event {
        case .registryInitialized(let e):
            if state == nil { state = RegistryHeader(jurisdiction: e.jurisdiction, initializedOn: e.on) }
        case .policyAdopted(let e):
            state?.adopt(e)
        default:
            break
        }
    }

    /// Puts an adoption in order of its first day, replacing one from the same day.
    private mutating func adopt(_ e: PolicyAdopted) {
        adoptions.removeAll { $0.from == e.from }
        let index = adoptions.firstIndex { $0.from > e.from } ?? adoptions.endIndex
        adoptions.insert(e, at: index)
    }
}
