/// One rule of the catalogue.
public struct RuleDescription: Equatable, Sendable {
    /// The rule's ID.
    public let id: RuleID
    /// How it is enforced.
    public let severity: Severity
    /// One line in English.
    public let summaryEN: String
    /// One line in Chinese.
    public let summaryZH: String
    /// The documents that state the rule (the duty itself); a finding cites, where the rule has a
    /// parameter, the source the policy in force gives that parameter.
    public let source: String
    /// The policy parameters the rule applies, by name; the rule does not apply where the policy
    /// in force leaves its first parameter unset.
    public var parameters: [String] = []
    /// A registry data-quality rule rather than a document's; its figure, if any, is a registry
    /// setting (`RegistrySettings`), not a policy parameter.
    public var isDataQuality = false
    /// The registry setting a data-quality rule applies, such as `30 days`, or nil.
    public var setting: String? = nil

    /// The one-line summary in `language`.
    public func summary(_ language: Language) -> String {
        language == .en ? summaryEN : summaryZH
    }
}

/// The rules catalogue of SPEC section 2.
public enum RuleCatalogue {
    /// The rule `id`.
    public static func rule(_ id: RuleID) -> RuleDescription {
        // `all` has one entry per case, built from `RuleID.allCases` order.
        all.first { $0.id == id }!
    }

    /// The severity of rule `id`.
    public static func severity(of id: RuleID) -> Severity { rule(id).severity }

    /// The source of rule `id`.
    public static func source(of id: RuleID) -> String { rule(id).source }

    // 001 item 52 and 004 item 18 only develop the insurance market (金融支持); they state no duty.
    private static let insuranceSource = "national 2016 Art 35; 2021 Art 35; 002 三(三)"
    private static let quotaCapSource = "national 2016 Art 9; 2021 revision"
    // 003's annex counts half-year post internships; it sets no minimum.
    private static let durationSource = "national 2016 Art 10; 2021 revision (一般为6个月)"
    private static let dualSource = "002 四(二); 004 item 9 (学生学徒双重身份); national 2021 enterprise-apprenticeship opinion"
    // 001 item 16 and 004 item 10 ask for reasonable pay (合理报酬), not for full and timely pay.
    private static let paySource = "002 三(三) (及时足额); national 2021 Art 18 (及时、足额)"
    private static let registryCheck = "registry data-quality rule"

    /// A catalogue entry with its parameters or data-quality marking.
    private static func rule(_ id: RuleID, _ severity: Severity, _ en: String, _ zh: String, source: String,
                             parameters: [String] = [], dataQuality setting: String? = nil) -> RuleDescription {
        var rule = RuleDescription(id: id, severity: severity, summaryEN: en, summaryZH: zh, source: source)
        rule.parameters = parameters
        rule.isDataQuality = source == registryCheck
        rule.setting = setting
        return rule
    }

