import SQLiteSupport

/// Where one event's record sits, as the stream index holds it.
struct IndexEntry: Equatable {
    var position: UInt64
    var stream: HashedKey
    var streamVersion: UInt64
    /// The command ID; empty in entries read back from the index (it keeps command IDs in their own table).
    var command: HashedKey
    var segment: UInt32
    var offset: UInt64
    var length: Int
    var hash: Digest
    var recordedAt: Int64

    var streamID: String { stream.value }
    var commandID: String { command.value }
}

/// The committed end of the log as the index last saw it.
struct IndexHead: Equatable {
    var position: UInt64
    var segment: UInt32
    /// Offset just past the last indexed record in `segment`.
    var endOffset: UInt64
    var hash: Digest
    var recordedAt: Int64
}

/// The stream index: derived data in SQLite (`<log>/index.sqlite`), rebuilt from the segments when
/// missing or inconsistent and caught up when behind. It maps streams and command IDs to records.
///
/// Durability: WAL with `synchronous=NORMAL`, so a power cut may lose its last transactions (the index
/// is then behind the log and is caught up on the next open) but never leaves it ahead of the log.
final class StreamIndex {
    static let fileName = "index.sqlite"
    static let schemaVersion = 1
    private let db: SQLiteDatabase

    /// The file's path.
    let path: String

    /// Opens the index of the log in `directory`: for writing, creating it when missing; for reading,
    /// without writing next to the log when the storage is read-only (`DerivedFile.openForReading`).
    /// Either way it runs the checks `DerivedFile.cheapDamage` can afford on every open.
    /// - Throws: `.damagedIndex` when SQLite cannot open it or a check fails, `.index` for other SQLite errors.
    init(directory: String, readOnly: Bool) throws(EventStoreError) {
        path = directory + "/" + StreamIndex.fileName
        do {
            db = readOnly ? try DerivedFile.openForReading(path: path) : try SQLiteDatabase(path: path)
            if !readOnly {
                // As the read model: derived, so closing leaves the WAL to the next writer (`leaveWALOnClose`).
                db.leaveWALOnClose()
                try db.checkpointingSchemaChanges {
                    try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;")
                    // Made once: later opens find the script's mark (`createSchema`) and parse none of it.
                    try db.createSchema("""
                    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS head(id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL,
                        segment INTEGER NOT NULL, end_offset INTEGER NOT NULL, hash BLOB NOT NULL, recorded_at INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS events(position INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL,
                        segment INTEGER NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL, hash BLOB NOT NULL,
                        recorded_at INTEGER NOT NULL);
                    CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events(stream, version);
                    CREATE TABLE IF NOT EXISTS commands(command_id TEXT PRIMARY KEY, first_position INTEGER NOT NULL,
                        last_position INTEGER NOT NULL, stream_version INTEGER NOT NULL) WITHOUT ROWID;
                    INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', \(StreamIndex.schemaVersion));
                    """)
                }
            }
        } catch let error as SQLiteError {
            throw Self.failure(error, path)
        } catch {
            throw .index("\(path): \(error)")
        }
        if let problem = DerivedFile.cheapDamage(db) { throw .damagedIndex(path: path, reason: problem) }
    }

    /// An SQLite error as the log reports it: damage (which the log heals) apart from other failures; never the SQL text.
    private static func failure(_ error: SQLiteError, _ path: String) -> EventStoreError {
        error.isDamage ? .damagedIndex(path: path, reason: error.message) : .index("\(path): \(error.message)")
    }

    private func wrap<T>(_ body: () throws -> T) throws(EventStoreError) -> T {
        do { return try body() } catch let error as SQLiteError { throw Self.failure(error, path) } catch let error as EventStoreError {
            throw error
        } catch {
            throw .index("\(path): \(error)")
        }
    }

    /// Whether `PRAGMA quick_check` finds the whole file sound (a full pass: for `verify`, not every open).
    func quickCheck() throws(EventStoreError) -> Bool {
        try wrap { try DerivedFile.quickCheck(db) == nil }
    }

    /// The furthest record the index holds: its head row, or, should that row be missing, the
    /// events row with the highest position. Everything up to it was acknowledged to a writer's
    /// caller (the index is written only after the segment's sync), so no writer may cut it.
    func committedFloor() throws(EventStoreError) -> IndexHead? {
        if let head = try head() { return head }
        return try wrap {
            try db.select("""
                SELECT position, segment, offset + length, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1
                """, []) { s in
                guard try s.step(), let hash = Digest(s.blob(at: 3)) else { return nil }
                return IndexHead(position: UInt64(s.int64(at: 0)), segment: UInt32(s.int64(at: 1)),
                                 endOffset: UInt64(s.int64(at: 2)), hash: hash, recordedAt: s.int64(at: 4))
            }
        }
    }

