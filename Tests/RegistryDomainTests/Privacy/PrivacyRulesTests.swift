import RegistryDomain
import Testing

/// Privacy_01…03 in the domain, given/when/then, on both sides of each boundary.
@Suite("Privacy_01…03: minors' consent, who erases, what an erase stops")
struct PrivacyRulesTests {
    func enroll(_ id: String, born: String, consent: String? = nil) -> RegistryCommand {
        .enrollStudent(id: id, school: "S1", name: "N", major: "welding", birth: day(born), enrolled: day("2025-09-01"), guardianConsent: consent)
    }

    func erase(_ id: String = "ST1") -> RegistryCommand {
        .eraseStudentPersonalData(student: id, reason: "purpose fulfilled", pseudonym: "erased-00000001")
    }

    @Test func privacy01NeedsAGuardiansConsentUnder14OnTheEnrolmentDate() throws {
        let scenario = Given.district()
        // 13 years 364 days.
        let rejection = scenario.rejection(enroll("C1", born: "2011-09-02"), by: Actors.school)
        #expect(rejection == .privacy(.guardianConsentMissing(student: "C1", enrolled: day("2025-09-01"), age: 13, consentAge: 14)))
        #expect(rejection?.ruleID == .privacy01)
        #expect(scenario.rejection(enroll("C1", born: "2011-09-02", consent: "  "), by: Actors.school)?.ruleID == .privacy01)
        let events = try scenario.when(enroll("C1", born: "2011-09-02", consent: "GC-1"), by: Actors.school)
        guard case .studentEnrolled(let e)? = events.first else { Issue.record("no enrolment"); return }
        #expect(e.guardianConsent == "GC-1")
        // Exactly 14.
        #expect(scenario.rejection(enroll("C2", born: "2011-09-01"), by: Actors.school) == nil)
        // A policy without the parameter does not ask.
        var unset = PolicyProfiles.national
        unset[.guardianConsentAge] = nil
        #expect(Given.district(unset).rejection(enroll("C1", born: "2011-09-02"), by: Actors.school) == nil)
    }

    @Test func privacy02LetsTheSchoolEraseOnlyAfterItsStudentHasLeft() throws {
        var scenario = Given.district()
        #expect(scenario.rejection(erase(), by: Actors.school) == .privacy(.studentNotLeft(student: "ST1", open: [])))
        #expect(scenario.rejection(erase(), by: Actors.school)?.ruleID == .privacy02)
        // The bureau may erase a current student.
        #expect(scenario.rejection(erase(), by: Actors.bureau) == nil)
        scenario.given(.studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .graduated, on: day("2026-06-30"))))
        let events = try scenario.when(erase(), by: Actors.school)
        #expect(events == [.personalDataErased(PersonalDataErased(student: "ST1", reason: "purpose fulfilled", pseudonym: "erased-00000001"))])
        // Another school's student, or an enterprise: Auth_01.
        #expect(scenario.rejection(erase("ST2"), by: Actors.school)?.ruleID == .auth01)
        #expect(scenario.rejection(erase(), by: Actors.enterprise)?.ruleID == .auth01)
    }

    @Test func privacy02CountsAnOpenPlacementAsNotLeft() throws {
        var scenario = Given.district()
        try scenario.run(Command.register(), by: Actors.school)
        scenario.given(.studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .withdrawn, on: day("2026-06-30"))))
        #expect(scenario.rejection(erase(), by: Actors.school) == .privacy(.studentNotLeft(student: "ST1", open: ["placement 'P1'"])))
    }

    @Test func privacy03StopsDecisionsThatNeedTheErasedData() throws {
        var scenario = Given.district()
        #expect(scenario.rejection(Command.register(), by: Actors.school) == nil)
        try scenario.run(erase(), by: Actors.bureau)
        let rejection = scenario.rejection(Command.register(), by: Actors.school)
        #expect(rejection == .privacy(.personalDataNotAvailable(student: "ST1", status: .erased, verb: "placement register")))
        #expect(rejection?.ruleID == .privacy03)
        #expect(scenario.rejection(erase(), by: Actors.bureau)?.ruleID == .privacy03)
        #expect(scenario.state.students["ST1"]?.personalData == .erased)
        #expect(scenario.state.students["ST1"]?.name == "")
    }
}
