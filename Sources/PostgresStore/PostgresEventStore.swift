import EventStore
import Foundation

/// The event store in PostgreSQL, through libpq: the same protocol, records and chain as the file log.
///
/// **Positions.** Every append locks the one row of `registry_head` (`SELECT … FOR UPDATE`), which
/// carries the last position, its chain hash and its recorded-at time; it numbers its events from
/// there, chains them, inserts them, and moves the head in the same transaction. Appends are
/// therefore serialised in the database, so positions are dense and gap-free and commit in position
/// order: a reader can never see position n+1 before n has committed, and needs no high-water mark.
/// The alternative, numbering after commit by a single integrator (`pg_snapshot_xmin` gating, a
/// sequencer), allows more appends at once but adds a process whose lag every reader waits for and
/// a window in which an event has no position (and so no chain hash). The head row was measured at
/// about 1,000 appends/s with 32 writers here, far above a province's peak (12 million events a year
/// is about 0.4/s on average, a few hundred a second in the busiest minutes), so the simpler design
/// wins; a batch (`append(_:)` with many requests, or a server's group commit) takes the lock once.
///
/// **Checks in SQL.** The expected stream version is checked by the statement that moves the
/// stream's version (`INSERT … ON CONFLICT … WHERE version = expected`, or an `UPDATE … WHERE`),
/// inside the append's transaction; a command ID is unique in `commands`, so a repeated command
/// appends nothing and returns its first result.
///
/// **Chain.** Each event's hash is SHA-256 over the previous hash and exactly the bytes the file log
/// frames for the same event (`ChainRecord`), so `verify`, `Tools/verify-log.py` on an export, and
/// `--expect-head` see one chain whichever store holds it. Reads recompute it for every row they
/// fetch; a stream read before is kept with its checked rows (`StreamCache`), and only its newer
/// rows are fetched (under the decision lock, none when nothing was appended since).
///
/// **Failures.** A lost connection, a restart, a serialisation failure or a deadlock rolls the
/// transaction back; the append is retried on a new connection (a command ID that turns up committed
/// was this append's own commit, whose acknowledgement was lost). After the retries the error is
/// `EventStoreError.unavailable` (exit 3); nothing is ever half-applied.
///
/// One object per thread; several processes and servers may share one database.
public final class PostgresEventStore: EventStore {
    /// Tunables; the defaults suit the CLI.
    public struct Options: Sendable {
        /// The time to stamp as recorded-at, in microseconds since the Unix epoch (never decreasing in the log).
        public var clock: @Sendable () -> Int64
        /// How long an append waits for the head row before giving up with `lockTimeout`.
        public var lockTimeoutMilliseconds: Int
        /// How many times a failed connection or transaction is retried.
        public var retries: Int

        public init(clock: @escaping @Sendable () -> Int64 = FileEventLog.systemClock, lockTimeoutMilliseconds: Int = 10_000,
                    retries: Int = 3) {
            self.clock = clock
            self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
            self.retries = retries
        }
    }

