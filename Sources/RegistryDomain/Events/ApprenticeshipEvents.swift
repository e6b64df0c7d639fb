/// An enterprise contracted an apprenticeship with a student.
public struct ApprenticeshipContracted: Codable, Equatable, Sendable {
    /// The apprenticeship's ID.
    public var id: String
    /// The student's ID.
    public var student: String
    /// The school's ID.
    public var school: String
    /// The enterprise's ID.
    public var enterprise: String
    /// Modern or enterprise new-type apprenticeship.
    public var scheme: ApprenticeshipScheme
    /// The level trained for.
    public var level: ApprenticeLevel
    /// Reference of the labour contract.
    public var laborContract: String
    /// Last day of the labour contract.
    public var contractEnd: CalendarDate
    /// First day of training.
    public var start: CalendarDate
    /// Last day of training.
    public var end: CalendarDate
    /// The school tutor.
    public var schoolTutor: String
    /// The enterprise mentor (师傅).
    public var mentor: String
    /// The agreed monthly wage (002 三(三)); `nil` in contracts recorded before wages were kept, whose
    /// payloads have no such field (an absent optional is neither written nor required when read).
    public var monthlyWage: Money?

    /// Creates the payload.
    public init(id: String, student: String, school: String, enterprise: String, scheme: ApprenticeshipScheme, level: ApprenticeLevel, laborContract: String, contractEnd: CalendarDate, start: CalendarDate, end: CalendarDate, schoolTutor: String, mentor: String, monthlyWage: Money? = nil) {
        self.id = id
        self.student = student
        self.school = school
        self.enterprise = enterprise
        self.scheme = scheme
        self.level = level
        self.laborContract = laborContract
        self.contractEnd = contractEnd
        self.start = start
        self.end = end
        self.schoolTutor = schoolTutor
        self.mentor = mentor
        self.monthlyWage = monthlyWage
    }
}

/// An apprenticeship was completed with a certificate.
public struct ApprenticeshipCompleted: Codable, Equatable, Sendable {
    /// The apprenticeship's ID.
    public var apprenticeship: String
    /// Date of completion.
    public var on: CalendarDate
    /// The certificate number.
    public var certificate: String

    /// Creates the payload.
    public init(apprenticeship: String, on: CalendarDate, certificate: String) {
        self.apprenticeship = apprenticeship
        self.on = on
        self.certificate = certificate
    }
}

/// An apprenticeship ended without completion.
public struct ApprenticeshipTerminated: Codable, Equatable, Sendable {
    /// The apprenticeship's ID.
    public var apprenticeship: String
    /// Date of termination.
    public var on: CalendarDate
    /// Why.
    public var reason: String

    /// Creates the payload.
    public init(apprenticeship: String, on: CalendarDate, reason: String) {
        self.apprenticeship = apprenticeship
        self.on = on
        self.reason = reason
    }
}

/// The bureau advanced part of the training subsidy.
public struct SubsidyAdvanced: Codable, Equatable, Sendable {
    /// The apprenticeship's ID.
    public var apprenticeship: String
    /// The amount.
    public var amount: Money
    /// Date of payment.
    public var on: CalendarDate

    /// Creates the payload.
    public init(apprenticeship: String, amount: Money, on: CalendarDate) {
        self.apprenticeship = apprenticeship
        self.amount = amount
        self.on = on
    }
}

/// The bureau paid (part of) the balance of the training subsidy.
public struct SubsidySettled: Codable, Equatable, Sendable {
    /// The apprenticeship's ID.
    public var apprenticeship: String
    /// The amount.
    public var amount: Money
    /// Date of payment.
    public var on: CalendarDate

    /// Creates the payload.
    public init(apprenticeship: String, amount: Money, on: CalendarDate) {
        self.apprenticeship = apprenticeship
        self.amount = amount
        self.on = on
    }
}

/// The bureau recovered advanced subsidy.
public struct SubsidyClawedBack: Codable, Equatable, Sendable {
    /// The apprenticeship's ID.
    public var apprenticeship: String
    /// The amount.
    public var amount: Money
    /// Date of recovery.
    public var on: CalendarDate

    /// Creates the payload.
    public init(apprenticeship: String, amount: Money, on: CalendarDate) {
        self.apprenticeship = apprenticeship
        self.amount = amount
        self.on = on
    }
}
