import RegistryDomain
import SQLiteSupport

extension ReadModelStore {
    /// Folds one event into the tables as SQL statements. Never fails on content: an event for a row
    /// that does not exist changes nothing, as `evolve` would.
    ///
    /// A change's statement is prepared once per shape of change (`StatementShape`) and kept: building
    /// its SQL text for every change, and finding the statement by that text, was 30% of applying an
    /// import's row (callgrind, a 5,000-row import).
    func project(_ event: RegistryEvent, at position: UInt64) throws {
        for change in Projection.changes(for: event, at: position) {
            let shape = StatementShape(change)
            let statement: SQLiteStatement
            if let kept = projectionStatements[shape] { statement = kept } else {
                statement = try db.prepare(Self.sql(for: change))
                projectionStatements[shape] = statement
            }
            try statement.execute(Self.arguments(for: change))
        }
    }

    /// The SQL statement that makes `change`, with `?` for each of `arguments(for:)`. It depends only
    /// on the change's `StatementShape`.
    static func sql(for change: RowChange) -> String {
        switch change {
        case let .insert(table, row, conflict):
            let columns = table.columns.plainJoined(", ")
            let values = Array(repeating: "?", count: row.count).plainJoined(", ")
            switch conflict {
            case .ignore:
                return "INSERT OR IGNORE INTO \(table.name)(\(columns)) VALUES (\(values))"
            case .replace:
                return "INSERT OR REPLACE INTO \(table.name)(\(columns)) VALUES (\(values))"
            case .update(let assignments):
                let key = Array(table.columns.prefix(table.keyColumns)).plainJoined(", ")
                return "INSERT INTO \(table.name)(\(columns)) VALUES (\(values)) ON CONFLICT(\(key)) DO UPDATE SET \(setClause(table, assignments))"
            }
        case let .update(table, key, assignments):
            return "UPDATE \(table.name) SET \(setClause(table, assignments)) WHERE \(whereClause(table, count: key.count))"
        case let .deleteGroup(table, prefix):
            return "DELETE FROM \(table.name) WHERE \(whereClause(table, count: prefix.count))"
        }
    }

    /// The values `sql(for: change)` is run with, in the order of its `?`s.
    static func arguments(for change: RowChange) -> [SQLiteValue] {
        switch change {
        case let .insert(_, row, conflict):
            guard case .update(let assignments) = conflict else { return row }
            return row + assignedValues(assignments)
        case let .update(_, key, assignments):
            return assignedValues(assignments) + key
        case let .deleteGroup(_, prefix):
            return prefix
        }
    }

    private static func setClause(_ table: TableShape, _ assignments: [Assignment]) -> String {
        assignments.map { a in
            let column = table.columns[a.column]
            switch a.value {
            case .set: return "\(column) = ?"
            case .setUnlessNull: return "\(column) = COALESCE(?, \(column))"
            case .increment: return "\(column) = \(column) + 1"
            }
        }.plainJoined(", ")
    }

    private static func assignedValues(_ assignments: [Assignment]) -> [SQLiteValue] {
        assignments.compactMap { a in
            switch a.value {
            case .set(let v), .setUnlessNull(let v): return v
            case .increment: return nil
            }
        }
    }

    private static func whereClause(_ table: TableShape, count: Int) -> String {
        table.columns.prefix(count).map { "\($0) = ?" }.plainJoined(" AND ")
    }
}

/// What a change's SQL text depends on: its table, its kind (and an insert's conflict), how many
/// values it names, and which columns its assignments change and how. Two changes of one shape run
/// the same prepared statement with their own arguments.
struct StatementShape: Hashable {
    let table: String
    let kind: UInt8
    let count: Int
    /// Each assignment as its column × 4 + how it assigns (set, set unless null, increment).
    let assignments: [Int]

    init(_ change: RowChange) {
        func coded(_ assignments: [Assignment]) -> [Int] {
            assignments.map { a in
                switch a.value {
                case .set: a.column * 4
                case .setUnlessNull: a.column * 4 + 1
                case .increment: a.column * 4 + 2
                }
            }
        }
        switch change {
        case let .insert(table, row, conflict):
            self.table = table.name
            count = row.count
            switch conflict {
            case .ignore: kind = 0; assignments = []
            case .replace: kind = 1; assignments = []
            case .update(let a): kind = 2; assignments = coded(a)
            }
        case let .update(table, key, a):
            self.table = table.name
            kind = 3
            count = key.count
            assignments = coded(a)
        case let .deleteGroup(table, prefix):
            self.table = table.name
            kind = 4
            count = prefix.count
            assignments = []
        }
    }
}
