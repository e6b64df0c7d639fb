/// A school enrolled a student.
public struct StudentEnrolled: Codable, Equatable, Sendable {
    /// The student's ID.
    public var id: String
    /// The school's ID.
    public var school: String
    /// The student's name.
    public var name: String
    /// The student's major.
    public var major: String
    /// Date of birth.
    public var birth: CalendarDate
    /// Date of enrolment.
    public var enrolled: CalendarDate
    /// The reference of a guardian's consent to the processing of a minor's personal data (PIPL
    /// Art. 31; Privacy_01), when one was given. A document reference, not personal data: it stays
    /// readable after an erase, as evidence that the enrolment was lawful.
    public var guardianConsent: String?
    /// `true` when a reader could not open the sealed personal fields (the key was destroyed by an
    /// erase, or the key store is missing): `name` is then empty and `birth` a placeholder that no
    /// rule may read (`StudentState.personalData`). Never written to the log.
    public var personalDataWithheld: Bool?
    /// The 身份证号 (ID-card number), when the school gave one (an import column). Personal data:
    /// sealed with the student's key in the log.
    public var idCard: String?
    /// HMAC-SHA-256 of `idCard` under the registry's secret, hex, for the duplicate check: never a
    /// plain hash, which a search of every possible number would reverse.
    public var idCardDigest: String?

    /// Creates the payload.
    public init(id: String, school: String, name: String, major: String, birth: CalendarDate, enrolled: CalendarDate,
                guardianConsent: String? = nil, personalDataWithheld: Bool? = nil, idCard: String? = nil, idCardDigest: String? = nil) {
        self.id = id
        self.school = school
        self.name = name
        self.major = major
        self.birth = birth
        self.enrolled = enrolled
        self.guardianConsent = guardianConsent
        self.personalDataWithheld = personalDataWithheld
        self.idCard = idCard
        self.idCardDigest = idCardDigest
    }
}

/// A student's status ended; from `on` the student is no longer enrolled.
public struct StudentStatusEnded: Codable, Equatable, Sendable {
    /// The student's ID.
    public var student: String
    /// Why it ended.
    public var reason: StatusEndReason
    /// The first day without student status.
    public var on: CalendarDate

    /// Creates the payload.
    public init(student: String, reason: StatusEndReason, on: CalendarDate) {
        self.student = student
        self.reason = reason
        self.on = on
    }
}

/// An enterprise hired a student (employment indicators of 003 annex 1).
public struct StudentHired: Codable, Equatable, Sendable {
    /// The student's ID.
    public var student: String
    /// The hiring enterprise's ID.
    public var enterprise: String
    /// The date of hire.
    public var on: CalendarDate

    /// Creates the payload.
    public init(student: String, enterprise: String, on: CalendarDate) {
        self.student = student
        self.enterprise = enterprise
        self.on = on
    }
}