    /// The indexed head, or nil for an empty index.
    func head() throws(EventStoreError) -> IndexHead? {
        try wrap {
            try db.select("SELECT position, segment, end_offset, hash, recorded_at FROM head WHERE id = 1", []) { s in
                guard try s.step(), let hash = Digest(s.blob(at: 3)) else { return nil }
                return IndexHead(position: UInt64(s.int64(at: 0)), segment: UInt32(s.int64(at: 1)),
                                 endOffset: UInt64(s.int64(at: 2)), hash: hash, recordedAt: s.int64(at: 4))
            }
        }
    }

    /// Adds entries and moves the head, in one transaction; `replacingAll` empties the index first, in the same transaction.
    func add(_ entries: [IndexEntry], head: IndexHead?, replacingAll: Bool = false) throws(EventStoreError) {
        try wrap {
            try db.transaction {
                if replacingAll { try db.execute("DELETE FROM events; DELETE FROM commands; DELETE FROM head;") }
                // Bound straight from the entries (packed arguments): an index writer spends as much on
                // building each row's values as SQLite spends inserting it (BENCHMARKS.md, appends3).
                try entries.withUnsafeBufferPointer { entries in
                    try db.insertRows(into: "events", columns: ["position", "stream", "version", "segment", "offset", "length", "hash",
                                                                "recorded_at"], count: entries.count) { i, values in
                        values.append(Int64(entries[i].position))
                        values.append(text: entries[i].stream.value)
                        values.append(Int64(entries[i].streamVersion))
                        values.append(Int64(entries[i].segment))
                        values.append(Int64(entries[i].offset))
                        values.append(Int64(entries[i].length))
                        withUnsafeBytes(of: entries[i].hash.bytes) { values.append(blob: $0) }
                        values.append(entries[i].recordedAt)
                    }
                    // A command's entries are contiguous: one row per command, with its range of positions.
                    var commands: [(entry: Int, first: UInt64)] = []
                    for i in entries.indices {
                        if let last = commands.last, entries[last.entry].position + 1 == entries[i].position,
                           entries[last.entry].command.value.hasSameBytes(as: entries[i].command.value) {
                            commands[commands.count - 1].entry = i
                        } else {
                            commands.append((i, entries[i].position))
                        }
                    }
                    try db.insertRows(into: "commands", columns: ["command_id", "first_position", "last_position", "stream_version"],
                                      count: commands.count, ignoringDuplicates: true) { c, values in
                        let last = commands[c].entry
                        values.append(text: entries[last].command.value)
                        values.append(Int64(commands[c].first))
                        values.append(Int64(entries[last].position))
                        values.append(Int64(entries[last].streamVersion))
                    }
                }
                guard let head else { return }
                try db.run("""
                    INSERT INTO head(id, position, segment, end_offset, hash, recorded_at) VALUES (1, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET position = excluded.position, segment = excluded.segment,
                    end_offset = excluded.end_offset, hash = excluded.hash, recorded_at = excluded.recorded_at
                    """, [.integer(Int64(head.position)), .integer(Int64(head.segment)), .integer(Int64(head.endOffset)),
                          .blob(head.hash.rawBytes), .integer(head.recordedAt)])
            }
        }
    }

    /// The stream's entries in version order.
    func entries(stream: String) throws(EventStoreError) -> [IndexEntry] {
        try wrap {
            try db.select("""
                SELECT position, version, segment, offset, length, hash, recorded_at FROM events
                WHERE stream = ? ORDER BY version
                """, [.text(stream)]) { s in
                var out: [IndexEntry] = []
                let key = HashedKey(stream), noCommand = HashedKey("")
                while try s.step() {
                    out.append(IndexEntry(position: UInt64(s.int64(at: 0)), stream: key, streamVersion: UInt64(s.int64(at: 1)),
                                          command: noCommand, segment: UInt32(s.int64(at: 2)), offset: UInt64(s.int64(at: 3)),
                                          length: Int(s.int64(at: 4)), hash: Digest(s.blob(at: 5)) ?? .zero,
                                          recordedAt: s.int64(at: 6)))
                }
                return out
            }
        }
    }