    /// The connection string as given (`postgresql://…` or `key=value …`).
    public let conninfo: String
    public let options: Options
    /// The store's identity, made once by `create`: it names the read-model cache.
    public private(set) var storeID = ""
    public internal(set) var head: LogHead = .empty
    private var connection: PGConnection?
    /// While `withExclusiveDecision` holds the decision lock: the head position the decision saw, and
    /// the connection that holds the lock. An append whose head row has moved past that position (the
    /// lock was lost with its connection, and another process appended) is refused as a conflict.
    var decisionHead: (position: UInt64, connection: PGConnection)?
    /// Test hook (`REGISTRY_TEST_APPEND_GATE=n`): before each append, wait for the advisory lock
    /// (7170119, n) to be free, so that a test can hold writers between their decision and their append.
    private let appendGate = ProcessInfo.processInfo.environment["REGISTRY_TEST_APPEND_GATE"].flatMap { Int32($0) }
    /// Set by `commitGroup` when its pipeline released the decision lock (see there).
    var decisionReleased = false
    /// The role may not write the WAL record that waits for a group's flush: groups commit synchronously.
    var flushRefused = false
    /// Where the last group's flush record was written in the WAL (`pg_logical_emit_message`'s LSN):
    /// tests check it is on disk by the time the group's requests are answered.
    var lastFlushRecord: UInt64?
    /// Test hook: runs inside an append's transaction just before COMMIT.
    var beforeCommit: ((Int32) throws -> Void)?
    /// While a group transaction is open (`GroupTransactions`): the head before it, restored if it is abandoned.
    var groupStartHead: LogHead?
    /// Whether the open group has locked the head row (by an append that was kept): later appends of
    /// the group then know the head without reading the row again.
    var groupHoldsHeadRow = false {
        didSet { if !groupHoldsHeadRow { groupStreams = [:]; groupVersions = [:] } }
    }
    /// Streams and stream versions read while the open group holds the head row. No other process can
    /// append until the group ends, and this store's own appends drop the streams they move, so a
    /// second read in the same group (the registry's header, an enterprise's or a school's stream that
    /// several of the group's commands decide on) is answered without a round trip.
    var groupStreams: [String: [EventEnvelope]] = [:]
    var groupVersions: [String: UInt64] = [:]
    /// Whether the open group has sent its BEGIN: the transaction starts with the group's first append
    /// (in that append's first round trip), so a group of rejections opens none.
    var groupTransactionOpen = false
    /// The connection the open group's transaction runs on. A lost connection takes the transaction
    /// with it: the group's later appends and its commit must not go on over a new one (a COMMIT sent
    /// outside any transaction succeeds with a warning, and would answer the group's lost appends as done).
    var groupConnection: PGConnection?
    /// The open group's last append failed at or after the commit it carried (`appendInOneTrip`):
    /// the group is rolled back, or committed without its flush confirmed, and `commitGroup` says so.
    var groupFailure: PGError?
    /// Under the decision lock: the command ID the writer will decide last in this hold (the last of
    /// `upcomingCommandIDs`, when it appears once), whose append carries the group's commit.
    var decisionLastCommand: String?
    /// The command IDs a server's writer is about to decide (set before `withExclusiveDecision`): the
    /// decision lock's round trip looks them all up at once, so that `result(ofCommand:)` answers each
    /// from memory instead of a round trip per command.
    public var upcomingCommandIDs: [String] = []
    /// The hashes of the bearer tokens the writer's next commands came with (set before
    /// `withExclusiveDecision`, as `upcomingCommandIDs` is): the decision lock's round trip reads their
    /// accounts too (`decisionTokenAccounts`), so that a server may act on a token it met before
    /// without a round trip of its own and still honour a revocation made on any server before the
    /// command is decided.
    public var upcomingTokenHashes: [String] = []
    /// Under the decision lock: the accounts of `upcomingTokenHashes` as the lock's round trip read
    /// them, by hash (a hash absent here has no token); empty outside a hold.
    public internal(set) var decisionTokenAccounts: [String: PostgresServerTables.AccountRow] = [:]
    /// Under the decision lock: the upcoming commands found committed, and those found absent.
    var decisionCommands: [String: AppendResult] = [:]
    var decisionAbsentCommands: Set<String> = []
    /// The streams this store has read, kept with the events after them (`StreamCache`).
    var streamCache = StreamCache()

    /// Whether stream reads may be kept: while a group holds the head row, and also from the moment a
    /// group's decision lock is taken. Under that lock only an append made without it (an import's
    /// batch, `migrate`) can move a stream, and it moves the head too, which the group's first append
    /// sees (the head row differs from the one the lock read) and refuses as a conflict: so a decision
    /// made on a kept read that went stale is never appended.
    var keepsReads: Bool { groupHoldsHeadRow || (groupStartHead != nil && decisionHead != nil) }

    /// Whether `text` names a PostgreSQL store rather than a log directory.
    public static func isConnectionString(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") || text.contains("dbname=") || text.contains("host=")
    }

    /// The connection string with any password replaced by `***`, for messages.
    public static func redacted(_ conninfo: String) -> String {
        var text = conninfo
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
           let colon = text[scheme.upperBound..<at].firstIndex(of: ":") {
            text.replaceSubrange(text.index(after: colon)..<at, with: "***")
        }
        if let range = text.range(of: #"password=[^ &]*"#, options: .regularExpression) {
            text.replaceSubrange(range, with: "password=***")
        }
        return text
    }

