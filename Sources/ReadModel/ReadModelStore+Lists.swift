import Foundation
import RegistryDomain
import SQLiteSupport

/// `registry list …`: pages of the read model's tables, filtered in SQL. Never reads the log.
extension ReadModelStore {
    /// The students matching `query`, one page.
    /// - Complexity: one filtered query and one count over the indexed tables.
    public func listStudents(_ query: ListQuery) throws -> ListPage<StudentListRow> {
        var w = Filter()
        if let school = query.school { w.add("s.school = ?", .text(school)) }
        if let enterprise = query.enterprise {
            w.add("""
                (EXISTS (SELECT 1 FROM placements p WHERE p.student = s.id AND p.enterprise = ?)
                 OR EXISTS (SELECT 1 FROM apprenticeships a WHERE a.student = s.id AND a.enterprise = ?))
                """, .text(enterprise), .text(enterprise))
        }
        switch query.status {
        case .active?: w.add("s.status = 'enrolled'")
        case .ended?: w.add("s.status <> 'enrolled'")
        case .overdue?: w.add("EXISTS (SELECT 1 FROM placements p WHERE p.student = s.id AND \(Self.overdue))", .text(query.today.description))
        case .registered?: w.add("EXISTS (SELECT 1 FROM placements p WHERE p.student = s.id AND p.status = 'registered')")
        case nil: break
        }
        if query.uninsured { w.add("EXISTS (SELECT 1 FROM placements p WHERE p.student = s.id AND \(Self.notEnded) AND NOT \(Self.insured))") }
        if let month = query.unpaidMonth { w.add("EXISTS (SELECT 1 FROM placements p WHERE p.student = s.id AND \(Self.unpaid))", Self.unpaidArguments(month)) }
        if let search = query.search { w.search(search, in: ["s.id", "s.name", "s.major"]) }
        return try page(query, list: "students", from: "students s", filter: w, orderBy: "s.id", select: """
            s.id, s.school, s.name, s.major, s.birth, s.enrolled, s.status, s.status_ended_on,
            (SELECT COUNT(*) FROM placements p WHERE p.student = s.id)
            """) { r in
            StudentListRow(id: r.text(0), school: r.text(1), name: r.text(2), major: r.text(3), birth: r.optionalDate(4), enrolled: r.date(5),
                           status: r.text(6), statusEndedOn: r.optionalDate(7), placements: r.int(8))
        }
    }

    /// The placements matching `query`, one page.
    public func listPlacements(_ query: ListQuery) throws -> ListPage<PlacementListRow> {
        var w = Filter()
        if let school = query.school { w.add("p.school = ?", .text(school)) }
        if let enterprise = query.enterprise { w.add("p.enterprise = ?", .text(enterprise)) }
        switch query.status {
        case .active?: w.add("p.status = 'active'")
        case .ended?: w.add("p.status IN ('completed', 'terminated')")
        case .overdue?: w.add(Self.overdue, .text(query.today.description))
        case .registered?: w.add("p.status = 'registered'")
        case nil: break
        }
        if let date = query.startingBefore { w.add("p.planned_start < ?", .text(date.description)) }
        if query.uninsured { w.add("\(Self.notEnded) AND NOT \(Self.insured)") }
        if let month = query.unpaidMonth { w.add(Self.unpaid, Self.unpaidArguments(month)) }
        if let search = query.search {
            w.search(search, in: ["p.id", "p.student", "st.name", "p.enterprise", "e.name", "p.post", "p.agreement"])
        }
        return try page(query, list: "placements",
                        from: "placements p LEFT JOIN students st ON st.id = p.student LEFT JOIN enterprises e ON e.id = p.enterprise",
                        filter: w, orderBy: "p.id", select: """
            p.id, p.student, st.name, p.school, p.enterprise, e.name, p.kind, p.planned_start, p.planned_end, p.stipend_fen,
            p.post, p.agreement, p.status, p.started_on, p.ended_on, \(Self.insured)
            """) { r in
            PlacementListRow(id: r.text(0), student: r.text(1), studentName: r.optionalText(2), school: r.text(3), enterprise: r.text(4),
                             enterpriseName: r.optionalText(5), kind: r.text(6), plannedStart: r.date(7), plannedEnd: r.date(8),
                             stipend: Money(fen: Int64(r.int(9))).description, post: r.optionalText(10), agreement: r.optionalText(11),
                             status: r.text(12), startedOn: r.optionalDate(13), endedOn: r.optionalDate(14), insured: r.int(15) != 0)
        }
    }

