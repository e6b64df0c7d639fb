import EventStore
import Foundation
import SQLiteSupport
#if canImport(Glibc)
import Glibc
#endif

/// A realistic append workload: the commands of a generated history, as `AppendRequest`s.
func workload(from directory: String, count: Int) throws -> [AppendRequest] {
    let log = try FileEventLog(directory: directory, mode: .read)
    var requests: [AppendRequest] = []
    var events = 0
    try log.readAll(from: 1, through: nil) { e in
        if let last = requests.last, last.commandID == e.commandID {
            requests[requests.count - 1].events.append(NewEvent(type: e.type, schemaVersion: e.schemaVersion, payload: e.payload))
        } else {
            guard events < count else { return }
            requests.append(AppendRequest(streamID: e.streamID, events: [NewEvent(type: e.type, schemaVersion: e.schemaVersion, payload: e.payload)],
                                          expectedVersion: .exactly(e.streamVersion - 1), commandID: e.commandID, actor: e.actor))
        }
        events += 1
    }
    return requests
}

/// Splits requests into batches of about `size` events (a command's events are never split).
func batches(_ requests: [AppendRequest], size: Int) -> [[AppendRequest]] {
    var out: [[AppendRequest]] = []
    var current: [AppendRequest] = []
    var n = 0
    for r in requests {
        current.append(r)
        n += r.events.count
        if n >= size { out.append(current); current = []; n = 0 }
    }
    if !current.isEmpty { out.append(current) }
    return out
}

struct AppendFigures {
    var batchSize: Int
    var events: Int
    var batches: Int
    var seconds: Double
    /// Per-batch latencies in seconds.
    var latencies: [Double]
    /// CPU seconds the appending thread used over all batches (the rest of `seconds` is waiting, mostly on fdatasync).
    var cpuSeconds: Double = 0
    /// Of `seconds`, the time after the last append returned: finishing the log's index and closing
    /// it, or closing SQLite (which checkpoints its WAL).
    var finishingSeconds: Double = 0
    var eventsPerSecond: Double { Double(events) / seconds }
}

/// Durable appends into a fresh `FileEventLog`: one `append` (one fdatasync) per batch.
///
/// Both sides are timed from the first append until the store is closed, so that each has done all
/// the work its appends caused: the log's stream index is complete (its index writer lags behind the
/// appends) and SQLite's WAL has been checkpointed (closing the last connection does that).
/// - Parameters:
///   - setUp: runs once on the fresh log inside the timed run (the tree benches keep a tree there).
///   - afterEach: runs after each batch's append, inside its latency (a tree caught up from the log).
func benchLogAppends(_ batchList: [[AppendRequest]], directory: String, batchSize: Int,
                     setUp: (FileEventLog) throws -> Void = { _ in },
                     afterEach: (FileEventLog) throws -> Void = { _ in }) throws -> AppendFigures {
    var log: FileEventLog! = try FileEventLog(directory: directory, mode: .write)
    var latencies: [Double] = []
    latencies.reserveCapacity(batchList.count)
    var events = 0
    let start = now(), cpu = threadCPU()
    try setUp(log)
    for batch in batchList {
        let t = now()
        _ = try log.append(batch)
        try afterEach(log)
        latencies.append(now() - t)
        events += batch.reduce(0) { $0 + $1.events.count }
    }
    // The stream index is written behind the appends (by the log's index writer); what is left
    // goes in now, inside the timed run, so the figure covers the index too.
    let finishing = now()
    try log.flushIndex()
    log = nil  // closes the segment and both index connections
    let end = now()
    return AppendFigures(batchSize: batchSize, events: events, batches: batchList.count, seconds: end - start, latencies: latencies,
                         cpuSeconds: threadCPU() - cpu, finishingSeconds: end - finishing)
}

/// The comparator: the same batches into an SQLite events table at the same durability (WAL,
/// synchronous=FULL, one transaction per batch), with the same checks: the command ID seen before
/// (idempotency) and the stream's current version (optimistic concurrency).
func benchSQLiteAppends(_ batchList: [[AppendRequest]], path: String, batchSize: Int) throws -> AppendFigures {
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    var db: SQLiteDatabase! = try SQLiteDatabase(path: path)
    try db.execute("""
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=FULL;
        CREATE TABLE events(position INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL,
            event_id BLOB NOT NULL, command_id TEXT NOT NULL, actor TEXT NOT NULL, recorded_at INTEGER NOT NULL,
            type TEXT NOT NULL, schema INTEGER NOT NULL, payload BLOB NOT NULL, UNIQUE(stream, version));
        CREATE INDEX events_by_command ON events(command_id);
        """)
    var latencies: [Double] = []
    var events = 0
    var position: Int64 = 0
    let start = now(), cpu = threadCPU()
    for batch in batchList {
        let t = now()
        try db.transaction {
            for r in batch {
                let seen = try db.prepare("SELECT 1 FROM events WHERE command_id = ? LIMIT 1")
                try seen.bind([.text(r.commandID)])
                if try seen.step() { continue }
                let versionQuery = try db.prepare("SELECT COALESCE(MAX(version), 0) FROM events WHERE stream = ?")
                try versionQuery.bind([.text(r.streamID)])
                _ = try versionQuery.step()
                let current = versionQuery.int64(at: 0)
                if case .exactly(let expected) = r.expectedVersion, UInt64(current) != expected {
                    throw EventStoreError.conflict(stream: r.streamID, expected: r.expectedVersion, actual: UInt64(current))
                }
                let recordedAt = Int64(Date().timeIntervalSince1970 * 1_000_000)
                for (i, e) in r.events.enumerated() {
                    position += 1
                    var id = [UInt8](repeating: 0, count: 16)
                    withUnsafeBytes(of: position.littleEndian) { for k in 0..<8 { id[k] = $0[k] } }
                    let insert = try db.prepare("""
                        INSERT INTO events(position, stream, version, event_id, command_id, actor, recorded_at, type, schema, payload)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    try insert.bind([.integer(position), .text(r.streamID), .integer(current + Int64(i) + 1), .blob(id),
                                     .text(r.commandID), .text(r.actor), .integer(recordedAt), .text(e.type),
                                     .integer(Int64(e.schemaVersion)), .blob(e.payload)])
                    while try insert.step() {}
                }
            }
        }
        latencies.append(now() - t)
        events += batch.reduce(0) { $0 + $1.events.count }
    }
    let finishing = now()
    db = nil  // closing the connection checkpoints the WAL
    let end = now()
    return AppendFigures(batchSize: batchSize, events: events, batches: batchList.count, seconds: end - start, latencies: latencies,
                         cpuSeconds: threadCPU() - cpu, finishingSeconds: end - finishing)
}

/// The disk's physical floor for a durable write: append `size` bytes to a file and `fdatasync`, `count` times.
/// With `overwrite`, every write goes over the same bytes at the start of an already written file
/// (as SQLite's WAL is reused after a checkpoint) instead of extending it, so fdatasync has no new
/// file size or blocks to record.
func fsyncLatencies(path: String, count: Int, size: Int = 400, overwrite: Bool = false) -> [Double] {
    unlink(path)
    let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return [] }
    defer { close(fd); unlink(path) }
    let bytes = [UInt8](repeating: 0x5A, count: size)
    var offset: off_t = 0
    var out: [Double] = []
    if overwrite {
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, size, 0) }
        fdatasync(fd)
    }
    for _ in 0..<count {
        let t = now()
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, size, offset) }
        fdatasync(fd)
        out.append(now() - t)
        if !overwrite { offset += off_t(size) }
    }
    return out
}
