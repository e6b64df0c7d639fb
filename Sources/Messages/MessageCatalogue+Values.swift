import Foundation
import RegistryDomain

/// Machine values shown to people: in a table they read in the chosen language; JSON and CSV keep
/// the machine value. IDs are `value.<kind>.<machine value>`.
extension MessageCatalogue {
    public static let values: [Entry] = [
        msg("value.kind.post", "post", "岗位实习"),
        msg("value.kind.observation", "observation", "认识实习"),
        msg("value.placementStatus.registered", "registered", "已登记"),
        msg("value.placementStatus.active", "active", "在岗"),
        msg("value.placementStatus.completed", "completed", "已完成"),
        msg("value.placementStatus.terminated", "terminated", "已终止"),
        msg("value.studentStatus.enrolled", "enrolled", "在籍"),
        msg("value.studentStatus.graduated", "graduated", "毕业"),
        msg("value.studentStatus.withdrawn", "withdrawn", "退学"),
        msg("value.studentStatus.transferred", "transferred", "转学"),
        msg("value.apprenticeshipStatus.contracted", "contracted", "在训"),
        msg("value.apprenticeshipStatus.completed", "completed", "已完成"),
        msg("value.apprenticeshipStatus.terminated", "terminated", "已终止"),
        msg("value.schoolLevel.secondary", "secondary", "中职"),
        msg("value.schoolLevel.higher", "higher", "高职"),
        msg("value.schoolLevel.undergraduate", "undergraduate", "本科"),
        msg("value.apprenticeLevel.intermediate", "intermediate", "中级工"),
        msg("value.apprenticeLevel.senior", "senior", "高级工"),
        msg("value.scheme.modern", "modern", "现代学徒制"),
        msg("value.scheme.enterprise", "enterprise", "企业新型学徒制"),
        msg("value.cover.liability", "liability", "实习责任保险"),
        msg("value.cover.accident", "accident", "人身意外伤害保险"),
        msg("value.payer.school", "school", "学校"),
        msg("value.payer.enterprise", "enterprise", "企业"),
        msg("value.payer.student", "student", "学生"),
        msg("value.course.professional", "professional", "专业课"),
        msg("value.course.general", "general", "公共基础课"),
        msg("value.severity.error", "error", "错误"),
        msg("value.severity.finding", "finding", "发现"),
        msg("value.severity.report", "report", "报告"),
        msg("value.subject.school", "school", "学校"),
        msg("value.subject.enterprise", "enterprise", "企业"),
        msg("value.subject.student", "student", "学生"),
        msg("value.subject.placement", "placement", "实习"),
        msg("value.subject.apprenticeship", "apprenticeship", "学徒培养"),
        msg("value.subject.teacher", "teacher", "教师"),
        msg("value.subject.insurance policy", "insurance policy", "保单"),
        msg("value.none", "none", "无"),
        msg("value.finding.none", "none", "无"),
        msg("value.finding.open", "open", "仍未结束"),
        msg("value.role.bureau", "bureau", "主管部门"),
        msg("value.role.school", "school", "学校"),
        msg("value.role.enterprise", "enterprise", "企业"),
        msg("value.role.inspector", "inspector", "督查人员"),
        // The rule column of an import's rejected rows, where no rule ID applies.
        msg("value.rowRule.input", "input", "输入有误"),
        msg("value.rowRule.duplicate", "duplicate", "重复"),
        msg("value.rowRule.not found", "not found", "未登记"),
        msg("value.rowRule.state", "state", "状态不符"),
        // The figures of the registry's own data-quality rules (`registry rules`).
        msg("setting:{n} days", "{n} days", "{n} 天"),
        msg("setting:{n} years", "{n} years", "{n} 岁"),
        msg("setting:the registry's clock", "the registry's clock", "登记簿的当前日期"),
        msg("setting:the month's first day", "the month's first day", "所付月份的第一天"),
    ]
}

/// Machine values in the reader's language, from `MessageCatalogue.values`: a table in Chinese
/// shows `岗位实习` where JSON and CSV keep `post`. A value the catalogue does not know is shown as it is.
public enum DisplayValues {
    /// A value of kind `kind` in `language`, whatever the format (for sentences).
    public static func word(_ kind: String, _ value: String, _ language: Language) -> String {
        MessageCatalogue.text("value.\(kind).\(value)", language) ?? value
    }

}

extension DisplayValues {
    /// A finding's subject (`placement P-17`) in the reader's language (`实习 P-17`).
    public static func subject(_ subject: String, _ language: Language) -> String {
        guard language == .zh else { return subject }
        for kind in RecordRef.Kind.allCases where subject.hasPrefix(kind.rawValue + " ") {
            return word("subject", kind.rawValue, .zh) + subject.dropFirst(kind.rawValue.count)
        }
        return subject
    }
}

/// The sources of rules and policy figures as a Chinese reader cites them: `national 2016 Art 10`
/// reads `《职业学校学生实习管理规定》（2016）第 10 条`; the seed documents' own citations
/// (`002 三(三)`) are already Chinese. English stays as the policy profile states it.
public enum SourceText {
    /// Ordered replacements: the first ones are the longer phrases.
    public static let replacements: [(pattern: String, zh: String)] = [
        ("national (\\d{4}) (?:enterprise-)?apprenticeship opinion", "$1 年企业新型学徒制意见"),
        ("PIPL (\\d{4})(?: \\(个人信息保护法\\))? Art (\\d+), (\\d+)", "《个人信息保护法》（$1）第 $2、$3 条"),
        ("PIPL (\\d{4})(?: \\(个人信息保护法\\))? Art (\\d+)", "《个人信息保护法》（$1）第 $2 条"),
        ("national (\\d{4}) Art (\\d+)", "《职业学校学生实习管理规定》（$1）第 $2 条"),
        ("(\\d{4}) Art (\\d+)", "（$1）第 $2 条"),
        ("(\\d{4}) revision", "$1 年修订"),
        ("registry data-quality rule", "登记簿数据质量规则"),
        ("items (\\d+(?:, \\d+)*)", "第 $1 项"),
        ("item (\\d+)", "第 $1 项"),
        ("annex (\\d+)", "附件 $1"),
        ("\\bnational\\b", "国家规定"),
    ]

    /// `source` in `language`.
    public static func text(_ source: String, _ language: Language) -> String {
        guard language == .zh else { return source }
        var text = source
        for (pattern, zh) in replacements {
            text = text.replacingOccurrences(of: pattern, with: zh, options: .regularExpression)
        }
        return text
    }
}
