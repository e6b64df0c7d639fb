import RegistryDomain
import Testing

/// Parses a test date; test literals are always valid dates.
func day(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> CalendarDate {
    guard let date = CalendarDate(text) else {
        Issue.record("invalid test date \(text)", sourceLocation: sourceLocation)
        return CalendarDate(dayNumber: 0)
    }
    return date
}

/// Parses a test month.
func month(_ text: String) -> YearMonth {
    guard let value = YearMonth(text) else {
        Issue.record("invalid test month \(text)")
        return YearMonth(containing: CalendarDate(dayNumber: 0))
    }
    return value
}

/// Whole yuan.
func yuan(_ amount: Int64) -> Money { Money(yuan: amount) }

enum Actors {
    static let bureau = Actor(role: .bureau, id: "EDU")
    static let school = Actor(role: .school, id: "S1")
    static let otherSchool = Actor(role: .school, id: "S2")
    static let enterprise = Actor(role: .enterprise, id: "E1")
    static let otherEnterprise = Actor(role: .enterprise, id: "E2")
    static let inspector = Actor(role: .inspector, id: "I1")
}

/// Given events, when a command, then events or a rejection.
struct Scenario {
    var events: [RegistryEvent] = []

    var state: RegistryState { RegistryState(events: events) }

    /// Adds given events.
    @discardableResult
    mutating func given(_ more: RegistryEvent...) -> Scenario {
        events += more
        return self
    }

    /// Adds given events.
    @discardableResult
    mutating func given(_ more: [RegistryEvent]) -> Scenario {
        events += more
        return self
    }

    /// Decides `command` against the given events.
    func when(_ command: RegistryCommand, by actor: Actor) throws(Rejection) -> [RegistryEvent] {
        try Decider.decide(command, by: actor, facts: state)
    }

    /// Decides `command` and, if accepted, appends its events (for building histories through the decider).
    mutating func run(_ command: RegistryCommand, by actor: Actor) throws(Rejection) {
        events += try when(command, by: actor)
    }

    /// The rejection of `command`, or `nil` if it was accepted.
    func rejection(_ command: RegistryCommand, by actor: Actor) -> Rejection? {
        do {
            _ = try when(command, by: actor)
            return nil
        } catch {
            return error
        }
    }
}

/// Building blocks of histories.
enum Given {
    static func initialized(_ profile: Policy = PolicyProfiles.national, from: CalendarDate = day("2024-01-01")) -> [RegistryEvent] {
        [.registryInitialized(RegistryInitialized(jurisdiction: "Test district", on: from)),
         .policyAdopted(PolicyAdopted(from: from, policy: profile))]
    }

    static func school(_ id: String = "S1") -> RegistryEvent {
        .schoolRegistered(SchoolRegistered(id: id, name: "School \(id)", level: .secondary))
    }

    static func enterprise(_ id: String = "E1", aboveScale: Bool = true) -> RegistryEvent {
        .enterpriseRegistered(EnterpriseRegistered(id: id, name: "Enterprise \(id)", aboveScale: aboveScale))
    }

    static func workforce(_ enterprise: String = "E1", headcount: Int = 100, asOf: CalendarDate = day("2025-01-01"),
                          posts: [String: Int] = ["welder": 10], wages: [String: Money] = ["welder": yuan(4000)]) -> RegistryEvent {
        .workforceDeclared(WorkforceDeclared(enterprise: enterprise, headcount: headcount, asOf: asOf,
                                             posts: posts, wageStandards: wages))
    }

    static func student(_ id: String = "ST1", school: String = "S1", birth: CalendarDate = day("2005-01-01"),
                        enrolled: CalendarDate = day("2023-09-01")) -> RegistryEvent {
        .studentEnrolled(StudentEnrolled(id: id, school: school, name: "Student \(id)", major: "welding",
                                         birth: birth, enrolled: enrolled))
    }

    static func placement(_ id: String = "P1", student: String = "ST1", school: String = "S1", enterprise: String = "E1",
                          kind: PlacementKind = .post, start: CalendarDate = day("2025-03-01"),
                          end: CalendarDate = day("2025-08-31"), stipend: Money = yuan(3200),
                          post: String? = "welder", agreement: String? = "AG-1", majorRelevant: Bool = true) -> RegistryEvent {
        .placementRegistered(PlacementRegistered(id: id, student: student, school: school, enterprise: enterprise,
                                                 kind: kind, start: start, end: end, stipend: stipend, post: post,
                                                 agreement: agreement, majorRelevant: majorRelevant))
    }

    static func insurance(_ placement: String = "P1", number: String = "POL-1", covers: [Cover] = [.liability, .accident],
                          from: CalendarDate = day("2025-03-01"), to: CalendarDate = day("2025-08-31"),
                          paidBy: PremiumPayer = .school) -> RegistryEvent {
        .insuranceEnrolled(InsuranceEnrolled(placement: placement, policyNumber: number, insurer: "PICC",
                                             covers: covers, from: from, to: to, paidBy: paidBy))
    }

    static func started(_ placement: String = "P1", on: CalendarDate = day("2025-03-01")) -> RegistryEvent {
        .placementStarted(PlacementStarted(placement: placement, on: on))
    }

    static func stipend(_ placement: String = "P1", month: YearMonth, amount: Money = yuan(3200),
                        paidOn: CalendarDate, correction: Bool = false) -> RegistryEvent {
        .stipendConfirmed(StipendConfirmed(placement: placement, month: month, amount: amount, paidOn: paidOn,
                                           correction: correction))
    }

    /// Registry, schools S1 and S2, enterprises E1 (above scale, 100 staff, 10 welders at 4000 yuan)
    /// and E2, students ST1 (S1, born 2005-01-01) and ST2 (S2).
    static func district(_ profile: Policy = PolicyProfiles.national) -> Scenario {
        var scenario = Scenario()
        scenario.given(initialized(profile))
        scenario.given(school("S1"), school("S2"), enterprise("E1"), enterprise("E2", aboveScale: false),
                       workforce("E1"), workforce("E2", headcount: 50, posts: [:], wages: [:]),
                       student("ST1"), student("ST2", school: "S2"))
        return scenario
    }

    /// The district plus placement P1 (post, welder, 2025-03-01…2025-08-31, 3200 yuan, agreement,
    /// insured for both covers over the whole term), not yet started.
    static func insuredPlacement(_ profile: Policy = PolicyProfiles.national) -> Scenario {
        var scenario = district(profile)
        scenario.given(placement(), insurance())
        return scenario
    }

    /// `insuredPlacement` started on 2025-03-01.
    static func activePlacement(_ profile: Policy = PolicyProfiles.national) -> Scenario {
        var scenario = insuredPlacement(profile)
        scenario.given(started())
        return scenario
    }
}

/// Commands with sensible defaults.
enum Command {
    static func register(_ id: String = "P1", student: String = "ST1", enterprise: String = "E1", kind: PlacementKind = .post,
                         start: CalendarDate = day("2025-03-01"), end: CalendarDate = day("2025-08-31"),
                         stipend: Money = yuan(3200), post: String? = "welder", agreement: String? = "AG-1",
                         majorRelevant: Bool = true) -> RegistryCommand {
        .registerPlacement(id: id, student: student, enterprise: enterprise, kind: kind, start: start, end: end,
                           stipend: stipend, post: post, agreement: agreement, majorRelevant: majorRelevant)
    }

    static func start(_ placement: String = "P1", on: CalendarDate = day("2025-03-01")) -> RegistryCommand {
        .startPlacement(placement: placement, on: on)
    }

    static func insure(_ placement: String = "P1", number: String = "POL-9", covers: [Cover] = [.liability, .accident],
                       from: CalendarDate = day("2025-03-01"), to: CalendarDate = day("2025-08-31"),
                       paidBy: PremiumPayer = .school) -> RegistryCommand {
        .enrollInsurance(placement: placement, policyNumber: number, insurer: "PICC", covers: covers, from: from, to: to,
                         paidBy: paidBy)
    }

    static func confirm(_ placement: String = "P1", month: YearMonth, amount: Money = yuan(3200),
                        paidOn: CalendarDate = day("2025-04-10"), correction: Bool = false) -> RegistryCommand {
        .confirmStipend(placement: placement, month: month, amount: amount, paidOn: paidOn, correction: correction)
    }

    static func contract(_ id: String = "A1", student: String = "ST1", school: String = "S1", enterprise: String = "E1",
                         level: ApprenticeLevel = .intermediate, contractEnd: CalendarDate? = nil,
                         start: CalendarDate = day("2025-09-01"), end: CalendarDate = day("2026-08-31"),
                         scheme: ApprenticeshipScheme = .enterprise) -> RegistryCommand {
        .contractApprenticeship(id: id, student: student, school: school, enterprise: enterprise, scheme: scheme,
                                level: level, laborContract: "LC-1", contractEnd: contractEnd ?? end, start: start, end: end,
                                schoolTutor: "Teacher Wang", mentor: "Master Li")
    }
}

extension Given {
    /// `count` started post placements at `enterprise` on `post`, for quota tests.
    static func activePostInterns(_ count: Int, enterprise: String = "E1", post: String? = "assembler",
                                  prefix: String = "Q") -> [RegistryEvent] {
        (0..<count).flatMap { index -> [RegistryEvent] in
            let id = "\(prefix)\(index)"
            return [placement(id, enterprise: enterprise, post: post), started(id, on: day("2025-02-01"))]
        }
    }

    static func apprenticeship(_ id: String = "A1", student: String = "ST1", level: ApprenticeLevel = .intermediate,
                               start: CalendarDate = day("2025-09-01"), end: CalendarDate = day("2026-08-31"),
                               contractEnd: CalendarDate? = nil, scheme: ApprenticeshipScheme = .enterprise) -> RegistryEvent {
        .apprenticeshipContracted(ApprenticeshipContracted(
            id: id, student: student, school: "S1", enterprise: "E1", scheme: scheme, level: level,
            laborContract: "LC-1", contractEnd: contractEnd ?? end, start: start, end: end,
            schoolTutor: "Teacher Wang", mentor: "Master Li"))
    }
}

/// The national profile with a payment deadline, which no national document states: Pay_03/04 tests
/// need one, as a bureau would give with `--set payGraceDays=30 --source …`.
let nationalWithGrace: Policy = {
    var policy = PolicyProfiles.national
    policy[.payGraceDays] = Parameter(30, source: "test")
    return policy
}()
