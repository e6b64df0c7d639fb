import RegistryDomain
import Testing

@Suite("Duration_01: a post internship is planned for at least half a year")
struct DurationTests {
    @Test func exactlySixMonthsIsAccepted() throws {
        let scenario = Given.district()
        let events = try scenario.when(Command.register(end: day("2025-08-31")), by: Actors.school)
        #expect(events == [Given.placement()])
    }

    @Test func oneDayLessIsRejected() {
        let rejection = Given.district().rejection(Command.register(end: day("2025-08-30")), by: Actors.school)
        #expect(rejection == .postInternshipTooShort(placement: "P1", start: day("2025-03-01"), end: day("2025-08-30"),
                                                     minimumEnd: day("2025-08-31"), months: 6))
        #expect(rejection?.ruleID == .duration01)
    }

    @Test func monthEndsClamp() {
        let scenario = Given.district()
        // 2025-08-31 + 6 months = 2026-02-28, so the minimum end is 2026-02-27.
        #expect(scenario.rejection(Command.register(start: day("2025-08-31"), end: day("2026-02-27")), by: Actors.school) == nil)
        #expect(scenario.rejection(Command.register(start: day("2025-08-31"), end: day("2026-02-26")), by: Actors.school)?.ruleID == .duration01)
    }

    @Test func observationInternshipsMayBeShort() {
        #expect(Given.district().rejection(Command.register(kind: .observation, end: day("2025-03-05")), by: Actors.school) == nil)
    }

    @Test func theMinimumComesFromThePolicyInForceOnTheStart() {
        var shorter = PolicyProfiles.national
        shorter[.minPostMonths] = Parameter(3, source: "test")
        var scenario = Given.district()
        scenario.given(.policyAdopted(PolicyAdopted(from: day("2025-03-01"), policy: shorter)))
        #expect(scenario.rejection(Command.register(end: day("2025-05-31")), by: Actors.school) == nil)
        #expect(scenario.rejection(Command.register(start: day("2025-02-28"), end: day("2025-05-31")), by: Actors.school)?.ruleID == .duration01)
    }
}

@Suite("Age_01: minimum age on the start date")
struct AgeTests {
    func scenario(birth: CalendarDate, kind: PlacementKind = .post) -> Scenario {
        var scenario = Given.district()
        scenario.given(Given.student("YOUNG", birth: birth), Given.placement(student: "YOUNG", kind: kind), Given.insurance())
        return scenario
    }

    @Test func sixteenOnTheStartDateIsAccepted() throws {
        _ = try scenario(birth: day("2009-03-01")).when(Command.start(), by: Actors.school)
    }

    @Test func oneDayYoungerIsRejected() {
        let rejection = scenario(birth: day("2009-03-02")).rejection(Command.start(), by: Actors.school)
        #expect(rejection == .studentTooYoung(placement: "P1", student: "YOUNG", on: day("2025-03-01"), age: 15, minimumAge: 16))
        #expect(rejection?.ruleID == .age01)
        #expect(rejection?.message(.en) == "placement 'P1' cannot start on 2025-03-01: student 'YOUNG' is 15, younger than 16.")
    }

    @Test func observationHasNoMinimumAge() {
        #expect(scenario(birth: day("2010-01-01"), kind: .observation).rejection(Command.start(), by: Actors.school) == nil)
    }
}

@Suite("Agreement_01: no agreement, no post internship")
struct AgreementTests {
    @Test func postWithAgreementStarts() throws {
        _ = try Given.insuredPlacement().when(Command.start(), by: Actors.school)
    }

    @Test func postWithoutAgreementIsRejected() throws {
        var scenario = Given.district()
        try scenario.run(Command.register(agreement: ""), by: Actors.school)
        scenario.given(Given.insurance())
        let rejection = scenario.rejection(Command.start(), by: Actors.school)
        #expect(rejection == .agreementMissing(placement: "P1"))
        #expect(rejection?.ruleID == .agreement01)
    }

    @Test func anAgreementRecordedAtTheStartIsEnough() throws {
        var scenario = Given.district()
        try scenario.run(Command.register(agreement: ""), by: Actors.school)
        scenario.given(Given.insurance())
        let events = try scenario.when(.startPlacement(placement: "P1", on: day("2025-03-01"), agreement: "SF-9"), by: Actors.school)
        #expect(events == [.placementStarted(PlacementStarted(placement: "P1", on: day("2025-03-01"), agreement: "SF-9"))])
        #expect(PlacementState.evolve(scenario.state.placements["P1"], events[0])?.agreement == "SF-9")
    }

