@testable import RegistryDomain
import Testing

@Suite("产教融合型企业 certification and Certification_01")
struct CertificationTests {
    private func certified(_ enterprise: String = "E1", on: String = "2023-05-20") -> RegistryEvent {
        .enterpriseCertified(EnterpriseCertified(enterprise: enterprise, on: day(on), document: "DOC-\(enterprise)"))
    }

    @Test func theBureauCertifiesOnceAndRevokesOnOrAfterTheCertification() throws {
        var scenario = Given.district(Duty.profile("huyi"))
        let command = RegistryCommand.certifyEnterprise(enterprise: "E1", on: day("2023-05-20"), document: "户发改〔2023〕1号")
        #expect(scenario.rejection(command, by: Actors.school)?.ruleID == .auth01)
        try scenario.run(command, by: Actors.bureau)
        #expect(scenario.rejection(command, by: Actors.bureau)
                == .duty(.enterpriseAlreadyCertified(enterprise: "E1", on: day("2023-05-20"), document: "户发改〔2023〕1号")))
        let early = scenario.rejection(.revokeCertification(enterprise: "E1", on: day("2023-05-19"), document: "D", reason: "r"), by: Actors.bureau)
        #expect(early == .duty(.revocationBeforeCertification(enterprise: "E1", on: day("2023-05-19"), certifiedOn: day("2023-05-20"))))
        #expect(early?.kind == .invalidInput)
        try scenario.run(.revokeCertification(enterprise: "E1", on: day("2023-05-20"), document: "D", reason: "r"), by: Actors.bureau)
        #expect(scenario.rejection(.revokeCertification(enterprise: "E1", on: day("2024-01-01"), document: "D", reason: "r"), by: Actors.bureau)
                == .duty(.enterpriseNotCertified(enterprise: "E1")))
        #expect(scenario.rejection(.certifyEnterprise(enterprise: "E9", on: day("2024-01-01"), document: "D"), by: Actors.bureau)
                == .notFound(.enterprise("E9")))
    }

    @Test func huyiTargetOfOneBy2023() {
        var scenario = Scenario()
        scenario.given(Given.initialized(Duty.profile("huyi"), from: day("2020-01-01")))
        scenario.given(Given.enterprise("E1"))
        let none = CertificationReport.make(scenario.state, on: day("2023-12-30"))
        #expect(none.certifiedCount == 0)
        #expect(none.meetsTarget == nil)
        #expect(CertificationReport.make(scenario.state, on: day("2023-12-31")).meetsTarget == false)
        scenario.given(certified())
        let report = CertificationReport.make(scenario.state, on: day("2023-12-31"))
        #expect(report.certifiedCount == 1)
        #expect(report.meetsTarget == true)
        #expect(report.target?.source.hasPrefix("001 item 11") == true)
        #expect(CertificationReport.make(scenario.state, on: day("2023-05-19")).lines.isEmpty)
    }

    @Test func aRevocationTakesEffectOnItsDate() {
        var scenario = Given.district(Duty.profile("sanmenxia"))
        scenario.given(certified(), .enterpriseCertificationRevoked(
            EnterpriseCertificationRevoked(enterprise: "E1", on: day("2025-06-01"), document: "R", reason: "review")))
        #expect(CertificationReport.make(scenario.state, on: day("2025-05-31")).certifiedCount == 1)
        let after = CertificationReport.make(scenario.state, on: day("2025-06-01"))
        #expect(after.certifiedCount == 0)
        #expect(after.lines.first?.revokedOn == day("2025-06-01"))
        #expect(after.target?.value == CertificationTarget(count: 20, byYear: 2025))
    }

    @Test func eachProfileStatesItsOwnTarget() {
        #expect(Duty.profile("shaoxing").certificationTarget?.value.count == 30)
        #expect(Duty.profile("shaoxing").certificationTarget?.source.hasPrefix("003 annex 2 item 2") == true)
        #expect(Duty.profile("hechuan").certificationTarget == nil)
        #expect(Duty.profile("national").certificationTarget == nil)
    }
}