    /// Every rule, in catalogue order.
    public static let all: [RuleDescription] = [
        rule(.quota01, .finding,
             "An above-scale enterprise hosts at least ceil(rate × workforce) active major-relevant interns.",
             "规模以上企业按职工总数的比例安排专业对口学生实习。",
             source: "001 item 16", parameters: ["quotaTargetRate"]),
        rule(.quota02, .error,
             "A post internship may not start if the enterprise's active post interns would exceed rate × workforce.",
             "岗位实习学生人数不得超过企业职工总数的规定比例。",
             source: quotaCapSource, parameters: ["postInternCapRate"]),
        rule(.quota03, .error,
             "Post interns on a post may not exceed rate × that post's declared headcount.",
             "同一岗位的岗位实习学生人数不得超过该岗位职工人数的规定比例。",
             source: quotaCapSource, parameters: ["perPostCapRate"]),
        rule(.insurance01, .error,
             "A placement may not start unless internship liability insurance covers every day of its planned term.",
             "实习开始前须投保覆盖整个实习期的实习责任保险。",
             source: insuranceSource, parameters: ["requiredCovers"]),
        rule(.insurance02, .error,
             "A placement may not start unless personal accident insurance covers every day of its planned term, where the policy requires it.",
             "政策要求时，实习开始前须投保覆盖整个实习期的人身意外伤害保险。",
             source: "002 三(三)", parameters: ["requiredCovers"]),
        rule(.insurance03, .error,
             "A placement may not be extended beyond its insurance coverage, nor a policy covering an active placement cancelled unless another covers the rest.",
             "实习不得延长至保险期之外；在岗实习的保单除非另有保单覆盖剩余期间，不得退保。",
             source: "national 2016 Art 35 (覆盖实习活动的全过程); 002 三(三)", parameters: ["requiredCovers"]),
        rule(.insurance04, .error,
             "The premium is never paid by the student.",
             "保险费不得由学生承担。",
             source: "national 2016 Art 35 (不得向学生另行收取)"),
        rule(.duration01, .error,
             "A post internship is planned for at least minPostMonths calendar months.",
             "岗位实习计划时长不少于规定月数（半年）。",
             source: durationSource, parameters: ["minPostMonths"]),
        rule(.duration02, .finding,
             "A post internship completed before minPostMonths of actual time.",
             "岗位实习实际时长不足规定月数即结束。",
             source: durationSource, parameters: ["minPostMonths"]),
        rule(.age01, .error,
             "A student younger than minimumAge on the start date may not be placed in a post internship (checked at registration and at start).",
             "未满规定年龄的学生不得参加岗位实习（登记和开始时均检查）。",
             source: "national 2021 Art 16", parameters: ["minimumAge"]),
        rule(.agreement01, .error,
             "A post internship needs a tripartite agreement before it starts.",
             "岗位实习开始前须签订学校、企业、学生三方协议（无协议不实习）。",
             source: "national 2016 Art 11 (无协议不实习)"),
        rule(.dual01, .error,
             "An apprentice is enrolled at the named school and holds a labour contract of at least minLaborContractMonths covering the training term.",
             "学徒须同时具有在籍学生身份和覆盖培训期、不短于规定月数的劳动合同（学生学徒双重身份）。",
             source: dualSource, parameters: ["minLaborContractMonths"]),
        rule(.dual02, .finding,
             "An active apprenticeship whose student status or labour contract ended.",
             "在训学徒的学生身份或劳动合同已终止，双重身份中断。",
             source: "002 四(二); 004 item 9 (学生学徒双重身份)"),
        rule(.dual03, .error,
             "An apprenticeship term lasts between minApprenticeMonths and maxApprenticeMonths.",
             "学徒培养期限须在规定的最短和最长月数之间。",
             source: "national 2021 enterprise-apprenticeship opinion", parameters: ["minApprenticeMonths", "maxApprenticeMonths"]),
        rule(.pay01, .error,
             "The agreed monthly stipend of a post internship is at least payFloorRate × the wage standard for the post.",
             "岗位实习约定月报酬不低于该岗位工资标准的规定比例。",
             source: "national 2021 Art 18", parameters: ["payFloorRate"]),
        rule(.pay02, .finding,
             "A confirmed month paid less than the agreed stipend.",
             "已确认月份的报酬未足额支付。",
             source: paySource),
        rule(.pay03, .finding,
             "A month paid later than payGraceDays after the month's end.",
             "月报酬在月末后规定天数之后才支付（未及时支付）。",
             source: paySource, parameters: ["payGraceDays"]),
        rule(.pay04, .finding,
             "A month of an active placement with no confirmation once its due date (payGraceDays after the month's end) has passed.",
             "在岗实习的月份已过支付期限（月末后规定天数）仍无报酬确认。",
             source: paySource, parameters: ["payGraceDays"]),
        rule(.pay05, .error,
             "A stipend confirmation for a month outside the term, or a second one for a month without a correction flag.",
             "报酬确认的月份不在实习期内，或同一月份重复确认而未标明更正。",
             source: "—"),
        rule(.subsidy01, .report,
             "Internship cost subsidy to the enterprise per student per month that was insured and paid in full (and on time, where a deadline is set); one subsidy per student and month.",
             "对已投保且报酬足额（设有期限时须及时）支付的实习学生，每生每月给予企业一份实习成本补助。",
             source: "002 三(三) (每生每月)", parameters: ["internSubsidyPerMonth"]),
        rule(.subsidy02, .error,
             "Apprenticeship training subsidy for enterprise new-type apprenticeships only: at most maxAdvanceRate of apprenticeSubsidyPerYear advanced before completion, the balance only after completion with a certificate.",
             "学徒培训补贴仅适用于企业新型学徒制：完成前预支不超过规定比例，取得证书完成培训后方可拨付余额。",
             source: "002 三(二)", parameters: ["apprenticeSubsidyPerYear.intermediate", "apprenticeSubsidyPerYear.senior", "maxAdvanceRate"]),
        rule(.subsidy03, .finding,
             "An advance paid for an apprenticeship that ended without completion and was not clawed back.",
             "学徒未完成培训即终止，预支补贴未收回。",
             source: "002 三(二)"),
        rule(.auth01, .error,
             "An actor acts only in its role and for its own organisation; an inspector never writes.",
             "操作者只能以其角色、为本单位办理业务；督查人员不得写入。",
             source: "—"),
        rule(.subsidy04, .error,
             "An advance is clawed back only from an apprenticeship that has ended, not from one still running.",
             "只有已终止的学徒项目才可收回预支补贴，仍在培训中的不可。",
             source: "002 三(二) (未按照计划完成培训任务的…收回预支的补贴资金)"),
        rule(.completion01, .finding,
             "A placement still active more than \(RegistrySettings.openPlacementGraceDays) days after its planned end, neither completed, extended nor terminated.",
             "实习计划结束日后超过 \(RegistrySettings.openPlacementGraceDays) 天仍在进行，既未完成、延长，也未终止。",
             source: registryCheck, dataQuality: "\(RegistrySettings.openPlacementGraceDays) days"),
        rule(.data01, .error,
             "A stipend may not be recorded as paid on a date after the registry's clock.",
             "报酬支付日期不得晚于登记簿的当前日期。",
             source: registryCheck, dataQuality: "the registry's clock"),
        rule(.data02, .error,
             "A stipend may not be paid before the month it pays for began, unless marked --advance.",
             "报酬不得早于所付月份开始之前支付，预付须标明 --advance。",
             source: registryCheck, dataQuality: "the month's first day"),
        rule(.data03, .error,
             "A student may not be younger than \(RegistrySettings.minimumEnrolmentAge) on the enrolment date.",
             "学生入学时不得小于 \(RegistrySettings.minimumEnrolmentAge) 岁。",
             source: registryCheck, dataQuality: "\(RegistrySettings.minimumEnrolmentAge) years"),
        rule(.data04, .error,
             "A stipend more than \(RegistrySettings.stipendTypoFactor)× the agreed amount needs --correction.",
             "报酬超过约定金额 \(RegistrySettings.stipendTypoFactor) 倍的，须以 --correction 标明。",
             source: registryCheck, dataQuality: "\(RegistrySettings.stipendTypoFactor)×"),
    ] + dutyRules + privacyRules
}