    /// Opens the store in the database `conninfo` names; the schema must exist (`create`).
    /// - Throws: `EventStoreError.notALog` when the database holds no registry schema (run `registry init`),
    ///   `.unavailable` when the server cannot be reached, `.invalidAppend` when the schema is newer than this binary.
    public init(conninfo: String, options: Options = .init()) throws {
        self.conninfo = conninfo
        self.options = options
        try withRetries {
            let connection = try self.connect()
            let exists = try connection.run("SELECT to_regclass('registry_schema') IS NOT NULL")
            guard exists.count == 1, exists.bytes(0, 0) == [1] else { throw EventStoreError.notALog(path: Self.redacted(conninfo)) }
            try self.readSchema(connection)
            try self.refreshHead()
        }
    }

    /// Creates the schema, or brings it up to this binary's version; then opens the store.
    /// Several processes may call it at once: the migrations take an advisory lock.
    /// - Returns: the store, and whether anything was created or migrated.
    public static func create(conninfo: String, options: Options = .init()) throws -> (store: PostgresEventStore, migrated: Bool) {
        var migrated = false
        do {
            let connection = try PGConnection(conninfo)
            try connection.run("BEGIN")
            try connection.run("SELECT pg_advisory_xact_lock(7170117)")
            try connection.run(PostgresSchema.versionTable)
            let rows = try connection.run("SELECT version, store_id FROM registry_schema")
            var version = rows.count > 0 ? Int(rows.int(0, 0)) : 0
            if rows.count == 0 {
                try connection.run("INSERT INTO registry_schema (version, store_id) VALUES (0, $1)",
                                   [.text(UUID().uuidString.lowercased())])
            }
            while version < PostgresSchema.version {
                try connection.run(PostgresSchema.migrations[version])
                version += 1
                try connection.run("UPDATE registry_schema SET version = $1, migrated_at = now()", [.int(Int64(version))])
                migrated = true
            }
            try connection.run("COMMIT")
        } catch let error as PGError {
            throw EventStoreError.unavailable(store: redacted(conninfo), reason: error.description)
        }
        return (try PostgresEventStore(conninfo: conninfo, options: options), migrated)
    }

    private func readSchema(_ connection: PGConnection) throws {
        let rows = try connection.run("SELECT version, store_id FROM registry_schema")
        guard rows.count == 1 else { throw EventStoreError.notALog(path: Self.redacted(conninfo)) }
        let version = Int(rows.int(0, 0))
        guard version >= 1 else { throw EventStoreError.notALog(path: Self.redacted(conninfo)) }
        guard version <= PostgresSchema.version else {
            throw EventStoreError.invalidAppend("the database's schema is at version \(version), newer than this registry knows (\(PostgresSchema.version)); upgrade the registry")
        }
        storeID = rows.text(0, 1)
    }

    func connect() throws -> PGConnection {
        if let connection, !connection.isBroken { return connection }
        connection = nil
        let fresh = try PGConnection(conninfo)
        try fresh.run("SET lock_timeout = \(max(1, options.lockTimeoutMilliseconds))")
        try fresh.run("SET TIME ZONE 'UTC'")
        connection = fresh
        return fresh
    }

