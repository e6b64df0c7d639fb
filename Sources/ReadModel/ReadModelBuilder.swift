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
    /// writes on one thread only): the largest tables into the new file on this one, the others,
    /// with their secondary indexes, into a scratch file beside it on a second (`besideSet`), whose
    /// tables and indexes are then copied in whole (`INSERT INTO … SELECT *` into an empty table of
    /// the same shape and indexes: SQLite copies the records without decoding or sorting them). The
    /// other core is otherwise idle while a rebuild writes; the file is the same either way.
    /// - Throws: `SQLiteError`, or a file error from the final rename.
    public func write(to path: String, parallelFrom: Int = ReadModelBuilder.parallelWriteRows) throws -> ReadModelStore {
        var rows = handOverRows()
        let building = path + ".rebuilding", scratch = building + ".part"
        let fm = FileManager.default
        func remove(_ file: String) { for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: file + suffix) } }
        remove(building)
        remove(scratch)
        defer { remove(scratch) }
        let shapes = ReadModelSchema.shapes
        let large = rows.reduce(0) { $0 + $1.liveCount } >= parallelFrom
        do {
            let store = try ReadModelStore(path: building, pageSize: large ? Self.largePageSize : nil)
            let db = store.db
            let dropped = try Self.prepareForBulk(db)
            /// The statements that make table `i`'s secondary indexes.
            func indexes(of i: Int) -> [String] { dropped.filter { $0.table == shapes[i].name }.map(\.sql) }
            let indexed = Set(shapes.indices.filter { !indexes(of: $0).isEmpty })
            let beside = large ? Self.besideSet(rows.map(\.byteCount), indexed: indexed) : []
            var other: ScratchWriter?
            if !beside.isEmpty {
                let writer = ScratchWriter(path: scratch, pageSize: Self.largePageSize,
                                           tables: beside.map { (shape: shapes[$0], rows: rows[$0], indexes: indexes(of: $0)) })
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
                        for i in beside {
                            // The scratch file built these indexes beside this thread's writing; made here
                            // on the empty table, they are copied with it, record by record, not sorted again.
                            for sql in indexes(of: i) { try db.execute(sql) }
                            try db.execute("INSERT INTO main.\(shapes[i].name) SELECT * FROM scratch.\(shapes[i].name)")
                        }
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

    /// The folded tables, without their lookups, for writing once: the builder is spent (both ways of
    /// writing it, `write(to:)` and `insertRows(into:)`, start here).
    private func handOverRows() -> [PackedRows] {
        precondition(!written, "a ReadModelBuilder is written once")
        written = true
        for i in tables.indices { tables[i].dropLookups() }
        defer { tables = [] }
        return tables
    }

    /// Inserts the rows into `db`, a read model's open connection, inside the caller's transaction:
    /// each table's rows in key order, through the file's journal, its secondary indexes kept row by
    /// row (`ReadModelStore.fill(_:)`). The builder is spent.
    func insertRows(into db: SQLiteDatabase) throws {
        var rows = handOverRows()
        for (i, shape) in ReadModelSchema.shapes.enumerated() {
            let table = rows[i]
            rows[i] = PackedRows(columns: 0, keyColumns: 0, groupColumns: 0)
            try Self.insert(table, into: shape, db)
        }
    }

    /// Rebuilds of at least this many rows write their tables on two threads (`write(to:parallelFrom:)`):
    /// below it, a second file and thread cost more than they save.
    public static let parallelWriteRows = 50_000

    /// The scratch file's page cache, in KiB.
    static let scratchCacheKiB = 32_768

    /// The page size of a read model built from `parallelWriteRows` rows or more (and of its scratch
    /// file). With SQLite's 4 KiB pages, the 1M bench log's 88 MB read model is 21,000 pages, each
    /// balanced into its B-tree and written by a call of its own; with 16 KiB, a quarter as many. A
    /// rebuild of that log, alternated five times: 1.82–1.86 s against 1.94–1.99 s (32 KiB was no
    /// faster, 64 KiB slower). A command on such a read model took the same p50 as on one of 4 KiB
    /// pages, within 0.1 ms, in the bench's command part (BENCHMARKS.md, issue 17, eleventh round);
    /// each command's WAL frames are 16 KiB, so a command folds the WAL in (`walFoldBytes`) about
    /// every eighth command instead of every thirtieth.
    /// Smaller read models keep 4 KiB pages: the file of a new or small log stays under
    /// `DerivedFile.quickCheckLimit`, so its every open still runs `quick_check`.
    static let largePageSize = 16_384

    /// Which tables the second thread writes, given each table's bytes and which tables have
    /// secondary indexes: the largest tables without any stay on the writing thread until it holds
    /// half of the bytes, the rest go beside. Their copy into the file comes on top of their write, so
    /// the writing thread is given the larger half; the indexes of a table written beside are built
    /// beside too, while the writing thread is still busy, and copied with it, so the tables that
    /// have them go beside first.
    static func besideSet(_ bytes: [Int], indexed: Set<Int> = []) -> [Int] {
        let total = bytes.reduce(0, +)
        guard total > 0 else { return [] }
        var kept = 0
        var beside: [Int] = []
        let order = bytes.indices.sorted { a, b in
            indexed.contains(a) != indexed.contains(b) ? !indexed.contains(a) : bytes[a] > bytes[b]
        }
        for i in order {
            if kept * 2 < total { kept += bytes[i] } else if bytes[i] > 0 { beside.append(i) }
        }
        return beside.sorted()
    }

    /// A fresh file that is renamed into place only when complete needs no journal; its secondary
    /// indexes are built once the rows are in, by sorting, rather than row by row.
    /// - Returns: the secondary indexes it dropped: each one's table and the statement that makes it.
    @discardableResult
    static func prepareForBulk(_ db: SQLiteDatabase) throws -> [(table: String, sql: String)] {
        try db.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        var dropped: [(table: String, sql: String)] = []
        for row in try db.query("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name") {
            guard row.count == 3, case .text(let name) = row[0], case .text(let table) = row[1], case .text(let sql) = row[2] else { continue }
            try db.execute("DROP INDEX \(name)")
            dropped.append((table, sql))
        }
        return dropped
    }

    /// Inserts a table's rows, then hands the memory they held back.
    static func insert(_ table: PackedRows, into shape: TableShape, _ db: SQLiteDatabase) throws {
        let rows = table.liveRowsInKeyOrder
        try db.insertRows(into: shape.name, columns: shape.columns, count: rows.count) { i, arguments in
            table.appendValues(ofRowAt: rows[i], to: &arguments)
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
    private let pageSize: Int
    private var tables: [(shape: TableShape, rows: PackedRows, indexes: [String])]
    private let done = DispatchGroup()
    private(set) var failure: Error?

    init(path: String, pageSize: Int, tables: [(shape: TableShape, rows: PackedRows, indexes: [String])]) {
        self.path = path
        self.pageSize = pageSize
        self.tables = tables
    }

    func start() {
        DispatchQueue.global().async(group: done) { [self] in
            do {
                let store = try ReadModelStore(path: path, pageSize: pageSize)
                try ReadModelBuilder.prepareForBulk(store.db)
                // Pages beyond its cache are written out as it goes (no journal to keep them for):
                // a smaller cache than the new file's keeps the second connection's pages from adding
                // a second 256 MB beside the first's on a large rebuild.
                try store.db.execute("PRAGMA cache_size=-\(ReadModelBuilder.scratchCacheKiB)")
                try store.db.transaction {
                    for k in tables.indices {
                        let (shape, table, indexes) = tables[k]
                        tables[k].rows = PackedRows(columns: 0, keyColumns: 0, groupColumns: 0)
                        try ReadModelBuilder.insert(table, into: shape, store.db)
                        for sql in indexes { try store.db.execute(sql) }
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
