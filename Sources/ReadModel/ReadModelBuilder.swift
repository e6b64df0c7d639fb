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
    private var tables: [PackedRows]
    private let tableIndex: [String: Int]
    /// The last position folded in.
    public private(set) var position: UInt64 = 0
    /// Set by `write(to:)`, which hands the rows over.
    private var written = false

    public init() {
        tables = ReadModelSchema.shapes.map {
            PackedRows(columns: $0.columns.count, keyColumns: $0.keyColumns, groupColumns: $0.groupColumns)
        }
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
        Dictionary(uniqueKeysWithValues: zip(ReadModelSchema.shapes, tables).map { ($0.name, $1.liveCount) })
    }

    /// Writes the rows into a new read model at `path`, replacing what is there only once the new file
    /// is complete (it is built beside it, as `path.rebuilding`), and returns it opened. The builder
    /// is spent: each table's memory is released once its rows are in.
    /// - Throws: `SQLiteError`, or a file error from the final rename.
    public func write(to path: String) throws -> ReadModelStore {
        precondition(!written, "a ReadModelBuilder is written once")
        written = true
        for i in tables.indices { tables[i].dropLookups() }
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
                for (i, shape) in ReadModelSchema.shapes.enumerated() {
                    do {
                        let table = tables[i]
                        tables[i] = PackedRows(columns: 0, keyColumns: 0, groupColumns: 0)
                        try db.insertRows(into: shape.name, columns: shape.columns, table.liveRows) { start, values in
                            table.appendValues(ofRowAt: start, to: &values)
                        }
                    }
                    // The rows were made on the folding thread, in its malloc arena, where SQLite's pages
                    // (taken on this thread) cannot reuse their memory: handed back to the system, it
                    // does not stay beside them.
                    SQLiteDatabase.releaseFreeMemory()
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
