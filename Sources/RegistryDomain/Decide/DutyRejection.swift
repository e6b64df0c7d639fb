/// Why the decider rejected a command of the duties of issue 12 (teachers, certification, apprentice
/// wages). Kept apart from `Rejection`'s own cases, which wraps it as `.duty`, so that the shared
/// enum grows by one case.
public enum DutyRejection: Equatable, Sendable {
    /// The teacher is already recognised as 双师型.
    case teacherAlreadyQualified(teacher: String, on: CalendarDate)
    /// The enterprise is already certified.
    case enterpriseAlreadyCertified(enterprise: String, on: CalendarDate, document: String)
    /// The enterprise holds no certification to revoke.
    case enterpriseNotCertified(enterprise: String)
    /// A revocation dated before the certification it revokes.
    case revocationBeforeCertification(enterprise: String, on: CalendarDate, certifiedOn: CalendarDate)
    /// Wage_01: the agreed wage is below the local minimum wage.
    case wageBelowMinimum(apprenticeship: String, wage: Money, minimum: Money, source: String)
    /// Wage_05: the month is outside the apprenticeship's term.
    case wageMonthOutsideTerm(apprenticeship: String, month: YearMonth, term: ClosedRange<CalendarDate>)
    /// Wage_05: the month is already confirmed and this is not a correction.
    case wageAlreadyConfirmed(apprenticeship: String, month: YearMonth)
    /// A correction for a month that has no confirmation.
    case wageNothingToCorrect(apprenticeship: String, month: YearMonth)

    /// The catalogue rule, or `nil`.
    public var ruleID: RuleID? {
        switch self {
        case .wageBelowMinimum: .wage01
        case .wageMonthOutsideTerm, .wageAlreadyConfirmed: .wage05
        default: nil
        }
    }

    /// How the CLI treats it.
    public var kind: RejectionKind {
        switch self {
        case .wageBelowMinimum, .wageMonthOutsideTerm, .wageAlreadyConfirmed: .rule
        case .revocationBeforeCertification: .invalidInput
        case .teacherAlreadyQualified, .enterpriseAlreadyCertified, .enterpriseNotCertified, .wageNothingToCorrect: .invalidState
        }
    }

    /// One sentence naming the values, in `language`.
    public func message(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .teacherAlreadyQualified(let teacher, let on):
            return en ? "teacher '\(teacher)' was already recognised as 双师型 on \(on)."
                : "教师 '\(teacher)' 已于 \(on) 认定为“双师型”教师。"
        case .enterpriseAlreadyCertified(let enterprise, let on, let document):
            return en ? "enterprise '\(enterprise)' is already certified as 产教融合型企业 since \(on) (\(document))."
                : "企业 '\(enterprise)' 已自 \(on) 起认定为产教融合型企业（\(document)）。"
        case .enterpriseNotCertified(let enterprise):
            return en ? "enterprise '\(enterprise)' holds no 产教融合型企业 certification to revoke."
                : "企业 '\(enterprise)' 没有可撤销的产教融合型企业认定。"
        case .revocationBeforeCertification(let enterprise, let on, let certifiedOn):
            return en ? "the certification of enterprise '\(enterprise)' cannot be revoked on \(on), before it was certified on \(certifiedOn)."
                : "企业 '\(enterprise)' 的认定不能于 \(on) 撤销，早于认定日期 \(certifiedOn)。"
        case .wageBelowMinimum(let apprenticeship, let wage, let minimum, let source):
            return en ? "apprenticeship '\(apprenticeship)' cannot be contracted: the agreed monthly wage of \(wage) yuan is below the local minimum wage of \(minimum) yuan (\(source))."
                : "学徒培养 '\(apprenticeship)' 不能签订：约定月工资 \(wage) 元低于当地最低工资标准 \(minimum) 元（\(source)）。"
        case .wageMonthOutsideTerm(let apprenticeship, let month, let term):
            return en ? "apprenticeship '\(apprenticeship)' cannot confirm a wage for \(month): the month is outside its term \(term.text)."
                : "学徒培养 '\(apprenticeship)' 不能确认 \(month) 的工资，该月不在培养期 \(term.text) 内。"
        case .wageAlreadyConfirmed(let apprenticeship, let month):
            return en ? "apprenticeship '\(apprenticeship)' already has a wage confirmation for \(month); pass --correction to replace it."
                : "学徒培养 '\(apprenticeship)' 已确认 \(month) 的工资，如需替换请使用 --correction。"
        case .wageNothingToCorrect(let apprenticeship, let month):
            return en ? "apprenticeship '\(apprenticeship)' has no wage confirmation for \(month) to correct."
                : "学徒培养 '\(apprenticeship)' 没有 \(month) 的工资确认可更正。"
        }
    }
}
