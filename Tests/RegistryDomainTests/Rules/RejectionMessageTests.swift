import RegistryDomain
import Testing

/// One instance of every rejection case.
let everyRejection: [Rejection] = {
    let p = "P-17"
    let a = "A-3"
    let d = day("2025-03-01")
    let range = day("2025-03-01")...day("2025-08-31")
    let r = Rate(basisPoints: 1000)
    return [
        .registryNotInitialized, .registryAlreadyInitialized(jurisdiction: "X"), .unknownPolicyProfile("atlantis"),
        .policyDateBeforeCurrent(from: d, current: day("2025-06-01")), .alreadyExists(.school("S1")), .notFound(.enterprise("E9")),
        .emptyValue(field: "name"), .negativeValue(field: "headcount", value: "-1"), .endBeforeStart(.placement(p), start: d, end: d),
        .studentNotEnrolled(student: "ST1", on: d), .studentStatusAlreadyEnded(student: "ST1", on: d),
        .placementAlreadyStarted(placement: p, on: d), .placementNotStarted(placement: p),
        .placementEnded(placement: p, status: .terminated, on: d), .dateOutsideTerm(.placement(p), date: d, term: range),
        .extensionNotLater(placement: p, to: d, plannedEnd: d), .insuranceAlreadyCancelled(placement: p, policyNumber: "X", on: d),
        .nothingToCorrect(placement: p, month: month("2025-03")),
        .apprenticeshipEnded(apprenticeship: a, status: .completed, on: d),
        .clawbackExceedsOutstanding(apprenticeship: a, amount: yuan(2), outstanding: yuan(1)),
        .enrolledBeforeBirth(student: "ST1", birth: d, enrolled: d),
        .postInternCapExceeded(placement: p, enterprise: "E1", on: d, interns: 11, limit: 10, workforce: 100, rate: r),
        .workforceNotDeclared(placement: p, enterprise: "E1", on: d),
        .perPostCapExceeded(placement: p, enterprise: "E1", post: "welder", on: d, interns: 3, limit: 2, headcount: 10, rate: r),
        .notInsured(placement: p, cover: .liability, on: d, uncovered: range),
        .notInsured(placement: p, cover: .accident, on: d, uncovered: range),
        .extensionNotInsured(placement: p, cover: .liability, to: d, uncovered: range),
        .cancellationLeavesGap(placement: p, policyNumber: "X", cover: .accident, on: d, uncovered: range),
        .premiumPaidByStudent(placement: p, policyNumber: "X"),
        .postInternshipTooShort(placement: p, start: d, end: d, minimumEnd: d, months: 6),
        .studentTooYoung(placement: p, student: "ST1", on: d, age: 15, minimumAge: 16), .agreementMissing(placement: p),
        .studentNotEnrolledAtSchool(apprenticeship: a, student: "ST1", school: "S1", on: d),
        .laborContractTooShort(apprenticeship: a, contractEnd: d, minimumEnd: d, months: 12),
        .laborContractEndsBeforeTerm(apprenticeship: a, contractEnd: d, end: d),
        .apprenticeshipTermOutOfRange(apprenticeship: a, start: d, end: d, minimumMonths: 12, maximumMonths: 36),
        .stipendBelowFloor(placement: p, post: "welder", stipend: yuan(1), floor: yuan(2), wageStandard: yuan(3), rate: r),
        .stipendMonthOutsideTerm(placement: p, month: month("2025-02"), term: range),
        .stipendAlreadyConfirmed(placement: p, month: month("2025-03")),
        .advanceExceedsLimit(apprenticeship: a, amount: yuan(1), advanced: yuan(2), limit: yuan(2)),
        .settlementBeforeCompletion(apprenticeship: a),
        .subsidyExceedsEntitlement(apprenticeship: a, amount: yuan(1), paid: yuan(5000), entitlement: yuan(5000)),
        .roleNotPermitted(actor: Actors.school, verb: "subsidy advance", required: .bureau),
        .roleNotPermitted(actor: Actors.inspector, verb: "placement start", required: .school),
        .notOwnRecord(actor: Actors.otherSchool, verb: "placement start", record: .placement(p)),
        .unknownPolicyParameter("quotaRate"),
        .subsidyNotGranted(apprenticeship: a, scheme: .modern),
        .clawbackWhileActive(apprenticeship: a, on: d),
        .stipendPaidInFuture(placement: p, month: month("2025-03"), paidOn: d, today: d),
        .stipendPaidBeforeMonth(placement: p, month: month("2025-03"), paidOn: d),
        .studentImplausiblyYoung(student: "ST1", birth: d, enrolled: d, age: 11, minimumAge: 12),
        .stipendImplausiblyLarge(placement: p, month: month("2025-03"), amount: yuan(32000), agreed: yuan(3200), factor: 3),
        .duty(.teacherAlreadyQualified(teacher: "T1", on: day("2021-06-30"))),
        .duty(.enterpriseAlreadyCertified(enterprise: "E1", on: day("2024-05-20"), document: "D-1")),
        .duty(.enterpriseNotCertified(enterprise: "E1")),
        .duty(.revocationBeforeCertification(enterprise: "E1", on: day("2024-05-19"), certifiedOn: day("2024-05-20"))),
        .duty(.wageBelowMinimum(apprenticeship: a, wage: yuan(1500), minimum: yuan(2000), source: "豫政〔2024〕1号")),
        .duty(.wageMonthOutsideTerm(apprenticeship: a, month: month("2025-08"), term: day("2025-09-01")...day("2026-08-31"))),
        .duty(.wageAlreadyConfirmed(apprenticeship: a, month: month("2025-09"))),
        .duty(.wageNothingToCorrect(apprenticeship: a, month: month("2025-10"))),
        .privacy(.guardianConsentMissing(student: "ST1", enrolled: day("2025-09-01"), age: 13, consentAge: 14)),
        .privacy(.studentNotLeft(student: "ST1", open: [])),
        .privacy(.duplicateIDCard(student: "ST2", existing: "ST1")),
        .privacy(.studentNotLeft(student: "ST1", open: ["placement 'P1'"])),
        .privacy(.personalDataNotAvailable(student: "ST1", status: .erased, verb: "placement register")),
        .privacy(.personalDataNotAvailable(student: "ST1", status: .unavailable, verb: "placement register")),
    ]
}()

