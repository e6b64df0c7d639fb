import RegistryDomain
import Testing

func findings(_ scenario: Scenario, on date: CalendarDate, rule: RuleID? = nil) -> [Finding] {
    Audit.findings(in: scenario.state, on: date).filter { rule == nil || $0.ruleID == rule }
}

@Suite("Quota_01: the 2% target")
struct QuotaTargetAuditTests {
    /// E1 (100 staff) with `count` active major-relevant interns on 2025-04-01.
    func hosting(_ count: Int, headcount: Int = 100, majorRelevant: Bool = true) -> Scenario {
        var scenario = Given.district(PolicyProfiles.huyi)
        scenario.given(Given.workforce(headcount: headcount, asOf: day("2025-02-01")))
        for index in 0..<count {
            scenario.given(Given.placement("Q\(index)", majorRelevant: majorRelevant), Given.started("Q\(index)"))
        }
        return scenario
    }

    @Test func exactlyTheTargetIsNoFinding() {
        #expect(findings(hosting(2), on: day("2025-04-01"), rule: .quota01).isEmpty)
    }

    @Test func oneFewerIsAFinding() {
        let result = findings(hosting(1), on: day("2025-04-01"), rule: .quota01)
        #expect(result == [Finding(ruleID: .quota01, subject: "enterprise E1", enterprise: "E1", date: day("2025-04-01"),
                                   expected: "2", actual: "1")])
        #expect(result.first?.source == "001 item 16")
        #expect(result.first?.severity == .finding)
        #expect(result.first?.message(.en) == "enterprise E1 hosts 1 active major-relevant interns on 2025-04-01, fewer than the target of 2.")
    }

    @Test func theTargetIsRoundedUp() {
        #expect(findings(hosting(3, headcount: 101), on: day("2025-04-01"), rule: .quota01).isEmpty)
        #expect(findings(hosting(2, headcount: 101), on: day("2025-04-01"), rule: .quota01).first?.expected == "3")
    }

    @Test func onlyMajorRelevantActiveInternsCount() {
        #expect(findings(hosting(2, majorRelevant: false), on: day("2025-04-01"), rule: .quota01).count == 1)
        #expect(findings(hosting(2), on: day("2025-09-01"), rule: .quota01).count == 1)
    }

    @Test func enterprisesBelowDesignatedSizeAreNotAudited() {
        // E2 is not above scale and hosts nobody.
        #expect(!findings(hosting(2), on: day("2025-04-01"), rule: .quota01).contains { $0.enterprise == "E2" })
    }
}

@Suite("Duration_02: post internship completed early")
struct DurationAuditTests {
    func completed(on date: CalendarDate, terminated: Bool = false) -> Scenario {
        var scenario = Given.activePlacement()
        scenario.given(terminated
            ? .placementTerminated(PlacementTerminated(placement: "P1", on: date, reason: "closed"))
            : .placementCompleted(PlacementCompleted(placement: "P1", on: date)))
        return scenario
    }

    @Test func halfAYearOfActualTimeIsNoFinding() {
        #expect(findings(completed(on: day("2025-08-31")), on: day("2025-12-31"), rule: .duration02).isEmpty)
    }

    @Test func oneDayLessIsAFinding() {
        #expect(findings(completed(on: day("2025-08-30")), on: day("2025-12-31"), rule: .duration02)
                == [Finding(ruleID: .duration02, subject: "placement P1", school: "S1", enterprise: "E1", date: day("2025-08-30"),
                            expected: "2025-08-31", actual: "2025-08-30")])
    }

    @Test func terminationsAndFutureCompletionsAreNotReported() {
        #expect(findings(completed(on: day("2025-05-01"), terminated: true), on: day("2025-12-31"), rule: .duration02).isEmpty)
        #expect(findings(completed(on: day("2025-05-01")), on: day("2025-04-30"), rule: .duration02).isEmpty)
    }
}

@Suite("Pay_02 / Pay_03 / Pay_04: stipends in full and on time")
struct PayAuditTests {
    func paid(_ amount: Money = yuan(3200), on date: CalendarDate) -> Scenario {
        var scenario = Given.activePlacement(nationalWithGrace)
        scenario.given(Given.stipend(month: month("2025-03"), amount: amount, paidOn: date))
        return scenario
    }

