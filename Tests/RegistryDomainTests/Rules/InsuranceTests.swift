import RegistryDomain
import Testing

@Suite("Insurance_01 / Insurance_02: cover for every day of the term at start")
struct InsuranceAtStartTests {
    @Test func insurance01AcceptsCoverEndingOnThePlannedEnd() throws {
        let scenario = Given.insuredPlacement()
        #expect(try scenario.when(Command.start(), by: Actors.school) == [Given.started()])
    }

    @Test func insurance01RejectsAPolicyLapsingOneDayBeforeThePlannedEnd() {
        var scenario = Given.district()
        scenario.given(Given.placement(), Given.insurance(to: day("2025-08-30")))
        let rejection = scenario.rejection(Command.start(), by: Actors.school)
        #expect(rejection == .notInsured(placement: "P1", cover: .liability, on: day("2025-03-01"),
                                         uncovered: day("2025-08-31")...day("2025-08-31")))
        #expect(rejection?.ruleID == .insurance01)
    }

    @Test func insurance01RejectsAPolicyStartingOneDayLate() {
        var scenario = Given.district()
        scenario.given(Given.placement(), Given.insurance(from: day("2025-03-02")))
        #expect(scenario.rejection(Command.start(), by: Actors.school)
                == .notInsured(placement: "P1", cover: .liability, on: day("2025-03-01"),
                               uncovered: day("2025-03-01")...day("2025-03-01")))
        // Starting a day later, the term is 2025-03-02…2025-08-31 and fully covered.
        #expect(scenario.rejection(Command.start(on: day("2025-03-02")), by: Actors.school) == nil)
    }

    @Test func insurance01NamesTheWholeTermWhenUninsured() {
        var scenario = Given.district()
        scenario.given(Given.placement())
        let rejection = scenario.rejection(Command.start(), by: Actors.school)
        #expect(rejection?.message(.en)
                == "placement 'P1' cannot start on 2025-03-01: no liability insurance covers 2025-03-01…2025-08-31.")
        #expect(rejection?.message(.zh) == "实习 'P1' 不能于 2025-03-01 开始：2025-03-01…2025-08-31 期间没有实习责任保险保障。")
    }

    @Test func insurance01CombinesAdjacentPoliciesButNotAGap() {
        var adjacent = Given.district()
        adjacent.given(Given.placement(), Given.insurance(number: "A", to: day("2025-05-31")),
                       Given.insurance(number: "B", from: day("2025-06-01")))
        #expect(adjacent.rejection(Command.start(), by: Actors.school) == nil)

        var gap = Given.district()
        gap.given(Given.placement(), Given.insurance(number: "A", to: day("2025-05-31")),
                  Given.insurance(number: "B", from: day("2025-06-02")))
        #expect(gap.rejection(Command.start(), by: Actors.school)
                == .notInsured(placement: "P1", cover: .liability, on: day("2025-03-01"),
                               uncovered: day("2025-06-01")...day("2025-06-01")))
    }

    @Test func insurance01IgnoresCancelledDays() {
        var scenario = Given.insuredPlacement()
        scenario.given(.insuranceCancelled(InsuranceCancelled(placement: "P1", policyNumber: "POL-1", on: day("2025-08-31"))))
        #expect(scenario.rejection(Command.start(), by: Actors.school)
                == .notInsured(placement: "P1", cover: .liability, on: day("2025-03-01"),
                               uncovered: day("2025-08-31")...day("2025-08-31")))
    }

    @Test func insurance01AppliesToObservationToo() {
        var scenario = Given.district()
        scenario.given(Given.placement(kind: .observation))
        #expect(scenario.rejection(Command.start(), by: Actors.school)?.ruleID == .insurance01)
    }

    @Test func insurance02RejectsAccidentCoverLapsingOneDayEarly() {
        var scenario = Given.district(PolicyProfiles.sanmenxia)
        scenario.given(Given.placement(), Given.insurance(number: "L", covers: [.liability]),
                       Given.insurance(number: "A", covers: [.accident], to: day("2025-08-30")))
        let rejection = scenario.rejection(Command.start(), by: Actors.school)
        #expect(rejection == .notInsured(placement: "P1", cover: .accident, on: day("2025-03-01"),
                                         uncovered: day("2025-08-31")...day("2025-08-31")))
        #expect(rejection?.ruleID == .insurance02)
        #expect(rejection?.message(.en).contains("personal accident insurance") == true)
    }

    @Test func insurance02AcceptsAccidentCoverExactlyToTheEnd() throws {
        var scenario = Given.district(PolicyProfiles.sanmenxia)
        scenario.given(Given.placement(), Given.insurance(number: "L", covers: [.liability]),
                       Given.insurance(number: "A", covers: [.accident]))
        _ = try scenario.when(Command.start(), by: Actors.school)
    }

    @Test func insurance02AppliesOnlyWherePolicyRequiresIt() throws {
        var liabilityOnly = PolicyProfiles.national
        liabilityOnly[.requiredCovers] = Parameter([.liability], source: "test")
        var scenario = Given.district(liabilityOnly)
        scenario.given(Given.placement(), Given.insurance(covers: [.liability]))
        _ = try scenario.when(Command.start(), by: Actors.school)
    }
}

