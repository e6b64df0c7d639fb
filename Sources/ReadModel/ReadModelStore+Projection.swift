import RegistryDomain
import SQLiteSupport

extension ReadModelStore {
    /// Folds one event into the tables as SQL statements. Never fails on content: an event for a row
    /// that does not exist changes nothing, as `evolve` would.
    func project(_ event: RegistryEvent, at position: UInt64) throws {
        for change in Projection.changes(for: event, at: position) {
            let (sql, arguments) = Self.statement(for: change)
            try db.run(sql, arguments)
        }
    }

    /// The SQL statement and its arguments that make `change`.
    static func statement(for change: RowChange) -> (sql: String, arguments: [SQLiteValue]) {
        switch change {
        case let .insert(table, row, conflict):
            let columns = table.columns.joined(separator: ", ")
            let values = Array(repeating: "?", count: row.count).joined(separator: ", ")
            switch conflict {
            case .ignore:
                return ("INSERT OR IGNORE INTO \(table.name)(\(columns)) VALUES (\(values))", row)
            case .replace:
                return ("INSERT OR REPLACE INTO \(table.name)(\(columns)) VALUES (\(values))", row)
            case .update(let assignments):
                let key = table.columns.prefix(table.keyColumns).joined(separator: ", ")
                let (set, arguments) = setClause(table, assignments)
                return ("INSERT INTO \(table.name)(\(columns)) VALUES (\(values)) ON CONFLICT(\(key)) DO UPDATE SET \(set)",
                        row + arguments)
            }
        case let .update(table, key, assignments):
            let (set, arguments) = setClause(table, assignments)
            return ("UPDATE \(table.name) SET \(set) WHERE \(whereClause(table, count: key.count))", arguments + key)
        case let .deleteGroup(table, prefix):
            return ("DELETE FROM \(table.name) WHERE \(whereClause(table, count: prefix.count))", prefix)
        }
    }

    private static func setClause(_ table: TableShape, _ assignments: [Assignment]) -> (String, [SQLiteValue]) {
        var parts: [String] = []
        var arguments: [SQLiteValue] = []
        for a in assignments {
            let column = table.columns[a.column]
            switch a.value {
            case .set(let v): parts.append("\(column) = ?"); arguments.append(v)
            case .setUnlessNull(let v): parts.append("\(column) = COALESCE(?, \(column))"); arguments.append(v)
            case .increment: parts.append("\(column) = \(column) + 1")
            }
        }
        return (parts.joined(separator: ", "), arguments)
    }

    private static func whereClause(_ table: TableShape, count: Int) -> String {
        table.columns.prefix(count).map { "\($0) = ?" }.joined(separator: " AND ")
    }
}