    @Test func paidInFullIsNoFinding() {
        #expect(findings(paid(on: day("2025-04-10")), on: day("2025-05-15"), rule: .pay02).isEmpty)
    }

    @Test func oneFenShortIsPay02() {
        #expect(findings(paid(Money(fen: 319_999), on: day("2025-04-10")), on: day("2025-05-15"), rule: .pay02)
                == [Finding(ruleID: .pay02, subject: "placement P1", school: "S1", enterprise: "E1", period: month("2025-03"),
                            expected: "3200.00", actual: "3199.99")])
    }

    @Test func aCorrectionReplacesTheShortPayment() {
        var scenario = paid(Money(fen: 319_999), on: day("2025-04-10"))
        scenario.given(Given.stipend(month: month("2025-03"), amount: yuan(3200), paidOn: day("2025-04-20"), correction: true))
        #expect(findings(scenario, on: day("2025-05-15"), rule: .pay02).isEmpty)
    }

    @Test func partialMonthsAreDueProRata() {
        var scenario = Given.district()
        scenario.given(Given.placement(start: day("2025-03-16"), end: day("2025-09-15")), Given.insurance(from: day("2025-03-16"), to: day("2025-09-15")),
                       Given.started(on: day("2025-03-16")),
                       Given.stipend(month: month("2025-03"), amount: Money(fen: 165_162), paidOn: day("2025-04-10")))
        #expect(findings(scenario, on: day("2025-05-15"), rule: .pay02).isEmpty)
    }

    @Test func paidExactlyThirtyDaysAfterTheMonthEndIsOnTime() {
        #expect(findings(paid(on: day("2025-04-30")), on: day("2025-06-15"), rule: .pay03).isEmpty)
    }

    @Test func thirtyOneDaysIsPay03() {
        #expect(findings(paid(on: day("2025-05-01")), on: day("2025-06-15"), rule: .pay03)
                == [Finding(ruleID: .pay03, subject: "placement P1", school: "S1", enterprise: "E1", period: month("2025-03"),
                            expected: "2025-04-30", actual: "2025-05-01",
                            source: RuleCatalogue.source(of: .pay03) + "; test")])
    }

    @Test func pay04OnlyOnceTheDueDateHasPassed() {
        let scenario = Given.activePlacement(nationalWithGrace)
        #expect(findings(scenario, on: day("2025-04-30"), rule: .pay04).isEmpty)
        #expect(findings(scenario, on: day("2025-05-01"), rule: .pay04)
                == [Finding(ruleID: .pay04, subject: "placement P1", school: "S1", enterprise: "E1", period: month("2025-03"),
                            expected: "2025-04-30", actual: "none",
                            source: RuleCatalogue.source(of: .pay04) + "; test")])
    }

    @Test func pay04StopsAtTheEndOfTheActualTerm() {
        var scenario = Given.activePlacement(nationalWithGrace)
        scenario.given(.placementTerminated(PlacementTerminated(placement: "P1", on: day("2025-04-15"), reason: "closed")))
        #expect(findings(scenario, on: day("2025-12-31"), rule: .pay04).map(\.period) == [month("2025-03"), month("2025-04")])
    }

    @Test func theGraceComesFromThePolicy() {
        var strict = PolicyProfiles.national
        strict[.payGraceDays] = Parameter(10, source: "test")
        var scenario = Given.activePlacement(strict)
        scenario.given(Given.stipend(month: month("2025-03"), paidOn: day("2025-04-11")))
        #expect(findings(scenario, on: day("2025-06-15"), rule: .pay03).count == 1)
    }
}

