import RegistryDomain

/// Machine values shown to people: in a table they read in the chosen language; JSON and CSV keep
/// the machine value. IDs are `value.<kind>.<machine value>`.
extension MessageCatalogue {
    static let values: [Entry] = [
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
        msg("value.role.bureau", "bureau", "主管部门"),
        msg("value.role.school", "school", "学校"),
        msg("value.role.enterprise", "enterprise", "企业"),
        msg("value.role.inspector", "inspector", "督查人员"),
    ]
}

/// Machine values in the reader's language, from `MessageCatalogue.values`: a table in Chinese
/// shows `岗位实习` where JSON and CSV keep `post`. A value the catalogue does not know is shown as it is.
enum DisplayValues {
    /// `value` of the value kind `kind` (`kind`, `placementStatus`, `cover`, …) as the output shows it.
    static func shown(_ kind: String, _ value: String, _ out: Output) -> String {
        guard out.format == .table || out.format == .html else { return value }
        return MessageCatalogue.text("value.\(kind).\(value)", out.language) ?? value
    }

    /// A value of kind `kind` in `language`, whatever the format (for sentences).
    static func word(_ kind: String, _ value: String, _ language: Language) -> String {
        MessageCatalogue.text("value.\(kind).\(value)", language) ?? value
    }

    static func course(_ value: String, _ out: Output) -> String { shown("course", value, out) }

    /// A list of covers, `liability,accident` / `实习责任保险、人身意外伤害保险`.
    static func covers(_ covers: [String], _ out: Output) -> String {
        guard out.format == .table || out.format == .html, out.language == .zh else { return covers.joined(separator: ",") }
        return covers.map { shown("cover", $0, out) }.joined(separator: "、")
    }
}
