/// Something the audit reports: a `finding` rule that a fact breaks on the audit date.
public struct Finding: Equatable, Sendable, Codable {
    /// The rule.
    public var ruleID: RuleID
    /// The rule's severity (always `finding` for audit results).
    public var severity: Severity
    /// What the finding is about, such as `placement P-17`.
    public var subject: String
    /// The school concerned, if any.
    public var school: String?
    /// The enterprise concerned, if any.
    public var enterprise: String?
    /// The day the finding concerns (audit date, completion date, break date), if any.
    public var date: CalendarDate?
    /// The month the finding concerns (pay rules), if any.
    public var period: YearMonth?
    /// What the rule expects, such as `2` interns, an amount in yuan or a due date.
    public var expected: String
    /// What the registry holds instead.
    public var actual: String
    /// A machine-readable qualifier where a rule has several aspects
    /// (Dual_02: `studentStatus` or `laborContract`), otherwise empty.
    public var detail: String
    /// The rule's source: the source of the parameter it applied, as the policy in force at the
    /// fact's date states it, or the catalogue's for a rule without a parameter.
    public var source: String

    /// Creates a finding; severity comes from the catalogue, and so does the source unless `source` gives it.
    public init(ruleID: RuleID, subject: String, school: String? = nil, enterprise: String? = nil,
                date: CalendarDate? = nil, period: YearMonth? = nil, expected: String, actual: String, detail: String = "",
                source: String? = nil) {
        self.ruleID = ruleID
        self.severity = RuleCatalogue.severity(of: ruleID)
        self.subject = subject
        self.school = school
        self.enterprise = enterprise
        self.date = date
        self.period = period
        self.expected = expected
        self.actual = actual
        self.detail = detail
        self.source = source ?? RuleCatalogue.source(of: ruleID)
    }

    /// The subject in `language`: `placement P-17` or `实习 P-17`.
    public func subject(_ language: Language) -> String {
        guard language == .zh else { return subject }
        for kind in RecordRef.Kind.allCases where subject.hasPrefix(kind.rawValue + " ") {
            return RecordRef.chineseName(kind) + subject.dropFirst(kind.rawValue.count)
        }
        return subject
    }

    /// One sentence naming the values, in `language`.
    public func message(_ language: Language) -> String {
        let en = language == .en
        let when = period?.description ?? date?.description ?? ""
        // The subject is stored as `placement P-17`; a Chinese sentence names it `实习 P-17`.
        let subject = subject(language)
        switch ruleID {
        case .quota01:
            return en ? "\(subject) hosts \(actual) active major-relevant interns on \(when), fewer than the target of \(expected)."
                : "\(subject) 在 \(when) 的专业对口在岗实习学生为 \(actual) 人，少于目标 \(expected) 人。"
        case .duration02:
            return en ? "\(subject) was completed on \(actual), before the minimum length of actual internship ended on \(expected)."
                : "\(subject) 于 \(actual) 结束，实际实习时长不足规定月数（应至少到 \(expected)）。"
        case .dual02:
            let aspect = detail == "laborContract" ? (en ? "labour contract" : "劳动合同") : (en ? "student status" : "学籍")
            return en ? "\(subject) is still running but the apprentice's \(aspect) ended on \(actual)."
                : "\(subject) 仍在进行，但学徒的\(aspect)已于 \(actual) 终止。"
        case .pay02:
            return en ? "\(subject) paid \(actual) yuan for \(when), less than the agreed \(expected) yuan."
                : "\(subject) \(when) 的报酬支付 \(actual) 元，少于约定的 \(expected) 元。"
        case .pay03:
            return en ? "\(subject) paid the stipend for \(when) on \(actual), after it was due on \(expected)."
                : "\(subject) \(when) 的报酬于 \(actual) 支付，晚于应付日期 \(expected)。"
        case .pay04:
            return en ? "\(subject) has no stipend confirmation for \(when), which was due on \(expected)."
                : "\(subject) \(when) 的报酬已于 \(expected) 到期，仍无确认。"
        case .subsidy03:
            return en ? "\(subject) was terminated on \(when) with \(actual) yuan of advanced subsidy not clawed back."
                : "\(subject) 于 \(when) 终止，预支补贴 \(actual) 元未收回。"
        case .wage02, .wage03, .wage04, .practice01, .teacher01, .teacher02:
            return Audit.dutyMessage(self, language) ?? ""
        case .completion01:
            return en ? "\(subject) is still open more than \(RegistrySettings.openPlacementGraceDays) days after its planned end on \(when): record its completion, extension or termination."
                : "\(subject) 计划于 \(when) 结束，逾期超过 \(RegistrySettings.openPlacementGraceDays) 天仍未登记完成、延长或终止。"
        default:
            let summary = RuleCatalogue.rule(ruleID).summary(language)
            return en ? "\(subject): expected \(expected), found \(actual) (\(summary))"
                : "\(subject)：应为 \(expected)，实为 \(actual)（\(summary)）"
        }
    }
}

/// Subsidy_01: the internship cost subsidy an enterprise earned for a month.
public struct InternSubsidy: Equatable, Sendable, Codable {
    /// The enterprise.
    public var enterprise: String
    /// The month.
    public var month: YearMonth
    /// The placements whose intern-month qualified, sorted.
    public var placements: [String]
    /// The subsidy: `internSubsidyPerMonth` × qualifying placements.
    public var amount: Money

    /// Creates a row.
    public init(enterprise: String, month: YearMonth, placements: [String], amount: Money) {
        self.enterprise = enterprise
        self.month = month
        self.placements = placements
        self.amount = amount
    }
}
