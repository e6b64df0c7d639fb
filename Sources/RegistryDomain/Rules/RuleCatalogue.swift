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
    /// The source documents, as in SPEC.md's table ("same" and "as above" spelled out).
    public let source: String

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

    private static let insuranceSource = "002 三(三); 001 item 52; 004 item 18; national 2016 Art 35"
    private static let quotaCapSource = "national rule 2016 Art 9 / 2021"
    private static let durationSource = "003 annex 1 (半年顶岗实习); national 2016 Art 10"
    private static let dualSource = "002 四(二); 004 item 9 (学生学徒双重身份)"
    private static let paySource = "002 三(三); 001 item 16; 004 item 10"

    /// Every rule, in catalogue order.
    public static let all: [RuleDescription] = [
        RuleDescription(id: .quota01, severity: .finding,
                        summaryEN: "An above-scale enterprise hosts at least ceil(rate × workforce) active major-relevant interns.",
                        summaryZH: "规模以上企业按职工总数的比例安排专业对口学生实习。",
                        source: "001 item 16"),
        RuleDescription(id: .quota02, severity: .error,
                        summaryEN: "A post internship may not start if the enterprise's active post interns would exceed rate × workforce.",
                        summaryZH: "岗位实习学生人数不得超过企业职工总数的规定比例。",
                        source: quotaCapSource),
        RuleDescription(id: .quota03, severity: .error,
                        summaryEN: "Post interns on a post may not exceed rate × that post's declared headcount.",
                        summaryZH: "同一岗位的岗位实习学生人数不得超过该岗位职工人数的规定比例。",
                        source: quotaCapSource),
        RuleDescription(id: .insurance01, severity: .error,
                        summaryEN: "A placement may not start unless internship liability insurance covers every day of its planned term.",
                        summaryZH: "实习开始前须投保覆盖整个实习期的实习责任保险。",
                        source: insuranceSource),
        RuleDescription(id: .insurance02, severity: .error,
                        summaryEN: "A placement may not start unless personal accident insurance covers every day of its planned term, where the policy requires it.",
                        summaryZH: "政策要求时，实习开始前须投保覆盖整个实习期的人身意外伤害保险。",
                        source: "002 三(三)"),
        RuleDescription(id: .insurance03, severity: .error,
                        summaryEN: "A placement may not be extended beyond its insurance coverage, nor a policy covering an active placement cancelled unless another covers the rest.",
                        summaryZH: "实习不得延长至保险期之外；在岗实习的保单除非另有保单覆盖剩余期间，不得退保。",
                        source: "002 三(三)"),
        RuleDescription(id: .insurance04, severity: .error,
                        summaryEN: "The premium is never paid by the student.",
                        summaryZH: "保险费不得由学生承担。",
                        source: "national rule"),
        RuleDescription(id: .duration01, severity: .error,
                        summaryEN: "A post internship is planned for at least minPostMonths calendar months.",
                        summaryZH: "岗位实习计划时长不少于规定月数（半年）。",
                        source: durationSource),
        RuleDescription(id: .duration02, severity: .finding,
                        summaryEN: "A post internship completed before minPostMonths of actual time.",
                        summaryZH: "岗位实习实际时长不足规定月数即结束。",
                        source: durationSource),
        RuleDescription(id: .age01, severity: .error,
                        summaryEN: "A student younger than minimumAge on the start date may not start a post internship.",
                        summaryZH: "未满规定年龄的学生不得参加岗位实习。",
                        source: "national 2021 Art 16"),
        RuleDescription(id: .agreement01, severity: .error,
                        summaryEN: "A post internship needs a tripartite agreement before it starts.",
                        summaryZH: "岗位实习开始前须签订学校、企业、学生三方协议（无协议不实习）。",
                        source: "national 2016 Art 11 (无协议不实习)"),
        RuleDescription(id: .dual01, severity: .error,
                        summaryEN: "An apprentice is enrolled at the named school and holds a labour contract of at least minLaborContractMonths covering the training term.",
                        summaryZH: "学徒须同时具有在籍学生身份和覆盖培训期、不短于规定月数的劳动合同（学生学徒双重身份）。",
                        source: dualSource),
        RuleDescription(id: .dual02, severity: .finding,
                        summaryEN: "An active apprenticeship whose student status or labour contract ended.",
                        summaryZH: "在训学徒的学生身份或劳动合同已终止，双重身份中断。",
                        source: dualSource),
        RuleDescription(id: .dual03, severity: .error,
                        summaryEN: "An apprenticeship term lasts between minApprenticeMonths and maxApprenticeMonths.",
                        summaryZH: "学徒培养期限须在规定的最短和最长月数之间。",
                        source: "national 2021 apprenticeship opinion"),
        RuleDescription(id: .pay01, severity: .error,
                        summaryEN: "The agreed monthly stipend of a post internship is at least payFloorRate × the wage standard for the post.",
                        summaryZH: "岗位实习约定月报酬不低于该岗位工资标准的规定比例。",
                        source: "002 三(三) (及时足额); national 2021 Art 18"),
        RuleDescription(id: .pay02, severity: .finding,
                        summaryEN: "A confirmed month paid less than the agreed stipend.",
                        summaryZH: "已确认月份的报酬未足额支付。",
                        source: paySource),
        RuleDescription(id: .pay03, severity: .finding,
                        summaryEN: "A month paid later than payGraceDays after the month's end.",
                        summaryZH: "月报酬在月末后规定天数之后才支付（未及时支付）。",
                        source: paySource),
        RuleDescription(id: .pay04, severity: .finding,
                        summaryEN: "A month of an active placement with no confirmation once its due date has passed.",
                        summaryZH: "在岗实习的月份已过支付期限仍无报酬确认。",
                        source: paySource),
        RuleDescription(id: .pay05, severity: .error,
                        summaryEN: "A stipend confirmation for a month outside the term, or a second one for a month without a correction flag.",
                        summaryZH: "报酬确认的月份不在实习期内，或同一月份重复确认而未标明更正。",
                        source: "—"),
        RuleDescription(id: .subsidy01, severity: .report,
                        summaryEN: "Internship cost subsidy to the enterprise for each insured intern-month paid in full and on time.",
                        summaryZH: "对已投保且报酬及时足额支付的实习生月，给予企业实习成本补助。",
                        source: "002 三(三)"),
        RuleDescription(id: .subsidy02, severity: .error,
                        summaryEN: "Apprenticeship subsidy by level: at most maxAdvanceRate advanced before completion, the balance only after completion with a certificate.",
                        summaryZH: "学徒培训补贴按等级核定，完成前预支不超过规定比例，取得证书完成培训后方可拨付余额。",
                        source: "002 三(二)"),
        RuleDescription(id: .subsidy03, severity: .finding,
                        summaryEN: "An advance paid for an apprenticeship that ended without completion and was not clawed back.",
                        summaryZH: "学徒未完成培训即终止，预支补贴未收回。",
                        source: "002 三(二)"),
        RuleDescription(id: .auth01, severity: .error,
                        summaryEN: "An actor acts only in its role and for its own organisation; an inspector never writes.",
                        summaryZH: "操作者只能以其角色、为本单位办理业务；督查人员不得写入。",
                        source: "—"),
    ] + dutyRules
}
