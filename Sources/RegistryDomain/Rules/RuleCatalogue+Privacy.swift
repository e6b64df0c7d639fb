extension RuleCatalogue {
    private static let piplSource = "PIPL 2021 (个人信息保护法)"

    /// The rules of personal-data protection (issue 16), after the duties' in `RuleID` order.
    static let privacyRules: [RuleDescription] = [
        RuleDescription(id: .privacy01, severity: .error,
                        summaryEN: "A student under guardianConsentAge on the enrolment date is enrolled only with a guardian's consent reference (--guardian-consent).",
                        summaryZH: "入学时不满规定年龄（guardianConsentAge）的学生，须提供监护人同意书编号方可登记（--guardian-consent）。",
                        source: piplSource + " Art 28, 31", parameters: ["guardianConsentAge"]),
        RuleDescription(id: .privacy02, severity: .error,
                        summaryEN: "A school erases a student's personal data only after the student has left: status ended, no placement registered or active, no apprenticeship contracted. The bureau may erase at any time.",
                        summaryZH: "学校仅可在学生离校后删除其个人信息：学籍已终止，且无已登记或进行中的实习、无在训的学徒培养。主管部门可随时删除。",
                        source: piplSource + " Art 47"),
        RuleDescription(id: .privacy03, severity: .error,
                        summaryEN: "A student whose personal data is erased (or whose key is missing) takes no new placement, apprenticeship, correction or second erase: the rules that need the date of birth cannot be decided.",
                        summaryZH: "个人信息已删除（或密钥缺失）的学生不能再登记实习、学徒培养、更正或再次删除：需要出生日期的规则无法判定。",
                        source: piplSource + " Art 47"),
    ]
}
