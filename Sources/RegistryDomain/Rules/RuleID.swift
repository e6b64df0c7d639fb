/// The ID of a rule of the catalogue (SPEC section 2), in catalogue order.
public enum RuleID: String, Codable, Sendable, CaseIterable, Comparable {
    case quota01 = "Quota_01"
    case quota02 = "Quota_02"
    case quota03 = "Quota_03"
    case insurance01 = "Insurance_01"
    case insurance02 = "Insurance_02"
    case insurance03 = "Insurance_03"
    case insurance04 = "Insurance_04"
    case duration01 = "Duration_01"
    case duration02 = "Duration_02"
    case age01 = "Age_01"
    case agreement01 = "Agreement_01"
    case dual01 = "Dual_01"
    case dual02 = "Dual_02"
    case dual03 = "Dual_03"
    case pay01 = "Pay_01"
    case pay02 = "Pay_02"
    case pay03 = "Pay_03"
    case pay04 = "Pay_04"
    case pay05 = "Pay_05"
    case subsidy01 = "Subsidy_01"
    case subsidy02 = "Subsidy_02"
    case subsidy03 = "Subsidy_03"
    case auth01 = "Auth_01"
    case subsidy04 = "Subsidy_04"
    case completion01 = "Completion_01"
    case data01 = "Data_01"
    case data02 = "Data_02"
    case data03 = "Data_03"
    case data04 = "Data_04"
    case wage01 = "Wage_01"
    case wage02 = "Wage_02"
    case wage03 = "Wage_03"
    case wage04 = "Wage_04"
    case wage05 = "Wage_05"
    case certification01 = "Certification_01"
    case practice01 = "Practice_01"
    case teacher01 = "Teacher_01"
    case teacher02 = "Teacher_02"
    case deduction01 = "Deduction_01"
    case privacy01 = "Privacy_01"
    case privacy02 = "Privacy_02"
    case privacy03 = "Privacy_03"

    /// Catalogue order.
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        // Both are cases, so both indices exist.
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How a rule is enforced.
public enum Severity: String, Codable, Sendable, CaseIterable {
    /// The command is rejected and nothing is appended.
    case error
    /// The command is accepted (or time passes) and the audit reports it.
    case finding
    /// The rule feeds a report (Subsidy_01).
    case report

    /// The severity's name in `language`: error / finding / report, or 错误 / 发现 / 报告.
    public func name(_ language: Language) -> String {
        guard language == .zh else { return rawValue }
        switch self {
        case .error: return "错误"
        case .finding: return "发现"
        case .report: return "报告"
        }
    }
}