@Suite("Dual_02 and Subsidy_03: apprenticeships after the fact")
struct ApprenticeshipAuditTests {
    @Test func dual02FromTheDayStudentStatusEnds() {
        var scenario = Given.district()
        scenario.given(Given.apprenticeship(),
                       .studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .withdrawn, on: day("2026-01-01"))))
        #expect(findings(scenario, on: day("2025-12-31"), rule: .dual02).isEmpty)
        let result = findings(scenario, on: day("2026-01-01"), rule: .dual02)
        #expect(result == [Finding(ruleID: .dual02, subject: "apprenticeship A1", school: "S1", enterprise: "E1", date: day("2026-01-01"),
                                   expected: "2026-08-31", actual: "2026-01-01", detail: "studentStatus")])
        #expect(result.first?.message(.en) == "apprenticeship A1 is still running but the apprentice's student status ended on 2026-01-01.")
    }

    @Test func dual02NotAfterTheApprenticeshipEnded() {
        var scenario = Given.district()
        scenario.given(Given.apprenticeship(),
                       .apprenticeshipCompleted(ApprenticeshipCompleted(apprenticeship: "A1", on: day("2026-06-30"), certificate: "C")),
                       .studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .graduated, on: day("2026-07-01"))))
        #expect(findings(scenario, on: day("2026-12-31"), rule: .dual02).isEmpty)
    }

    @Test func dual02WhenTheLabourContractRunsOut() {
        var scenario = Given.district()
        scenario.given(Given.apprenticeship())
        #expect(findings(scenario, on: day("2026-08-31"), rule: .dual02).isEmpty)
        #expect(findings(scenario, on: day("2026-09-01"), rule: .dual02).map(\.detail) == ["laborContract"])
    }

    func terminated(advanced: Money, clawedBack: Money) -> Scenario {
        var scenario = Given.district(PolicyProfiles.sanmenxia)
        scenario.given(Given.apprenticeship(),
                       .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: advanced, on: day("2025-10-01"))),
                       .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A1", on: day("2026-01-31"), reason: "left")))
        if clawedBack > .zero {
            scenario.given(.subsidyClawedBack(SubsidyClawedBack(apprenticeship: "A1", amount: clawedBack, on: day("2026-03-01"))))
        }
        return scenario
    }

    @Test func subsidy03WhenTheAdvanceIsNotRecovered() {
        #expect(findings(terminated(advanced: yuan(2500), clawedBack: .zero), on: day("2026-02-01"), rule: .subsidy03)
                == [Finding(ruleID: .subsidy03, subject: "apprenticeship A1", school: "S1", enterprise: "E1", date: day("2026-01-31"),
                            expected: "0.00", actual: "2500.00")])
        #expect(findings(terminated(advanced: yuan(2500), clawedBack: Money(fen: 249_999)), on: day("2026-04-01"), rule: .subsidy03)
                .map(\.actual) == ["0.01"])
    }

    @Test func subsidy03NotOnceClawedBack() {
        #expect(findings(terminated(advanced: yuan(2500), clawedBack: yuan(2500)), on: day("2026-04-01"), rule: .subsidy03).isEmpty)
    }
}

@Suite("Subsidy_01: internship cost subsidy report")
struct InternSubsidyReportTests {
    func paid(_ amount: Money = yuan(3200), on date: CalendarDate = day("2025-04-10"),
              profile: Policy = PolicyProfiles.sanmenxia) -> Scenario {
        var scenario = Given.activePlacement(profile)
        scenario.given(Given.stipend(month: month("2025-03"), amount: amount, paidOn: date))
        return scenario
    }

