import RegistryDomain
import Testing

@Suite("Dual_01: student and apprentice at once")
struct DualStatusTests {
    @Test func enrolledStudentWithAContractCoveringTheTermIsAccepted() throws {
        let events = try Given.district().when(Command.contract(), by: Actors.enterprise)
        #expect(events == [Given.apprenticeship()])
    }

    @Test func aLabourContractOfExactlyTwelveMonthsIsAccepted() {
        #expect(Given.district().rejection(Command.contract(contractEnd: day("2026-08-31")), by: Actors.enterprise) == nil)
    }

    @Test func aLabourContractOneDayShorterIsRejected() {
        let rejection = Given.district().rejection(Command.contract(contractEnd: day("2026-08-30")), by: Actors.enterprise)
        #expect(rejection == .laborContractTooShort(apprenticeship: "A1", contractEnd: day("2026-08-30"),
                                                    minimumEnd: day("2026-08-31"), months: 12))
        #expect(rejection?.ruleID == .dual01)
    }

    @Test func theContractMustCoverTheTerm() {
        let scenario = Given.district()
        #expect(scenario.rejection(Command.contract(contractEnd: day("2027-08-31"), end: day("2027-08-31")), by: Actors.enterprise) == nil)
        #expect(scenario.rejection(Command.contract(contractEnd: day("2027-08-30"), end: day("2027-08-31")), by: Actors.enterprise)
                == .laborContractEndsBeforeTerm(apprenticeship: "A1", contractEnd: day("2027-08-30"), end: day("2027-08-31")))
    }

    @Test func theStudentMustBeEnrolledAtTheNamedSchool() {
        let rejection = Given.district().rejection(Command.contract(student: "ST2"), by: Actors.enterprise)
        #expect(rejection == .studentNotEnrolledAtSchool(apprenticeship: "A1", student: "ST2", school: "S1", on: day("2025-09-01")))
        #expect(rejection?.ruleID == .dual01)
    }

    @Test func studentStatusMustLastThroughTheTerm() {
        var lastDay = Given.district()
        lastDay.given(.studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .graduated, on: day("2026-08-31"))))
        #expect(lastDay.rejection(Command.contract(), by: Actors.enterprise)?.ruleID == .dual01)
        var dayAfter = Given.district()
        dayAfter.given(.studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .graduated, on: day("2026-09-01"))))
        #expect(dayAfter.rejection(Command.contract(), by: Actors.enterprise) == nil)
    }

    @Test func aStudentNotYetEnrolledOnTheStartIsRejected() {
        var scenario = Given.district()
        scenario.given(Given.student("LATE", enrolled: day("2025-09-02")))
        #expect(scenario.rejection(Command.contract(student: "LATE"), by: Actors.enterprise)?.ruleID == .dual01)
    }
}

@Suite("Dual_03: apprenticeship term between 12 and 36 months")
struct ApprenticeshipTermTests {
    @Test("accepted terms", arguments: ["2026-08-31", "2028-08-31"])
    func accepted(_ end: String) {
        #expect(Given.district().rejection(Command.contract(contractEnd: day("2029-12-31"), end: day(end)), by: Actors.enterprise) == nil)
    }

    @Test("rejected terms: 11 months and 30 days, 11 months, 36 months and a day, 37 months",
          arguments: ["2026-08-30", "2026-07-31", "2028-09-01", "2028-09-30"])
    func rejected(_ end: String) {
        let rejection = Given.district().rejection(Command.contract(contractEnd: day("2029-12-31"), end: day(end)), by: Actors.enterprise)
        #expect(rejection == .apprenticeshipTermOutOfRange(apprenticeship: "A1", start: day("2025-09-01"), end: day(end),
                                                           minimumMonths: 12, maximumMonths: 36))
        #expect(rejection?.ruleID == .dual03)
    }
}

@Suite("Subsidy_02: apprenticeship training subsidy")
struct ApprenticeshipSubsidyTests {
    /// A1: intermediate, 12 months, entitlement 5000 yuan, advance limit 2500 yuan.
    func contracted(_ more: RegistryEvent...) -> Scenario {
        var scenario = Given.district(PolicyProfiles.sanmenxia)
        scenario.given(Given.apprenticeship())
        scenario.given(more)
        return scenario
    }