    /// The apprenticeships matching `query`, one page.
    public func listApprenticeships(_ query: ListQuery) throws -> ListPage<ApprenticeshipListRow> {
        var w = Filter()
        if let school = query.school { w.add("a.school = ?", .text(school)) }
        if let enterprise = query.enterprise { w.add("a.enterprise = ?", .text(enterprise)) }
        switch query.status {
        case .active?: w.add("a.status = 'active'")
        case .ended?: w.add("a.status IN ('completed', 'terminated')")
        case .overdue?: w.add("a.status = 'active' AND a.end < ?", .text(query.today.description))
        case .registered?: w.add("0")
        case nil: break
        }
        if let date = query.startingBefore { w.add("a.start < ?", .text(date.description)) }
        if let search = query.search { w.search(search, in: ["a.id", "a.student", "st.name", "a.enterprise", "a.mentor", "a.school_tutor"]) }
        return try page(query, list: "apprenticeships", from: "apprenticeships a LEFT JOIN students st ON st.id = a.student",
                        filter: w, orderBy: "a.id", select: """
            a.id, a.student, a.school, a.enterprise, a.scheme, a.level, a.start, a.end, a.status, a.ended_on
            """) { r in
            // The projection writes `active` for a running apprenticeship; the domain calls it `contracted`.
            ApprenticeshipListRow(id: r.text(0), student: r.text(1), school: r.text(2), enterprise: r.text(3), scheme: r.text(4),
                                  level: r.text(5), start: r.date(6), end: r.date(7),
                                  status: r.text(8) == "active" ? "contracted" : r.text(8), endedOn: r.optionalDate(9))
        }
    }

    /// The enterprises matching `query`, one page.
    public func listEnterprises(_ query: ListQuery) throws -> ListPage<EnterpriseListRow> {
        var w = Filter()
        if let enterprise = query.enterprise { w.add("e.id = ?", .text(enterprise)) }
        if let school = query.school { w.add("EXISTS (SELECT 1 FROM placements p WHERE p.enterprise = e.id AND p.school = ?)", .text(school)) }
        if let month = query.unpaidMonth {
            w.add("EXISTS (SELECT 1 FROM placements p WHERE p.enterprise = e.id AND \(Self.unpaid))", Self.unpaidArguments(month))
        }
        if let search = query.search { w.search(search, in: ["e.id", "e.name"]) }
        return try page(query, list: "enterprises", from: "enterprises e", filter: w, orderBy: "e.id", select: """
            e.id, e.name, e.above_scale,
            (SELECT headcount FROM workforce wf WHERE wf.enterprise = e.id ORDER BY wf.as_of DESC LIMIT 1),
            (SELECT as_of FROM workforce wf WHERE wf.enterprise = e.id ORDER BY wf.as_of DESC LIMIT 1),
            (SELECT COUNT(*) FROM placements p WHERE p.enterprise = e.id)
            """) { r in
            EnterpriseListRow(id: r.text(0), name: r.text(1), aboveScale: r.int(2) != 0, workforce: r.optionalInt(3),
                              workforceAsOf: r.optionalDate(4), placements: r.int(5))
        }
    }

    /// The schools matching `query`, one page.
    public func listSchools(_ query: ListQuery) throws -> ListPage<SchoolListRow> {
        var w = Filter()
        if let school = query.school { w.add("sc.id = ?", .text(school)) }
        if let search = query.search { w.search(search, in: ["sc.id", "sc.name"]) }
        return try page(query, list: "schools", from: "schools sc", filter: w, orderBy: "sc.id", select: """
            sc.id, sc.name, sc.level, (SELECT COUNT(*) FROM students s WHERE s.school = sc.id),
            (SELECT COUNT(*) FROM placements p WHERE p.school = sc.id)
            """) { r in
            SchoolListRow(id: r.text(0), name: r.text(1), level: r.text(2), students: r.int(3), placements: r.int(4))
        }
    }

