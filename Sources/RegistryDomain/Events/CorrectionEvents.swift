/// A school corrected a clerical error in one of its students' records.
///
/// A correction is a new fact, never an edit of the enrolment: the log keeps what was first
/// recorded, and the event carries the value it replaces so that `history` reads on its own.
/// A corrected birth date counts for decisions taken after it (Age_01 on a later start); placements
/// already started are not judged again.
public struct StudentCorrected: Codable, Equatable, Sendable {
    /// The student's ID.
    public var student: String
    /// The corrected name, if the name was corrected.
    public var name: String?
    /// The name it replaces, when `name` is set.
    public var previousName: String?
    /// The corrected date of birth, if it was corrected.
    public var birth: CalendarDate?
    /// The date of birth it replaces, when `birth` is set.
    public var previousBirth: CalendarDate?
    /// Why the record was corrected, as the clerk wrote it.
    public var reason: String

    /// Creates the payload.
    public init(student: String, name: String? = nil, previousName: String? = nil, birth: CalendarDate? = nil,
                previousBirth: CalendarDate? = nil, reason: String) {
        self.student = student
        self.name = name
        self.previousName = previousName
        self.birth = birth
        self.previousBirth = previousBirth
        self.reason = reason
    }
}

/// The bureau corrected the registered name of an enterprise it registered.
public struct EnterpriseCorrected: Codable, Equatable, Sendable {
    /// The enterprise's ID.
    public var enterprise: String
    /// The corrected name.
    public var name: String
    /// The name it replaces.
    public var previousName: String
    /// Why the record was corrected.
    public var reason: String

    /// Creates the payload.
    public init(enterprise: String, name: String, previousName: String, reason: String) {
        self.enterprise = enterprise
        self.name = name
        self.previousName = previousName
        self.reason = reason
    }
}

/// A school corrected the post or the tripartite agreement reference of one of its placements.
public struct PlacementCorrected: Codable, Equatable, Sendable {
    /// The placement's ID.
    public var placement: String
    /// The corrected post, if the post was corrected.
    public var post: String?
    /// The post it replaces (absent when none was recorded), when `post` is set.
    public var previousPost: String?
    /// The corrected agreement reference, if it was corrected.
    public var agreement: String?
    /// The reference it replaces (absent when none was recorded), when `agreement` is set.
    public var previousAgreement: String?
    /// Why the record was corrected.
    public var reason: String

    /// Creates the payload.
    public init(placement: String, post: String? = nil, previousPost: String? = nil, agreement: String? = nil,
                previousAgreement: String? = nil, reason: String) {
        self.placement = placement
        self.post = post
        self.previousPost = previousPost
        self.agreement = agreement
        self.previousAgreement = previousAgreement
        self.reason = reason
    }
}

/// A school corrected the name or the course of one of its teachers.
///
/// As with the other corrections, the event carries the value it replaces so that `history`
/// reads on its own. A corrected course counts for the 双师型 share (Teacher_01) and the practice
/// duty (Teacher_02) from the moment it is recorded, as the registration would have.
public struct TeacherCorrected: Codable, Equatable, Sendable {
    /// The teacher's ID.
    public var teacher: String
    /// The corrected name, if the name was corrected.
    public var name: String?
    /// The name it replaces, when `name` is set.
    public var previousName: String?
    /// The corrected course, if it was corrected.
    public var course: TeacherCourse?
    /// The course it replaces, when `course` is set.
    public var previousCourse: TeacherCourse?
    /// Why the record was corrected.
    public var reason: String

    /// Creates the payload.
    public init(teacher: String, name: String? = nil, previousName: String? = nil, course: TeacherCourse? = nil,
                previousCourse: TeacherCourse? = nil, reason: String) {
        self.teacher = teacher
        self.name = name
        self.previousName = previousName
        self.course = course
        self.previousCourse = previousCourse
        self.reason = reason
    }
}
