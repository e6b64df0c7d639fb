/// Why the decider rejected a command about personal data (issue 16): guardians' consent for
/// minors, erasure. Wrapped by `Rejection.privacy`, so that the shared enum grows by one case.
public enum PrivacyRejection: Equatable, Sendable {
    /// Privacy_01: a student under `consentAge` on the enrolment date, enrolled without a guardian's consent reference.
    case guardianConsentMissing(student: String, enrolled: CalendarDate, age: Int, consentAge: Int)
    /// Privacy_02: a school erases a student who has not left: status not ended, or a placement or
    /// apprenticeship still open.
    case studentNotLeft(student: String, open: [String])
    /// Privacy_03: the student's personal data is erased (or its key is missing), so a command that
    /// needs it, or a second erase, cannot be decided.
    case personalDataNotAvailable(student: String, status: PersonalDataStatus, verb: String)
    /// Another student holds the same ID-card number (matched by keyed digest; the number is never shown).
    case duplicateIDCard(student: String, existing: String)

    /// The catalogue rule.
    public var ruleID: RuleID? {
        switch self {
        case .guardianConsentMissing: .privacy01
        case .studentNotLeft: .privacy02
        case .personalDataNotAvailable: .privacy03
        case .duplicateIDCard: nil
        }
    }

    /// How the CLI treats it: a rule (exit 1), or a record already there (exit 1).
    public var kind: RejectionKind { self.ruleID == nil ? .invalidState : .rule }

    /// One sentence naming the values, in `language`.
    public func message(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .guardianConsentMissing(let student, let enrolled, let age, let consentAge):
            return en ? "student '\(student)' is \(age) on enrolment on \(enrolled), under \(consentAge): enrolment needs a guardian's consent reference (--guardian-consent)."
                : "学生 '\(student)' 于 \(enrolled) 入学时 \(age) 岁，不满 \(consentAge) 周岁：登记须提供监护人同意书编号（--guardian-consent）。"
        case .studentNotLeft(let student, let open):
            if open.isEmpty {
                return en ? "student '\(student)' has not left (status not ended): only the bureau may erase a current student's personal data."
                    : "学生 '\(student)' 尚未离校（学籍未终止）：在校学生的个人信息只能由主管部门删除。"
            }
            let list = open.joined(separator: ", ")
            return en ? "student '\(student)' has not left: \(list) still open; only the bureau may erase the personal data now."
                : "学生 '\(student)' 尚未离校：\(list) 仍在进行；目前只能由主管部门删除其个人信息。"
        case .duplicateIDCard(let student, let existing):
            return en ? "student '\(student)' has the ID-card number (身份证号) of student '\(existing)', who is already registered."
                : "学生 '\(student)' 的身份证号与已登记的学生 '\(existing)' 相同。"
        case .personalDataNotAvailable(let student, let status, let verb):
            switch (status, en) {
            case (.erased, true): return "the personal data of student '\(student)' was erased; '\(verb)' cannot be recorded for the student."
            case (.erased, false): return "学生 '\(student)' 的个人信息已删除，不能为其办理 '\(verb)'。"
            case (_, true): return "the personal data of student '\(student)' is unavailable (the key store is missing); '\(verb)' needs it."
            case (_, false): return "学生 '\(student)' 的个人信息不可用（缺少密钥库）；'\(verb)' 需要这些信息。"
            }
        }
    }
}
