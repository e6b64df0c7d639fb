@testable import RegistryDomain
import Testing

/// Building blocks for the duties of issue 12.
enum Duty {
    static func profile(_ name: String) -> Policy {
        // The shipped profiles always exist.
        PolicyProfiles.named(name)!
    }

    /// `profile` with local figures a bureau would `--set`.
    static func profile(_ name: String, setting overrides: [String: ParameterValue], source: String = "local document") -> Policy {
        profile(name).applying(overrides.sorted { $0.key < $1.key }.map { ParameterOverride(name: $0.key, value: $0.value, source: source) })
    }

    /// `Given.district` under `profile`, plus a contracted apprenticeship A1 (2025-09-01…2026-08-31)
    /// at E1 with an agreed wage of `wage` (or none).
    static func apprenticeship(_ policy: Policy = Duty.profile("sanmenxia", setting: ["payGraceDays": .integer(30)]),
                               wage: Money? = yuan(3000)) -> Scenario {
        var scenario = Given.district(policy)
        scenario.given(.apprenticeshipContracted(ApprenticeshipContracted(
            id: "A1", student: "ST1", school: "S1", enterprise: "E1", scheme: .enterprise, level: .intermediate,
            laborContract: "LC-1", contractEnd: day("2026-08-31"), start: day("2025-09-01"), end: day("2026-08-31"),
            schoolTutor: "Teacher Wang", mentor: "Master Li", monthlyWage: wage)))
        return scenario
    }

    static func wage(_ month: String, _ amount: Money = yuan(3000), paidOn: String, correction: Bool = false) -> RegistryEvent {
        .apprenticeWageConfirmed(ApprenticeWageConfirmed(apprenticeship: "A1", month: YearMonth(month)!, amount: amount,
                                                         paidOn: day(paidOn), correction: correction))
    }

    static func confirm(_ month: String, _ amount: Money = yuan(3000), paidOn: String = "2025-10-10",
                        correction: Bool = false) -> RegistryCommand {
        .confirmApprenticeWage(apprenticeship: "A1", month: YearMonth(month)!, amount: amount, paidOn: day(paidOn),
                               correction: correction)
    }

    static func teacher(_ id: String, school: String = "S1", course: TeacherCourse = .professional,
                        since: String? = nil) -> RegistryEvent {
        .teacherRegistered(TeacherRegistered(id: id, school: school, name: "Teacher \(id)", course: course,
                                             since: since.map { day($0) }))
    }

    static func qualified(_ id: String, on: String = "2020-06-30") -> RegistryEvent {
        .teacherQualified(TeacherQualified(teacher: id, on: day(on), document: "DOC-\(id)"))
    }

    static func practice(_ id: String, from: String, to: String, enterprise: String = "E1") -> RegistryEvent {
        .teacherPracticed(TeacherPracticed(teacher: id, enterprise: enterprise, from: day(from), to: day(to)))
    }

    static func findings(_ scenario: Scenario, on date: String, rule: RuleID) -> [Finding] {
        Audit.findings(in: scenario.state, on: day(date)).filter { $0.ruleID == rule }
    }
}
