/// A named set of rule parameters, each with its source (SPEC section 4).
///
/// `PolicyAdopted` carries a whole `Policy`, so replaying the log never depends on the profiles
/// compiled into today's code.
public struct Policy: Codable, Sendable, Equatable {
    /// The profile the policy was built from, such as `national` or `sanmenxia`.
    public var profile: String
    /// Quota_01: share of the workforce an above-scale enterprise should host as major-relevant interns.
    public var quotaTargetRate: Parameter<Rate>
    /// Quota_02: cap on active post interns as a share of the workforce.
    public var postInternCapRate: Parameter<Rate>
    /// Quota_03: cap on post interns on one post as a share of that post's headcount.
    public var perPostCapRate: Parameter<Rate>
    /// Insurance_01/02: the covers every day of a placement's term needs, sorted.
    public var requiredCovers: Parameter<[Cover]>
    /// Duration_01/02: minimum length of a post internship in calendar months.
    public var minPostMonths: Parameter<Int>
    /// Age_01: minimum age on the start date of a post internship.
    public var minimumAge: Parameter<Int>
    /// Dual_01: minimum length of an apprentice's labour contract in calendar months.
    public var minLaborContractMonths: Parameter<Int>
    /// Dual_03: minimum apprenticeship term in calendar months.
    public var minApprenticeMonths: Parameter<Int>
    /// Dual_03: maximum apprenticeship term in calendar months.
    public var maxApprenticeMonths: Parameter<Int>
    /// Pay_01: the stipend floor as a share of the enterprise's wage standard for the post.
    public var payFloorRate: Parameter<Rate>
    /// Pay_03/04: days after a month's end by which its stipend is due.
    public var payGraceDays: Parameter<Int>
    /// Subsidy_01: internship cost subsidy per insured, fully and timely paid intern-month.
    public var internSubsidyPerMonth: Parameter<Money>
    /// Subsidy_02: yearly training subsidy per intermediate-level apprentice.
    public var intermediateSubsidyPerYear: Parameter<Money>
    /// Subsidy_02: yearly training subsidy per senior-level apprentice.
    public var seniorSubsidyPerYear: Parameter<Money>
    /// Subsidy_02: the share of the entitlement that may be advanced before completion.
    public var maxAdvanceRate: Parameter<Rate>

    /// Creates a policy; every parameter defaults to the national profile's.
    public init(
        profile: String,
        quotaTargetRate: Parameter<Rate> = Parameter(Rate(basisPoints: 200), source: "001 item 16"),
        postInternCapRate: Parameter<Rate> = Parameter(Rate(basisPoints: 1000), source: "national rule 2016 Art 9 / 2021"),
        perPostCapRate: Parameter<Rate> = Parameter(Rate(basisPoints: 2000), source: "national rule 2016 Art 9 / 2021"),
        requiredCovers: Parameter<[Cover]> = Parameter([.liability, .accident], source: "national 2016 Art 35"),
        minPostMonths: Parameter<Int> = Parameter(6, source: "national 2016 Art 10"),
        minimumAge: Parameter<Int> = Parameter(16, source: "national 2021 Art 16"),
        minLaborContractMonths: Parameter<Int> = Parameter(12, source: "national 2021 apprenticeship opinion"),
        minApprenticeMonths: Parameter<Int> = Parameter(12, source: "national 2021 apprenticeship opinion"),
        maxApprenticeMonths: Parameter<Int> = Parameter(36, source: "national 2021 apprenticeship opinion"),
        payFloorRate: Parameter<Rate> = Parameter(Rate(basisPoints: 8000), source: "national 2021 Art 18"),
        payGraceDays: Parameter<Int> = Parameter(30, source: "national default"),
        internSubsidyPerMonth: Parameter<Money> = Parameter(.zero, source: "national (no subsidy)"),
        intermediateSubsidyPerYear: Parameter<Money> = Parameter(Money(yuan: 5000), source: "002 三(二)"),
        seniorSubsidyPerYear: Parameter<Money> = Parameter(Money(yuan: 6000), source: "002 三(二)"),
        maxAdvanceRate: Parameter<Rate> = Parameter(Rate(basisPoints: 5000), source: "002 三(二)")
    ) {
        self.profile = profile
        self.quotaTargetRate = quotaTargetRate
        self.postInternCapRate = postInternCapRate
        self.perPostCapRate = perPostCapRate
        self.requiredCovers = Parameter(Array(Set(requiredCovers.value)).sorted(), source: requiredCovers.source)
        self.minPostMonths = minPostMonths
        self.minimumAge = minimumAge
        self.minLaborContractMonths = minLaborContractMonths
        self.minApprenticeMonths = minApprenticeMonths
        self.maxApprenticeMonths = maxApprenticeMonths
        self.payFloorRate = payFloorRate
        self.payGraceDays = payGraceDays
        self.internSubsidyPerMonth = internSubsidyPerMonth
        self.intermediateSubsidyPerYear = intermediateSubsidyPerYear
        self.seniorSubsidyPerYear = seniorSubsidyPerYear
        self.maxAdvanceRate = maxAdvanceRate
    }

    /// The yearly training subsidy for an apprentice of `level`.
    public func apprenticeSubsidyPerYear(for level: ApprenticeLevel) -> Parameter<Money> {
        switch level {
        case .intermediate: intermediateSubsidyPerYear
        case .senior: seniorSubsidyPerYear
        }
    }

    /// Whether the policy requires `cover` on every day of a placement's term.
    public func requires(_ cover: Cover) -> Bool {
        requiredCovers.value.contains(cover)
    }

    /// One row per parameter, in catalogue order, for `registry policy show`.
    public var rows: [(name: String, value: String, source: String)] {
        [
            ("quotaTargetRate", quotaTargetRate.value.decimalText, quotaTargetRate.source),
            ("postInternCapRate", postInternCapRate.value.decimalText, postInternCapRate.source),
            ("perPostCapRate", perPostCapRate.value.decimalText, perPostCapRate.source),
            ("requiredCovers", requiredCovers.value.map(\.rawValue).joined(separator: ","), requiredCovers.source),
            ("minPostMonths", "\(minPostMonths.value)", minPostMonths.source),
            ("minimumAge", "\(minimumAge.value)", minimumAge.source),
            ("minLaborContractMonths", "\(minLaborContractMonths.value)", minLaborContractMonths.source),
            ("minApprenticeMonths", "\(minApprenticeMonths.value)", minApprenticeMonths.source),
            ("maxApprenticeMonths", "\(maxApprenticeMonths.value)", maxApprenticeMonths.source),
            ("payFloorRate", payFloorRate.value.decimalText, payFloorRate.source),
            ("payGraceDays", "\(payGraceDays.value)", payGraceDays.source),
            ("internSubsidyPerMonth", internSubsidyPerMonth.value.description, internSubsidyPerMonth.source),
            ("intermediateSubsidyPerYear", intermediateSubsidyPerYear.value.description, intermediateSubsidyPerYear.source),
            ("seniorSubsidyPerYear", seniorSubsidyPerYear.value.description, seniorSubsidyPerYear.source),
            ("maxAdvanceRate", maxAdvanceRate.value.decimalText, maxAdvanceRate.source),
        ]
    }
}