@Suite("Practice_01: applied undergraduates practise at least one academic year in total")
struct UndergraduatePracticeTests {
    /// An undergraduate school U1 and student UG1 who graduates on 2026-06-30 after placements of the given terms.
    private func graduate(_ terms: [(String, String)], profile: String = "sanmenxia",
                          level: SchoolLevel = .undergraduate) -> Scenario {
        var scenario = Scenario()
        scenario.given(Given.initialized(Duty.profile(profile)))
        scenario.given(.schoolRegistered(SchoolRegistered(id: "U1", name: "U1", level: level)), Given.enterprise("E1"),
                       Given.student("UG1", school: "U1"))
        for (index, term) in terms.enumerated() {
            let id = "P\(index)"
            scenario.given(Given.placement(id, student: "UG1", school: "U1", kind: .observation, start: day(term.0), end: day(term.1)),
                           Given.started(id, on: day(term.0)),
                           .placementCompleted(PlacementCompleted(placement: id, on: day(term.1))))
        }
        scenario.given(.studentStatusEnded(StudentStatusEnded(student: "UG1", reason: .graduated, on: day("2026-06-30"))))
        return scenario
    }

    @Test func twoHundredEightyDaysAreOneAcademicYear() {
        // 2025-03-01…2025-06-30 is 122 days; 2025-09-01…2026-02-05 is 158 days: 280 in all.
        #expect(Duty.findings(graduate([("2025-03-01", "2025-06-30"), ("2025-09-01", "2026-02-05")]), on: "2026-07-01", rule: .practice01).isEmpty)
        let short = Duty.findings(graduate([("2025-03-01", "2025-06-30"), ("2025-09-01", "2026-02-04")]), on: "2026-07-01", rule: .practice01)
        #expect(short.map(\.actual) == ["279"])
        #expect(short.map(\.expected) == ["280"])
        #expect(short.first?.source.hasPrefix("002 四(二)") == true)
    }

    @Test func overlappingPlacementsCountEachDayOnce() {
        #expect(Audit.practiceDays(of: "UG1", in: graduate([("2025-03-01", "2025-03-10"), ("2025-03-05", "2025-03-12")]).state,
                                   through: day("2026-06-30")) == 12)
    }

    /// Each graduate is judged on their own placements only: three students' placements interleaved
    /// (the audit gathers them per student once, rather than searching all for each graduate).
    @Test func eachGraduateCountsOnlyTheirOwnPlacements() {
        var scenario = Scenario()
        scenario.given(Given.initialized(Duty.profile("sanmenxia")))
        scenario.given(.schoolRegistered(SchoolRegistered(id: "U1", name: "U1", level: .undergraduate)), Given.enterprise("E1"))
        for student in ["UG1", "UG2", "UG3"] { scenario.given(Given.student(student, school: "U1")) }
        // UG1: 122 + 158 = 280 days; UG2: 122 + 157 = 279 days; UG3 (still studying): 300 days.
        let terms: [(String, String, String)] = [("UG1", "2025-03-01", "2025-06-30"), ("UG2", "2025-03-01", "2025-06-30"),
                                                 ("UG3", "2025-01-01", "2025-10-27"), ("UG2", "2025-09-01", "2026-02-04"),
                                                 ("UG1", "2025-09-01", "2026-02-05")]
        for (index, term) in terms.enumerated() {
            let id = "P\(index)"
            scenario.given(Given.placement(id, student: term.0, school: "U1", kind: .observation, start: day(term.1), end: day(term.2)),
                           Given.started(id, on: day(term.1)),
                           .placementCompleted(PlacementCompleted(placement: id, on: day(term.2))))
        }
        for student in ["UG1", "UG2"] {
            scenario.given(.studentStatusEnded(StudentStatusEnded(student: student, reason: .graduated, on: day("2026-06-30"))))
        }
        let findings = Duty.findings(scenario, on: "2026-07-01", rule: .practice01)
        #expect(findings.map(\.subject) == ["student UG2"])
        #expect(findings.map(\.actual) == ["279"])
        #expect(Audit.practiceDays(of: "UG3", in: scenario.state, through: day("2026-06-30")) == 300)
    }

    @Test func onlyGraduatesOfUndergraduateSchoolsUnderSanmenxiaAreJudged() {
        #expect(Duty.findings(graduate([]), on: "2026-06-29", rule: .practice01).isEmpty)
        #expect(Duty.findings(graduate([]), on: "2026-06-30", rule: .practice01).count == 1)
        #expect(Duty.findings(graduate([], level: .higher), on: "2026-07-01", rule: .practice01).isEmpty)
        #expect(Duty.findings(graduate([], profile: "national"), on: "2026-07-01", rule: .practice01).isEmpty)
        #expect(Duty.findings(graduate([], profile: "shaoxing"), on: "2026-07-01", rule: .practice01).isEmpty)
    }
}

