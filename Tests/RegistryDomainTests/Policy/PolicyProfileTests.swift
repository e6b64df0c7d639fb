import RegistryDomain
import Testing

@Suite("Policy profiles")
struct PolicyProfileTests {
    @Test func nationalDefaultsMatchTheCatalogue() {
        let policy = PolicyProfiles.national
        #expect(policy.quotaTargetRate.value == Rate(basisPoints: 200))
        #expect(policy.postInternCapRate.value == Rate(basisPoints: 1000))
        #expect(policy.perPostCapRate.value == Rate(basisPoints: 2000))
        #expect(policy.requiredCovers.value == [.liability, .accident])
        #expect(policy.minPostMonths.value == 6)
        #expect(policy.minimumAge.value == 16)
        #expect(policy.minLaborContractMonths.value == 12)
        #expect(policy.minApprenticeMonths.value == 12)
        #expect(policy.maxApprenticeMonths.value == 36)
        #expect(policy.payFloorRate.value == Rate(basisPoints: 8000))
        #expect(policy.payGraceDays.value == 30)
        #expect(policy.internSubsidyPerMonth.value == .zero)
        #expect(policy.apprenticeSubsidyPerYear(for: .intermediate).value == yuan(5000))
        #expect(policy.apprenticeSubsidyPerYear(for: .senior).value == yuan(6000))
        #expect(policy.maxAdvanceRate.value == Rate(basisPoints: 5000))
        #expect(policy.postInternCapRate.source == "national rule 2016 Art 9 / 2021")
    }

    @Test func profilesOverrideOnlyWhatTheirDocumentStates() {
        let national = PolicyProfiles.national
        let huyi = PolicyProfiles.huyi
        #expect(huyi.quotaTargetRate == Parameter(Rate(basisPoints: 200), source: "001 item 16"))
        #expect(huyi.minimumAge == national.minimumAge)

        let sanmenxia = PolicyProfiles.sanmenxia
        #expect(sanmenxia.internSubsidyPerMonth == Parameter(yuan(200), source: "002 三(三)"))
        #expect(sanmenxia.requiredCovers == Parameter([.liability, .accident], source: "002 三(三)"))
        #expect(sanmenxia.seniorSubsidyPerYear == Parameter(yuan(6000), source: "002 三(二)"))
        #expect(sanmenxia.maxAdvanceRate.value == Rate(basisPoints: 5000))
        #expect(sanmenxia.payGraceDays == national.payGraceDays)

        #expect(PolicyProfiles.shaoxing.minPostMonths == Parameter(6, source: "003 annex 1"))
        #expect(PolicyProfiles.shaoxing.requiredCovers == national.requiredCovers)
        #expect(PolicyProfiles.hechuan.requiredCovers == Parameter([.liability, .accident], source: "004 item 18"))
        #expect(PolicyProfiles.hechuan.internSubsidyPerMonth == national.internSubsidyPerMonth)
    }

    @Test func lookupByName() {
        #expect(PolicyProfiles.names == ["hechuan", "huyi", "national", "sanmenxia", "shaoxing"])
        #expect(PolicyProfiles.named("sanmenxia")?.profile == "sanmenxia")
        #expect(PolicyProfiles.named("atlantis") == nil)
        #expect(PolicyProfiles.national.rows.count == 15)
    }

    @Test func headerPicksThePolicyInForce() {
        var strict = PolicyProfiles.national
        strict.profile = "strict"
        strict.minimumAge = Parameter(18, source: "test")
        let header = RegistryState(events: Given.initialized(from: day("2024-01-01")) + [
            .policyAdopted(PolicyAdopted(from: day("2025-06-01"), policy: strict)),
        ]).header
        #expect(header?.policy(on: day("2023-12-31")).profile == "national")
        #expect(header?.policy(on: day("2025-05-31")).minimumAge.value == 16)
        #expect(header?.policy(on: day("2025-06-01")).minimumAge.value == 18)
    }
}

@Suite("Rule catalogue")
struct RuleCatalogueTests {
    @Test func everyRuleHasAnEntry() {
        #expect(RuleCatalogue.all.map(\.id) == RuleID.allCases)
        #expect(RuleCatalogue.severity(of: .quota01) == .finding)
        #expect(RuleCatalogue.severity(of: .subsidy01) == .report)
        #expect(RuleCatalogue.severity(of: .auth01) == .error)
        #expect(RuleCatalogue.source(of: .quota01) == "001 item 16")
        #expect(RuleCatalogue.source(of: .subsidy02) == "002 三(二)")
        #expect(RuleCatalogue.all.allSatisfy { !$0.summaryEN.isEmpty && !$0.summaryZH.isEmpty && !$0.source.isEmpty })
        #expect(RuleID.quota01.rawValue == "Quota_01")
    }
}
