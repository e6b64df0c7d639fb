/// How the CLI treats a rejection (exit codes of SPEC section 5).
public enum RejectionKind: String, Sendable, Equatable {
    /// A catalogue rule rejected the command: exit 1.
    case rule
    /// The command does not fit the record's state (already registered, not started, ended): exit 1.
    case invalidState
    /// An ID that is not registered: exit 2.
    case notFound
    /// Malformed or contradictory input: exit 2.
    case invalidInput
    /// Auth_01: exit 5.
    case notPermitted
}

/// Why the decider rejected a command. Each case carries the facts its message names.
public enum Rejection: Error, Equatable, Sendable {
    // MARK: Not in the catalogue

    /// Nothing but `init` is possible before the registry is initialised.
    case registryNotInitialized
    /// `init` on an initialised registry.
    case registryAlreadyInitialized(jurisdiction: String)
    /// No policy profile has this name.
    case unknownPolicyProfile(String)
    /// A policy may not be adopted retroactively before the one currently latest in force.
    case policyDateBeforeCurrent(from: CalendarDate, current: CalendarDate)
    /// The record is already registered.
    case alreadyExists(RecordRef)
    /// No such record.
    case notFound(RecordRef)
    /// A required value is empty.
    case emptyValue(field: String)
    /// A count or amount is negative.
    case negativeValue(field: String, value: String)
    /// An end date lies before its start date.
    case endBeforeStart(RecordRef, start: CalendarDate, end: CalendarDate)
    /// A student enrolled on or before their birth date.
    case enrolledBeforeBirth(student: String, birth: CalendarDate, enrolled: CalendarDate)
    /// The student holds no student status on the date.
    case studentNotEnrolled(student: String, on: CalendarDate)
    /// The student's status already ended.
    case studentStatusAlreadyEnded(student: String, on: CalendarDate)
    /// The placement has already started.
    case placementAlreadyStarted(placement: String, on: CalendarDate)
    /// The placement has not started.
    case placementNotStarted(placement: String)
    /// The placement has completed or been terminated.
    case placementEnded(placement: String, status: PlacementStatus, on: CalendarDate)
    /// A date falls outside the term it must lie in.
    case dateOutsideTerm(RecordRef, date: CalendarDate, term: ClosedRange<CalendarDate>)
    /// An extension must move the planned end later.
    case extensionNotLater(placement: String, to: CalendarDate, plannedEnd: CalendarDate)
    /// The insurance policy is already cancelled.
    case insuranceAlreadyCancelled(placement: String, policyNumber: String, on: CalendarDate)
    /// A correction for a month that has no confirmation.
    case nothingToCorrect(placement: String, month: YearMonth)
    /// The apprenticeship has completed or been terminated.
    case apprenticeshipEnded(apprenticeship: String, status: ApprenticeshipStatus, on: CalendarDate)
    /// A clawback larger than the advance still outstanding.
    case clawbackExceedsOutstanding(apprenticeship: String, amount: Money, outstanding: Money)

    // MARK: Catalogue rules

