import EventStore
import RegistryDomain

/// What `registry demo` prints: the district in figures and its audit on one date.
public struct DemoSummary: Equatable, Sendable {
    /// A number of records with one kind and status, such as post placements completed.
    public struct PlacementCount: Equatable, Sendable {
        public var kind: PlacementKind
        public var status: PlacementStatus
        public var count: Int
    }

    /// The findings of one rule on the summary date.
    public struct FindingCount: Equatable, Sendable {
        public var rule: RuleID
        public var severity: Severity
        public var source: String
        public var count: Int
    }

    /// The schools of one level.
    public struct SchoolCount: Equatable, Sendable {
        public var level: SchoolLevel
        public var count: Int
    }

    /// The apprenticeships with one status.
    public struct ApprenticeshipCount: Equatable, Sendable {
        public var status: ApprenticeshipStatus
        public var count: Int
    }

    /// A placement and its school.
    public struct PlacementRef: Equatable, Sendable {
        public var id: String
        public var school: String
    }

    /// The commands one rule rejected while the district was built.
    public struct RejectionCount: Equatable, Sendable {
        public var rule: RuleID
        public var count: Int
    }

    /// The jurisdiction, and the policy in force on the summary date with its effective date.
    public var jurisdiction = ""
    public var policy = ""
    public var policyFrom: CalendarDate?
    /// The date the summary judges.
    public var date: CalendarDate
    /// Schools by level, in `SchoolLevel` order, levels without schools left out.
    public var schoolsByLevel: [SchoolCount] = []
    public var enterprises = 0
    public var aboveScaleEnterprises = 0
    public var students = 0
    /// Students whose status ended with graduation (on any date in the log).
    public var graduated = 0
    /// Students hired by an enterprise (on any date in the log).
    public var hired = 0
    /// Placements by kind and status as the log ends, in kind then status order.
    public var placements: [PlacementCount] = []
    /// Placements active on the summary date.
    public var activeOnDate = 0
    /// Placements with at least one insurance policy enrolled.
    public var insuredPlacements = 0
    /// Stipend months confirmed, one per placement and month.
    public var confirmedStipendMonths = 0
    /// Apprenticeships by status as the log ends.
    public var apprenticeshipsByStatus: [ApprenticeshipCount] = []
    /// Subsidy_01: intern-months that earned the internship cost subsidy up to the summary date, and the sum.
    public var subsidizedInternMonths = 0
    public var internSubsidy = Money.zero
    /// The audit on the summary date, by rule in catalogue order.
    public var findings: [FindingCount] = []
    /// Events in the log and its head hash.
    public var events: UInt64 = 0
    public var headHash = ""
    /// A post placement to show, with its school, for the hint.
    public var samplePlacement: PlacementRef?
    /// Commands in the script, and those the rules rejected (nothing appended), by rule.
    public var commands = 0
    public var rejected: [RejectionCount] = []
    /// Events this build appended (0 when the log already held the district).
    public var appendedEvents = 0

    /// Every placement, of any kind and status.
    public var placementCount: Int { placements.reduce(0) { $0 + $1.count } }
    /// Every apprenticeship.
    public var apprenticeships: Int { apprenticeshipsByStatus.reduce(0) { $0 + $1.count } }
    /// Every finding.
    public var findingCount: Int { findings.reduce(0) { $0 + $1.count } }
    /// Every rejected command.
    public var rejectedCount: Int { rejected.reduce(0) { $0 + $1.count } }

    /// Summarises the whole log of `registry`, judged on `date`.
    /// - Throws: `EventStoreError` or `RegistryError` from reading the log.
    /// - Complexity: One fold of the log.
    public init(registry: Registry, on date: CalendarDate) throws {
        self.date = date
        let state = try registry.state()
        let head = registry.log.head
        events = head.position
        headHash = head.hash.hex
        if let header = state.header {
            jurisdiction = header.jurisdiction
            let adoption = header.adoptions.last { $0.from <= date } ?? header.adoptions.first
            policy = adoption?.policy.profile ?? ""
            policyFrom = adoption?.from
        }
        schoolsByLevel = SchoolLevel.allCases.compactMap { level in
            let count = state.schools.values.count { $0.level == level }
            return count > 0 ? SchoolCount(level: level, count: count) : nil
        }
        enterprises = state.enterprises.count
        aboveScaleEnterprises = state.enterprises.values.count(where: \.aboveScale)
        students = state.students.count
        graduated = state.students.values.count { $0.statusEnded?.reason == .graduated }
        hired = state.students.values.count { !$0.hires.isEmpty }
        let statuses: [PlacementStatus] = [.registered, .active, .completed, .terminated]
        for kind in [PlacementKind.post, .observation] {
            for status in statuses {
                let count = state.placements.values.count { $0.kind == kind && $0.status == status }
                if count > 0 { placements.append(PlacementCount(kind: kind, status: status, count: count)) }
            }
        }
        activeOnDate = state.placements.values.count { $0.isActive(on: date) }
        insuredPlacements = state.placements.values.count { !$0.insurance.isEmpty }
        confirmedStipendMonths = state.placements.values.reduce(0) { $0 + $1.stipends.count }
        apprenticeshipsByStatus = [ApprenticeshipStatus.contracted, .completed, .terminated].compactMap { status in
            let count = state.apprenticeships.values.count { $0.status == status }
            return count > 0 ? ApprenticeshipCount(status: status, count: count) : nil
        }
        let subsidies = Audit.internSubsidies(in: state, through: date)
        subsidizedInternMonths = subsidies.reduce(0) { $0 + $1.placements.count }
        internSubsidy = subsidies.reduce(Money.zero) { $0 + $1.amount }
        var byRule: [RuleID: Int] = [:]
        for finding in Audit.findings(in: state, on: date) { byRule[finding.ruleID, default: 0] += 1 }
        findings = byRule.keys.sorted().map { rule in
            FindingCount(rule: rule, severity: RuleCatalogue.severity(of: rule), source: RuleCatalogue.source(of: rule), count: byRule[rule] ?? 0)
        }
        // A post placement active on the date if there is one, else the first post placement.
        let posts = state.placements.values.filter { $0.kind == .post }
        samplePlacement = (posts.filter { $0.isActive(on: date) }.min { $0.id < $1.id } ?? posts.min { $0.id < $1.id })
            .map { PlacementRef(id: $0.id, school: $0.school) }
    }
}