    /// Runs `body`, retrying on a new connection after failures that leave nothing applied.
    func withRetries<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as PGError where groupStartHead != nil {
                // Inside a group the transaction is the group's: a failed statement was rolled back to
                // its savepoint by the append, and a lost connection took the whole group with it.
                if error.isConnectionLost { connection = nil }
                throw EventStoreError.unavailable(store: Self.redacted(conninfo), reason: error.description)
            } catch let error as PGError where error.isRetryable && attempt < options.retries {
                attempt += 1
                if error.isConnectionLost { connection = nil }
                usleep(useconds_t(50_000 * attempt))
            } catch let error as PGError {
                if error.isConnectionLost { connection = nil }
                _ = try? connection?.run("ROLLBACK")
                if error.sqlState == "55P03" {
                    throw EventStoreError.lockTimeout(path: "registry_head", waitedMilliseconds: options.lockTimeoutMilliseconds)
                }
                throw EventStoreError.unavailable(store: Self.redacted(conninfo), reason: error.description)
            }
        }
    }

    /// Reads the head row again (another process may have appended).
    public func refreshHead() throws {
        // Inside a group the head row is this transaction's once it has appended, and the decision
        // lock keeps other servers out: the head this store keeps is the one a read would return.
        if groupHoldsHeadRow { return }
        // Under the decision lock the head was read when the lock was taken, and this store's own
        // appends move it: an append by a process that does not take the lock (an import, `migrate`)
        // since then makes this decision's append a conflict whatever a second read would say.
        if decisionHead != nil { return }
        try withRetries { try setHead(try connect().run(Self.headQuery)) }
    }

    static let headQuery = "SELECT position, hash, recorded_at FROM registry_head"

    /// Keeps the head `headQuery` returned.
    func setHead(_ rows: PGRows) throws {
        guard rows.count == 1, let hash = Digest(rows.bytes(0, 1)) else {
            throw EventStoreError.integrity(position: 0, segment: "registry_head", offset: 0, reason: "the head row is missing or malformed")
        }
        head = LogHead(position: UInt64(rows.int(0, 0)), hash: hash, recordedAt: rows.int(0, 2))
        // A head behind what the cache has seen: the database was replaced or cut.
        if head.position < streamCache.through { streamCache.clear() }
    }

    /// The server process of this store's connection (tests terminate it).
    func backendPID() throws -> Int32 { try connect().backendPID }

    // MARK: Appending

    public func append(_ events: [NewEvent], to stream: String, expectingVersion expectedVersion: ExpectedVersion,
                       commandID: String, actor: String) throws -> AppendResult {
        try append([AppendRequest(streamID: stream, events: events, expectedVersion: expectedVersion,
                                  commandID: commandID, actor: actor)])[0]
    }

    public func append(_ requests: [AppendRequest]) throws -> [AppendResult] {
        for request in requests { try ChainRecord.validate(request) }
        // Command IDs found committed before this append's first attempt are true repeats; one found
        // only on a retry is this append's own commit whose acknowledgement was lost.
        var repeatsBefore: Set<String>?
        return try withRetries {
            let first = repeatsBefore == nil
            var seen = Set<String>()
            var results = try appendOnce(requests, repeats: &seen)
            if first { repeatsBefore = seen } else {
                for i in results.indices where results[i].wasDuplicate && !(repeatsBefore ?? []).contains(requests[i].commandID) {
                    results[i].wasDuplicate = false
                }
            }
            return results
        }
    }

    private func appendOnce(_ requests: [AppendRequest], repeats: inout Set<String>) throws -> [AppendResult] {
        let db = try connect()
        if let appendGate {
            try db.run("SELECT pg_advisory_lock_shared(7170119, $1::integer)", [.int(Int64(appendGate))])
            try db.run("SELECT pg_advisory_unlock_shared(7170119, $1::integer)", [.int(Int64(appendGate))])
        }
        let inGroup = groupStartHead != nil
        if inGroup && groupTransactionOpen && groupConnection !== db { throw Self.groupConnectionLost }
        // Whether there is nothing left to roll back: the group's savepoint was released by the pipeline
        // that moved the stream (a conflict found then has changed nothing), or the group's first
        // append, which has no savepoint, rolled its transaction back itself (`appendInOneTrip`).
        var released = false
        do {
            // One round trip opens the append: the savepoint (or BEGIN), the head row's lock unless the
            // group holds it, and the first request's lookup, run in that order by the server.
            do {
                if inGroup, let fast = try appendInOneTrip(requests, db) { return fast }
            } catch let failure as OneTripFailure {
                released = true
                throw failure.underlying
            }
            var opening: [(sql: String, params: [PGParam])] = [(inGroup ? "SAVEPOINT registry_append" : "BEGIN", [])]
            if inGroup && !groupTransactionOpen {
                opening.insert(("BEGIN", []), at: 0)
                groupTransactionOpen = true
                groupConnection = db
            }
            if !groupHoldsHeadRow { opening.append(("SELECT position, hash, recorded_at FROM registry_head FOR UPDATE", [])) }
            opening.append(Self.lookup(requests[0]))
            var openingRows = try db.pipeline(opening)
            var firstLookup: PGRows? = openingRows.removeLast()
            var hash: Digest
            var position: UInt64
            let headRecordedAt: Int64
            if groupHoldsHeadRow {
                (position, hash, headRecordedAt) = (head.position, head.hash, head.recordedAt)
            } else {
                let headRow = openingRows[openingRows.count - 1]
                guard headRow.count == 1, let read = Digest(headRow.bytes(0, 1)) else {
                    throw EventStoreError.integrity(position: 0, segment: "registry_head", offset: 0, reason: "the head row is missing or malformed")
                }
                (position, hash, headRecordedAt) = (UInt64(headRow.int(0, 0)), read, headRow.int(0, 2))
            }
            let headAtStart = position
            let recordedAt = max(options.clock(), headRecordedAt)
            var results: [AppendResult] = []
            var appended: [EventEnvelope] = []
            var batch: [String: AppendResult] = [:]
            for request in requests {
                if let earlier = batch[request.commandID] {
                    results.append(AppendResult(positions: earlier.positions, streamVersion: earlier.streamVersion, wasDuplicate: true))
                    continue
                }
                // After the head row's lock, so this statement's snapshot holds every earlier append.
                let lookup: PGRows
                if let first = firstLookup { lookup = first; firstLookup = nil } else {
                    let statement = Self.lookup(request)
                    lookup = try db.run(statement.sql, statement.params)
                }
                if !lookup.isNull(0, 0) {
                    repeats.insert(request.commandID)
                    results.append(AppendResult(positions: UInt64(lookup.int(0, 0))...UInt64(lookup.int(0, 1)),
                                                streamVersion: UInt64(lookup.int(0, 2)), wasDuplicate: true))
                    continue
                }
                let current = UInt64(lookup.int(0, 3))
                if let decided = decisionHead, decided.position != headAtStart {
                    // The decision lock went with a lost connection and another process appended since
                    // the decision: its counts may be stale, so it must be made again.
                    throw EventStoreError.conflict(stream: request.streamID, expected: request.expectedVersion, actual: current)
                }
                switch request.expectedVersion {
                case .any: break
                case .noStream: if current != 0 { throw EventStoreError.conflict(stream: request.streamID, expected: .noStream, actual: current) }
                case .exactly(let v): if current != v { throw EventStoreError.conflict(stream: request.streamID, expected: .exactly(v), actual: current) }
                }
                let count = UInt64(request.events.count)
                let newVersion = current + count
                let firstPosition = position + 1
                let built = Self.eventRows(request, current: current, firstPosition: firstPosition, previousHash: hash, recordedAt: recordedAt)
                position += count
                hash = built.lastHash
                // The expected version is checked again by the statement that moves it: no row back, no append.
                let moveSQL = Self.moveStatement(newStream: current == 0, rows: built.rows, count: request.events.count, guarded: false)
                let params = built.params
                let moved: PGRows
                if inGroup && requests.count == 1 {
                    // The savepoint is released in the same round trip; if the statement fails, the
                    // release is skipped and the rollback below still finds the savepoint.
                    moved = try db.pipeline([(moveSQL, params), ("RELEASE SAVEPOINT registry_append", [])])[0]
                    released = true
                } else {
                    moved = try db.run(moveSQL, params)
                }
                guard moved.count == 1 else {
                    throw EventStoreError.conflict(stream: request.streamID, expected: request.expectedVersion, actual: try streamVersion(request.streamID, db))
                }
                groupStreams[request.streamID] = nil
                groupVersions[request.streamID] = nil
                appended += built.envelopes
                let result = AppendResult(positions: firstPosition...position, streamVersion: newVersion, wasDuplicate: false)
                rememberAppended(request.commandID, result)
                batch[request.commandID] = result
                results.append(result)
            }
            if inGroup {
                // Durable only when the group commits; the decision lock's head follows this group's own appends.
                if !released { try db.run("RELEASE SAVEPOINT registry_append") }
                // The row lock taken under the savepoint is the transaction's now that it is released.
                groupHoldsHeadRow = true
                // Before the group commits: a group rolled back clears the cache.
                for envelope in appended { streamCache.observe(envelope) }
                if position > head.position { head = LogHead(position: position, hash: hash, recordedAt: recordedAt) }
                // Only while the head row was the decision's: an append made without the lock since
                // then (found here by a repeat, which appends nothing) leaves the decision stale, and
                // the group's later appends must still refuse as conflicts.
                if let decided = decisionHead, decided.position == headAtStart { decisionHead?.position = position }
                return results
            }
            try beforeCommit?(db.backendPID)
            try db.run("COMMIT")
            for envelope in appended { streamCache.observe(envelope) }
            if position > head.position { head = LogHead(position: position, hash: hash, recordedAt: recordedAt) }
            return results
        } catch {
            if !released { _ = try? db.run(inGroup ? "ROLLBACK TO SAVEPOINT registry_append" : "ROLLBACK") }
            throw error
        }
    }

    /// The statement that finds a request's command ID (a repeat) and its stream's version.
    private static func lookup(_ request: AppendRequest) -> (sql: String, params: [PGParam]) {
        ("""
         SELECT c.first_position, c.last_position, c.stream_version, coalesce(s.version, 0)::bigint
         FROM (SELECT 1) AS one
         LEFT JOIN commands c ON c.command_id = $1
         LEFT JOIN streams s ON s.stream_id = $2
         """, [.text(request.commandID), .text(request.streamID)])
    }

    /// The statement that inserts one event's row as a copy stores it.
    static func rowInsert(_ e: EventEnvelope, groupIndex: UInt32, groupSize: UInt32, hash: Digest) -> (sql: String, params: [PGParam]) {
        ("""
            INSERT INTO events (position, stream_id, stream_version, event_id, command_id, actor, recorded_at,
                                type, schema_version, group_index, group_size, payload, hash)
            VALUES ($1, $2, $3, $4::uuid, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """, [.int(Int64(e.position)), .text(e.streamID), .int(Int64(e.streamVersion)), .text(e.eventID.description),
                  .text(e.commandID), .text(e.actor), .int(e.recordedAt), .text(e.type), .int(Int64(e.schemaVersion)),
                  .int(Int64(groupIndex)), .int(Int64(groupSize)), .bytes(e.payload), .bytes(hash.rawBytes)])
    }

    /// Runs `body` in one transaction on a live connection, retried as appends are.
    func withTransaction<T>(_ body: (PGConnection) throws -> T) throws -> T {
        try withRetries {
            let db = try connect()
            try db.run("BEGIN")
            do {
                let value = try body(db)
                try db.run("COMMIT")
                return value
            } catch {
                _ = try? db.run("ROLLBACK")
                throw error
            }
        }
    }

    private func commandResult(_ commandID: String, _ db: PGConnection) throws -> AppendResult? {
        let rows = try db.run("SELECT first_position, last_position, stream_version FROM commands WHERE command_id = $1", [.text(commandID)])
        guard rows.count == 1 else { return nil }
        return AppendResult(positions: UInt64(rows.int(0, 0))...UInt64(rows.int(0, 1)), streamVersion: UInt64(rows.int(0, 2)),
                            wasDuplicate: true)
    }

    /// Every stream's version, from the streams table.
    func streamVersions() throws -> [String: UInt64] {
        try withRetries {
            let rows = try connect().run("SELECT stream_id, version FROM streams")
            var versions: [String: UInt64] = [:]
            for row in 0..<rows.count { versions[rows.text(row, 0)] = UInt64(rows.int(row, 1)) }
            return versions
        }
    }

    private func streamVersion(_ stream: String, _ db: PGConnection) throws -> UInt64 {
        let rows = try db.run("SELECT version FROM streams WHERE stream_id = $1", [.text(stream)])
        return rows.count == 1 ? UInt64(rows.int(0, 0)) : 0
    }

    // MARK: Reading

    /// The columns every read selects, and the chain hash of the record before (for checking each row).
    private static let columns = """
        e.position, e.stream_id, e.stream_version, e.event_id, e.command_id, e.actor, e.recorded_at, e.type,
        e.schema_version, e.group_index, e.group_size, e.payload, e.hash
        """

    public func version(of stream: String) throws -> UInt64 {
        if keepsReads, let known = groupVersions[stream] { return known }
        if let kept = try keptStream(stream) { return kept.last?.streamVersion ?? 0 }
        let version = try withRetries { try streamVersion(stream, try connect()) }
        if keepsReads { groupVersions[stream] = version }
        return version
    }

    public func result(ofCommand commandID: String) throws -> AppendResult? {
        if decisionHead != nil {
            // Looked up with the decision lock (`upcomingCommandIDs`); the append checks again in SQL.
            if let known = decisionCommands[commandID] { return known }
            if decisionAbsentCommands.contains(commandID) { return nil }
        }
        return try withRetries { try commandResult(commandID, try connect()) }
    }

    public func lastPosition(recordedAtOrBefore time: Int64) throws -> UInt64 {
        try withRetries {
            let rows = try connect().run("SELECT coalesce(max(position), 0)::bigint FROM events WHERE recorded_at <= $1", [.int(time)])
            return UInt64(rows.int(0, 0))
        }
    }

    public func read(stream: String) throws -> [EventEnvelope] {
        if keepsReads, let known = groupStreams[stream] { return known }
        if let kept = try keptStream(stream) { return kept }
        let events = try readUncached(stream: stream)
        streamCache.keep(stream, events)
        if keepsReads {
            groupStreams[stream] = events
            // The stream's version is its last event's: the decision asks for it next.
            groupVersions[stream] = events.last?.streamVersion ?? 0
        }
        return events
    }

    /// A kept stream (`streamCache`), brought up to date: as kept under the decision lock when the
    /// cache has seen every event through the head the lock read, else with the events after its
    /// last version read from the database. Nil when the stream is not kept.
    private func keptStream(_ stream: String) throws -> [EventEnvelope]? {
        guard let kept = streamCache.events(of: stream) else { return nil }
        if decisionHead != nil && streamCache.through == head.position { return kept }
        let newer = try readUncached(stream: stream, after: kept.last?.streamVersion ?? 0)
        if newer.isEmpty { return kept }
        streamCache.extend(stream, with: newer)
        return streamCache.events(of: stream) ?? kept + newer
    }

    private func readUncached(stream: String, after version: UInt64 = 0) throws -> [EventEnvelope] {
        try withRetries {
            let rows = try connect().run("""
                SELECT \(Self.columns), p.hash FROM events e LEFT JOIN events p ON p.position = e.position - 1
                WHERE e.stream_id = $1 AND e.stream_version > $2 ORDER BY e.stream_version
                """, [.text(stream), .int(Int64(version))])
            return try (0..<rows.count).map { try checkedEnvelope(rows, $0, previous: previousHash(rows, $0)) }
        }
    }

    public func event(at position: UInt64) throws -> EventEnvelope? {
        try withRetries {
            let rows = try connect().run("""
                SELECT \(Self.columns), p.hash FROM events e LEFT JOIN events p ON p.position = e.position - 1
                WHERE e.position = $1
                """, [.int(Int64(position))])
            return rows.count == 1 ? try checkedEnvelope(rows, 0, previous: previousHash(rows, 0)) : nil
        }
    }

    private func previousHash(_ rows: PGRows, _ row: Int) throws -> Digest {
        if rows.int(row, 0) == 1 { return .zero }
        guard !rows.isNull(row, 13), let hash = Digest(rows.bytes(row, 13)) else {
            throw EventStoreError.integrity(position: UInt64(rows.int(row, 0)) - 1, segment: "events", offset: 0, reason: "the event row is missing")
        }
        return hash
    }

    public func readAll(from position: UInt64, through last: UInt64?, _ body: (EventEnvelope) throws -> Void) throws {
        try walk(from: position, through: last) { envelope, _ in try body(envelope) }
    }

    /// `readAll`, handing each event's chain hash along too.
    func walk(from position: UInt64, through last: UInt64?, _ body: (EventEnvelope, Digest) throws -> Void) throws {
        try refreshHead()
        let end = min(last ?? head.position, head.position)
        var next = max(position, 1)
        guard next <= end else { return }
        var previous: Digest = .zero
        let page: Int64 = 5_000
        // The first page starts one row early, for the chain hash the first event is checked against:
        // a server catching up with another's last group reads it in one query.
        var skip = next == 1 ? 0 : 1
        while next <= end {
            let from = Int64(next) - Int64(skip)
            let rows = try withRetries {
                try connect().run("SELECT \(Self.columns) FROM events e WHERE e.position BETWEEN $1 AND $2 ORDER BY e.position",
                                  [.int(from), .int(min(Int64(end), Int64(next) + page - 1))])
            }
            if skip == 1 {
                guard rows.count > 0, rows.int(0, 0) == from, let hash = Digest(rows.bytes(0, 12)) else {
                    throw EventStoreError.integrity(position: next - 1, segment: "events", offset: 0, reason: "the event row is missing")
                }
                previous = hash
            }
            guard rows.count > skip else {
                throw EventStoreError.integrity(position: next, segment: "events", offset: 0, reason: "the event row is missing")
            }
            for row in skip..<rows.count {
                // The row's stored hash equals the one just computed (checked), so the next row chains from that.
                let envelope = try checkedEnvelope(rows, row, previous: previous, expectedPosition: next, hash: &previous)
                streamCache.observe(envelope)
                next += 1
                try body(envelope, previous)
            }
            skip = 0
        }
        if end == head.position && previous != head.hash {
            throw EventStoreError.integrity(position: end, segment: "registry_head", offset: 0,
                                            reason: "the head row's hash does not match the last event's chain hash")
        }
    }

    /// Decodes a row and checks it: its position, its chain hash over the record bytes, its event ID.
    /// - Parameter hash: set to the row's chain hash once it is checked.
    private func checkedEnvelope(_ rows: PGRows, _ row: Int, previous: Digest, expectedPosition: UInt64? = nil) throws -> EventEnvelope {
        var hash = Digest.zero
        return try checkedEnvelope(rows, row, previous: previous, expectedPosition: expectedPosition, hash: &hash)
    }

    private func checkedEnvelope(_ rows: PGRows, _ row: Int, previous: Digest, expectedPosition: UInt64?, hash: inout Digest) throws -> EventEnvelope {
        let position = UInt64(rows.int(row, 0))
        func failure(_ reason: String) -> EventStoreError {
            .integrity(position: expectedPosition ?? position, segment: "events", offset: 0, reason: reason)
        }
        if let expectedPosition, position != expectedPosition { throw failure("position \(expectedPosition) is missing") }
        let event = NewEvent(type: rows.text(row, 7), schemaVersion: UInt16(truncatingIfNeeded: rows.int(row, 8)), payload: rows.bytes(row, 11))
        let envelopeFields = (stream: rows.text(row, 1), version: UInt64(rows.int(row, 2)), command: rows.text(row, 4),
                              actor: rows.text(row, 5), recordedAt: rows.int(row, 6))
        let chained = ChainRecord.chain(streamID: envelopeFields.stream, commandID: envelopeFields.command, actor: envelopeFields.actor,
                                        event: event, position: position, streamVersion: envelopeFields.version,
                                        recordedAt: envelopeFields.recordedAt, groupIndex: UInt32(truncatingIfNeeded: rows.int(row, 9)),
                                        groupSize: UInt32(truncatingIfNeeded: rows.int(row, 10)), previousHash: previous)
        // Compared as bytes: `Digest(_:)`, generic and unspecialised across modules, copied each byte
        // through `enumerated()` and cost a server more CPU than the SHA-256 it checks.
        guard rows.bytes(row, 12) == chained.hash.rawBytes else { throw failure("chain hash mismatch") }
        hash = chained.hash
        guard rows.bytes(row, 3) == chained.eventID.bytes else { throw failure("the event ID does not follow from the command ID") }
        return EventEnvelope(position: position, streamID: envelopeFields.stream, streamVersion: envelopeFields.version,
                             eventID: chained.eventID, commandID: envelopeFields.command, actor: envelopeFields.actor,
                             recordedAt: envelopeFields.recordedAt, type: event.type, schemaVersion: event.schemaVersion,
                             payload: event.payload)
    }
}
