/// The parameters of SPEC section 2, by value type. Each is unset unless a profile or a `--set` states it.
extension PolicyParameter where Value == Rate {
    /// Quota_01: share of the workforce an above-scale enterprise should host as major-relevant interns.
    public static let quotaTargetRate = PolicyParameter("quotaTargetRate", en: "Quota_01 target: interns per workforce of an above-scale enterprise", zh: "Quota_01 目标：规模以上企业实习生占职工总数的比例")
    /// Quota_02: cap on active post interns as a share of the workforce.
    public static let postInternCapRate = PolicyParameter("postInternCapRate", en: "Quota_02 cap: post interns per workforce", zh: "Quota_02 上限：岗位实习生占职工总数的比例")
    /// Quota_03: cap on post interns on one post as a share of that post's headcount.
    public static let perPostCapRate = PolicyParameter("perPostCapRate", en: "Quota_03 cap: post interns per headcount of the post", zh: "Quota_03 上限：同岗位实习生占该岗位职工的比例")
    /// Pay_01: the stipend floor as a share of the enterprise's wage standard for the post.
    public static let payFloorRate = PolicyParameter("payFloorRate", en: "Pay_01 floor: stipend per wage standard of the post", zh: "Pay_01 下限：实习报酬占同岗位工资标准的比例")
    /// Subsidy_02: the share of the entitlement that may be advanced before completion.
    public static let maxAdvanceRate = PolicyParameter("maxAdvanceRate", en: "Subsidy_02: share of the apprenticeship subsidy that may be advanced", zh: "Subsidy_02：学徒培训补贴可预支的比例")
}

extension PolicyParameter where Value == [Cover] {
    /// Insurance_01/02: the covers every day of a placement's term needs.
    public static let requiredCovers = PolicyParameter("requiredCovers", en: "Insurance_01/02: covers every placement day needs", zh: "Insurance_01/02：实习期每日须有的险种")
}

extension PolicyParameter where Value == Int {
    /// Duration_01/02: minimum length of a post internship in calendar months.
    public static let minPostMonths = PolicyParameter("minPostMonths", en: "Duration_01/02: months a post internship lasts at least", zh: "Duration_01/02：岗位实习最短月数")
    /// Age_01: minimum age on the start date of a post internship.
    public static let minimumAge = PolicyParameter("minimumAge", en: "Age_01: minimum age for a post internship", zh: "Age_01：参加岗位实习的最低年龄")
    /// Dual_01: minimum length of an apprentice's labour contract in calendar months.
    public static let minLaborContractMonths = PolicyParameter("minLaborContractMonths", en: "Dual_01: months an apprentice's labour contract runs at least", zh: "Dual_01：学徒劳动合同最短月数")
    /// Dual_03: minimum apprenticeship term in calendar months.
    public static let minApprenticeMonths = PolicyParameter("minApprenticeMonths", en: "Dual_03: shortest apprenticeship term in months", zh: "Dual_03：学徒培养最短月数")
    /// Dual_03: maximum apprenticeship term in calendar months.
    public static let maxApprenticeMonths = PolicyParameter("maxApprenticeMonths", en: "Dual_03: longest apprenticeship term in months", zh: "Dual_03：学徒培养最长月数")
    /// Pay_03/04: days after a month's end by which its stipend is due.
    public static let payGraceDays = PolicyParameter("payGraceDays", en: "Pay_03/04: days after a month's end its stipend is due by", zh: "Pay_03/04：月末后报酬的支付期限（天）")
}

extension PolicyParameter where Value == Money {
    /// Subsidy_01: internship cost subsidy per student per month.
    public static let internSubsidyPerMonth = PolicyParameter("internSubsidyPerMonth", en: "Subsidy_01: internship cost subsidy per student per month", zh: "Subsidy_01：实习成本补助（每生每月）")
    /// Subsidy_02: yearly training subsidy per intermediate-level enterprise apprentice.
    public static let intermediateApprenticeSubsidy = PolicyParameter("apprenticeSubsidyPerYear.intermediate", en: "Subsidy_02: training subsidy per intermediate apprentice per year", zh: "Subsidy_02：中级工学徒每人每年培训补贴")
    /// Subsidy_02: yearly training subsidy per senior-level enterprise apprentice.
    public static let seniorApprenticeSubsidy = PolicyParameter("apprenticeSubsidyPerYear.senior", en: "Subsidy_02: training subsidy per senior apprentice per year", zh: "Subsidy_02：高级工学徒每人每年培训补贴")

    /// Subsidy_02: the yearly training subsidy parameter for an apprentice of `level`.
    public static func apprenticeSubsidyPerYear(_ level: ApprenticeLevel) -> PolicyParameter<Money> {
        switch level {
        case .intermediate: intermediateApprenticeSubsidy
        case .senior: seniorApprenticeSubsidy
        }
    }
}

/// Every parameter a policy can state, in the order `policy show` prints them.
public enum PolicyParameters {
    /// The parameters of SPEC section 2.
    static let core: [ParameterDescriptor] = [
        PolicyParameter.quotaTargetRate.descriptor,
        PolicyParameter.postInternCapRate.descriptor,
        PolicyParameter.perPostCapRate.descriptor,
        PolicyParameter.requiredCovers.descriptor,
        PolicyParameter.minPostMonths.descriptor,
        PolicyParameter.minimumAge.descriptor,
        PolicyParameter.minLaborContractMonths.descriptor,
        PolicyParameter.minApprenticeMonths.descriptor,
        PolicyParameter.maxApprenticeMonths.descriptor,
        PolicyParameter.payFloorRate.descriptor,
        PolicyParameter.payGraceDays.descriptor,
        PolicyParameter.internSubsidyPerMonth.descriptor,
        PolicyParameter.intermediateApprenticeSubsidy.descriptor,
        PolicyParameter.seniorApprenticeSubsidy.descriptor,
        PolicyParameter.maxAdvanceRate.descriptor,
    ]

    /// Every parameter: SPEC's, then the duties' (`PolicyParameters+Duties.swift`).
    public static let all: [ParameterDescriptor] = core + duties + privacy

    private static let byName: [String: ParameterDescriptor] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The parameter called `name`, or nil.
    public static func named(_ name: String) -> ParameterDescriptor? { byName[name] }

    /// The names of every parameter, in `policy show` order.
    public static var names: [String] { all.map(\.name) }
}