@Suite("Insurance_03: extension and cancellation keep the cover")
struct InsuranceContinuityTests {
    @Test func extensionWithinCoverIsAccepted() throws {
        var scenario = Given.activePlacement()
        scenario.given(Given.insurance(number: "POL-2", from: day("2025-09-01"), to: day("2025-09-30")))
        #expect(try scenario.when(.extendPlacement(placement: "P1", to: day("2025-09-30")), by: Actors.school)
                == [.placementExtended(PlacementExtended(placement: "P1", to: day("2025-09-30")))])
    }

    @Test func extensionOneDayBeyondCoverIsRejected() {
        var scenario = Given.activePlacement()
        scenario.given(Given.insurance(number: "POL-2", from: day("2025-09-01"), to: day("2025-09-30")))
        let rejection = scenario.rejection(.extendPlacement(placement: "P1", to: day("2025-10-01")), by: Actors.school)
        #expect(rejection == .extensionNotInsured(placement: "P1", cover: .liability, to: day("2025-10-01"),
                                                  uncovered: day("2025-10-01")...day("2025-10-01")))
        #expect(rejection?.ruleID == .insurance03)
    }

    @Test func extensionMustMoveTheEndLater() {
        let scenario = Given.activePlacement()
        #expect(scenario.rejection(.extendPlacement(placement: "P1", to: day("2025-08-31")), by: Actors.school)
                == .extensionNotLater(placement: "P1", to: day("2025-08-31"), plannedEnd: day("2025-08-31")))
    }

    @Test func extensionBeforeTheStartIsCheckedAtTheStart() throws {
        var scenario = Given.insuredPlacement()
        try scenario.run(.extendPlacement(placement: "P1", to: day("2025-09-30")), by: Actors.school)
        #expect(scenario.rejection(Command.start(), by: Actors.school)
                == .notInsured(placement: "P1", cover: .liability, on: day("2025-03-01"),
                               uncovered: day("2025-09-01")...day("2025-09-30")))
    }

    @Test func cancellingTheOnlyPolicyOfAnActivePlacementIsRejected() {
        let scenario = Given.activePlacement()
        let rejection = scenario.rejection(.cancelInsurance(placement: "P1", policyNumber: "POL-1", on: day("2025-06-01")),
                                           by: Actors.school)
        #expect(rejection == .cancellationLeavesGap(placement: "P1", policyNumber: "POL-1", cover: .liability,
                                                    on: day("2025-06-01"), uncovered: day("2025-06-01")...day("2025-08-31")))
        #expect(rejection?.ruleID == .insurance03)
    }

    @Test func cancellingIsAcceptedWhenAnotherPolicyCoversTheRest() throws {
        var scenario = Given.activePlacement()
        scenario.given(Given.insurance(number: "POL-2", from: day("2025-06-01")))
        _ = try scenario.when(.cancelInsurance(placement: "P1", policyNumber: "POL-1", on: day("2025-06-01")), by: Actors.school)
    }

    @Test func cancellingIsRejectedWhenTheOtherPolicyStartsOneDayLate() {
        var scenario = Given.activePlacement()
        scenario.given(Given.insurance(number: "POL-2", from: day("2025-06-02")))
        #expect(scenario.rejection(.cancelInsurance(placement: "P1", policyNumber: "POL-1", on: day("2025-06-01")), by: Actors.school)
                == .cancellationLeavesGap(placement: "P1", policyNumber: "POL-1", cover: .liability, on: day("2025-06-01"),
                                          uncovered: day("2025-06-01")...day("2025-06-01")))
    }

    @Test func cancellingAfterThePlannedEndOrBeforeTheStartIsAccepted() throws {
        let active = Given.activePlacement()
        _ = try active.when(.cancelInsurance(placement: "P1", policyNumber: "POL-1", on: day("2025-09-01")), by: Actors.school)
        let notStarted = Given.insuredPlacement()
        _ = try notStarted.when(.cancelInsurance(placement: "P1", policyNumber: "POL-1", on: day("2025-03-01")), by: Actors.school)
    }

    @Test func cancellingARedundantPolicyIsAccepted() throws {
        var scenario = Given.activePlacement()
        scenario.given(Given.insurance(number: "EXTRA", covers: [.accident], from: day("2025-03-01")))
        // POL-1 still provides accident cover, so the extra accident policy may go.
        _ = try scenario.when(.cancelInsurance(placement: "P1", policyNumber: "EXTRA", on: day("2025-04-01")), by: Actors.school)
    }

    @Test func cancellingTwiceOrAnUnknownPolicyIsRejected() {
        var scenario = Given.insuredPlacement()
        scenario.given(.insuranceCancelled(InsuranceCancelled(placement: "P1", policyNumber: "POL-1", on: day("2025-03-01"))))
        #expect(scenario.rejection(.cancelInsurance(placement: "P1", policyNumber: "POL-1", on: day("2025-03-02")), by: Actors.school)
                == .insuranceAlreadyCancelled(placement: "P1", policyNumber: "POL-1", on: day("2025-03-01")))
        let unknown = scenario.rejection(.cancelInsurance(placement: "P1", policyNumber: "NOPE", on: day("2025-03-02")), by: Actors.school)
        #expect(unknown == .notFound(RecordRef(.insurancePolicy, "NOPE")))
        #expect(unknown?.kind == .notFound)
    }
}