    /// The teachers matching `query`, one page (the `teachers` table, filled by teacher events).
    public func listTeachers(_ query: ListQuery) throws -> ListPage<TeacherListRow> {
        var w = Filter()
        if let school = query.school { w.add("t.school = ?", .text(school)) }
        if let search = query.search { w.search(search, in: ["t.id", "t.name"]) }
        return try page(query, list: "teachers", from: "teachers t", filter: w, orderBy: "t.id",
                        select: "t.id, t.school, t.name, t.course, t.since, t.qualified_on") { r in
            TeacherListRow(id: r.text(0), school: r.text(1), name: r.text(2), course: r.text(3), since: r.optionalDate(4),
                           qualified: r.optionalDate(5) != nil, qualifiedOn: r.optionalDate(5))
        }
    }

    /// The IDs in one table's `id` column, for checking an ID a user typed (and suggesting the nearest).
    /// - Parameter table: `schools`, `enterprises`, `students`, `placements`, `apprenticeships` or `teachers`.
    public func ids(in table: ListSubject) throws -> [String] {
        try db.query("SELECT id FROM \(table.rawValue) ORDER BY id").compactMap { if case .text(let id)? = $0.first { id } else { nil } }
    }

    /// The IDs of `table` a school or an enterprise may see (its own students, placements and
    /// apprenticeships), for suggesting the nearest one without naming another organisation's records.
    public func ids(in table: ListSubject, school: String?, enterprise: String?) throws -> [String] {
        var sql = "SELECT id FROM \(table.rawValue) x WHERE 1 = 1"
        var arguments: [SQLiteValue] = []
        switch table {
        case .students:
            if let school { sql += " AND x.school = ?"; arguments.append(.text(school)) }
            if let enterprise {
                sql += """
                     AND (EXISTS (SELECT 1 FROM placements p WHERE p.student = x.id AND p.enterprise = ?)
                     OR EXISTS (SELECT 1 FROM apprenticeships a WHERE a.student = x.id AND a.enterprise = ?))
                    """
                arguments += [.text(enterprise), .text(enterprise)]
            }
        case .placements, .apprenticeships, .teachers:
            if let school { sql += " AND x.school = ?"; arguments.append(.text(school)) }
            if let enterprise, table != .teachers { sql += " AND x.enterprise = ?"; arguments.append(.text(enterprise)) }
        case .enterprises, .schools:
            break
        }
        return try db.query(sql + " ORDER BY id", arguments).compactMap { if case .text(let id)? = $0.first { id } else { nil } }
    }

    /// Whether `id` is in the table.
    public func contains(_ id: String, in table: ListSubject) throws -> Bool {
        !(try db.query("SELECT 1 FROM \(table.rawValue) WHERE id = ?", [.text(id)]).isEmpty)
    }

    // MARK: The pieces the lists share

