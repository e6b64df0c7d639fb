import RegistryDomain
import Testing

/// Corrections: given the district, when a correction, then a `…Corrected` event or a rejection.
@Suite("Corrections")
struct CorrectionRulesTests {
    static func correctStudent(_ id: String = "ST1", name: String? = nil, birth: CalendarDate? = nil,
                               reason: String = "typo") -> RegistryCommand {
        .correctStudent(student: id, name: name, birth: birth, reason: reason)
    }

    @Test func aStudentCorrectionRecordsOnlyWhatChangesWithTheValuesItReplaces() throws {
        let scenario = Given.district()
        #expect(try scenario.when(Self.correctStudent(name: "王芳"), by: Actors.school)
                == [.studentCorrected(StudentCorrected(student: "ST1", name: "王芳", previousName: "Student ST1", reason: "typo"))])
        // The birth date given equals the recorded one, so only the name is corrected.
        #expect(try scenario.when(Self.correctStudent(name: "王芳", birth: day("2005-01-01")), by: Actors.school)
                == [.studentCorrected(StudentCorrected(student: "ST1", name: "王芳", previousName: "Student ST1", reason: "typo"))])
        #expect(try scenario.when(Self.correctStudent(birth: day("2005-02-01")), by: Actors.school)
                == [.studentCorrected(StudentCorrected(student: "ST1", birth: day("2005-02-01"), previousBirth: day("2005-01-01"), reason: "typo"))])
    }

    @Test func theFoldAppliesCorrectionsAndKeepsTheRest() throws {
        var scenario = Given.insuredPlacement()
        try scenario.run(Self.correctStudent(name: "王芳", birth: day("2005-02-01")), by: Actors.school)
        try scenario.run(.correctEnterprise(enterprise: "E1", name: "豫西机械有限公司", reason: "licence"), by: Actors.bureau)
        try scenario.run(.correctPlacement(placement: "P1", post: nil, agreement: "AG-1A", reason: "typo"), by: Actors.school)
        let state = scenario.state
        #expect(state.students["ST1"]?.name == "王芳")
        #expect(state.students["ST1"]?.birth == day("2005-02-01"))
        #expect(state.students["ST1"]?.major == "welding")
        #expect(state.enterprises["E1"]?.name == "豫西机械有限公司")
        #expect(state.enterprises["E1"]?.aboveScale == true)
        #expect(state.placements["P1"]?.agreement == "AG-1A")
        #expect(state.placements["P1"]?.post == "welder")
    }

    @Test func aCorrectionThatChangesNothingIsRefused() {
        let scenario = Given.insuredPlacement()
        #expect(scenario.rejection(Self.correctStudent(name: "Student ST1"), by: Actors.school) == .correctionChangesNothing(.student("ST1")))
        #expect(scenario.rejection(Self.correctStudent(), by: Actors.school) == .correctionChangesNothing(.student("ST1")))
        #expect(scenario.rejection(.correctEnterprise(enterprise: "E1", name: nil, reason: "r"), by: Actors.bureau)
                == .correctionChangesNothing(.enterprise("E1")))
        #expect(scenario.rejection(.correctPlacement(placement: "P1", post: "welder", agreement: "AG-1", reason: "r"), by: Actors.school)
                == .correctionChangesNothing(.placement("P1")))
        #expect(Rejection.correctionChangesNothing(.student("ST1")).kind == .invalidInput)
    }

    @Test func aReasonIsRequired() {
        let scenario = Given.district()
        #expect(scenario.rejection(Self.correctStudent(name: "王芳", reason: " "), by: Actors.school) == .emptyValue(field: "reason"))
    }

    /// The corrected birth date must still fall before enrolment (2023-09-01): the day before is the boundary.
    @Test func aCorrectedBirthStaysBeforeEnrolment() {
        let scenario = Given.district()
        #expect(scenario.rejection(Self.correctStudent(birth: day("2023-08-31")), by: Actors.school) == nil)
        #expect(scenario.rejection(Self.correctStudent(birth: day("2023-09-01")), by: Actors.school)
                == .enrolledBeforeBirth(student: "ST1", birth: day("2023-09-01"), enrolled: day("2023-09-01")))
    }

    /// Auth_01: the student's school, the placement's school, the bureau for an enterprise.
    @Test func onlyTheOwnerCorrects() {
        let scenario = Given.insuredPlacement()
        #expect(scenario.rejection(Self.correctStudent(name: "X"), by: Actors.otherSchool)?.ruleID == .auth01)
        #expect(scenario.rejection(Self.correctStudent(name: "X"), by: Actors.enterprise)?.ruleID == .auth01)
        #expect(scenario.rejection(.correctPlacement(placement: "P1", post: "fitter", agreement: nil, reason: "r"), by: Actors.otherSchool)?.ruleID == .auth01)
        #expect(scenario.rejection(.correctEnterprise(enterprise: "E1", name: "X", reason: "r"), by: Actors.enterprise)?.ruleID == .auth01)
        #expect(scenario.rejection(.correctEnterprise(enterprise: "E1", name: "X", reason: "r"), by: Actors.inspector)?.ruleID == .auth01)
        #expect(scenario.rejection(.correctEnterprise(enterprise: "E9", name: "X", reason: "r"), by: Actors.bureau) == .notFound(.enterprise("E9")))
    }

    /// Age_01 on a start after the correction uses the corrected birth date (minimum 16 on 2025-03-01);
    /// a placement started before it is not judged again.
    @Test func aCorrectedBirthCountsForLaterStartsOnly() throws {
        var scenario = Given.insuredPlacement()
        try scenario.run(Self.correctStudent(birth: day("2009-03-01")), by: Actors.school)  // 16 on 2025-03-01
        #expect(scenario.rejection(Command.start(), by: Actors.school) == nil)

        var younger = Given.activePlacement()
        younger.given(Given.placement("P2", start: day("2025-09-01"), end: day("2026-02-28")),
                      Given.insurance("P2", number: "POL-2", from: day("2025-09-01"), to: day("2026-02-28")))
        try younger.run(Self.correctStudent(birth: day("2009-09-02")), by: Actors.school)  // 15 on 2025-09-01
        #expect(younger.rejection(Command.start("P2", on: day("2025-09-01")), by: Actors.school)
                == .studentTooYoung(placement: "P2", student: "ST1", on: day("2025-09-01"), age: 15, minimumAge: 16))
        #expect(younger.state.placements["P1"]?.status == .active)
    }

    /// Pay_01 for a corrected post: 80% of the post's 4000-yuan wage standard is 3200, the stipend of P1.
    @Test func aCorrectedPostMeetsThePayFloorAsAtRegistration() {
        var scenario = Given.district()
        scenario.given(Given.workforce("E1", asOf: day("2025-01-01"), posts: ["welder": 10, "fitter": 10, "lead": 5],
                                       wages: ["welder": yuan(4000), "fitter": yuan(4000), "lead": Money(fen: 400_002)]),
                       Given.placement(), Given.insurance())
        #expect(scenario.rejection(.correctPlacement(placement: "P1", post: "fitter", agreement: nil, reason: "r"), by: Actors.school) == nil)
        #expect(scenario.rejection(.correctPlacement(placement: "P1", post: "lead", agreement: nil, reason: "r"), by: Actors.school)?.ruleID == .pay01)
        // A post without a wage standard is not checked, as at registration.
        #expect(scenario.rejection(.correctPlacement(placement: "P1", post: "helper", agreement: nil, reason: "r"), by: Actors.school) == nil)
    }

    @Test func correctionMessagesExistInBothLanguages() {
        let rejection = Rejection.correctionChangesNothing(.placement("P1"))
        #expect(rejection.message(.en) == "nothing to correct: placement 'P1' already holds the values given.")
        #expect(rejection.message(.zh) == "无可更正：实习 'P1' 已是所给的值。")
    }
}
