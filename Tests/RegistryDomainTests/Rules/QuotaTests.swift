import RegistryDomain
import Testing

@Suite("Quota_02 / Quota_03: caps on post interns at start")
struct QuotaCapTests {
    @Test func quota02AcceptsTheInternWhoReachesTheCapExactly() throws {
        var scenario = Given.insuredPlacement()
        scenario.given(Given.activePostInterns(9))
        #expect(try scenario.when(Command.start(), by: Actors.school) == [Given.started()])
    }

    @Test func quota02RejectsOneInternOverTheCap() {
        var scenario = Given.insuredPlacement()
        scenario.given(Given.activePostInterns(10))
        let rejection = scenario.rejection(Command.start(), by: Actors.school)
        #expect(rejection == .postInternCapExceeded(placement: "P1", enterprise: "E1", on: day("2025-03-01"), interns: 11,
                                                    limit: 10, workforce: 100, rate: Rate(basisPoints: 1000)))
        #expect(rejection?.ruleID == .quota02)
        #expect(rejection?.kind == .rule)
    }

    @Test("the cap is floor(rate × workforce)", arguments: [(109, 10, true), (109, 11, false), (110, 11, true), (9, 1, false)])
    func quota02CapRoundsDown(workforce: Int, interns: Int, accepted: Bool) {
        var scenario = Given.insuredPlacement()
        scenario.given(Given.workforce(headcount: workforce, asOf: day("2025-02-01"), posts: [:], wages: [:]))
        scenario.given(Given.activePostInterns(interns - 1))
        let rejection = scenario.rejection(Command.start(), by: Actors.school)
        #expect((rejection == nil) == accepted)
        if !accepted { #expect(rejection?.ruleID == .quota02) }
    }

    @Test func quota02CountsOnlyPostInternsActiveOnTheStartDate() throws {
        var scenario = Given.insuredPlacement()
        scenario.given(Given.activePostInterns(10, prefix: "DONE"))
        scenario.given((0..<10).map { RegistryEvent.placementCompleted(PlacementCompleted(placement: "DONE\($0)", on: day("2025-02-28"))) })
        scenario.given(Given.placement("OBS", kind: .observation), Given.started("OBS", on: day("2025-02-01")))
        scenario.given(Given.activePostInterns(10, enterprise: "E2"))
        #expect(throws: Never.self) { try scenario.when(Command.start(), by: Actors.school) }
        // A placement completed on the start date still counts on that day (its last day).
        var sameDay = Given.insuredPlacement()
        sameDay.given(Given.activePostInterns(10, prefix: "DONE"))
        sameDay.given((0..<10).map { RegistryEvent.placementCompleted(PlacementCompleted(placement: "DONE\($0)", on: day("2025-03-01"))) })
        #expect(sameDay.rejection(Command.start(), by: Actors.school)?.ruleID == .quota02)
    }

    @Test func quota02UsesTheDeclarationInForceOnTheStartDate() {
        var scenario = Given.insuredPlacement()
        scenario.given(Given.activePostInterns(9))
        scenario.given(Given.workforce(headcount: 50, asOf: day("2025-03-02"), posts: [:], wages: [:]))
        #expect(scenario.rejection(Command.start(), by: Actors.school) == nil)
        scenario.given(Given.workforce(headcount: 50, asOf: day("2025-03-01"), posts: [:], wages: [:]))
        #expect(scenario.rejection(Command.start(), by: Actors.school)?.ruleID == .quota02)
    }

    @Test func quota02RejectsWhenNoWorkforceIsDeclared() {
        var scenario = Given.district()
        scenario.given(Given.enterprise("E3"), Given.placement(enterprise: "E3"), Given.insurance())
        #expect(scenario.rejection(Command.start(), by: Actors.school)
                == .workforceNotDeclared(placement: "P1", enterprise: "E3", on: day("2025-03-01")))
    }

    @Test func quota02DoesNotApplyToObservation() throws {
        var scenario = Given.district()
        scenario.given(Given.enterprise("E3"), Given.placement(enterprise: "E3", kind: .observation), Given.insurance())
        _ = try scenario.when(Command.start(), by: Actors.school)
    }

    @Test func quota03AcceptsTheCapExactly() throws {
        // 10 welders × 20% = 2.
        var scenario = Given.insuredPlacement()
        scenario.given(Given.activePostInterns(1, post: "welder"))
        #expect(try scenario.when(Command.start(), by: Actors.school).count == 1)
    }

    @Test func quota03RejectsOneOverTheCap() {
        var scenario = Given.insuredPlacement()
        scenario.given(Given.activePostInterns(2, post: "welder"))
        let rejection = scenario.rejection(Command.start(), by: Actors.school)
        #expect(rejection == .perPostCapExceeded(placement: "P1", enterprise: "E1", post: "welder", on: day("2025-03-01"),
                                                 interns: 3, limit: 2, headcount: 10, rate: Rate(basisPoints: 2000)))
        #expect(rejection?.ruleID == .quota03)
    }

    @Test func quota03AppliesOnlyWhereThePostHeadcountIsDeclared() throws {
        var scenario = Given.district()
        scenario.given(Given.placement(post: "painter"), Given.insurance())
        scenario.given(Given.activePostInterns(5, post: "painter"))
        _ = try scenario.when(Command.start(), by: Actors.school)
    }
}
