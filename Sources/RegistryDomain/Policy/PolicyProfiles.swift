/// The policy profiles shipped with the registry: `national` and one per seed jurisdiction.
///
/// Each states only what its document states, with that document's item as the source, and
/// inherits everything else from `national`; a parameter no document in force states is unset.
/// RULES.md says which national citations rest on a reading of the national text rather than on
/// a seed in `../shared/seeds/`.
public enum PolicyProfiles {
    /// What the national rules state: 职业学校学生实习管理规定 (2016, revised 2021) and the 2021
    /// opinion on the enterprise new-type apprenticeship (企业新型学徒制). No quota target, no
    /// payment deadline in days, no subsidy amounts: those are local.
    public static let national: Policy = {
        var policy = Policy(profile: "national")
        policy[.postInternCapRate] = Parameter(Rate(basisPoints: 1000), source: "national 2016 Art 9; 2021 revision")
        policy[.perPostCapRate] = Parameter(Rate(basisPoints: 2000), source: "national 2016 Art 9; 2021 revision")
        policy[.requiredCovers] = Parameter([.liability], source: "national 2016 Art 35; 2021 Art 35")
        policy[.minPostMonths] = Parameter(6, source: "national 2016 Art 10; 2021 revision (一般为6个月)")
        policy[.minimumAge] = Parameter(16, source: "national 2021 Art 16")
        policy[.minLaborContractMonths] = Parameter(12, source: "national 2021 enterprise-apprenticeship opinion (一年以上劳动合同)")
        policy[.minApprenticeMonths] = Parameter(12, source: "national 2021 enterprise-apprenticeship opinion (1-2年)")
        policy[.maxApprenticeMonths] = Parameter(36, source: "national 2021 enterprise-apprenticeship opinion (可延长到3年)")
        policy[.payFloorRate] = Parameter(Rate(basisPoints: 8000), source: "national 2021 Art 18")
        policy[.guardianConsentAge] = Parameter(14, source: "PIPL 2021 Art 28, 31 (不满十四周岁未成年人)")
        return policy
    }()

    /// 001, Xi'an Huyi district (鄠邑区): item 16 (规模以上企业按照职工总数的2%安排专业对口学生实习).
    /// Its item 52 develops the insurance market and states no duty to insure.
    public static let huyi: Policy = {
        var policy = national
        policy.profile = "huyi"
        policy[.quotaTargetRate] = Parameter(Rate(basisPoints: 200), source: "001 item 16")
        policy[.certifiedEnterpriseTarget] = Parameter(1, source: "001 item 11 (建成1个产教融合型企业)")
        policy[.certifiedEnterpriseTargetYear] = Parameter(2023, source: "001 item 11 (2023年)")
        return policy
    }()

    /// 002, Sanmenxia (三门峡): 三(三) both insurances and 200 yuan per student per month;
    /// 三(二) 5000 / 6000 yuan per apprentice-year of the enterprise new-type apprenticeship, at most 50% advanced.
    public static let sanmenxia: Policy = {
        var policy = national
        policy.profile = "sanmenxia"
        policy[.requiredCovers] = Parameter([.liability, .accident], source: "002 三(三)")
        policy[.internSubsidyPerMonth] = Parameter(Money(yuan: 200), source: "002 三(三)")
        policy[.intermediateApprenticeSubsidy] = Parameter(Money(yuan: 5000), source: "002 三(二)")
        policy[.seniorApprenticeSubsidy] = Parameter(Money(yuan: 6000), source: "002 三(二)")
        policy[.maxAdvanceRate] = Parameter(Rate(basisPoints: 5000), source: "002 三(二)")
        policy[.certifiedEnterpriseTarget] = Parameter(20, source: "002 一(二) (培育20家左右产教融合型企业)")
        policy[.certifiedEnterpriseTargetYear] = Parameter(2025, source: "002 一(二) (到2025年)")
        policy[.undergraduatePracticeYears] = Parameter(1, source: "002 四(二) (应用型本科院校学生实习实训时间累积不少于1学年)")
        policy[.dualQualifiedShareSecondary] = Parameter(Rate(basisPoints: 5000), source: "002 四(三) (职业院校“双师型”教师占专业课教师比例达到50%)")
        policy[.dualQualifiedShareHigher] = Parameter(Rate(basisPoints: 5000), source: "002 四(三) (职业院校“双师型”教师占专业课教师比例达到50%)")
        policy[.dualQualifiedShareByYear] = Parameter(2022, source: "002 四(三) (力争到2022年)")
        return policy
    }()

    /// 003, Shaoxing (绍兴): its annex 1 counts half-year post internships but sets no minimum,
    /// so it states none of SPEC's parameters and reads as `national`.
    public static let shaoxing: Policy = {
        var policy = national
        policy.profile = "shaoxing"
        policy[.certifiedEnterpriseTarget] = Parameter(30, source: "003 annex 2 item 2 (省级产教融合试点企业30个)")
        policy[.certifiedEnterpriseTargetYear] = Parameter(2025, source: "003 annex 2 item 2 (到2025年)")
        policy[.dualQualifiedShareSecondary] = Parameter(Rate(basisPoints: 9000), source: "003 (十三) (职业学校双师型比率达90%以上)")
        policy[.dualQualifiedShareHigher] = Parameter(Rate(basisPoints: 9000), source: "003 (十三) (职业学校双师型比率达90%以上)")
        policy[.dualQualifiedShareByYear] = Parameter(2025, source: "003 (十三) (到2025年)")
        policy[.teacherPracticeMonths] = Parameter(6, source: "003 (十三) (专业教师赴企业实践每5年累计不少于半年)")
        policy[.teacherPracticeYears] = Parameter(5, source: "003 (十三) (每5年)")
        return policy
    }()

    /// 004, Chongqing Hechuan district (合川区): its item 18 develops the insurance market and states
    /// no duty to insure, so it states none of SPEC's parameters and reads as `national`.
    public static let hechuan: Policy = {
        var policy = national
        policy.profile = "hechuan"
        policy[.dualQualifiedShareSecondary] = Parameter(Rate(basisPoints: 6000), source: "004 item 12 (中职“双师型”教师占专业课教师的60%以上)")
        policy[.teacherPracticeMonths] = Parameter(6, source: "004 item 12 (专业课教师到企业实践锻炼每5年不少于6个月)")
        policy[.teacherPracticeYears] = Parameter(5, source: "004 item 12 (每5年)")
        return policy
    }()

    /// All profiles by name.
    public static let all: [String: Policy] = [
        "national": national, "huyi": huyi, "sanmenxia": sanmenxia, "shaoxing": shaoxing, "hechuan": hechuan,
    ]

    /// The profile names, sorted.
    public static var names: [String] { all.keys.sorted() }

    /// The profile called `name`, or `nil`.
    public static func named(_ name: String) -> Policy? {
        all[name]
    }
}
