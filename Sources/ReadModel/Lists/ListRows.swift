import RegistryDomain

/// A row of `registry list students`.
public struct StudentListRow: Codable, Sendable, Equatable {
    public var id: String
    public var school: String
    public var name: String
    public var major: String
    /// Null once the student's personal data is erased, or when its key was missing at projection.
    @Nullable public var birth: CalendarDate?
    public var enrolled: CalendarDate
    /// `enrolled`, or the reason the status ended (`graduated`, …).
    public var status: String
    @Nullable public var statusEndedOn: CalendarDate?
    /// How many placements the student has (any status).
    public var placements: Int
}

/// A row of `registry list placements`.
public struct PlacementListRow: Codable, Sendable, Equatable {
    public var id: String
    public var student: String
    @Nullable public var studentName: String?
    public var school: String
    public var enterprise: String
    @Nullable public var enterpriseName: String?
    public var kind: String
    public var plannedStart: CalendarDate
    public var plannedEnd: CalendarDate
    /// Yuan per month.
    public var stipend: String
    @Nullable public var post: String?
    @Nullable public var agreement: String?
    /// `registered`, `active`, `completed` or `terminated`.
    public var status: String
    @Nullable public var startedOn: CalendarDate?
    @Nullable public var endedOn: CalendarDate?
    /// Whether liability policies cover every day of the term (see `ListQuery.uninsured`).
    public var insured: Bool
}

/// A row of `registry list apprenticeships`.
public struct ApprenticeshipListRow: Codable, Sendable, Equatable {
    public var id: String
    public var student: String
    public var school: String
    public var enterprise: String
    public var scheme: String
    public var level: String
    public var start: CalendarDate
    public var end: CalendarDate
    /// `contracted`, `completed` or `terminated`.
    public var status: String
    @Nullable public var endedOn: CalendarDate?
}

/// A row of `registry list enterprises`.
public struct EnterpriseListRow: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var aboveScale: Bool
    /// The headcount of the latest declaration, if any.
    @Nullable public var workforce: Int?
    @Nullable public var workforceAsOf: CalendarDate?
    /// Placements hosted (any status).
    public var placements: Int
}

/// A row of `registry list schools`.
public struct SchoolListRow: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// `secondary`, `higher` or `undergraduate`.
    public var level: String
    public var students: Int
    public var placements: Int
}

/// A row of `registry list teachers`.
public struct TeacherListRow: Codable, Sendable, Equatable {
    public var id: String
    public var school: String
    public var name: String
    /// What the teacher teaches (the teacher events' course kind).
    public var course: String
    @Nullable public var since: CalendarDate?
    /// Whether the teacher is recognised as 双师型 (dual-qualified), and since when.
    public var qualified: Bool
    @Nullable public var qualifiedOn: CalendarDate?
}
