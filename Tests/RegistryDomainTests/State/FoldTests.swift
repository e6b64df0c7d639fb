import RegistryDomain
import Testing

@Suite("Folding states from their streams")
struct FoldTests {
    @Test func placementFoldsItsOwnStream() {
        let stream: [RegistryEvent] = [
            Given.placement(),
            Given.insurance(number: "POL-1", to: day("2025-05-31")),
            Given.insurance(number: "POL-2", covers: [.liability], from: day("2025-06-01"), to: day("2025-12-31")),
            .insuranceCancelled(InsuranceCancelled(placement: "P1", policyNumber: "POL-2", on: day("2025-10-01"))),
            Given.started(on: day("2025-03-03")),
            .placementExtended(PlacementExtended(placement: "P1", to: day("2025-09-30"))),
            Given.stipend(month: month("2025-03"), amount: yuan(3000), paidOn: day("2025-04-05")),
            Given.stipend(month: month("2025-03"), amount: yuan(3100), paidOn: day("2025-04-07"), correction: true),
            Given.stipend(month: month("2025-03"), amount: yuan(3200), paidOn: day("2025-04-09"), correction: true),
            .placementCompleted(PlacementCompleted(placement: "P1", on: day("2025-09-15"))),
            Given.started("OTHER"),
        ]
        let state = stream.reduce(nil, PlacementState.evolve)
        #expect(state?.status == .completed)
        #expect(state?.startedOn == day("2025-03-03"))
        #expect(state?.plannedEnd == day("2025-09-30"))
        #expect(state?.actualTerm == day("2025-03-03")...day("2025-09-15"))
        #expect(state?.stipends[month("2025-03")]?.amount == yuan(3200))
        #expect(state?.stipendHistory.count == 3)
        #expect(state?.coverage(of: .liability) == [day("2025-03-01")...day("2025-09-30")])
        #expect(state?.coverage(of: .accident) == [day("2025-03-01")...day("2025-05-31")])
        #expect(state?.isActive(on: day("2025-03-02")) == false)
        #expect(state?.isActive(on: day("2025-03-03")) == true)
        #expect(state?.isActive(on: day("2025-09-15")) == true)
        #expect(state?.isActive(on: day("2025-09-16")) == false)
    }

    @Test func stipendDueIsProRataForPartialMonths() {
        let state = [Given.placement(start: day("2025-03-16"), end: day("2025-09-15")), Given.started(on: day("2025-03-16"))]
            .reduce(nil, PlacementState.evolve)
        #expect(state?.stipendDue(for: month("2025-04")) == yuan(3200))
        #expect(state?.stipendDue(for: month("2025-03")) == Money(fen: 165_162)) // 3200 × 16/31, rounded up
        #expect(state?.stipendDue(for: month("2025-10")) == .zero)
    }

    @Test func evolveWithoutCreationEventIgnoresEvents() {
        #expect([Given.started()].reduce(nil, PlacementState.evolve) == nil)
        #expect([Given.workforce()].reduce(nil, EnterpriseState.evolve) == nil)
        #expect([Given.school()].reduce(nil, PlacementState.evolve) == nil)
    }

    @Test func enterpriseKeepsEveryDeclaration() {
        let state = [
            Given.enterprise(),
            Given.workforce(headcount: 200, asOf: day("2025-07-01")),
            Given.workforce(headcount: 100, asOf: day("2025-01-01")),
            Given.workforce(headcount: 120, asOf: day("2025-01-01")),
        ].reduce(nil, EnterpriseState.evolve)
        #expect(state?.declarations.map(\.headcount) == [120, 200])
        #expect(state?.workforce(on: day("2024-12-31")) == nil)
        #expect(state?.workforce(on: day("2025-06-30"))?.headcount == 120)
        #expect(state?.workforce(on: day("2025-07-01"))?.headcount == 200)
    }