    @Test func observationNeedsNoAgreement() {
        var scenario = Given.district()
        scenario.given(Given.placement(kind: .observation, agreement: nil), Given.insurance())
        #expect(scenario.rejection(Command.start(), by: Actors.school) == nil)
    }
}

@Suite("Pay_01: stipend floor at registration")
struct PayFloorTests {
    @Test func exactlyEightyPercentIsAccepted() {
        #expect(Given.district().rejection(Command.register(stipend: yuan(3200)), by: Actors.school) == nil)
    }

    @Test func oneFenLessIsRejected() {
        let rejection = Given.district().rejection(Command.register(stipend: Money(fen: 319_999)), by: Actors.school)
        #expect(rejection == .stipendBelowFloor(placement: "P1", post: "welder", stipend: Money(fen: 319_999), floor: yuan(3200),
                                                wageStandard: yuan(4000), rate: Rate(basisPoints: 8000)))
        #expect(rejection?.ruleID == .pay01)
        #expect(rejection?.message(.en)
                == "placement 'P1' cannot be registered: its stipend of 3199.99 yuan is below 3200.00 yuan, 80% of the wage standard 4000.00 yuan for post 'welder'.")
    }

    @Test func theFloorRoundsUpToWholeFen() {
        var scenario = Given.district()
        scenario.given(Given.workforce(asOf: day("2025-02-01"), wages: ["welder": Money(fen: 400_001)]))
        // 80% of 4000.01 = 3200.008, so the floor is 3200.01.
        #expect(scenario.rejection(Command.register(stipend: Money(fen: 320_001)), by: Actors.school) == nil)
        #expect(scenario.rejection(Command.register(stipend: Money(fen: 320_000)), by: Actors.school)?.ruleID == .pay01)
    }

    @Test func noWageStandardNoFloor() {
        let scenario = Given.district()
        #expect(scenario.rejection(Command.register(stipend: .zero, post: "painter"), by: Actors.school) == nil)
        #expect(scenario.rejection(Command.register(stipend: .zero, post: nil), by: Actors.school) == nil)
        #expect(scenario.rejection(Command.register(kind: .observation, stipend: .zero), by: Actors.school) == nil)
    }

    @Test func theStandardInForceOnTheStartDateApplies() {
        var scenario = Given.district()
        scenario.given(Given.workforce(asOf: day("2025-03-02"), wages: ["welder": yuan(5000)]))
        #expect(scenario.rejection(Command.register(stipend: yuan(3200)), by: Actors.school) == nil)
        #expect(scenario.rejection(Command.register(start: day("2025-03-02"), end: day("2025-09-01"), stipend: yuan(3200)),
                                   by: Actors.school)?.ruleID == .pay01)
    }
}

@Suite("Pay_05: stipend confirmations")
struct StipendConfirmationTests {
    @Test("months of the term are accepted", arguments: ["2025-03", "2025-08"])
    func monthsInTerm(_ text: String) throws {
        let events = try Given.activePlacement().when(Command.confirm(month: month(text), paidOn: month(text).lastDay), by: Actors.enterprise)
        #expect(events.count == 1)
    }

    @Test("months outside the term are rejected", arguments: ["2025-02", "2025-09"])
    func monthsOutsideTerm(_ text: String) {
        let rejection = Given.activePlacement().rejection(Command.confirm(month: month(text)), by: Actors.enterprise)
        #expect(rejection == .stipendMonthOutsideTerm(placement: "P1", month: month(text), term: day("2025-03-01")...day("2025-08-31")))
        #expect(rejection?.ruleID == .pay05)
    }

    @Test func termEndsAtTermination() {
        var scenario = Given.activePlacement()
        scenario.given(.placementTerminated(PlacementTerminated(placement: "P1", on: day("2025-05-31"), reason: "closed")))
        #expect(scenario.rejection(Command.confirm(month: month("2025-05"), paidOn: day("2025-06-10")), by: Actors.enterprise) == nil)
        #expect(scenario.rejection(Command.confirm(month: month("2025-06")), by: Actors.enterprise)?.ruleID == .pay05)
    }

