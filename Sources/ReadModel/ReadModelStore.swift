import RegistryDomain
import SQLiteSupport

/// The registry's read models in SQLite (`<log>/readmodel.sqlite`): schools, enterprises with their
/// workforce, students and their status, placements with insurance and stipend months, apprenticeships
/// with their subsidy ledger. Derived data: it stores the last log position it applied in the same
/// transaction as its rows, so it can always be caught up or rebuilt from the log.
public final class ReadModelStore {
    /// The conventional file name inside a log directory.
    public static let fileName = "readmodel.sqlite"
    static let projectionName = "registry"

    let db: SQLiteDatabase
    /// The last log position applied (0 for an empty read model).
    public private(set) var position: UInt64 = 0
    /// Whether a group transaction is open (`beginGroup`): each `apply` is then a savepoint in it.
    public private(set) var isInGroup = false
    /// Whether the open group applied events whose position `endGroup` has yet to record.
    private var groupPositionUnrecorded = false
    /// The projection's statements, prepared once per shape of change (`project`).
    var projectionStatements: [StatementShape: SQLiteStatement] = [:]

    /// Opens (creating if needed) the read model at `path`, with the checks `DerivedFile.cheapDamage`
    /// can afford on every open.
    /// - Parameter pageSize: the page size of a file made here (SQLite's 4096 when nil); an existing
    ///   file keeps its own.
    /// - Throws: `SQLiteError`; `isDamage` holds when the file is damaged (the caller sets it aside and rebuilds).
    public init(path: String, pageSize: Int? = nil) throws {
        db = try SQLiteDatabase(path: path)
        // Derived and synchronous=NORMAL: a one-command process leaves its WAL to the next writer
        // rather than checkpointing it on close (`leaveWALOnClose`; BENCHMARKS.md, one command end to end).
        db.leaveWALOnClose()
        if let problem = DerivedFile.cheapDamage(db) { throw DerivedFile.damage(problem, path: path) }
        try db.checkpointingSchemaChanges {
            // Takes effect only on a file with no pages yet, before WAL mode fixes the size.
            if let pageSize { try db.execute("PRAGMA page_size=\(pageSize)") }
            try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;")
            // The tables are made once: later opens find the script's mark and parse none of it.
            var made = try db.hasSchema(ReadModelSchema.create)
            if !made {
                try db.execute("""
                    CREATE TABLE IF NOT EXISTS projection_state(name TEXT PRIMARY KEY, position INTEGER NOT NULL, schema INTEGER NOT NULL);
                    """)
            }
            let rows = try db.query("SELECT position, schema FROM projection_state WHERE name = ?", [.text(Self.projectionName)])
                .first
            if case .integer(let schema)? = rows?.last, schema != Int64(ReadModelSchema.version) {
                try dropAll()
                made = false
            }
            if !made { try db.createSchema(ReadModelSchema.create) }
        }
        if case .integer(let p)? = try db.query("SELECT position FROM projection_state WHERE name = ?",
                                                [.text(Self.projectionName)]).first?.first {
            position = UInt64(p)
        }
    }

    /// Opens an existing read model for reading only, writing nothing next to it (read-only evidence:
    /// see `DerivedFile.openForReading`); its schema and rows are left as they are.
    /// - Throws: `SQLiteError`; `isDamage` holds when the file is damaged.
    public init(readingEvidence path: String) throws {
        db = try DerivedFile.openForReading(path: path)
        if let problem = DerivedFile.cheapDamage(db) { throw DerivedFile.damage(problem, path: path) }
        if case .integer(let p)? = try db.query("SELECT position FROM projection_state WHERE name = ?",
                                                [.text(Self.projectionName)]).first?.first {
            position = UInt64(p)
        }
    }

    private func dropAll() throws {
        for (table, _) in ReadModelSchema.tables { try db.execute("DROP TABLE IF EXISTS \(table)") }
        try db.execute("DROP TABLE IF EXISTS projection_state")
        try db.forgetSchema()
    }

    /// Empties every projection (before a rebuild).
    public func reset() throws {
        let empty = {
            for (table, _) in ReadModelSchema.tables { try self.db.execute("DELETE FROM \(table)") }
            try self.db.execute("DELETE FROM projection_state")
        }
        // In a group, inside its transaction (which `abandonGroup` may still roll back).
        if isInGroup { try empty() } else { try db.transaction(empty) }
        position = 0
    }

    /// Applies events in one transaction together with the new position.
    /// - Parameter events: (position, event) pairs in log order; positions at or below `position` (or,
    ///   outside a group, below the position the file records, when another connection moved it on) are skipped.
    /// - Throws: `SQLiteError`.
    public func apply(_ events: [(position: UInt64, event: RegistryEvent)]) throws {
        guard let last = events.last, last.position > position else { return }
        if isInGroup {
            // A failed apply leaves the group as it was before it, position included.
            // Prepared once and kept (`run`), not parsed again for every command of an import.
            // The group's position is recorded once, by `endGroup`, in the same transaction.
            try db.run("SAVEPOINT apply")
            do {
                for (p, event) in events where p > position { try project(event, at: p) }
                try db.run("RELEASE apply")
                groupPositionUnrecorded = true
            } catch {
                try? db.execute("ROLLBACK TO apply")
                try? db.execute("RELEASE apply")
                throw error
            }
        } else {
            var reached = last.position
            try db.transaction {
                // Another connection to the same file (another process sharing the read model: a server's
                // writer and a page's reader catching it up) may have applied events since this one
                // read its position: what the file holds is skipped, not applied twice.
                let from = max(position, try storedPosition())
                for (p, event) in events where p > from { try project(event, at: p) }
                reached = max(from, last.position)
                if reached > from { try recordPosition(reached) }
            }
            position = reached
            return
        }
        position = last.position
    }

