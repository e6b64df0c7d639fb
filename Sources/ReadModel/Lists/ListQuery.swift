import RegistryDomain

/// What `registry list` can list.
public enum ListSubject: String, Sendable, CaseIterable, Codable {
    case students, placements, apprenticeships, enterprises, schools, teachers
}

/// The status filter of a list: `active` and `ended` for every subject with a lifecycle; `overdue`
/// for placements and apprenticeships that have not ended although their planned end has passed.
public enum ListStatus: String, Sendable, CaseIterable, Codable {
    /// Students: holding student status. Placements and apprenticeships: started (contracted) and not ended.
    case active
    /// Students: status ended. Placements and apprenticeships: completed or terminated.
    case ended
    /// Placements and apprenticeships: not ended, planned end before `today`. Students: with such a placement.
    case overdue
    /// Placements: registered, not yet started.
    case registered
}

/// The filters and the page of one `registry list`. Every filter narrows the list (they combine with AND).
public struct ListQuery: Sendable, Equatable {
    public var subject: ListSubject
    /// Only this school's records (a school actor's lists are always filtered to it).
    public var school: String?
    /// Only records at this enterprise (for students: with a placement or apprenticeship there).
    public var enterprise: String?
    public var status: ListStatus?
    /// Planned start strictly before this date (placements, apprenticeships).
    public var startingBefore: CalendarDate?
    /// Placements not ended with a day of their term (from the start, or the planned start, to the planned
    /// end) that no liability policy covers (Insurance_01's test); students with such a placement.
    public var uninsured: Bool
    /// Placements running in the month (started on or before its last day, not ended before its first)
    /// with a stipend agreed and no confirmation for it; students and enterprises with such a placement.
    public var unpaidMonth: YearMonth?
    /// A case-insensitive substring of an ID or a name (for placements also of the student's and the
    /// enterprise's ID and name, the post and the agreement).
    public var search: String?
    /// The date `overdue` is judged on.
    public var today: CalendarDate
    /// 1-based.
    public var page: Int
    public var perPage: Int

    /// A query with no filters, first page of 50.
    public init(subject: ListSubject, today: CalendarDate) {
        self.subject = subject
        self.today = today
        uninsured = false
        page = 1
        perPage = 50
    }
}

/// One page of a list, with the total the filters matched.
public struct ListPage<Row: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// `students`, `placements`, …
    public var list: String
    /// How many rows the filters matched, on every page.
    public var total: Int
    public var page: Int
    public var perPage: Int
    /// The rows of this page, sorted by ID.
    public var rows: [Row]

    /// 1-based number of the first row on this page (0 when the page is empty).
    public var firstRow: Int { rows.isEmpty ? 0 : (page - 1) * perPage + 1 }
    /// 1-based number of the last row on this page (0 when the page is empty).
    public var lastRow: Int { rows.isEmpty ? 0 : firstRow + rows.count - 1 }
}
