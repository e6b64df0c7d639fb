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

    /// Creates the payload.
    public init(id: String, school: String, name: String, major: String, birth: CalendarDate, enrolled: CalendarDate) {
        self.id = id
        self.school = school
        self.name = name
        self.major = major
        self.birth = birth
        self.enrolled = enrolled
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