    /// Fills this empty read model with the rows of a `ReadModelBuilder` that `build` folds, in one
    /// transaction with their position: a catch-up from nothing (a new, set aside or upgraded file,
    /// or a private one on read-only storage) folded in memory and each final row written once,
    /// rather than projected event by event. The file is filled where it is, not replaced, since
    /// other processes may hold it open.
    ///
    /// The transaction begins before the fold, so that one process folds the log while any other
    /// that needs this file filled waits for it (up to `fillWaitMilliseconds`), then finds it filled,
    /// instead of folding the whole log a second time.
    /// - Parameter waiting: called once, before waiting, when another connection is filling the file
    ///   (or writing to it) as this one begins.
    /// - Returns: whether it was filled; false, writing nothing, when the file is not empty (also
    ///   when another connection filled it or caught it up first: `position` is then the file's) or
    ///   `build` folded nothing.
    /// - Throws: what `build` throws, `SQLiteError`; nothing is written.
    public func fill(waiting: (() -> Void)? = nil, _ build: () throws -> ReadModelBuilder) throws -> Bool {
        guard !isInGroup, position == 0 else { return false }
        let filled = try db.transaction(waitingUpTo: Self.fillWaitMilliseconds, waiting: waiting) { () -> UInt64? in
            let stored = try storedPosition()
            guard stored == 0 else {
                position = stored
                return nil
            }
            let builder = try build()
            guard builder.position > 0 else { return nil }
            try builder.insertRows(into: db)
            try recordPosition(builder.position)
            return builder.position
        }
        if let filled { position = filled }
        return filled != nil
    }

    /// How long a `fill` waits for another connection's transaction (another process's fill: the
    /// 10M-event bench log folds and fills in about half a minute) before it gives up.
    static let fillWaitMilliseconds: Int32 = 600_000

    /// Opens one transaction for the applies that follow, until `endGroup()`: many one-command
    /// applies (an import's rows) then write each page once per group, not once per command, and
    /// the read model never gets ahead of a log whose syncs are grouped the same way.
    /// - Throws: `SQLiteError`.
    public func beginGroup() throws {
        guard !isInGroup else { return }
        try db.execute("BEGIN IMMEDIATE")
        isInGroup = true
        // As in `apply`: another connection may have applied events since this one read its position.
        do {
            position = max(position, try storedPosition())
        } catch {
            isInGroup = false
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// The position the file records, as the current transaction sees it (0 when none is recorded).
    private func storedPosition() throws -> UInt64 {
        if case .integer(let p)? = try db.query("SELECT position FROM projection_state WHERE name = ?", [.text(Self.projectionName)]).first?.first {
            return UInt64(p)
        }
        return 0
    }

    /// Commits the group's applies (nothing when no group is open).
    /// - Throws: `SQLiteError`; the group's applies are then rolled back, and `position` is the stored one again.
    public func endGroup() throws {
        guard isInGroup else { return }
        isInGroup = false
        do {
            // Once per group rather than with every apply (8,400 instructions an imported row).
            if groupPositionUnrecorded { try recordPosition(position) }
            groupPositionUnrecorded = false
            try db.execute("COMMIT")
        } catch {
            if let stored = rollBack() { position = stored }
            throw error
        }
    }

    /// Rolls the open group's applies back (nothing when no group is open): a server's group that
    /// the database did not commit leaves the read model where it was when the group began, and
    /// `position` the stored one.
    /// - Throws: `PositionUnknown` when the stored position cannot be read back after the rollback:
    ///   the caller must then open the read model again rather than go on from a position it cannot know.
    public func abandonGroup() throws {
        guard isInGroup else { return }
        isInGroup = false
        guard let stored = rollBack() else { throw PositionUnknown() }
        position = stored
    }

    /// The read model's position could not be read back after a rolled-back group.
    public struct PositionUnknown: Error {}

    /// Rolls the open transaction back; returns the position stored (0 when none is), nil when it
    /// cannot be read.
    private func rollBack() -> UInt64? {
        groupPositionUnrecorded = false
        try? db.execute("ROLLBACK")
        return try? storedPosition()
    }

    /// Records the last position applied; inside the transaction that applied it.
    func recordPosition(_ last: UInt64) throws {
        try db.run("""
            INSERT INTO projection_state(name, position, schema) VALUES (?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET position = excluded.position
            """, [.text(Self.projectionName), .integer(Int64(last)), .integer(Int64(ReadModelSchema.version))])
    }

    /// Every row of every projection table as text, for comparing a rebuild with the live read model.
    public func dump() throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (table, order) in ReadModelSchema.tables {
            out[table] = try db.query("SELECT * FROM \(table) ORDER BY \(order)").map { row in
                row.map { value -> String in
                    switch value {
                    case .null: return "NULL"
                    case .integer(let v): return String(v)
                    case .real(let v): return String(v)
                    case .text(let v): return "'" + v + "'"
                    case .blob(let v): return "x\(v.count)"
                    }
                }.joined(separator: "|")
            }
        }
        return out
    }

    /// The underlying connection, for tests and inspection tools.
    public var database: SQLiteDatabase { db }
}