    @Test func studentStatus() {
        let state = [
            Given.student(),
            .studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .withdrawn, on: day("2025-05-01"))),
            .studentHired(StudentHired(student: "ST1", enterprise: "E1", on: day("2025-06-01"))),
        ].reduce(nil, StudentState.evolve)
        #expect(state?.isEnrolled(on: day("2023-08-31")) == false)
        #expect(state?.isEnrolled(on: day("2025-04-30")) == true)
        #expect(state?.isEnrolled(on: day("2025-05-01")) == false)
        #expect(state?.hires.count == 1)
    }

    @Test func apprenticeshipSubsidies() {
        let contract = ApprenticeshipContracted(
            id: "A1", student: "ST1", school: "S1", enterprise: "E1", scheme: .modern, level: .intermediate,
            laborContract: "LC", contractEnd: day("2027-02-28"), start: day("2025-03-01"), end: day("2027-02-28"),
            schoolTutor: "T", mentor: "M")
        let state = [
            RegistryEvent.apprenticeshipContracted(contract),
            .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(3000), on: day("2025-04-01"))),
            .subsidyClawedBack(SubsidyClawedBack(apprenticeship: "A1", amount: yuan(1000), on: day("2025-05-01"))),
            .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A1", on: day("2025-04-30"), reason: "left")),
        ].reduce(nil, ApprenticeshipState.evolve)
        #expect(state?.termMonths == 24)
        #expect(state?.status == .terminated)
        #expect(state?.outstandingAdvance == yuan(2000))
        #expect(ApprenticeshipState.wholeMonths(from: day("2025-03-01"), through: day("2026-02-27")) == 11)
        #expect(ApprenticeshipState.wholeMonths(from: day("2025-03-01"), through: day("2026-02-28")) == 12)
    }

    @Test func registryStateReplaysTheWholeLog() {
        let state = RegistryState(events: everyEvent)
        #expect(state.header?.jurisdiction == "三门峡市")
        #expect(state.schools.count == 1)
        #expect(state.placements.keys.sorted() == ["P1", "P2"])
        #expect(state.placements["P2"]?.status == .terminated)
        #expect(state.apprenticeships["A1"]?.status == .completed)
        #expect(state.apprenticeships["A2"] == nil)
        #expect(state.students["ST1"]?.hires.count == 1)
        // Folding event by event equals folding each stream on its own.
        let placementStream = everyEvent.filter { $0.streamID == StreamID.placement("P1") }
        #expect(state.placements["P1"] == placementStream.reduce(nil, PlacementState.evolve))
    }

    @Test func replayingDecidedEventsGivesTheSameState() throws {
        var scenario = Given.district()
        try scenario.run(.registerPlacement(id: "P1", student: "ST1", enterprise: "E1", kind: .post,
                                            start: day("2025-03-01"), end: day("2025-08-31"), stipend: yuan(3200),
                                            post: "welder", agreement: "AG", majorRelevant: true), by: Actors.school)
        try scenario.run(.enrollInsurance(placement: "P1", policyNumber: "X", insurer: "PICC", covers: [.accident, .liability],
                                          from: day("2025-03-01"), to: day("2025-08-31"), paidBy: .enterprise), by: Actors.school)
        try scenario.run(.startPlacement(placement: "P1", on: day("2025-03-01")), by: Actors.school)
        var incremental = RegistryState()
        for event in scenario.events { incremental.apply(event) }
        #expect(incremental == scenario.state)
        #expect(incremental.placements["P1"]?.status == .active)
        #expect(incremental.placements["P1"]?.school == "S1")
    }

    /// Folding changes a state where it is. Built as a new value from the old one, each stipend
    /// copied the placement's whole history first: a stream of n confirmations cost n² copies, in
    /// every command on a much-corrected placement and in every whole-log fold (audit, replay).
    @Test func foldingChangesTheStateWhereItIs() {
        func storage<T>(_ array: [T]?) -> UnsafeRawPointer? {
            array?.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        var state = RegistryState(events: [Given.placement(), Given.started()])
        state.placements["P1"]?.stipendHistory.reserveCapacity(16)
        let history = storage(state.placements["P1"]?.stipendHistory)
        // Checked after every event: a copy is made while the old storage is still alive, so it has
        // another address; checked only at the end, the allocator could have handed the first back.
        var unmoved = 0
        for n in 1...12 {
            state.apply(Given.stipend(month: month("2025-03"), amount: yuan(3000 + Int64(n)), paidOn: day("2025-04-05"), correction: n > 1))
            if storage(state.placements["P1"]?.stipendHistory) == history { unmoved += 1 }
        }
        #expect(state.placements["P1"]?.stipendHistory.count == 12)
        #expect(unmoved == 12)

        // The same for a stream folded on its own, as a command folds the placement it decides on.
        var placement: PlacementState?
        PlacementState.fold(&placement, Given.placement())
        placement?.insurance.reserveCapacity(4)
        let policies = storage(placement?.insurance)
        PlacementState.fold(&placement, Given.insurance(number: "POL-1", to: day("2025-05-31")))
        #expect(storage(placement?.insurance) == policies)
        PlacementState.fold(&placement, Given.insurance(number: "POL-2", to: day("2025-08-31")))
        #expect(storage(placement?.insurance) == policies)
        #expect(placement?.insurance.map(\.policyNumber) == ["POL-1", "POL-2"])
        // `evolve` is the same fold, returning a new value.
        #expect(placement == [Given.placement(), Given.insurance(number: "POL-1", to: day("2025-05-31")),
                              Given.insurance(number: "POL-2", to: day("2025-08-31"))].reduce(nil, PlacementState.evolve))
    }
}

@Suite("Commands")
struct CommandTests {
    @Test func everyCommandTargetsOneStream() throws {
        #expect(RegistryCommand.initialize(jurisdiction: "X", profile: "national", from: day("2025-01-01")).targetStreamID == "registry")
        #expect(RegistryCommand.recordHire(student: "ST1", enterprise: "E1", on: day("2025-01-01")).targetStreamID == "student-ST1")
        #expect(RegistryCommand.confirmStipend(placement: "P1", month: month("2025-03"), amount: .zero, paidOn: day("2025-04-01"),
                                               correction: false).targetStreamID == "placement-P1")
        #expect(RegistryCommand.clawBackSubsidy(apprenticeship: "A1", amount: .zero, on: day("2025-01-01")).targetStreamID
                == "apprenticeship-A1")
        // The events decided for a command all land in its target stream.
        let scenario = Given.district()
        let command = RegistryCommand.initialize(jurisdiction: "X", profile: "huyi", from: day("2025-01-01"))
        let events = try Scenario().when(command, by: Actors.bureau)
        #expect(events.allSatisfy { $0.streamID == command.targetStreamID })
        #expect(events.count == 2)
        #expect(scenario.rejection(command, by: Actors.bureau) == .registryAlreadyInitialized(jurisdiction: "Test district"))
    }
}