    /// Quota_02: starting would put the enterprise's active post interns over the cap.
    case postInternCapExceeded(placement: String, enterprise: String, on: CalendarDate,
                               interns: Int, limit: Int, workforce: Int, rate: Rate)
    /// Quota_02: the cap cannot be checked because the enterprise declared no workforce as of the start date.
    case workforceNotDeclared(placement: String, enterprise: String, on: CalendarDate)
    /// Quota_03: starting would put the post's interns over the per-post cap.
    case perPostCapExceeded(placement: String, enterprise: String, post: String, on: CalendarDate,
                            interns: Int, limit: Int, headcount: Int, rate: Rate)
    /// Insurance_01 (liability) / Insurance_02 (accident): part of the term is not insured.
    case notInsured(placement: String, cover: Cover, on: CalendarDate, uncovered: ClosedRange<CalendarDate>)
    /// Insurance_03: the extension reaches beyond the insurance.
    case extensionNotInsured(placement: String, cover: Cover, to: CalendarDate, uncovered: ClosedRange<CalendarDate>)
    /// Insurance_03: cancelling would leave part of an active placement's remaining term uninsured.
    case cancellationLeavesGap(placement: String, policyNumber: String, cover: Cover, on: CalendarDate,
                               uncovered: ClosedRange<CalendarDate>)
    /// Insurance_04: the student may not pay the premium.
    case premiumPaidByStudent(placement: String, policyNumber: String)
    /// Duration_01: the planned post internship is shorter than the minimum.
    case postInternshipTooShort(placement: String, start: CalendarDate, end: CalendarDate,
                                minimumEnd: CalendarDate, months: Int)
    /// Age_01: the student is too young on the start date.
    case studentTooYoung(placement: String, student: String, on: CalendarDate, age: Int, minimumAge: Int)
    /// Agreement_01: no tripartite agreement.
    case agreementMissing(placement: String)
    /// Dual_01: the student is not enrolled at the school for the training term.
    case studentNotEnrolledAtSchool(apprenticeship: String, student: String, school: String, on: CalendarDate)
    /// Dual_01: the labour contract is shorter than the minimum.
    case laborContractTooShort(apprenticeship: String, contractEnd: CalendarDate, minimumEnd: CalendarDate, months: Int)
    /// Dual_01: the labour contract ends before the training term.
    case laborContractEndsBeforeTerm(apprenticeship: String, contractEnd: CalendarDate, end: CalendarDate)
    /// Dual_03: the term is too short or too long.
    case apprenticeshipTermOutOfRange(apprenticeship: String, start: CalendarDate, end: CalendarDate,
                                      minimumMonths: Int, maximumMonths: Int)
    /// Pay_01: the stipend is below the floor.
    case stipendBelowFloor(placement: String, post: String, stipend: Money, floor: Money, wageStandard: Money, rate: Rate)
    /// Pay_05: the month is outside the placement's term.
    case stipendMonthOutsideTerm(placement: String, month: YearMonth, term: ClosedRange<CalendarDate>)
    /// Pay_05: the month is already confirmed and this is not a correction.
    case stipendAlreadyConfirmed(placement: String, month: YearMonth)
    /// Subsidy_02: the advances would exceed the advance limit.
    case advanceExceedsLimit(apprenticeship: String, amount: Money, advanced: Money, limit: Money)
    /// Subsidy_02: the balance is paid only after completion with a certificate.
    case settlementBeforeCompletion(apprenticeship: String)
    /// Subsidy_02: the payments would exceed the entitlement.
    case subsidyExceedsEntitlement(apprenticeship: String, amount: Money, paid: Money, entitlement: Money)
    /// Auth_01: the actor's role may not issue the command.
    case roleNotPermitted(actor: Actor, verb: String, required: Role)
    /// Auth_01: the record belongs to another organisation.
    case notOwnRecord(actor: Actor, verb: String, record: RecordRef)
    /// A correction names no field, or only values the record already holds.
    case correctionChangesNothing(RecordRef)
    /// A `--set` names no policy parameter, or gives a value of the wrong kind.
    case unknownPolicyParameter(String)
    /// Subsidy_02: the policy in force grants no training subsidy to this scheme (002 三(二) subsidises
    /// the enterprise new-type apprenticeship only).
    case subsidyNotGranted(apprenticeship: String, scheme: ApprenticeshipScheme)
    /// Subsidy_04: an advance is clawed back only from an apprenticeship that has ended.
    case clawbackWhileActive(apprenticeship: String, on: CalendarDate)
    /// Data_01: a stipend paid on a date after the registry's clock.
    case stipendPaidInFuture(placement: String, month: YearMonth, paidOn: CalendarDate, today: CalendarDate)
    /// Data_02: a stipend paid before the month it pays for began, not marked as an advance.
    case stipendPaidBeforeMonth(placement: String, month: YearMonth, paidOn: CalendarDate)
    /// Data_03: a student younger than `RegistrySettings.minimumEnrolmentAge` on the enrolment date.
    case studentImplausiblyYoung(student: String, birth: CalendarDate, enrolled: CalendarDate, age: Int, minimumAge: Int)
    /// Data_04: a stipend more than `RegistrySettings.stipendTypoFactor` × the agreed amount, not marked as a correction.
    case stipendImplausiblyLarge(placement: String, month: YearMonth, amount: Money, agreed: Money, factor: Int)
    /// A rejection of the duties of issue 12 (teachers, certification, apprentice wages).
    case duty(DutyRejection)
    /// A rejection about personal data (issue 16: minors' consent, erasure).
    case privacy(PrivacyRejection)

    /// The catalogue rule that rejected the command, or `nil` for other rejections.
    public var ruleID: RuleID? {
        switch self {
        case .postInternCapExceeded, .workforceNotDeclared: .quota02
        case .perPostCapExceeded: .quota03
        case .notInsured(_, let cover, _, _): cover == .liability ? .insurance01 : .insurance02
        case .extensionNotInsured, .cancellationLeavesGap: .insurance03
        case .premiumPaidByStudent: .insurance04
        case .postInternshipTooShort: .duration01
        case .studentTooYoung: .age01
        case .agreementMissing: .agreement01
        case .studentNotEnrolledAtSchool, .laborContractTooShort, .laborContractEndsBeforeTerm: .dual01
        case .apprenticeshipTermOutOfRange: .dual03
        case .stipendBelowFloor: .pay01
        case .stipendMonthOutsideTerm, .stipendAlreadyConfirmed: .pay05
        case .advanceExceedsLimit, .settlementBeforeCompletion, .subsidyExceedsEntitlement: .subsidy02
        case .roleNotPermitted, .notOwnRecord: .auth01
        case .subsidyNotGranted: .subsidy02
        case .clawbackWhileActive: .subsidy04
        case .stipendPaidInFuture: .data01
        case .stipendPaidBeforeMonth: .data02
        case .studentImplausiblyYoung: .data03
        case .stipendImplausiblyLarge: .data04
        case .duty(let d): d.ruleID
        case .privacy(let p): p.ruleID
        default: nil
        }
    }

    /// How the CLI treats the rejection.
    public var kind: RejectionKind {
        if let ruleID { return ruleID == .auth01 ? .notPermitted : .rule }
        switch self {
        case .duty(let d): return d.kind
        case .privacy(let p): return p.kind
        case .notFound: return .notFound
        case .unknownPolicyProfile, .unknownPolicyParameter, .emptyValue, .negativeValue, .endBeforeStart, .enrolledBeforeBirth, .dateOutsideTerm,
             .extensionNotLater, .clawbackExceedsOutstanding, .correctionChangesNothing:
            return .invalidInput
        default:
            return .invalidState
        }
    }
}
