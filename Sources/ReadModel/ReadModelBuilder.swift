import Dispatch
import Foundation
import RegistryDomain
import SQLiteSupport

/// Builds a read model from scratch: folds events into rows held in memory, applying the same
/// `Projection.changes` as `ReadModelStore.apply`, and writes each final row once into a new file.
///
/// Replaying a long log statement by statement is dominated by SQLite: every event's statement
/// searches the tables' B-trees for a conflict or the row to update, and commits go through the WAL.
/// Here each final row is one prepared INSERT, with no conflict to look for, into a file written
/// without a journal whose secondary indexes are built after the rows, and which is renamed into
/// place only when complete.
public final class ReadModelBuilder {
    private var tables: [MemoryTable]
    private let tableIndex: [String: Int]
    /// The last position folded in.
    public private(set) var position: UInt64 = 0
    /// Set by `write(to:)`, which hands the rows over.
    private var written = false

    public init() {
        tables = ReadModelSchema.shapes.map(MemoryTable.init)
        tableIndex = Dictionary(uniqueKeysWithValues: ReadModelSchema.shapes.enumerated().map { ($1.name, $0) })
    }

    /// Folds events in, in log order.
    public func apply(_ events: [(position: UInt64, event: RegistryEvent)]) {
        precondition(!written, "a ReadModelBuilder is written once")
        for (p, event) in events where p > position {
            for change in Projection.changes(for: event, at: p) {
                switch change {
                case let .insert(shape, row, conflict): tables[tableIndex[shape.name]!].insert(row, conflict)
                case let .update(shape, key, assignments): tables[tableIndex[shape.name]!].update(key, assignments)
                case let .deleteGroup(shape, prefix): tables[tableIndex[shape.name]!].deleteGroup(prefix)
                }
            }
            position = p
        }
    }

    /// Row counts of each table so far.
    public var counts: [String: Int] {
        Dictionary(uniqueKeysWithValues: tables.map { ($0.shape.name, $0.liveCount) })
    }

    /// Writes the rows into a new read model at `path`, replacing what is there only once the new file
    /// is complete (it is built beside it, as `path.rebuilding`), and returns it opened. The builder
    /// is spent: its memory is released table by table on another thread while the rows go in (freeing
    /// a million rows one by one took a tenth of a rebuild).
    /// - Throws: `SQLiteError`, or a file error from the final rename.
    public func write(to path: String) throws -> ReadModelStore {
        precondition(!written, "a ReadModelBuilder is written once")
        written = true
        let release = DispatchQueue(label: "readmodel.release", qos: .utility)
        for i in tables.indices { Garbage.drop(tables[i].takeIndexes(), on: release) }
        let building = path + ".rebuilding"
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: building + suffix) }
        do {
            let store = try ReadModelStore(path: building)
            let db = store.db
            // A fresh file that is renamed into place only when complete needs no journal.
            try db.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
            // Secondary indexes are built once the rows are in, by sorting, rather than row by row.
            let indexes = try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            for case .text(let name)? in indexes.map(\.first) { try db.execute("DROP INDEX \(name)") }
            try db.transaction {
                for i in tables.indices {
                    let shape = tables[i].shape
                    let rows = tables[i].takeRows()
                    try db.insertRows(into: shape.name, columns: shape.columns, rows.lazy.filter { !$0.isEmpty }) { row, values in
                        values.append(contentsOf: row)
                    }
                    Garbage.drop(rows, on: release)
                }
                try store.recordPosition(position)
                try db.execute(ReadModelSchema.create)
            }
            try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        }
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        try fm.moveItem(atPath: building, toPath: path)
        return try ReadModelStore(path: path)
    }
}

/// One table's rows in memory, with their keys.
private struct MemoryTable {
    let shape: TableShape
    /// Rows in insertion order; a deleted row is left empty.
    var rows: [[SQLiteValue]] = []
    var keys: [RowKey: Int] = [:]
    /// Row indices by the leading `groupColumns` key values, when the shape deletes by group.
    var groups: [[SQLiteValue]: [Int]] = [:]
    var liveCount = 0

    init(shape: TableShape) { self.shape = shape }

    mutating func insert(_ row: [SQLiteValue], _ conflict: RowChange.Conflict) {
        guard shape.keyColumns > 0 else { return append(row, key: nil) }
        let key = RowKey(row, shape.keyColumns)
        guard let i = keys[key] else { return append(row, key: key) }
        switch conflict {
        case .ignore: break
        case .replace: rows[i] = row
        case .update(let assignments): assign(assignments, at: i)
        }
    }

    mutating func update(_ key: [SQLiteValue], _ assignments: [Assignment]) {
        if let i = keys[RowKey(key, key.count)] { assign(assignments, at: i) }
    }

    mutating func deleteGroup(_ prefix: [SQLiteValue]) {
        guard let indices = groups.removeValue(forKey: prefix) else { return }
        for i in indices {
            keys.removeValue(forKey: RowKey(rows[i], shape.keyColumns))
            rows[i] = []
            liveCount -= 1
        }
    }

    /// Hands over the key lookups, leaving them empty.
    mutating func takeIndexes() -> ([RowKey: Int], [[SQLiteValue]: [Int]]) {
        defer { keys = [:]; groups = [:] }
        return (keys, groups)
    }

    /// Hands over the rows, leaving the table empty.
    mutating func takeRows() -> [[SQLiteValue]] {
        defer { rows = []; liveCount = 0 }
        return rows
    }

    private mutating func append(_ row: [SQLiteValue], key: RowKey?) {
        let i = rows.count
        rows.append(row)
        liveCount += 1
        if let key { keys[key] = i }
        if shape.groupColumns > 0 { groups[Array(row.prefix(shape.groupColumns)), default: []].append(i) }
    }

    private mutating func assign(_ assignments: [Assignment], at i: Int) {
        for a in assignments { rows[i][a.column] = a.applied(to: rows[i][a.column]) }
    }
}

/// A row's key columns: one column (most tables) held as its value, more as an array. A copied
/// array per row as the key cost an allocation and its memory for each of a rebuild's rows.
private enum RowKey: Hashable {
    case one(SQLiteValue)
    case many([SQLiteValue])

    /// The key of `row`, whose first `count` columns are the key (`count` > 0).
    init(_ row: [SQLiteValue], _ count: Int) {
        self = count == 1 ? .one(row[0]) : .many(Array(row.prefix(count)))
    }
}

/// Memory to be released on another thread: whatever the box holds is freed when the queue drops it.
private final class Garbage<T>: @unchecked Sendable {
    private var value: T?
    private init(_ value: T) { self.value = value }

    static func drop(_ value: T, on queue: DispatchQueue) {
        let box = Garbage(value)
        queue.async { box.value = nil }
    }
}
