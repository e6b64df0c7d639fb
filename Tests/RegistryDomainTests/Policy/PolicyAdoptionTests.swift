import Foundation
import RegistryDomain
import Testing

@Suite("Policy adoption: overrides, old events, rules that do not apply")
struct PolicyAdoptionTests {
    @Test func anAdoptionCarriesItsOverridesAppliedAndRoundTrips() throws {
        let override = ParameterOverride(name: "apprenticeSubsidyPerYear.intermediate", value: .money(yuan(4000)), source: "户人社发〔2025〕3号")
        let events = try Given.district(PolicyProfiles.hechuan)
            .when(.adoptPolicy(profile: "huyi", from: day("2025-01-01"), overrides: [override]), by: Actors.bureau)
        let expected = PolicyAdopted(from: day("2025-01-01"), policy: PolicyProfiles.huyi.applying([override]), overrides: [override])
        #expect(events == [.policyAdopted(expected)])
        let data = try JSONEncoder().encode(RegistryEvent.policyAdopted(expected))
        #expect(try JSONDecoder().decode(RegistryEvent.self, from: data) == .policyAdopted(expected))
        #expect(String(decoding: data, as: UTF8.self).contains(#""overrides":[{"name":"apprenticeSubsidyPerYear.intermediate","source":"#)
            || String(decoding: data, as: UTF8.self).contains(#""overrides":[{"#))
    }

    @Test func anOverrideOfTheWrongKindIsRejected() {
        let bad = ParameterOverride(name: "minimumAge", value: .rate(Rate(basisPoints: 1)), source: "x")
        #expect(Given.district().rejection(.adoptPolicy(profile: "huyi", from: day("2025-01-01"), overrides: [bad]), by: Actors.bureau)
                == .unknownPolicyParameter("minimumAge"))
    }

    /// An event written before issue 12: the whole profile, with every parameter set, and no overrides key.
    @Test func anEventWithoutOverridesIsReadAsTheProfileItNames() throws {
        let old = #"""
        {"type":"PolicyAdopted","schemaVersion":1,"payload":{"from":"2024-01-01","policy":{"profile":"sanmenxia",
        "quotaTargetRate":{"source":"001 item 16","value":"0.02"},"payGraceDays":{"source":"national default","value":30},
        "intermediateSubsidyPerYear":{"source":"002 三(二)","value":500000},"requiredCovers":{"source":"002 三(三)","value":["liability","accident"]}}}}
        """#
        let event = try JSONDecoder().decode(RegistryEvent.self, from: Data(old.utf8))
        #expect(event == .policyAdopted(PolicyAdopted(from: day("2024-01-01"), policy: PolicyProfiles.sanmenxia)))
        guard case .policyAdopted(let adopted) = event else { return }
        #expect(adopted.policy[.quotaTargetRate] == nil)
    }

    @Test func aPolicyDecodesFormerParameterNames() throws {
        let json = #"{"profile":"custom","seniorSubsidyPerYear":{"source":"x","value":600000}}"#
        let policy = try JSONDecoder().decode(Policy.self, from: Data(json.utf8))
        #expect(policy[.seniorApprenticeSubsidy] == Parameter(yuan(6000), source: "x"))
    }

    @Test(arguments: ["hechuan", "sanmenxia", "shaoxing", "national"])
    func quota01DoesNotApplyWhereNoTargetIsStated(_ profile: String) throws {
        var scenario = Given.district(try #require(PolicyProfiles.named(profile)))
        scenario.given(Given.placement(majorRelevant: false), Given.insurance(), Given.started())
        let date = day("2025-04-01")
        #expect(Audit.findings(in: scenario.state, on: date).filter { $0.ruleID == .quota01 }.isEmpty)
        let notApplying = Audit.notApplying([.quota01], in: scenario.state, on: date)
        #expect(notApplying == [RuleNotApplying(ruleID: .quota01, profile: profile, parameter: "quotaTargetRate")])
        #expect(notApplying.first?.message(.en) == "Quota_01 does not apply: policy '\(profile)' sets no quota target.")
        #expect(notApplying.first?.message(.zh) == "Quota_01 不适用：政策 '\(profile)' 未设定实习比例目标。")
        #expect(Audit.quota(in: scenario.state, on: date).first { $0.enterprise == "E1" }?.target == nil)
    }

    @Test func underHuyiTheTwoPercentTargetAppliesAndCitesItsDocument() {
        var scenario = Given.district(PolicyProfiles.huyi)
        scenario.given(Given.placement(majorRelevant: false), Given.insurance(), Given.started())
        let findings = Audit.findings(in: scenario.state, on: day("2025-04-01")).filter { $0.ruleID == .quota01 }
        #expect(findings.map(\.expected) == ["2"])
        #expect(findings.first?.source == "001 item 16")
        #expect(Audit.notApplying([.quota01], in: scenario.state, on: day("2025-04-01")).isEmpty)
    }

    @Test func aLocalTargetIsCitedFromItsOwnSource() {
        let local = PolicyProfiles.hechuan.applying([ParameterOverride(name: "quotaTargetRate", value: .rate(Rate(basisPoints: 300)), source: "合川区文件")])
        var scenario = Given.district(local)
        scenario.given(Given.placement(majorRelevant: false), Given.insurance(), Given.started())
        let findings = Audit.findings(in: scenario.state, on: day("2025-04-01")).filter { $0.ruleID == .quota01 }
        #expect(findings.map(\.expected) == ["3"])
        #expect(findings.first?.source == "合川区文件")
    }

    @Test func underHechuanNoApprenticeshipSubsidyLimitApplies() {
        var scenario = Given.district(PolicyProfiles.hechuan)
        scenario.given(Given.apprenticeship())
        #expect(scenario.rejection(.advanceSubsidy(apprenticeship: "A1", amount: yuan(9000), on: day("2025-10-01")), by: Actors.bureau) == nil)
    }
}