@Suite("Rejection messages")
struct RejectionMessageTests {
    @Test("one sentence in English and Chinese", arguments: everyRejection)
    func oneSentence(_ rejection: Rejection) {
        let en = rejection.message(.en)
        let zh = rejection.message(.zh)
        #expect(en.hasSuffix("."))
        #expect(zh.hasSuffix("。"))
        #expect(!en.contains("\n") && !zh.contains("\n"))
        #expect(en != zh)
        #expect(rejection.description == en)
    }

    @Test("rule rejections carry their catalogue rule and exit kind", arguments: everyRejection)
    func kinds(_ rejection: Rejection) {
        if let rule = rejection.ruleID {
            #expect(RuleCatalogue.severity(of: rule) == .error)
            #expect(rejection.kind == (rule == .auth01 ? .notPermitted : .rule))
        } else {
            #expect([.invalidState, .invalidInput, .notFound].contains(rejection.kind))
        }
    }

    @Test func everyErrorRuleHasARejection() {
        let errorRules = Set(RuleCatalogue.all.filter { $0.severity == .error }.map(\.id))
        #expect(Set(everyRejection.compactMap(\.ruleID)) == errorRules)
    }

    @Test func messagesNameTheValues() {
        let rejection = Rejection.postInternCapExceeded(placement: "P-17", enterprise: "E1", on: day("2025-03-01"), interns: 11,
                                                        limit: 10, workforce: 100, rate: Rate(basisPoints: 1000))
        #expect(rejection.message(.en) == "placement 'P-17' cannot start on 2025-03-01: enterprise 'E1' would host 11 post interns, "
                + "over the limit of 10 (10% of a workforce of 100).")
        #expect(rejection.message(.zh) == "实习 'P-17' 不能于 2025-03-01 开始：企业 'E1' 的岗位实习学生将达 11 人，超过上限 10 人（职工总数 100 人的 10%）。")
    }
}