    @Test func secondConfirmationNeedsTheCorrectionFlag() throws {
        var scenario = Given.activePlacement()
        scenario.given(Given.stipend(month: month("2025-03"), paidOn: day("2025-04-10")))
        let rejection = scenario.rejection(Command.confirm(month: month("2025-03")), by: Actors.enterprise)
        #expect(rejection == .stipendAlreadyConfirmed(placement: "P1", month: month("2025-03")))
        #expect(rejection?.ruleID == .pay05)
        _ = try scenario.when(Command.confirm(month: month("2025-03"), correction: true), by: Actors.enterprise)
    }

    @Test func aCorrectionNeedsSomethingToCorrect() {
        let rejection = Given.activePlacement().rejection(Command.confirm(month: month("2025-03"), correction: true), by: Actors.enterprise)
        #expect(rejection == .nothingToCorrect(placement: "P1", month: month("2025-03")))
        #expect(rejection?.kind == .invalidState)
    }

    @Test func notStartedPlacementsTakeNoStipend() {
        #expect(Given.insuredPlacement().rejection(Command.confirm(month: month("2025-03")), by: Actors.enterprise)
                == .placementNotStarted(placement: "P1"))
    }
}

@Suite("Placement lifecycle")
struct PlacementLifecycleTests {
    @Test func registrationNeedsKnownRecordsAndSaneInput() {
        let scenario = Given.insuredPlacement()
        #expect(scenario.rejection(Command.register(), by: Actors.school) == .alreadyExists(.placement("P1")))
        #expect(scenario.rejection(Command.register("P2", student: "NOPE"), by: Actors.school) == .notFound(.student("NOPE")))
        #expect(scenario.rejection(Command.register("P2", enterprise: "NOPE"), by: Actors.school)?.kind == .notFound)
        #expect(scenario.rejection(Command.register("P2", start: day("2025-03-02"), end: day("2025-03-01")), by: Actors.school)?.kind
                == .invalidInput)
        #expect(scenario.rejection(Command.register("P2", stipend: Money(fen: -1)), by: Actors.school)?.kind == .invalidInput)
    }

    @Test func theSchoolIsTheStudentsSchool() throws {
        let events = try Given.district().when(Command.register("P2", student: "ST2"), by: Actors.otherSchool)
        guard case .placementRegistered(let registered)? = events.first else {
            Issue.record("expected PlacementRegistered")
            return
        }
        #expect(registered.school == "S2")
    }

    @Test func aStudentWhoLeftCannotBePlaced() {
        var scenario = Given.district()
        scenario.given(.studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .withdrawn, on: day("2025-03-01"))))
        #expect(scenario.rejection(Command.register(), by: Actors.school) == .studentNotEnrolled(student: "ST1", on: day("2025-03-01")))
    }

    @Test func startTwiceOrAfterTheEndIsRejected() {
        let active = Given.activePlacement()
        #expect(active.rejection(Command.start(), by: Actors.school) == .placementAlreadyStarted(placement: "P1", on: day("2025-03-01")))
        #expect(Given.insuredPlacement().rejection(Command.start(on: day("2025-09-01")), by: Actors.school)?.kind == .invalidInput)
    }

    @Test func completeAndTerminate() throws {
        var scenario = Given.activePlacement()
        #expect(scenario.rejection(.completePlacement(placement: "P1", on: day("2025-02-28")), by: Actors.school)?.kind == .invalidInput)
        #expect(scenario.rejection(.completePlacement(placement: "P1", on: day("2025-09-01")), by: Actors.school)?.kind == .invalidInput)
        try scenario.run(.completePlacement(placement: "P1", on: day("2025-08-31")), by: Actors.school)
        #expect(scenario.rejection(.terminatePlacement(placement: "P1", on: day("2025-08-31"), reason: "x"), by: Actors.school)
                == .placementEnded(placement: "P1", status: .completed, on: day("2025-08-31")))
        #expect(Given.insuredPlacement().rejection(.completePlacement(placement: "P1", on: day("2025-08-31")), by: Actors.school)
                == .placementNotStarted(placement: "P1"))
        #expect(Given.insuredPlacement().rejection(.terminatePlacement(placement: "P1", on: day("2025-02-01"), reason: "withdrawn"),
                                                   by: Actors.school) == nil)
        #expect(Given.activePlacement().rejection(.terminatePlacement(placement: "P1", on: day("2025-04-01"), reason: ""),
                                                  by: Actors.school) == .emptyValue(field: "reason"))
    }
}
