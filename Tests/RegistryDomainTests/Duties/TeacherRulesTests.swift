@testable import RegistryDomain
import Testing

@Suite("Teachers: registration, 双师型 recognition and enterprise practice")
struct TeacherCommandTests {
    @Test func aSchoolRegistersItsOwnTeachersOnly() throws {
        let scenario = Given.district()
        let events = try scenario.when(.registerTeacher(id: "T1", school: "S1", name: "王老师", course: .professional, since: nil),
                                       by: Actors.school)
        #expect(events == [.teacherRegistered(TeacherRegistered(id: "T1", school: "S1", name: "王老师", course: .professional, since: nil))])
        #expect(scenario.rejection(.registerTeacher(id: "T1", school: "S2", name: "王老师", course: .professional, since: nil),
                                   by: Actors.school)?.ruleID == .auth01)
        #expect(scenario.rejection(.registerTeacher(id: "T1", school: "S1", name: "王老师", course: .professional, since: nil),
                                   by: Actors.bureau)?.ruleID == .auth01)
        #expect(scenario.rejection(.registerTeacher(id: "T1", school: "S9", name: "x", course: .professional, since: nil),
                                   by: Actor(role: .school, id: "S9")) == .notFound(.school("S9")))
    }

    @Test func aTeacherIsRegisteredAndQualifiedOnce() {
        var scenario = Given.district()
        scenario.given(Duty.teacher("T1"))
        #expect(scenario.rejection(.registerTeacher(id: "T1", school: "S1", name: "x", course: .general, since: nil), by: Actors.school)
                == .alreadyExists(.teacher("T1")))
        #expect(scenario.rejection(.qualifyTeacher(teacher: "T1", on: day("2024-01-01"), document: nil), by: Actors.school) == nil)
        scenario.given(Duty.qualified("T1", on: "2024-01-01"))
        let again = scenario.rejection(.qualifyTeacher(teacher: "T1", on: day("2024-02-01"), document: "D"), by: Actors.school)
        #expect(again == .duty(.teacherAlreadyQualified(teacher: "T1", on: day("2024-01-01"))))
        #expect(again?.kind == .invalidState)
        #expect(scenario.rejection(.qualifyTeacher(teacher: "T1", on: day("2024-02-01"), document: nil), by: Actors.otherSchool)?.ruleID == .auth01)
    }

    @Test func practiceNeedsARegisteredEnterpriseAndAnEndOnOrAfterItsStart() {
        var scenario = Given.district()
        scenario.given(Duty.teacher("T1"))
        #expect(scenario.rejection(.recordTeacherPractice(teacher: "T1", enterprise: "E1", from: day("2024-07-01"), to: day("2024-07-01")),
                                   by: Actors.school) == nil)
        #expect(scenario.rejection(.recordTeacherPractice(teacher: "T1", enterprise: "E1", from: day("2024-07-02"), to: day("2024-07-01")),
                                   by: Actors.school) == .endBeforeStart(.teacher("T1"), start: day("2024-07-02"), end: day("2024-07-01")))
        #expect(scenario.rejection(.recordTeacherPractice(teacher: "T1", enterprise: "E9", from: day("2024-07-01"), to: day("2024-07-31")),
                                   by: Actors.school) == .notFound(.enterprise("E9")))
        #expect(scenario.rejection(.recordTeacherPractice(teacher: "T9", enterprise: "E1", from: day("2024-07-01"), to: day("2024-07-31")),
                                   by: Actors.school) == .notFound(.teacher("T9")))
    }
}

@Suite("Teacher_01: share of 双师型 teachers against each profile's target")
struct DualQualifiedShareTests {
    /// S1 (secondary) with `qualified` of `total` professional teachers, plus a general-course teacher who never counts.
    private func school(_ profile: String, qualified: Int, total: Int, level: SchoolLevel = .secondary) -> Scenario {
        var scenario = Scenario()
        scenario.given(Given.initialized(Duty.profile(profile), from: day("2020-01-01")))
        scenario.given(.schoolRegistered(SchoolRegistered(id: "S1", name: "S1", level: level)))
        for i in 0..<total {
            scenario.given(Duty.teacher("T\(i)"))
            if i < qualified { scenario.given(Duty.qualified("T\(i)")) }
        }
        scenario.given(Duty.teacher("G1", course: .general))
        return scenario
    }

    @Test func sanmenxiaHalfIsEnoughAndLessIsAFindingOnceTwentyTwentyTwoHasEnded() {
        #expect(Duty.findings(school("sanmenxia", qualified: 1, total: 2), on: "2023-06-30", rule: .teacher01).isEmpty)
        let below = school("sanmenxia", qualified: 1, total: 3)
        #expect(Duty.findings(below, on: "2022-12-30", rule: .teacher01).isEmpty)
        let findings = Duty.findings(below, on: "2022-12-31", rule: .teacher01)
        #expect(findings.count == 1)
        #expect(findings.first?.expected == "50%")
        #expect(findings.first?.actual == "1/3")
        #expect(findings.first?.source.hasPrefix("002 四(三)") == true)
    }