    /// The entry at a global position.
    func entry(at position: UInt64) throws(EventStoreError) -> IndexEntry? {
        try wrap {
            try db.select("""
                SELECT stream, version, segment, offset, length, hash, recorded_at FROM events WHERE position = ?
                """, [.integer(Int64(position))]) { s in
                guard try s.step() else { return nil }
                return IndexEntry(position: position, stream: HashedKey(s.text(at: 0) ?? ""), streamVersion: UInt64(s.int64(at: 1)),
                                  command: HashedKey(""), segment: UInt32(s.int64(at: 2)), offset: UInt64(s.int64(at: 3)),
                                  length: Int(s.int64(at: 4)), hash: Digest(s.blob(at: 5)) ?? .zero, recordedAt: s.int64(at: 6))
            }
        }
    }

    /// The latest entry recorded at or before `recordedAt` (µs), for "as of a time" reads (`--until TIME`).
    ///
    /// Recorded-at times never go backwards along the log (the writer takes the later of its clock and
    /// the head's, and every read of the segments checks it), so this is a binary search over positions:
    /// about 24 lookups by position at 10M events. `recorded_at` has no index, and asking SQLite for
    /// `MAX(position) … WHERE recorded_at <= ?` read the whole table instead: 0.9 s warm, 35 s from a
    /// cold disk, for the 10M-event log's 1.5 GB index.
    func lastPosition(recordedAtOrBefore recordedAt: Int64) throws(EventStoreError) -> UInt64 {
        try wrap {
            /// The last row at or before position `x`: its position and recorded-at time, or nil when there is none.
            func lastRow(atOrBefore x: Int64) throws -> (position: Int64, recordedAt: Int64)? {
                try db.select("SELECT position, recorded_at FROM events WHERE position <= ? ORDER BY position DESC LIMIT 1",
                              [.integer(x)]) { s in try s.step() ? (s.int64(at: 0), s.int64(at: 1)) : nil }
            }
            guard let top = try lastRow(atOrBefore: Int64.max) else { return 0 }
            if top.recordedAt <= recordedAt { return UInt64(top.position) }
            // Invariant: the last row at or before `low` (if there is one) was recorded by `recordedAt`,
            // and the last row at or before `high` after it. Position 0 holds no row.
            var low: Int64 = 0, high = top.position
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if let row = try lastRow(atOrBefore: middle), row.recordedAt > recordedAt { high = middle } else { low = middle }
            }
            return try lastRow(atOrBefore: low).map { UInt64($0.position) } ?? 0
        }
    }

    /// Runs `body`, whose lookups then share one read transaction.
    func reading<T>(_ body: () throws(EventStoreError) -> T) throws(EventStoreError) -> T {
        let result: Result<T, EventStoreError> = try wrap {
            try db.readTransaction { () -> Result<T, EventStoreError> in
                do throws(EventStoreError) { return .success(try body()) } catch { return .failure(error) }
            }
        }
        return try result.get()
    }

    /// The stream's current version (0 when it has no events).
    func version(of stream: String) throws(EventStoreError) -> UInt64 {
        try wrap {
            try db.select("SELECT MAX(version) FROM events WHERE stream = ?", [.text(stream)]) { s in
                guard try s.step(), !s.isNull(at: 0) else { return 0 }
                return UInt64(s.int64(at: 0))
            }
        }
    }

    /// Whether the index holds no command at all.
    func hasNoCommands() throws(EventStoreError) -> Bool {
        try wrap { try db.select("SELECT 1 FROM commands LIMIT 1", []) { s in try !s.step() } }
    }

    /// The hash (`HashedKey.hash`, this process's) of every command ID in the index.
    func commandHashes() throws(EventStoreError) -> Set<Int> {
        try wrap {
            try db.select("SELECT command_id FROM commands", []) { s in
                var hashes = Set<Int>()
                while try s.step() { hashes.insert(HashedKey(s.text(at: 0) ?? "").hash) }
                return hashes
            }
        }
    }

    /// Every stream's current version (its last event's), one row per stream.
    func streamVersions() throws(EventStoreError) -> [(stream: String, version: UInt64)] {
        try wrap {
            try db.select("SELECT stream, MAX(version) FROM events GROUP BY stream", []) { s in
                var out: [(stream: String, version: UInt64)] = []
                while try s.step() { out.append((s.text(at: 0) ?? "", UInt64(s.int64(at: 1)))) }
                return out
            }
        }
    }

    /// The recorded result of a command ID.
    func command(_ id: String) throws(EventStoreError) -> AppendResult? {
        try wrap {
            try db.select("SELECT first_position, last_position, stream_version FROM commands WHERE command_id = ?",
                          [.text(id)]) { s in
                guard try s.step() else { return nil }
                return AppendResult(positions: UInt64(s.int64(at: 0))...UInt64(s.int64(at: 1)),
                                    streamVersion: UInt64(s.int64(at: 2)), wasDuplicate: true)
            }
        }
    }
}