@Suite("Deduction_01: pay to interns and apprentices per enterprise and year")
struct PayReportTests {
    @Test func stipendsAndWagesAreSummedInTheYearOfTheMonthPaidFor() {
        var scenario = Duty.apprenticeship()
        scenario.given(Given.placement(), Given.insurance(), Given.started(),
                       Given.stipend(month: month("2025-03"), paidOn: day("2025-04-10")),
                       Given.stipend(month: month("2025-04"), amount: yuan(3000), paidOn: day("2025-05-10")),
                       Given.stipend(month: month("2025-04"), amount: yuan(3200), paidOn: day("2025-05-12"), correction: true),
                       Duty.wage("2025-12", paidOn: "2026-01-10"), Duty.wage("2026-01", paidOn: "2026-02-10"))
        let lines = PayReportLine.lines(scenario.state, year: 2025)
        #expect(lines.count == 1)
        #expect(lines.first?.enterprise == "E1")
        #expect(lines.first?.interns == 1)
        #expect(lines.first?.stipendMonths == 2)
        #expect(lines.first?.stipends == yuan(6400))
        #expect(lines.first?.apprentices == 1)
        #expect(lines.first?.wageMonths == 1)
        #expect(lines.first?.wages == yuan(3000))
        #expect(lines.first?.total == yuan(9400))
        #expect(PayReportLine.lines(scenario.state, year: 2026).first?.total == yuan(3000))
        #expect(PayReportLine.lines(scenario.state, year: 2024).isEmpty)
    }
}

@Suite("The school evaluation of 003 annex 1")
struct EvaluationIndicatorTests {
    @Test func theAnnexWeighsOneHundredAndTheRegistryComputesThirtyFour() {
        #expect(Evaluation.annex.count == 44)
        #expect(Evaluation.totalWeight == 100)
        #expect(Evaluation.computableWeight == 34)
        #expect(Set(Evaluation.annex.map(\.key)).count == 44)
    }

    @Test func postsOfferedAndPlacementsHostedAreDistinctFacts() {
        var scenario = Given.district()
        scenario.given(Given.student("ST3"))
        scenario.given(Given.placement("P1"), Given.insurance("P1"), Given.started("P1"),
                       Given.placement("P2", student: "ST3"), Given.insurance("P2", number: "POL-2"), Given.started("P2"),
                       Given.placement("P3", student: "ST3", post: "painter", agreement: nil), Given.insurance("P3", number: "POL-3"),
                       Given.started("P3"))
        var teacher = scenario
        teacher.given(Duty.teacher("T1"), Duty.qualified("T1"), Duty.teacher("T2"),
                      Duty.practice("T1", from: "2024-12-01", to: "2025-01-10"), Duty.practice("T2", from: "2025-07-01", to: "2025-07-10"))
        let values = Evaluation.evaluate(teacher.state, year: 2025)[.secondary]?.first { $0.school == "S1" }?.values ?? [:]
        #expect(values["internStudentTimes"] == 3)
        #expect(values["placementsOffered"] == 2)
        #expect(values["offCampusBases"] == 1)
        #expect(values["baseUseDays"] == Double(3 * 184))
        #expect(values["dualQualifiedShare"] == 50)
        #expect(values["teacherPracticeDays"] == 20)
        #expect(values["liabilityInsuredShare"] == 100)
    }
}
