import RegistryDomain
import Testing

/// What each document states, written down from the documents (the seeds in `../shared/seeds/` and
/// the national rules as RULES.md cites them), independently of `PolicyProfiles`: parameter name →
/// (value as `policy show` prints it, the document that states it). A profile's parameters must be
/// exactly the national ones plus its own document's, each from the document that states it.
private let nationalStates: [String: (value: String, document: String)] = [
    "postInternCapRate": ("0.1", "national 2016 Art 9"),
    "perPostCapRate": ("0.2", "national 2016 Art 9"),
    "requiredCovers": ("liability", "national 2016 Art 35"),
    "minPostMonths": ("6", "national 2016 Art 10"),
    "minimumAge": ("16", "national 2021 Art 16"),
    "minLaborContractMonths": ("12", "national 2021 enterprise-apprenticeship opinion"),
    "minApprenticeMonths": ("12", "national 2021 enterprise-apprenticeship opinion"),
    "maxApprenticeMonths": ("36", "national 2021 enterprise-apprenticeship opinion"),
    "payFloorRate": ("0.8", "national 2021 Art 18"),
    // PIPL Art. 28/31: a child under 14 — national law, not a seed; every profile inherits it.
    "guardianConsentAge": ("14", "PIPL 2021 Art 28, 31"),
]
private let documentStates: [String: [String: (value: String, document: String)]] = [
    "national": [:],
    // 001 item 16: 规模以上企业按照职工总数的2%安排专业对口学生实习. Item 52 (insurance) is a financial-support clause.
    // 001 item 11: 建成1个产教融合型企业, 2023年.
    "huyi": ["quotaTargetRate": ("0.02", "001 item 16"),
             "certifiedEnterpriseTarget": ("1", "001 item 11"), "certifiedEnterpriseTargetYear": ("2023", "001 item 11")],
    // 002 三(三): 实习责任保险和人身意外伤害保险; 每生每月200元. 三(二): 5000 / 6000 元, 预支不超过50%.
    "sanmenxia": [
        "requiredCovers": ("accident,liability", "002 三(三)"),
        "internSubsidyPerMonth": ("200.00", "002 三(三)"),
        "apprenticeSubsidyPerYear.intermediate": ("5000.00", "002 三(二)"),
        "apprenticeSubsidyPerYear.senior": ("6000.00", "002 三(二)"),
        "maxAdvanceRate": ("0.5", "002 三(二)"),
        // 002 一(二): 到2025年培育20家左右产教融合型企业. 四(二): 应用型本科…累积不少于1学年.
        // 四(三): 力争到2022年职业院校“双师型”教师占专业课教师比例达到50%.
        "certifiedEnterpriseTarget": ("20", "002 一(二)"), "certifiedEnterpriseTargetYear": ("2025", "002 一(二)"),
        "undergraduatePracticeYears": ("1", "002 四(二)"),
        "dualQualifiedShare.secondary": ("0.5", "002 四(三)"), "dualQualifiedShare.higher": ("0.5", "002 四(三)"),
        "dualQualifiedShareByYear": ("2022", "002 四(三)"),
    ],
    // 003's annex counts half-year post internships and sets no minimum; none of SPEC's figures.
    // (十三): 到2025年职业学校双师型比率达90%以上; 专业教师赴企业实践每5年累计不少于半年.
    // Annex 2 item 2: 到2025年…省级产教融合试点企业30个.
    "shaoxing": [
        "certifiedEnterpriseTarget": ("30", "003 annex 2 item 2"), "certifiedEnterpriseTargetYear": ("2025", "003 annex 2 item 2"),
        "dualQualifiedShare.secondary": ("0.9", "003 (十三)"), "dualQualifiedShare.higher": ("0.9", "003 (十三)"),
        "dualQualifiedShareByYear": ("2025", "003 (十三)"),
        "teacherPracticeMonths": ("6", "003 (十三)"), "teacherPracticeYears": ("5", "003 (十三)"),
    ],
    // 004 item 18 (insurance) is a financial-support clause; none of SPEC's figures.
    // Item 12: 中职“双师型”教师占专业课教师的60%以上 (no year); 专业课教师…到企业实践锻炼每5年不少于6个月.
    "hechuan": [
        "dualQualifiedShare.secondary": ("0.6", "004 item 12"),
        "teacherPracticeMonths": ("6", "004 item 12"), "teacherPracticeYears": ("5", "004 item 12"),
    ],
]