    @Test func advanceOfExactlyHalfIsAccepted() throws {
        let events = try contracted().when(.advanceSubsidy(apprenticeship: "A1", amount: yuan(2500), on: day("2025-10-01")), by: Actors.bureau)
        #expect(events == [.subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(2500), on: day("2025-10-01")))])
    }

    @Test func advanceOneFenOverHalfIsRejected() {
        let rejection = contracted().rejection(.advanceSubsidy(apprenticeship: "A1", amount: Money(fen: 250_001), on: day("2025-10-01")),
                                               by: Actors.bureau)
        #expect(rejection == .advanceExceedsLimit(apprenticeship: "A1", amount: Money(fen: 250_001), advanced: .zero, limit: yuan(2500)))
        #expect(rejection?.ruleID == .subsidy02)
    }

    @Test func advancesAreCumulative() {
        let scenario = contracted(.subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(2000), on: day("2025-10-01"))))
        #expect(scenario.rejection(.advanceSubsidy(apprenticeship: "A1", amount: yuan(500), on: day("2025-11-01")), by: Actors.bureau) == nil)
        #expect(scenario.rejection(.advanceSubsidy(apprenticeship: "A1", amount: Money(fen: 50_001), on: day("2025-11-01")), by: Actors.bureau)
                == .advanceExceedsLimit(apprenticeship: "A1", amount: Money(fen: 50_001), advanced: yuan(2000), limit: yuan(2500)))
    }

    @Test func entitlementScalesWithLevelAndTerm() {
        var scenario = Given.district(PolicyProfiles.sanmenxia)
        scenario.given(Given.apprenticeship(level: .senior, end: day("2027-08-31")))
        // 6000 × 24 / 12 = 12000, advance limit 6000.
        #expect(scenario.rejection(.advanceSubsidy(apprenticeship: "A1", amount: yuan(6000), on: day("2025-10-01")), by: Actors.bureau) == nil)
        #expect(scenario.rejection(.advanceSubsidy(apprenticeship: "A1", amount: Money(fen: 600_001), on: day("2025-10-01")),
                                   by: Actors.bureau)?.ruleID == .subsidy02)
    }

    @Test func settlementOnlyAfterCompletionWithCertificate() {
        let running = contracted()
        #expect(running.rejection(.settleSubsidy(apprenticeship: "A1", amount: yuan(1), on: day("2026-09-01")), by: Actors.bureau)
                == .settlementBeforeCompletion(apprenticeship: "A1"))
        let terminated = contracted(.apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A1", on: day("2026-01-01"), reason: "left")))
        #expect(terminated.rejection(.settleSubsidy(apprenticeship: "A1", amount: yuan(1), on: day("2026-09-01")), by: Actors.bureau)?.ruleID
                == .subsidy02)
    }

    @Test func settlementUpToTheEntitlement() {
        let completed = contracted(
            .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(2500), on: day("2025-10-01"))),
            .apprenticeshipCompleted(ApprenticeshipCompleted(apprenticeship: "A1", on: day("2026-08-31"), certificate: "C-1")))
        #expect(completed.rejection(.settleSubsidy(apprenticeship: "A1", amount: yuan(2500), on: day("2026-09-01")), by: Actors.bureau) == nil)
        let rejection = completed.rejection(.settleSubsidy(apprenticeship: "A1", amount: Money(fen: 250_001), on: day("2026-09-01")),
                                            by: Actors.bureau)
        #expect(rejection == .subsidyExceedsEntitlement(apprenticeship: "A1", amount: Money(fen: 250_001), paid: yuan(2500),
                                                        entitlement: yuan(5000)))
        #expect(completed.rejection(.advanceSubsidy(apprenticeship: "A1", amount: yuan(1), on: day("2026-09-01")), by: Actors.bureau)
                == .apprenticeshipEnded(apprenticeship: "A1", status: .completed, on: day("2026-08-31")))
    }

    @Test func clawbackUpToTheOutstandingAdvance() {
        let scenario = contracted(.subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(2500), on: day("2025-10-01"))),
                                  .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A1", on: day("2026-01-01"), reason: "left")))
        #expect(scenario.rejection(.clawBackSubsidy(apprenticeship: "A1", amount: yuan(2500), on: day("2026-01-02")), by: Actors.bureau) == nil)
        #expect(scenario.rejection(.clawBackSubsidy(apprenticeship: "A1", amount: Money(fen: 250_001), on: day("2026-01-02")), by: Actors.bureau)
                == .clawbackExceedsOutstanding(apprenticeship: "A1", amount: Money(fen: 250_001), outstanding: yuan(2500)))
    }

    @Test func completionNeedsACertificate() {
        let scenario = contracted()
        #expect(scenario.rejection(.completeApprenticeship(apprenticeship: "A1", on: day("2026-08-31"), certificate: ""), by: Actors.enterprise)
                == .emptyValue(field: "certificate"))
        #expect(scenario.rejection(.completeApprenticeship(apprenticeship: "A1", on: day("2025-08-31"), certificate: "C"), by: Actors.enterprise)?.kind
                == .invalidInput)
    }

    @Test func subsidy04RejectsAClawbackWhileTheApprenticeshipRuns() {
        let running = contracted(.subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(2500), on: day("2025-10-01"))))
        let rejection = running.rejection(.clawBackSubsidy(apprenticeship: "A1", amount: yuan(2500), on: day("2026-01-02")), by: Actors.bureau)
        #expect(rejection == .clawbackWhileActive(apprenticeship: "A1", on: day("2026-01-02")))
        #expect(rejection?.ruleID == .subsidy04)
        let ended = contracted(.subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(2500), on: day("2025-10-01"))),
                               .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A1", on: day("2026-01-01"), reason: "left")))
        #expect(ended.rejection(.clawBackSubsidy(apprenticeship: "A1", amount: yuan(2500), on: day("2026-01-02")), by: Actors.bureau) == nil)
    }

    @Test func subsidy02GrantsNothingToAModernApprenticeship() {
        var scenario = Given.district(PolicyProfiles.sanmenxia)
        scenario.given(Given.apprenticeship("A1", scheme: .modern), Given.apprenticeship("A2", student: "ST2", scheme: .enterprise))
        let rejection = scenario.rejection(.advanceSubsidy(apprenticeship: "A1", amount: yuan(1), on: day("2025-10-01")), by: Actors.bureau)
        #expect(rejection == .subsidyNotGranted(apprenticeship: "A1", scheme: .modern))
        #expect(rejection?.ruleID == .subsidy02)
        #expect(scenario.rejection(.advanceSubsidy(apprenticeship: "A2", amount: yuan(1), on: day("2025-10-01")), by: Actors.bureau) == nil)
    }

    @Test func underHuyiAnAdvanceHasNoLimitUnlessSet() {
        var scenario = Given.district(PolicyProfiles.huyi)
        scenario.given(Given.apprenticeship("A1"))
        #expect(scenario.rejection(.advanceSubsidy(apprenticeship: "A1", amount: yuan(100_000), on: day("2025-10-01")), by: Actors.bureau) == nil)
        var local = Given.district(PolicyProfiles.huyi.applying([
            ParameterOverride(name: "apprenticeSubsidyPerYear.intermediate", value: .money(yuan(4000)), source: "户人社发〔2025〕3号"),
            ParameterOverride(name: "maxAdvanceRate", value: .rate(Rate(basisPoints: 5000)), source: "户人社发〔2025〕3号"),
        ]))
        local.given(Given.apprenticeship("A1"))
        #expect(local.rejection(.advanceSubsidy(apprenticeship: "A1", amount: yuan(2000), on: day("2025-10-01")), by: Actors.bureau) == nil)
        #expect(local.rejection(.advanceSubsidy(apprenticeship: "A1", amount: Money(fen: 200_001), on: day("2025-10-01")), by: Actors.bureau)
                == .advanceExceedsLimit(apprenticeship: "A1", amount: Money(fen: 200_001), advanced: .zero, limit: yuan(2000)))
    }
}