    @Test func shaoxingNinetyPercentFromTheEndOf2025() {
        #expect(Duty.findings(school("shaoxing", qualified: 9, total: 10), on: "2026-01-01", rule: .teacher01).isEmpty)
        #expect(Duty.findings(school("shaoxing", qualified: 8, total: 10), on: "2026-01-01", rule: .teacher01).count == 1)
        #expect(Duty.findings(school("shaoxing", qualified: 8, total: 10), on: "2025-12-30", rule: .teacher01).isEmpty)
    }

    @Test func hechuanSixtyPercentOfSecondarySchoolsOnly() {
        #expect(Duty.findings(school("hechuan", qualified: 3, total: 5), on: "2024-01-01", rule: .teacher01).isEmpty)
        #expect(Duty.findings(school("hechuan", qualified: 2, total: 5), on: "2024-01-01", rule: .teacher01).first?.source
                .hasPrefix("004 item 12") == true)
        #expect(Duty.findings(school("hechuan", qualified: 2, total: 5, level: .higher), on: "2024-01-01", rule: .teacher01).isEmpty)
    }

    @Test("no target where the document states none", arguments: ["national", "huyi"])
    func noTarget(_ profile: String) {
        #expect(Duty.findings(school(profile, qualified: 0, total: 5), on: "2026-01-01", rule: .teacher01).isEmpty)
    }

    @Test func theShareShownIsRoundedAndTheRuleComparesTheExactFraction() {
        #expect(Audit.TeacherShare(school: "S1", professional: 3, dualQualified: 2).basisPoints == 6667)
        #expect(Audit.TeacherShare(school: "S1", professional: 0, dualQualified: 0).basisPoints == 0)
        // 0.9 of 10 000 is met by 9 of 10, not by 8 of 9 (88.89%), although both round near 90%.
        #expect(Duty.findings(school("shaoxing", qualified: 8, total: 9), on: "2026-01-01", rule: .teacher01).count == 1)
    }

    @Test func aSchoolWithoutRegisteredTeachersIsNotJudged() {
        #expect(Duty.findings(school("sanmenxia", qualified: 0, total: 0), on: "2026-01-01", rule: .teacher01).isEmpty)
    }
}

@Suite("Teacher_02: enterprise practice in every five years")
struct TeacherPracticeTests {
    private func teacher(_ periods: [(String, String)], profile: String = "shaoxing", since: String? = "2015-09-01") -> Scenario {
        var scenario = Given.district(Duty.profile(profile))
        scenario.given(Duty.teacher("T1", since: since))
        for (from, to) in periods { scenario.given(Duty.practice("T1", from: from, to: to)) }
        return scenario
    }

    @Test func halfAYearIs180DaysWithinTheLastFiveYears() {
        // The window on 2025-12-31 is 2021-01-01…2025-12-31.
        #expect(Duty.findings(teacher([("2025-01-01", "2025-06-29")]), on: "2025-12-31", rule: .teacher02).isEmpty)
        let short = Duty.findings(teacher([("2025-01-01", "2025-06-28")]), on: "2025-12-31", rule: .teacher02)
        #expect(short.map(\.actual) == ["179"])
        #expect(short.map(\.expected) == ["180"])
        #expect(short.first?.message(.en) == "teacher T1 spent 179 days in enterprise practice from 2021-01-01 to 2025-12-31, fewer than the required 180 days.")
    }

    @Test func daysBeforeTheWindowAndOverlapsDoNotCount() {
        let scenario = teacher([("2020-07-01", "2021-01-31"), ("2021-01-01", "2021-01-31"), ("2023-01-01", "2023-05-29")])
        // 31 days of January 2021 (counted once) + 149 days of 2023 = 180; a day later the window starts on 2021-01-02.
        #expect(Duty.findings(scenario, on: "2025-12-31", rule: .teacher02).isEmpty)
        #expect(Duty.findings(scenario, on: "2026-01-01", rule: .teacher02).map(\.actual) == ["179"])
    }

    @Test func aTeacherAtTheSchoolForLessThanFiveYearsIsNotJudged() {
        #expect(Duty.findings(teacher([], since: "2021-01-02"), on: "2025-12-31", rule: .teacher02).isEmpty)
        #expect(Duty.findings(teacher([], since: "2021-01-01"), on: "2025-12-31", rule: .teacher02).count == 1)
        #expect(Duty.findings(teacher([], since: nil), on: "2025-12-31", rule: .teacher02).count == 1)
    }

    @Test func hechuanStatesTheSameDutyAndSanmenxiaNone() {
        #expect(Duty.findings(teacher([], profile: "hechuan"), on: "2025-12-31", rule: .teacher02).first?.source.hasPrefix("004 item 12") == true)
        #expect(Duty.findings(teacher([], profile: "sanmenxia"), on: "2025-12-31", rule: .teacher02).isEmpty)
        #expect(Duty.findings(teacher([], profile: "national"), on: "2025-12-31", rule: .teacher02).isEmpty)
    }

    @Test func generalCourseTeachersOweNoPractice() {
        var scenario = Given.district(Duty.profile("shaoxing"))
        scenario.given(Duty.teacher("G1", course: .general))
        #expect(Duty.findings(scenario, on: "2025-12-31", rule: .teacher02).isEmpty)
    }
}