@Suite("Policy profiles")
struct PolicyProfileTests {
    @Test(arguments: ["national", "huyi", "sanmenxia", "shaoxing", "hechuan"])
    func profileStatesOnlyWhatItsDocumentStates(_ name: String) throws {
        let policy = try #require(PolicyProfiles.named(name))
        let expected = nationalStates.merging(documentStates[name] ?? [:]) { _, local in local }
        for row in policy.rows {
            guard let stated = expected[row.name] else {
                #expect(row.value == nil, "\(name) states \(row.name) = \(row.value ?? "") (\(row.source ?? "")), which its documents do not")
                continue
            }
            let value = row.value.map { $0.split(separator: ",").sorted().joined(separator: ",") }
            #expect(value == stated.value.split(separator: ",").sorted().joined(separator: ","), "\(name).\(row.name)")
            #expect(row.source?.contains(stated.document) == true, "\(name).\(row.name) cites \(row.source ?? "nothing"), not \(stated.document)")
        }
        #expect(Set(expected.keys).isSubset(of: Set(policy.rows.map(\.name))))
    }

    @Test func unsetParametersReadAsNil() {
        #expect(PolicyProfiles.national[.quotaTargetRate] == nil)
        #expect(PolicyProfiles.hechuan[.quotaTargetRate] == nil)
        #expect(PolicyProfiles.sanmenxia[.quotaTargetRate] == nil)
        #expect(PolicyProfiles.huyi[.maxAdvanceRate] == nil)
        #expect(PolicyProfiles.hechuan[.intermediateApprenticeSubsidy] == nil)
        #expect(PolicyProfiles.national[.payGraceDays] == nil)
        #expect(PolicyProfiles.huyi[.quotaTargetRate] == Parameter(Rate(basisPoints: 200), source: "001 item 16"))
        #expect(!PolicyProfiles.national.requires(.accident))
        #expect(PolicyProfiles.sanmenxia.requires(.accident))
    }

    @Test func profileNames() {
        #expect(PolicyProfiles.names == ["hechuan", "huyi", "national", "sanmenxia", "shaoxing"])
        #expect(PolicyProfiles.named("sanmenxia")?.profile == "sanmenxia")
        #expect(PolicyProfiles.named("atlantis") == nil)
        #expect(PolicyProfiles.national.rows.count == PolicyParameters.all.count)
    }

    @Test func overridesParseByKindAndNameTheirSource() throws {
        let o = try ParameterOverride.parse("apprenticeSubsidyPerYear.intermediate=4000", source: "户人社发〔2025〕3号")
        #expect(o == ParameterOverride(name: "apprenticeSubsidyPerYear.intermediate", value: .money(yuan(4000)), source: "户人社发〔2025〕3号"))
        let policy = PolicyProfiles.huyi.applying([o])
        #expect(policy[.intermediateApprenticeSubsidy] == Parameter(yuan(4000), source: "户人社发〔2025〕3号"))
        #expect(try ParameterOverride.parse("requiredCovers=accident,liability", source: "x").value == .covers([.liability, .accident]))
        #expect(try ParameterOverride.parse("quotaTargetRate=3%", source: "x").value == .rate(Rate(basisPoints: 300)))
        #expect(throws: ParameterOverride.ParseError.unknownParameter("quotaRate")) { try ParameterOverride.parse("quotaRate=0.02", source: "x") }
        #expect(throws: ParameterOverride.ParseError.malformedValue(name: "minimumAge", value: "16.5", kind: .integer)) {
            try ParameterOverride.parse("minimumAge=16.5", source: "x")
        }
        #expect(throws: ParameterOverride.ParseError.malformedValue(name: "requiredCovers", value: "fire", kind: .covers)) {
            try ParameterOverride.parse("requiredCovers=fire", source: "x")
        }
        #expect(throws: ParameterOverride.ParseError.missingEquals("minimumAge")) { try ParameterOverride.parse("minimumAge", source: "x") }
    }

    @Test func headerPicksThePolicyInForce() {
        var strict = PolicyProfiles.national
        strict.profile = "strict"
        strict[.minimumAge] = Parameter(18, source: "test")
        let header = RegistryState(events: Given.initialized(from: day("2024-01-01")) + [
            .policyAdopted(PolicyAdopted(from: day("2025-06-01"), policy: strict)),
        ]).header
        #expect(header?.policy(on: day("2023-12-31")).profile == "national")
        #expect(header?.policy(on: day("2025-05-31"))[.minimumAge]?.value == 16)
        #expect(header?.policy(on: day("2025-06-01"))[.minimumAge]?.value == 18)
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