@Suite("Insurance_04: the student never pays the premium")
struct PremiumPayerTests {
    @Test("school or enterprise may pay", arguments: [PremiumPayer.school, .enterprise])
    func schoolOrEnterprisePays(_ payer: PremiumPayer) throws {
        var scenario = Given.district()
        scenario.given(Given.placement())
        let events = try scenario.when(Command.insure(covers: [.accident, .liability, .accident], paidBy: payer), by: Actors.school)
        #expect(events == [.insuranceEnrolled(InsuranceEnrolled(placement: "P1", policyNumber: "POL-9", insurer: "PICC",
                                                                covers: [.liability, .accident], from: day("2025-03-01"),
                                                                to: day("2025-08-31"), paidBy: payer))])
    }

    @Test func studentPaysIsRejected() {
        var scenario = Given.district()
        scenario.given(Given.placement())
        let rejection = scenario.rejection(Command.insure(paidBy: .student), by: Actors.school)
        #expect(rejection == .premiumPaidByStudent(placement: "P1", policyNumber: "POL-9"))
        #expect(rejection?.ruleID == .insurance04)
    }

    @Test func malformedPoliciesAreInvalidInput() {
        let scenario = Given.insuredPlacement()
        #expect(scenario.rejection(Command.insure(covers: []), by: Actors.school) == .emptyValue(field: "cover"))
        #expect(scenario.rejection(Command.insure(from: day("2025-03-02"), to: day("2025-03-01")), by: Actors.school)?.kind == .invalidInput)
        #expect(scenario.rejection(Command.insure(number: "POL-1"), by: Actors.school) == .alreadyExists(RecordRef(.insurancePolicy, "POL-1")))
    }
}
