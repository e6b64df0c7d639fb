import Foundation
@testable import RegistryDomain
import Testing

@Suite("Wage_01: an apprentice's agreed wage is not below the local minimum wage")
struct MinimumWageTests {
    private func contract(_ wage: Money) -> RegistryCommand {
        .contractApprenticeship(id: "A1", student: "ST1", school: "S1", enterprise: "E1", scheme: .enterprise, level: .intermediate,
                                laborContract: "LC-1", contractEnd: day("2026-08-31"), start: day("2025-09-01"), end: day("2026-08-31"),
                                schoolTutor: "T", mentor: "M", monthlyWage: wage)
    }

    @Test func aWageAtTheMinimumSetByTheBureauIsAcceptedAndOneFenBelowIsRejected() throws {
        let policy = Duty.profile("sanmenxia", setting: ["minimumMonthlyWage": .money(yuan(2000))], source: "豫政〔2024〕1号")
        let scenario = Given.district(policy)
        #expect(scenario.rejection(contract(yuan(2000)), by: Actors.enterprise) == nil)
        let rejection = scenario.rejection(contract(Money(fen: 199_999)), by: Actors.enterprise)
        #expect(rejection == .duty(.wageBelowMinimum(apprenticeship: "A1", wage: Money(fen: 199_999), minimum: yuan(2000),
                                                     source: "豫政〔2024〕1号")))
        #expect(rejection?.ruleID == .wage01)
        #expect(rejection?.kind == .rule)
        #expect(rejection?.message(.en) == "apprenticeship 'A1' cannot be contracted: the agreed monthly wage of 1999.99 yuan is below the local minimum wage of 2000.00 yuan (豫政〔2024〕1号).")
        #expect(rejection?.message(.zh).contains("低于当地最低工资标准") == true)
    }

    @Test func aContractWithoutAWageIsNotJudgedByWage01() {
        let policy = Duty.profile("sanmenxia", setting: ["minimumMonthlyWage": .money(yuan(2000))])
        let command = RegistryCommand.contractApprenticeship(
            id: "A1", student: "ST1", school: "S1", enterprise: "E1", scheme: .enterprise, level: .intermediate,
            laborContract: "LC-1", contractEnd: day("2026-08-31"), start: day("2025-09-01"), end: day("2026-08-31"),
            schoolTutor: "T", mentor: "M")
        #expect(Given.district(policy).rejection(command, by: Actors.enterprise) == nil)
    }

    @Test("no seed states a minimum wage, so Wage_01 does not apply under any shipped profile",
          arguments: ["national", "huyi", "sanmenxia", "shaoxing", "hechuan"])
    func unsetEverywhere(_ profile: String) throws {
        #expect(Duty.profile(profile).minimumMonthlyWage == nil)
        let events = try Given.district(Duty.profile(profile)).when(contract(yuan(1)), by: Actors.enterprise)
        guard case .apprenticeshipContracted(let contracted)? = events.first else {
            Issue.record("expected a contract, got \(events)")
            return
        }
        #expect(contracted.monthlyWage == yuan(1))
    }

    @Test func aNegativeWageIsMalformed() {
        let rejection = Given.district().rejection(.contractApprenticeship(
            id: "A1", student: "ST1", school: "S1", enterprise: "E1", scheme: .modern, level: .intermediate,
            laborContract: "LC-1", contractEnd: day("2026-08-31"), start: day("2025-09-01"), end: day("2026-08-31"),
            schoolTutor: "T", mentor: "M", monthlyWage: Money(fen: -1)), by: Actors.enterprise)
        #expect(rejection == .negativeValue(field: "monthly wage", value: Money(fen: -1).description))
    }
}

@Suite("Apprentice wage confirmations and Wage_05")
struct WageConfirmationTests {
    @Test func theFirstAndTheLastMonthOfTheTermAreAcceptedAndTheMonthsAroundAreRejected() throws {
        let scenario = Duty.apprenticeship()
        #expect(scenario.rejection(Duty.confirm("2025-09"), by: Actors.enterprise) == nil)
        #expect(scenario.rejection(Duty.confirm("2026-08"), by: Actors.enterprise) == nil)
        let before = scenario.rejection(Duty.confirm("2025-08"), by: Actors.enterprise)
        #expect(before == .duty(.wageMonthOutsideTerm(apprenticeship: "A1", month: month("2025-08"),
                                                      term: day("2025-09-01")...day("2026-08-31"))))
        #expect(before?.ruleID == .wage05)
        #expect(scenario.rejection(Duty.confirm("2026-09"), by: Actors.enterprise)?.ruleID == .wage05)
    }

    @Test func aTerminatedApprenticeshipTakesNoWageAfterItsLastMonth() {
        var scenario = Duty.apprenticeship()
        scenario.given(.apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A1", on: day("2025-12-15"), reason: "left")))
        #expect(scenario.rejection(Duty.confirm("2025-12"), by: Actors.enterprise) == nil)
        #expect(scenario.rejection(Duty.confirm("2026-01"), by: Actors.enterprise)?.ruleID == .wage05)
    }

    @Test func aSecondConfirmationNeedsTheCorrectionFlag() throws {
        var scenario = Duty.apprenticeship()
        scenario.given(Duty.wage("2025-09", paidOn: "2025-10-10"))
        #expect(scenario.rejection(Duty.confirm("2025-09"), by: Actors.enterprise)
                == .duty(.wageAlreadyConfirmed(apprenticeship: "A1", month: month("2025-09"))))
        try scenario.run(Duty.confirm("2025-09", yuan(3100), paidOn: "2025-10-12", correction: true), by: Actors.enterprise)
        #expect(scenario.state.apprenticeships["A1"]?.wages[month("2025-09")]?.amount == yuan(3100))
        let nothing = scenario.rejection(Duty.confirm("2025-10", correction: true), by: Actors.enterprise)
        #expect(nothing == .duty(.wageNothingToCorrect(apprenticeship: "A1", month: month("2025-10"))))
        #expect(nothing?.kind == .invalidState)
    }

    @Test func onlyTheApprenticesEnterpriseConfirms() {
        let scenario = Duty.apprenticeship()
        #expect(scenario.rejection(Duty.confirm("2025-09"), by: Actors.otherEnterprise)?.ruleID == .auth01)
        #expect(scenario.rejection(Duty.confirm("2025-09"), by: Actors.school)?.ruleID == .auth01)
        #expect(scenario.rejection(.confirmApprenticeWage(apprenticeship: "NOPE", month: month("2025-09"), amount: yuan(1),
                                                           paidOn: day("2025-10-01"), correction: false), by: Actors.enterprise)
                == .notFound(.apprenticeship("NOPE")))
    }
}

