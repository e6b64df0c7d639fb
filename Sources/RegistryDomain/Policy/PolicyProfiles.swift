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
        return policy
    }()

    /// 001, Xi'an Huyi district (鄠邑区): item 16 (规模以上企业按照职工总数的2%安排专业对口学生实习).
    /// Its item 52 develops the insurance market and states no duty to insure.
    public static let huyi: Policy = {
        var policy = national
        policy.profile = "huyi"
        policy[.quotaTargetRate] = Parameter(Rate(basisPoints: 200), source: "001 item 16")
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
        return policy
    }()

    /// 003, Shaoxing (绍兴): its annex 1 counts half-year post internships but sets no minimum,
    /// so it states none of SPEC's parameters and reads as `national`.
    public static let shaoxing: Policy = {
        var policy = national
        policy.profile = "shaoxing"
        return policy
    }()

    /// 004, Chongqing Hechuan district (合川区): its item 18 develops the insurance market and states
    /// no duty to insure, so it states none of SPEC's parameters and reads as `national`.
    public static let hechuan: Policy = {
        var policy = national
        policy.profile = "hechuan"
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
