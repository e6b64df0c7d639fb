import Foundation
import RegistryDomain
import Testing

/// The registry's own data-quality rules (RULES.md marks them so): figures are `RegistrySettings`,
/// not policy parameters. Each on both sides of its boundary.
@Suite("Data_01…Data_04 and Completion_01: implausible facts")
struct DataQualityTests {
    func confirm(_ month: String = "2025-03", amount: Money = yuan(3200), paidOn: String, correction: Bool = false,
                 advance: Bool = false, today: String? = nil) -> RegistryCommand {
        .confirmStipend(placement: "P1", month: YearMonth(month)!, amount: amount, paidOn: day(paidOn), correction: correction,
                        advance: advance, today: today.map { day($0) })
    }

    @Test func data01RefusesAPaymentAfterTheRegistrysClock() {
        let scenario = Given.activePlacement()
        #expect(scenario.rejection(confirm(paidOn: "2025-04-10", today: "2025-04-10"), by: Actors.enterprise) == nil)
        let rejection = scenario.rejection(confirm(paidOn: "2025-04-11", today: "2025-04-10"), by: Actors.enterprise)
        #expect(rejection == .stipendPaidInFuture(placement: "P1", month: month("2025-03"), paidOn: day("2025-04-11"), today: day("2025-04-10")))
        #expect(rejection?.ruleID == .data01)
    }

    @Test func data02RefusesAPaymentBeforeTheMonthUnlessMarkedAsAnAdvance() {
        let scenario = Given.activePlacement()
        #expect(scenario.rejection(confirm(paidOn: "2025-03-01"), by: Actors.enterprise) == nil)
        let rejection = scenario.rejection(confirm(paidOn: "2025-02-28"), by: Actors.enterprise)
        #expect(rejection == .stipendPaidBeforeMonth(placement: "P1", month: month("2025-03"), paidOn: day("2025-02-28")))
        #expect(rejection?.ruleID == .data02)
        #expect(scenario.rejection(confirm(paidOn: "2025-02-28", advance: true), by: Actors.enterprise) == nil)
    }

    @Test func data03RefusesAStudentYoungerThanTwelveOnEnrolment() {
        let scenario = Given.district()
        func enroll(born: String) -> RegistryCommand {
            // Under 14, so with a guardian's consent (Privacy_01), which is not what this test is about.
            .enrollStudent(id: "ST9", school: "S1", name: "N", major: "welding", birth: day(born), enrolled: day("2025-09-01"),
                           guardianConsent: "GC-1")
        }
        #expect(scenario.rejection(enroll(born: "2013-09-01"), by: Actors.school) == nil)
        let rejection = scenario.rejection(enroll(born: "2013-09-02"), by: Actors.school)
        #expect(rejection == .studentImplausiblyYoung(student: "ST9", birth: day("2013-09-02"), enrolled: day("2025-09-01"), age: 11, minimumAge: 12))
        #expect(rejection?.ruleID == .data03)
    }

    @Test func data04RefusesMoreThanThreeTimesTheAgreedStipendWithoutCorrection() {
        var scenario = Given.activePlacement()
        #expect(scenario.rejection(confirm(amount: yuan(9600), paidOn: "2025-04-10"), by: Actors.enterprise) == nil)
        let rejection = scenario.rejection(confirm(amount: Money(fen: 960_001), paidOn: "2025-04-10"), by: Actors.enterprise)
        #expect(rejection == .stipendImplausiblyLarge(placement: "P1", month: month("2025-03"), amount: Money(fen: 960_001),
                                                      agreed: yuan(3200), factor: 3))
        #expect(rejection?.ruleID == .data04)
        scenario.given(Given.stipend(month: month("2025-03"), paidOn: day("2025-04-10")))
        #expect(scenario.rejection(confirm(amount: yuan(32000), paidOn: "2025-04-12", correction: true), by: Actors.enterprise) == nil)
    }

    @Test func completion01ReportsAPlacementLeftOpenMoreThanThirtyDaysPastItsEnd() {
        // P1 ends 2025-08-31 and is never completed.
        let scenario = Given.activePlacement()
        let onTheThirtiethDay = Audit.findings(in: scenario.state, on: day("2025-09-30")).filter { $0.ruleID == .completion01 }
        #expect(onTheThirtiethDay.isEmpty)
        let after = Audit.findings(in: scenario.state, on: day("2025-10-01")).filter { $0.ruleID == .completion01 }
        #expect(after == [Finding(ruleID: .completion01, subject: "placement P1", school: "S1", enterprise: "E1",
                                  date: day("2025-08-31"), expected: "2025-09-30", actual: "open")])
        #expect(after.first?.source == "registry data-quality rule")
        // Quota and the audit agree that it no longer hosts an intern after its planned end.
        #expect(Audit.quota(in: scenario.state, on: day("2025-10-01")).first { $0.enterprise == "E1" }?.activeInterns == 0)
        var completed = scenario
        completed.given(.placementCompleted(PlacementCompleted(placement: "P1", on: day("2025-08-31"))))
        #expect(Audit.findings(in: completed.state, on: day("2025-10-01")).filter { $0.ruleID == .completion01 }.isEmpty)
        var extended = scenario
        extended.given(.placementExtended(PlacementExtended(placement: "P1", to: day("2025-09-30"))))
        #expect(Audit.findings(in: extended.state, on: day("2025-10-30")).filter { $0.ruleID == .completion01 }.isEmpty)
    }

    @Test func anExtensionRecordsTheDayItWasAgreedAndMayNotBeAgreedAfterItsEnd() throws {
        var scenario = Given.activePlacement()
        scenario.given(Given.insurance(number: "POL-2", to: day("2025-12-31")))
        #expect(try scenario.when(.extendPlacement(placement: "P1", to: day("2025-09-30"), agreedOn: day("2025-09-30")), by: Actors.school)
                == [.placementExtended(PlacementExtended(placement: "P1", to: day("2025-09-30"), on: day("2025-09-30")))])
        #expect(scenario.rejection(.extendPlacement(placement: "P1", to: day("2025-09-30"), agreedOn: day("2025-10-01")), by: Actors.school)
                == .endBeforeStart(.placement("P1"), start: day("2025-10-01"), end: day("2025-09-30")))
    }

    @Test func theCatalogueMarksDataQualityRulesWithARegistrySetting() {
        for id in [RuleID.completion01, .data01, .data02, .data03, .data04] {
            let rule = RuleCatalogue.rule(id)
            #expect(rule.isDataQuality && rule.setting != nil && rule.parameters.isEmpty, "\(id)")
        }
        #expect(!RuleCatalogue.rule(.quota01).isDataQuality)
    }
}

@Suite("Age_01 at registration")
struct AgeAtRegistrationTests {
    @Test func aPostPlacementIsRefusedWhenItsPlannedStartFindsTheStudentUnderSixteen() {
        var scenario = Given.district()
        scenario.given(Given.student("ST7", birth: day("2009-03-02")), Given.student("ST8", birth: day("2009-03-01")))
        let rejection = scenario.rejection(Command.register("P7", student: "ST7"), by: Actors.school)
        #expect(rejection == .studentTooYoung(placement: "P7", student: "ST7", on: day("2025-03-01"), age: 15, minimumAge: 16))
        #expect(rejection?.ruleID == .age01)
        #expect(scenario.rejection(Command.register("P8", student: "ST8"), by: Actors.school) == nil)
        // An observation placement has no age rule.
        #expect(scenario.rejection(Command.register("P9", student: "ST7", kind: .observation), by: Actors.school) == nil)
    }
}
