/// The storage protocol the registry uses. The file-segment log (`FileEventLog`) implements it, and
/// so does `PostgresEventStore` (module `PostgresStore`): both chain the same record bytes.
///
/// All methods throw `EventStoreError`.
public protocol EventStore: AnyObject {
    /// The last committed record.
    var head: LogHead { get }

    /// Appends one command's events to one stream, atomically and durably.
    /// - Parameters:
    ///   - events: the events, in order.
    ///   - stream: the stream ID.
    ///   - expectedVersion: the version the stream must be at, or `.any`.
    ///   - commandID: identifies the command; a repeated ID returns the first result and appends nothing.
    ///   - actor: who issued the command, `role:id`.
    /// - Returns: the positions and the stream's new version.
    /// - Throws: `EventStoreError.conflict` on a version mismatch, or I/O errors.
    func append(_ events: [NewEvent], to stream: String, expectingVersion expectedVersion: ExpectedVersion,
                commandID: String, actor: String) throws -> AppendResult

    /// Appends several commands with one durable write. Each command stays atomic on its own;
    /// if any command conflicts, nothing is appended.
    /// - Returns: one result per request, in order.
    func append(_ requests: [AppendRequest]) throws -> [AppendResult]

    /// The stream's events in version order.
    /// - Complexity: O(events in the stream), through the stream index.
    func read(stream: String) throws -> [EventEnvelope]

    /// Calls `body` with every event from `position` on, in log order, verifying every record.
    /// - Parameters:
    ///   - position: the first position to deliver (1 for the whole log).
    ///   - through: the last position to deliver (nil: the head).
    func readAll(from position: UInt64, through: UInt64?, _ body: (EventEnvelope) throws -> Void) throws

    /// `readAll` for a fold, which reads only each event's position, recorded-at time, type, schema
    /// version and payload: a store may leave the envelopes' stream and command IDs, actor and event ID
    /// empty (every record is verified all the same). By default, `readAll`.
    func readAllForFolding(from position: UInt64, through: UInt64?, _ body: (EventEnvelope) throws -> Void) throws

    /// The stream's current version (0 when it has no events).
    func version(of stream: String) throws -> UInt64

    /// The result of an earlier append with this command ID, if there was one.
    func result(ofCommand commandID: String) throws -> AppendResult?

    /// The event at `position`, or nil past the head.
    func event(at position: UInt64) throws -> EventEnvelope?

    /// The last position recorded at or before `time` (µs since the epoch), 0 when none is.
    func lastPosition(recordedAtOrBefore time: Int64) throws -> UInt64

    /// Brings `head` up to date with appends made by other processes (a shared database); the file
    /// log, whose writer holds the lock, has nothing to do.
    func refreshHead() throws

    /// Runs `body` (catch up, decide, append) while no other process can append, so that a decision
    /// that counts across streams (an enterprise's intern cap over its placements) cannot be broken
    /// by another process's append made between the decision and this one. The file log's writer
    /// lock already serialises its writers, so its default runs `body` directly.
    func withExclusiveDecision<T>(_ body: () throws -> T) throws -> T
}

/// A store whose appends can share one transaction (a database): a server's writer opens a group,
/// decides and appends its queued commands in it, and commits once, so a group of commands costs one
/// commit (one WAL flush) as a group costs one fdatasync on the file log.
///
/// Inside a group each append is its own savepoint: one that fails leaves the others. Nothing of the
/// group is visible to other processes, or durable, before `commitGroup` returns; if it throws, none
/// of the group's appends happened.
public protocol GroupTransactions: AnyObject {
    /// Opens the group's transaction.
    func beginGroup() throws
    /// Commits every append made since `beginGroup`.
    func commitGroup() throws
    /// Abandons the group: none of its appends happened.
    func rollbackGroup()
}

extension EventStore {
    public func refreshHead() throws {}

    public func withExclusiveDecision<T>(_ body: () throws -> T) throws -> T { try body() }

    public func readAllForFolding(from position: UInt64, through: UInt64?, _ body: (EventEnvelope) throws -> Void) throws {
        try readAll(from: position, through: through, body)
    }

    /// Calls `body` with every event of the log, in order.
    public func readAll(_ body: (EventEnvelope) throws -> Void) throws {
        try readAll(from: 1, through: nil, body)
    }
}
