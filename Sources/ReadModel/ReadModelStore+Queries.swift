import RegistryDomain
import SQLiteSupport

extension ReadModelStore {
    /// Post interns the enterprise hosts on `date`: placements of kind post that have started, have not
    /// ended before `date`, and whose planned end is not before `date`; optionally only on one post,
    /// and not counting `excluded`.
    /// - Complexity: one indexed query; never a scan of the log.
    public func activePostInterns(enterprise: String, on date: CalendarDate, post: String?, excluding excluded: String?) throws -> Int {
        var sql = """
            SELECT COUNT(*) FROM placements WHERE enterprise = ? AND kind = 'post' AND started_on IS NOT NULL
            AND started_on <= ? AND planned_end >= ? AND (ended_on IS NULL OR ended_on >= ?) AND id <> ?
            """
        let day = SQLiteValue.text(date.description)
        var arguments: [SQLiteValue] = [.text(enterprise), day, day, day, .text(excluded ?? "")]
        if let post {
            sql += " AND post = ?"
            arguments.append(.text(post))
        }
        if case .integer(let n)? = try db.query(sql, arguments).first?.first { return Int(n) }
        return 0
    }

    /// Placement IDs of a school or an enterprise, for listings.
    public func placementIDs(school: String? = nil, enterprise: String? = nil) throws -> [String] {
        var sql = "SELECT id FROM placements WHERE 1 = 1"
        var arguments: [SQLiteValue] = []
        if let school { sql += " AND school = ?"; arguments.append(.text(school)) }
        if let enterprise { sql += " AND enterprise = ?"; arguments.append(.text(enterprise)) }
        return try db.query(sql + " ORDER BY id", arguments).compactMap { if case .text(let id)? = $0.first { id } else { nil } }
    }

    /// Row counts of each projection table.
    public func counts() throws -> [String: Int] {
        var out: [String: Int] = [:]
        for (table, _) in ReadModelSchema.tables {
            if case .integer(let n)? = try db.query("SELECT COUNT(*) FROM \(table)").first?.first { out[table] = Int(n) }
        }
        return out
    }
}
