/// The policy profiles shipped with the registry: `national` and one per seed jurisdiction.
///
/// A jurisdiction's profile overrides only what its document states, with that document's item
/// as the source, and inherits everything else (value and national source) from `national`.
public enum PolicyProfiles {
    /// The national defaults of SPEC section 2.
    public static let national = Policy(profile: "national")

    /// 001, Xi'an Huyi district (鄠邑区): item 16 (规模以上企业按照职工总数的2%安排专业对口学生实习)
    /// and item 52 (实习责任保险和人身意外伤害保险).
    public static let huyi: Policy = {
        var policy = national
        policy.profile = "huyi"
        policy.quotaTargetRate = Parameter(Rate(basisPoints: 200), source: "001 item 16")
        policy.requiredCovers = Parameter([.liability, .accident], source: "001 item 52")
        return policy
    }()

    /// 002, Sanmenxia (三门峡): 三(三) both insurances and 200 yuan per intern-month;
    /// 三(二) 5000 / 6000 yuan per apprentice-year with at most 50% advanced.
    public static let sanmenxia: Policy = {
        var policy = national
        policy.profile = "sanmenxia"
        policy.requiredCovers = Parameter([.liability, .accident], source: "002 三(三)")
        policy.internSubsidyPerMonth = Parameter(Money(yuan: 200), source: "002 三(三)")
        policy.intermediateSubsidyPerYear = Parameter(Money(yuan: 5000), source: "002 三(二)")
        policy.seniorSubsidyPerYear = Parameter(Money(yuan: 6000), source: "002 三(二)")
        policy.maxAdvanceRate = Parameter(Rate(basisPoints: 5000), source: "002 三(二)")
        return policy
    }()

    /// 003, Shaoxing (绍兴): annex 1 counts half-year post internships (半年顶岗实习).
    public static let shaoxing: Policy = {
        var policy = national
        policy.profile = "shaoxing"
        policy.minPostMonths = Parameter(6, source: "003 annex 1")
        return policy
    }()

    /// 004, Chongqing Hechuan district (合川区): item 18 (实习责任保险和人身意外伤害保险).
    public static let hechuan: Policy = {
        var policy = national
        policy.profile = "hechuan"
        policy.requiredCovers = Parameter([.liability, .accident], source: "004 item 18")
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