    @Test func anInsuredMonthPaidInFullAndOnTimeEarnsTheSubsidy() {
        #expect(Audit.internSubsidies(in: paid().state, through: day("2025-05-31"))
                == [InternSubsidy(enterprise: "E1", month: month("2025-03"), placements: ["P1"], amount: yuan(200))])
        #expect(Audit.internSubsidies(in: paid(on: day("2025-04-30")).state, through: day("2025-05-31")).count == 1)
    }

    @Test func lateShortOrUninsuredMonthsEarnNothing() {
        var withGrace = PolicyProfiles.sanmenxia
        withGrace[.payGraceDays] = Parameter(30, source: "test")
        #expect(Audit.internSubsidies(in: paid(on: day("2025-05-01"), profile: withGrace).state, through: day("2025-05-31")).isEmpty)
        // Sanmenxia states no deadline in days, so a month paid in full is not late there.
        #expect(Audit.internSubsidies(in: paid(on: day("2025-05-01")).state, through: day("2025-05-31")).count == 1)
        #expect(Audit.internSubsidies(in: paid(Money(fen: 319_999)).state, through: day("2025-05-31")).isEmpty)
        var uninsured = paid()
        uninsured.given(.insuranceCancelled(InsuranceCancelled(placement: "P1", policyNumber: "POL-1", on: day("2025-03-31"))))
        #expect(Audit.internSubsidies(in: uninsured.state, through: day("2025-05-31")).isEmpty)
    }

    @Test func nothingUnderTheNationalPolicyOrBeforeTheMonthEnds() {
        #expect(Audit.internSubsidies(in: paid(profile: PolicyProfiles.national).state, through: day("2025-05-31")).isEmpty)
        #expect(Audit.internSubsidies(in: paid().state, through: day("2025-03-30")).isEmpty)
    }

    @Test func oneStudentInTwoPlacementsEarnsOneSubsidyAMonth() {
        // ST1 holds P0 and P1 in March 2025, both started on 2025-03-01: one subsidy, to the lower ID.
        var scenario = paid()
        scenario.given(Given.placement("P0"), Given.insurance("P0"), Given.started("P0"),
                       Given.stipend("P0", month: month("2025-03"), paidOn: day("2025-04-01")))
        #expect(Audit.internSubsidies(in: scenario.state, through: day("2025-04-30"))
                == [InternSubsidy(enterprise: "E1", month: month("2025-03"), placements: ["P0"], amount: yuan(200))])
    }

    @Test func theSubsidyGoesToThePlacementThatStartedFirst() {
        // P1 (E1) started 2025-03-01; P9 (E2) started 2025-03-10, overlapping in March: E1 gets March.
        var scenario = paid()
        scenario.given(Given.placement("P9", enterprise: "E2", start: day("2025-03-10"), end: day("2025-09-09")),
                       Given.insurance("P9", from: day("2025-03-10"), to: day("2025-09-09")),
                       Given.started("P9", on: day("2025-03-10")),
                       Given.stipend("P9", month: month("2025-03"), amount: Money(fen: 227_097), paidOn: day("2025-04-01")))
        let rows = Audit.internSubsidies(in: scenario.state, through: day("2025-04-30"))
        #expect(rows == [InternSubsidy(enterprise: "E1", month: month("2025-03"), placements: ["P1"], amount: yuan(200))])
    }

    @Test func twoStudentsEarnTwoSubsidies() {
        var scenario = paid()
        scenario.given(Given.placement("P0", student: "ST2"), Given.insurance("P0"), Given.started("P0"),
                       Given.stipend("P0", month: month("2025-03"), paidOn: day("2025-04-01")))
        #expect(Audit.internSubsidies(in: scenario.state, through: day("2025-04-30"))
                == [InternSubsidy(enterprise: "E1", month: month("2025-03"), placements: ["P0", "P1"], amount: yuan(400))])
    }
}

@Suite("Audit output")
struct AuditOutputTests {
    @Test func findingsAreSortedDeterministically() {
        var scenario = Given.activePlacement(nationalWithGrace)
        scenario.given(Given.placement("P0"), Given.insurance("P0"), Given.started("P0"))
        let result = Audit.findings(in: scenario.state, on: day("2025-07-01"))
        #expect(result.map(\.ruleID) == [.pay04, .pay04, .pay04, .pay04, .pay04, .pay04])
        #expect(result.map(\.subject) == ["placement P0", "placement P0", "placement P0", "placement P1", "placement P1", "placement P1"])
        #expect(result.map { $0.period?.description ?? "" } == ["2025-03", "2025-04", "2025-05", "2025-03", "2025-04", "2025-05"])
        #expect(Audit.findings(in: scenario.state, on: day("2025-07-01")) == result)
    }

    @Test func findingsHaveMessagesInBothLanguages() {
        var scenario = Given.activePlacement()
        scenario.given(Given.stipend(month: month("2025-03"), amount: yuan(100), paidOn: day("2025-06-01")))
        for finding in Audit.findings(in: scenario.state, on: day("2025-07-01")) {
            #expect(finding.message(.en).hasSuffix("."))
            #expect(finding.message(.zh).hasSuffix("。"))
        }
    }
}
