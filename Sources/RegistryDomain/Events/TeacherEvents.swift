/// Which courses a teacher teaches: the 双师型 shares of 002 四(三) and 004 item 12 are shares of
/// professional-course teachers (专业课教师), and the enterprise-practice duty of 003 (十三) and
/// 004 item 12 binds professional teachers (专业教师, 含实习指导教师) only.
public enum TeacherCourse: String, Codable, Sendable, CaseIterable {
    /// Professional courses, including internship supervisors (专业课教师、实习指导教师).
    case professional
    /// General (public) courses (公共基础课教师).
    case general
}

/// A school registered one of its teachers.
public struct TeacherRegistered: Codable, Equatable, Sendable {
    /// The teacher's ID.
    public var id: String
    /// The school that employs the teacher.
    public var school: String
    /// The teacher's name.
    public var name: String
    /// Professional or general courses.
    public var course: TeacherCourse
    /// The first day at the school, when the school states it; the enterprise-practice duty counts
    /// its five-year window from it.
    public var since: CalendarDate?
    /// `true` when a reader could not open the sealed name (its key is missing); `name` is then
    /// empty. Never written to the log.
    public var personalDataWithheld: Bool?

    /// Creates the payload.
    public init(id: String, school: String, name: String, course: TeacherCourse, since: CalendarDate?,
                personalDataWithheld: Bool? = nil) {
        self.id = id
        self.school = school
        self.name = name
        self.course = course
        self.since = since
        self.personalDataWithheld = personalDataWithheld
    }
}

/// A teacher was recognised as 双师型 (dual-qualified: teacher and practitioner).
public struct TeacherQualified: Codable, Equatable, Sendable {
    /// The teacher's ID.
    public var teacher: String
    /// The date of recognition.
    public var on: CalendarDate
    /// The recognition's document or certificate number, when given.
    public var document: String?

    /// Creates the payload.
    public init(teacher: String, on: CalendarDate, document: String?) {
        self.teacher = teacher
        self.on = on
        self.document = document
    }
}

/// A teacher spent a period of practice in an enterprise (教师企业实践).
public struct TeacherPracticed: Codable, Equatable, Sendable {
    /// The teacher's ID.
    public var teacher: String
    /// The host enterprise.
    public var enterprise: String
    /// The first day of practice.
    public var from: CalendarDate
    /// The last day of practice.
    public var to: CalendarDate

    /// Creates the payload.
    public init(teacher: String, enterprise: String, from: CalendarDate, to: CalendarDate) {
        self.teacher = teacher
        self.enterprise = enterprise
        self.from = from
        self.to = to
    }
}