    /// A placement (alias `p`) not completed or terminated.
    private static let notEnded = "p.status IN ('registered', 'active')"
    /// A placement not ended whose planned end is before the date bound to `?`.
    private static let overdue = "p.status IN ('registered', 'active') AND p.planned_end < ?"
    /// Liability policies (cancellations count from their date) cover every day of the placement's term,
    /// from its start (or planned start) to its planned end, as Insurance_01 asks: the first day is covered,
    /// and after the last day of every policy that ends inside the term the next day is covered too.
    private static let insured: String = {
        func liability(_ alias: String) -> String { "(',' || \(alias).covers || ',') LIKE '%,liability,%' AND \(alias).placement = p.id" }
        func last(_ alias: String) -> String {
            "(CASE WHEN \(alias).cancelled_on IS NULL THEN \(alias).cover_to ELSE MIN(\(alias).cover_to, date(\(alias).cancelled_on, '-1 day')) END)"
        }
        let start = "COALESCE(p.started_on, p.planned_start)"
        return """
            (EXISTS (SELECT 1 FROM insurance i WHERE \(liability("i")) AND i.cover_from <= \(start) AND \(last("i")) >= \(start))
             AND NOT EXISTS (SELECT 1 FROM insurance i WHERE \(liability("i")) AND \(last("i")) >= i.cover_from
                             AND \(last("i")) >= \(start) AND \(last("i")) < p.planned_end
                             AND NOT EXISTS (SELECT 1 FROM insurance j WHERE \(liability("j"))
                                             AND j.cover_from <= date(\(last("i")), '+1 day') AND \(last("j")) > \(last("i")))))
            """
    }()
    /// A placement running in a month (bound: last day, first day, first day, month) without its stipend confirmed.
    private static let unpaid = """
        (p.started_on IS NOT NULL AND p.started_on <= ? AND COALESCE(p.ended_on, p.planned_end) >= ? AND p.planned_end >= ?
         AND p.stipend_fen > 0 AND NOT EXISTS (SELECT 1 FROM stipends sp WHERE sp.placement = p.id AND sp.month = ?))
        """

    private static func unpaidArguments(_ month: YearMonth) -> [SQLiteValue] {
        [.text(month.lastDay.description), .text(month.firstDay.description), .text(month.firstDay.description), .text(month.description)]
    }

    private func page<Row>(_ query: ListQuery, list: String, from: String, filter: Filter, orderBy: String, select: String,
                           row: (ResultRow) -> Row) throws -> ListPage<Row> {
        let whereClause = filter.clauses.isEmpty ? "" : " WHERE " + filter.clauses.joined(separator: " AND ")
        var total = 0
        if case .integer(let n)? = try db.query("SELECT COUNT(*) FROM \(from)\(whereClause)", filter.arguments).first?.first { total = Int(n) }
        let perPage = max(1, query.perPage), page = max(1, query.page)
        let rows = try db.query("SELECT \(select) FROM \(from)\(whereClause) ORDER BY \(orderBy) LIMIT ? OFFSET ?",
                                filter.arguments + [.integer(Int64(perPage)), .integer(Int64((page - 1) * perPage))])
        return ListPage(list: list, total: total, page: page, perPage: perPage, rows: rows.map { row(ResultRow(values: $0)) })
    }
}

/// WHERE clauses and their bound arguments, in order.
private struct Filter {
    var clauses: [String] = []
    var arguments: [SQLiteValue] = []

    mutating func add(_ clause: String, _ values: SQLiteValue...) { add(clause, values) }

    mutating func add(_ clause: String, _ values: [SQLiteValue]) {
        clauses.append("(" + clause + ")")
        arguments += values
    }

    /// Any of `columns` contains `text` (LIKE is case-insensitive for ASCII; `%` and `_` are taken literally).
    mutating func search(_ text: String, in columns: [String]) {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let pattern = SQLiteValue.text("%" + escaped + "%")
        add(columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR "), Array(repeating: pattern, count: columns.count))
    }
}

/// Typed access to one result row; the SQL above fixes each column's type.
private struct ResultRow {
    let values: [SQLiteValue]

    func text(_ i: Int) -> String { optionalText(i) ?? "" }

    func optionalText(_ i: Int) -> String? {
        if case .text(let s) = values[i] { return s }
        return nil
    }

    func int(_ i: Int) -> Int { optionalInt(i) ?? 0 }

    func optionalInt(_ i: Int) -> Int? {
        if case .integer(let n) = values[i] { return Int(n) }
        return nil
    }

    /// Dates are written by the projection from `CalendarDate.description`, so they parse.
    func date(_ i: Int) -> CalendarDate { optionalDate(i) ?? CalendarDate(dayNumber: 0) }

    func optionalDate(_ i: Int) -> CalendarDate? { optionalText(i).flatMap(CalendarDate.init) }
}