@Suite("Wage_02/03/04: apprentices paid in full and on time")
struct WageFindingTests {
    @Test func paidInFullIsNoFindingAndOneFenLessIs() {
        var full = Duty.apprenticeship()
        full.given(Duty.wage("2025-09", paidOn: "2025-10-10"))
        #expect(Duty.findings(full, on: "2025-12-31", rule: .wage02).isEmpty)
        var short = Duty.apprenticeship()
        short.given(Duty.wage("2025-09", Money(fen: 299_999), paidOn: "2025-10-10"))
        let findings = Duty.findings(short, on: "2025-12-31", rule: .wage02)
        #expect(findings.count == 1)
        #expect(findings.first?.expected == "3000.00")
        #expect(findings.first?.actual == "2999.99")
        #expect(findings.first?.message(.en) == "apprenticeship A1 paid the apprentice 2999.99 yuan for 2025-09, less than the 3000.00 yuan due.")
    }

    @Test func aPartMonthOwesTheWageProRata() {
        var scenario = Duty.apprenticeship()
        scenario.given(.apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A1", on: day("2025-11-15"), reason: "left")),
                       Duty.wage("2025-11", yuan(1500), paidOn: "2025-11-20"))
        // 15 of 30 days of November: 1500 yuan is the whole wage due.
        #expect(scenario.state.apprenticeships["A1"]?.wageDue(for: month("2025-11")) == yuan(1500))
        #expect(Duty.findings(scenario, on: "2026-03-31", rule: .wage02).isEmpty)
    }

    @Test func paidOnTheDueDateIsTimelyAndADayLaterIsNot() {
        // September's wage is due 30 days after 2025-09-30: 2025-10-30.
        var onTime = Duty.apprenticeship()
        onTime.given(Duty.wage("2025-09", paidOn: "2025-10-30"))
        #expect(Duty.findings(onTime, on: "2025-12-31", rule: .wage03).isEmpty)
        var late = Duty.apprenticeship()
        late.given(Duty.wage("2025-09", paidOn: "2025-10-31"))
        let findings = Duty.findings(late, on: "2025-12-31", rule: .wage03)
        #expect(findings.map(\.expected) == ["2025-10-30"])
        #expect(findings.map(\.actual) == ["2025-10-31"])
    }

    @Test func aMissingMonthIsAFindingOnlyOnceItsDueDateHasPassed() {
        let scenario = Duty.apprenticeship()
        #expect(Duty.findings(scenario, on: "2025-10-30", rule: .wage04).isEmpty)
        let findings = Duty.findings(scenario, on: "2025-10-31", rule: .wage04)
        #expect(findings.map(\.period) == [month("2025-09")])
        #expect(findings.first?.source == "002 三(三) (学徒 基本劳动权益, 及时足额支付报酬); local document")
    }

    @Test func withoutAPaymentDeadlineLateAndMissingMonthsAreNotJudgedButShortOnesAre() {
        var scenario = Duty.apprenticeship(Duty.profile("sanmenxia"))
        scenario.given(Duty.wage("2025-09", yuan(100), paidOn: "2026-03-01"))
        let findings = Audit.findings(in: scenario.state, on: day("2026-12-31")).map(\.ruleID)
        #expect(!findings.contains(.wage03) && !findings.contains(.wage04))
        #expect(findings.contains(.wage02))
    }

    @Test func aContractWithoutAnAgreedWageIsNotJudged() {
        let scenario = Duty.apprenticeship(wage: nil)
        #expect(Audit.findings(in: scenario.state, on: day("2026-12-31")).filter { [.wage02, .wage03, .wage04].contains($0.ruleID) }.isEmpty)
    }
}

@Suite("ApprenticeshipContracted payloads before and after the agreed wage")
struct ApprenticeshipWageCodingTests {
    private let old = #"{"contractEnd":"2026-08-31","end":"2026-08-31","enterprise":"E1","id":"A1","laborContract":"LC","level":"intermediate","mentor":"M","scheme":"modern","school":"S1","schoolTutor":"T","start":"2025-09-01","student":"ST1"}"#

    @Test func anOldPayloadDecodesWithoutAWageAndEncodesToTheSameBytes() throws {
        let decoded = try JSONDecoder().decode(ApprenticeshipContracted.self, from: Data(old.utf8))
        #expect(decoded.monthlyWage == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == old)
    }

    @Test func aNewPayloadCarriesTheWageInFen() throws {
        var contract = try JSONDecoder().decode(ApprenticeshipContracted.self, from: Data(old.utf8))
        contract.monthlyWage = yuan(3200)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(contract), as: UTF8.self)
        #expect(text.contains(#""monthlyWage":320000"#))
        #expect(try JSONDecoder().decode(ApprenticeshipContracted.self, from: Data(text.utf8)) == contract)
    }
}
