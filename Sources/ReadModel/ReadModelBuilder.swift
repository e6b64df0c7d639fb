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
    ///
    /// With `parallelFrom` rows or more, the tables are written by two threads at once (a connection
    /// writes on one thread only): the largest tables into the new file on this one, the others
    /// into a scratch file beside it on a second, whose tables are then copied in whole
    /// (`INSERT INTO … SELECT *` into an empty table of the same shape: SQLite copies the records
    /// without decoding them). The other core is otherwise idle while a rebuild writes; the file is
    /// the same either way.
    /// - Throws: `SQLiteError`, or a file error from the final rename.
    public func write(to path: String, parallelFrom: Int = ReadModelBuilder.parallelWriteRows) throws -> ReadModelStore {
        precondition(!written, "a ReadModelBuilder is written once")
        written = true
        for i in tables.indices { tables[i].dropLookups() }
        let building = path + ".rebuilding", scratch = building + ".part"
        let fm = FileManager.default
        func remove(_ file: String) { for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: file + suffix) } }
        remove(building)
        remove(scratch)
        defer { remove(scratch) }
        let shapes = ReadModelSchema.shapes
        var rows = tables
        tables = []
        let beside = rows.reduce(0) { $0 + $1.liveCount } >= parallelFrom ? Self.besideSet(rows.map(\.byteCount)) : []
        do {
            let store = try ReadModelStore(path: building)
            let db = store.db
            try Self.prepareForBulk(db)
            var other: ScratchWriter?
            if !beside.isEmpty {
                let writer = ScratchWriter(path: scratch, tables: beside.map { (shape: shapes[$0], rows: rows[$0]) })
                for i in beside { rows[i] = PackedRows(columns: 0, keyColumns: 0, groupColumns: 0) }
                writer.start()
                other = writer
            }
            // If this thread fails, the scratch writer is still waited for: it must not outlive the files.
            defer { other?.wait() }
            try db.transaction {
                for i in shapes.indices where !beside.contains(i) {
                    let table = rows[i]
                    rows[i] = PackedRows(columns: 0, keyColumns: 0, groupColumns: 0)
                    try Self.insert(table, into: shapes[i], db)
                }
            }
            if let writer = other {
                writer.wait()
                other = nil
                if let failure = writer.failure { throw failure }
                // Not in a transaction: SQLite attaches only outside one.
                try db.run("ATTACH DATABASE ? AS scratch", [.text(scratch)])
                do {
                    try db.transaction {
                        for i in beside { try db.execute("INSERT INTO main.\(shapes[i].name) SELECT * FROM scratch.\(shapes[i].name)") }
                    }
                } catch {
                    try? db.execute("DETACH DATABASE scratch")
                    throw error
                }
                try db.execute("DETACH DATABASE scratch")
            }
            try db.transaction {
                try store.recordPosition(position)
                try db.execute(ReadModelSchema.create)
            }
            try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        }
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        try fm.moveItem(atPath: building, toPath: path)
        return try ReadModelStore(path: path)
    }

    /// Rebuilds of at least this many rows write their tables on two threads (`write(to:parallelFrom:)`):
    /// below it, a second file and thread cost more than they save.
    public static let parallelWriteRows = 50_000

    /// The scratch file's page cache, in KiB.
    static let scratchCacheKiB = 32_768

    /// Which tables the second thread writes, given each table's bytes: the largest stay on the
    /// writing thread until it holds half of them, the rest go beside (their copy into the file
    /// comes on top of their write, so the writing thread is given the larger half).
    static func besideSet(_ bytes: [Int]) -> [Int] {
        let total = bytes.reduce(0, +)
        guard total > 0 else { return [] }
        var kept = 0
        var beside: [Int] = []
        for i in bytes.indices.sorted(by: { bytes[$0] > bytes[$1] }) {
            if kept * 2 < total { kept += bytes[i] } else if bytes[i] > 0 { beside.append(i) }
        }
        return beside.sorted()
    }

    /// A fresh file that is renamed into place only when complete needs no journal; its secondary
    /// indexes are built once the rows are in, by sorting, rather than row by row.
    static func prepareForBulk(_ db: SQLiteDatabase) throws {
        try db.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        let indexes = try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        for case .text(let name)? in indexes.map(\.first) { try db.execute("DROP INDEX \(name)") }
    }

    /// Inserts a table's rows, then hands the memory they held back.
    static func insert(_ table: PackedRows, into shape: TableShape, _ db: SQLiteDatabase) throws {
        try db.insertRows(into: shape.name, columns: shape.columns, table.liveRowsInKeyOrder) { start, values in
            table.appendValues(ofRowAt: start, to: &values)
        }
        // The rows were made on the folding thread, in its malloc arena, where SQLite's pages
        // (taken on this thread) cannot reuse their memory: handed back to the system, it
        // does not stay beside them.
        SQLiteDatabase.releaseFreeMemory()
    }
}

/// Writes some of a rebuild's tables into a scratch file on a thread of its own (`ReadModelBuilder.write`).
/// Its tables and connection are touched only by that thread between `start` and `wait`.
private final class ScratchWriter: @unchecked Sendable {
    private let path: String
    private var tables: [(shape: TableShape, rows: PackedRows)]
    private let done = DispatchGroup()
    private(set) var failure: Error?

    init(path: String, tables: [(shape: TableShape, rows: PackedRows)]) {
        self.path = path
        self.tables = tables
    }

    func start() {
        DispatchQueue.global().async(group: done) { [self] in
            do {
                let store = try ReadModelStore(path: path)
                try ReadModelBuilder.prepareForBulk(store.db)
                // Pages beyond its cache are written out as it goes (no journal to keep them for):
                // a smaller cache than the new file's keeps the second connection's pages from adding
                // a second 256 MB beside the first's on a large rebuild.
                try store.db.execute("PRAGMA cache_size=-\(ReadModelBuilder.scratchCacheKiB)")
                try store.db.transaction {
                    for k in tables.indices {
                        let (shape, table) = tables[k]
                        tables[k].rows = PackedRows(columns: 0, keyColumns: 0, groupColumns: 0)
                        try ReadModelBuilder.insert(table, into: shape, store.db)
                    }
                }
            } catch {
                failure = error
            }
            tables = []
        }
    }

    /// Waits until the scratch file is written (or has failed) and its connection closed.
    func wait() { done.wait() }
}
