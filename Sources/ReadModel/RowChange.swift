import SQLiteSupport

/// A projection table as the projection writes it: its columns, of which the first `keyColumns`
/// form its primary key (0: no key, rows are only ever added).
public struct TableShape: Sendable, Hashable {
    public let name: String
    public let columns: [String]
    public let keyColumns: Int
    /// Leading key columns by which rows are deleted together (`RowChange.deleteGroup`), or 0.
    public let groupColumns: Int

    init(_ name: String, _ columns: [String], key: Int, group: Int = 0) {
        precondition(key <= columns.count && group < max(key, 1))
        self.name = name
        self.columns = columns
        self.keyColumns = key
        self.groupColumns = group
    }
}

/// A column assignment of an update or an upsert.
public struct Assignment: Sendable {
    public enum Value: Sendable {
        /// The column takes this value.
        case set(SQLiteValue)
        /// The column takes this value unless it is NULL (`COALESCE(?, column)`).
        case setUnlessNull(SQLiteValue)
        /// The integer column goes up by one.
        case increment
    }

    /// Index of the column in its table's shape.
    public let column: Int
    public let value: Value

    public init(_ column: Int, _ value: Value) {
        self.column = column
        self.value = value
    }

    /// The column's new value, given its current one.
    func applied(to current: SQLiteValue) -> SQLiteValue {
        switch value {
        case .set(let v): return v
        case .setUnlessNull(let v): return v == .null ? current : v
        case .increment:
            if case .integer(let n) = current { return .integer(n + 1) }
            return current
        }
    }
}

/// One change an event makes to the read model's rows.
///
/// The projection (`Projection.changes`) is a pure function from an event to these; the changes are
/// then applied either as SQL statements, one event at a time (`ReadModelStore.apply`), or to rows
/// held in memory that are written once at the end (`ReadModelBuilder`, for a rebuild). Both give
/// the same rows: a change to a row that does not exist changes nothing, as `evolve` would.
public enum RowChange: Sendable {
    /// What an insert does when a row with the same key exists.
    public enum Conflict: Sendable {
        /// Keep the existing row.
        case ignore
        /// Replace the whole row.
        case replace
        /// Apply these assignments to the existing row instead.
        case update([Assignment])
    }

    /// A whole row, in the shape's column order.
    case insert(TableShape, [SQLiteValue], onConflict: Conflict)
    /// Assignments to the row with this key, if there is one.
    case update(TableShape, key: [SQLiteValue], [Assignment])
    /// Deletes the rows whose leading `groupColumns` key columns have these values.
    case deleteGroup(TableShape, [SQLiteValue])
}
