import EventStore

/// A server's appends in fewer round trips: the group's command IDs looked up with the decision lock,
/// and an append inside a group sent in one round trip, before its lookup.
extension PostgresEventStore {
    /// The statement that moves a stream from version `$3` to `$2` and, only if it moved, inserts the
    /// events (`rows`, from `eventRows`), the command's row, and moves the head to `$6`/`$7`/`$8`.
    /// `guarded` adds two conditions to the move, for an append sent before its lookup
    /// (`appendInOneTrip`): the command ID `$4` is new, and the head is still at `$5 - 1`. No row back:
    /// nothing was written. `failsUnmoved`: instead of no row, the statement fails (division by zero,
    /// SQLSTATE 22012, the only division in it) when nothing moved, so that the statements sent after it
    /// in the same pipeline — a group's commit — are skipped.
    static func moveStatement(newStream: Bool, rows: [String], count: Int, guarded: Bool, failsUnmoved: Bool = false) -> String {
        let guards = guarded
            ? " AND NOT EXISTS (SELECT 1 FROM commands WHERE command_id = $4::text)"
                + " AND EXISTS (SELECT 1 FROM registry_head WHERE position = $5::bigint - 1)"
            : ""
        let move = newStream
            ? "INSERT INTO streams (stream_id, version) SELECT $1::text, $2::bigint WHERE $3::bigint = 0\(guards) ON CONFLICT (stream_id) DO NOTHING RETURNING version"
            : "UPDATE streams SET version = $2::bigint WHERE stream_id = $1::text AND version = $3::bigint\(guards) RETURNING version"
        return """
            WITH moved AS (\(move)),
            ev AS (INSERT INTO events (position, stream_id, stream_version, event_id, command_id, actor, recorded_at,
                                       type, schema_version, group_index, group_size, payload, hash)
                   SELECT v.position, $1::text, v.stream_version, v.event_id, $4::text, $9::text, $8::bigint, v.type,
                          v.schema_version, v.group_index, \(count), v.payload, v.hash
                   FROM (VALUES \(rows.joined(separator: ", "))) AS v(position, stream_version, event_id, type, schema_version,
                                                                    group_index, payload, hash)
                   WHERE EXISTS (SELECT 1 FROM moved)),
            cmd AS (INSERT INTO commands (command_id, first_position, last_position, stream_version)
                    SELECT $4::text, $5::bigint, $6::bigint, version FROM moved),
            hd AS (UPDATE registry_head SET position = $6::bigint, hash = $7::bytea, recorded_at = $8::bigint
                   WHERE EXISTS (SELECT 1 FROM moved))
            \(failsUnmoved ? "SELECT (SELECT version FROM moved) AS version, 1 / (SELECT count(*)::integer FROM moved) AS moved_once" : "SELECT version FROM moved")
            """
    }

    /// The SQLSTATE of a `failsUnmoved` move that moved nothing.
    static let unmovedState = "22012"

    /// A request's events chained from `previousHash`, as the VALUES rows and parameters of
    /// `moveStatement` (stream `$1`, new version `$2`, current `$3`, command `$4`, first and last
    /// position `$5` `$6`, last hash `$7`, recorded-at `$8`, actor `$9`, then four per event). A row's
    /// position and version are written as `$5 + i` and `$3 + i + 1`, so that the statement's text
    /// depends only on the number of events and is prepared once per connection: with the numbers
    /// written into the text, every append was a new statement to prepare (a round trip and a plan
    /// each) until the connection's 256 prepared shapes were used up.
    static func eventRows(_ request: AppendRequest, current: UInt64, firstPosition: UInt64, previousHash: Digest,
                          recordedAt: Int64) -> (rows: [String], params: [PGParam], lastHash: Digest, envelopes: [EventEnvelope]) {
        let count = UInt64(request.events.count)
        var params: [PGParam] = [.text(request.streamID), .int(Int64(current + count)), .int(Int64(current)), .text(request.commandID),
                                 .int(Int64(firstPosition)), .int(Int64(firstPosition + count - 1)), .null, .int(recordedAt),
                                 .text(request.actor)]
        var rows: [String] = []
        var envelopes: [EventEnvelope] = []
        var hash = previousHash
        for (index, event) in request.events.enumerated() {
            let chained = ChainRecord.chain(streamID: request.streamID, commandID: request.commandID, actor: request.actor,
                                            event: event, position: firstPosition + UInt64(index),
                                            streamVersion: current + UInt64(index) + 1, recordedAt: recordedAt,
                                            groupIndex: UInt32(index), groupSize: UInt32(count), previousHash: hash)
            hash = chained.hash
            envelopes.append(EventEnvelope(position: firstPosition + UInt64(index), streamID: request.streamID,
                                           streamVersion: current + UInt64(index) + 1, eventID: chained.eventID,
                                           commandID: request.commandID, actor: request.actor, recordedAt: recordedAt,
                                           type: event.type, schemaVersion: event.schemaVersion, payload: event.payload))
            let n = params.count
            rows.append("($5::bigint + \(index), $3::bigint + \(index + 1), $\(n + 1)::uuid, $\(n + 2)::text, \(event.schemaVersion)::integer, "
                        + "\(index)::integer, $\(n + 3)::bytea, $\(n + 4)::bytea)")
            params += [.text(chained.eventID.description), .text(event.type), .bytes(event.payload), .bytes(hash.rawBytes)]
        }
        params[6] = .bytes(hash.rawBytes)
        return (rows, params, hash, envelopes)
    }

    /// One append of a server's group in one round trip (BEGIN if the group has none yet, the
    /// savepoint, the head row's lock unless the group holds it, the guarded move, the release),
    /// numbered from the head the decision lock read and the group's appends moved. It needs what
    /// the decision knew: a single request expecting an exact version, under the decision lock. Nil
    /// when it does not apply, or when the move wrote nothing (a repeated command ID, a stream or a
    /// head moved by an append made without the lock): the general append then finds which, as before.
    ///
    /// The group's last command (`decisionLastCommand`) also carries the group's commit, the decision
    /// lock's release and the flush record (`commitPipeline`) in the same round trip: one round trip
    /// less per group, so per command at one client. Its move then fails rather than write nothing, so
    /// that the commit behind it is skipped and the transaction (or the savepoint) is rolled back
    /// before the general append runs, still under the lock. A failure from the commit on (the
    /// transaction rolled back, or committed with its flush unconfirmed) fails the whole group:
    /// `commitGroup` throws it, as when the commit was its own round trip.
    func appendInOneTrip(_ requests: [AppendRequest], _ db: PGConnection) throws -> [AppendResult]? {
        guard requests.count == 1, let decided = decisionHead, decided.connection === db, decided.position == head.position,
              case .exactly(let current) = requests[0].expectedVersion, !requests[0].events.isEmpty else { return nil }
        let request = requests[0]
        let recordedAt = max(options.clock(), head.recordedAt)
        let firstPosition = head.position + 1
        let built = Self.eventRows(request, current: current, firstPosition: firstPosition, previousHash: head.hash, recordedAt: recordedAt)
        let endsGroup = !flushRefused && decisionLastCommand == request.commandID
        // The group's first append opens its transaction and needs no savepoint: nothing else is in
        // the transaction to keep, so a failure rolls the whole transaction back, and the group's next
        // append begins another. A later append is wrapped in a savepoint, rolled back alone.
        let opensTransaction = !groupTransactionOpen
        var statements: [(sql: String, params: [PGParam])] = [(opensTransaction ? "BEGIN" : "SAVEPOINT registry_append", [])]
        if !groupHoldsHeadRow { statements.append(("SELECT position FROM registry_head FOR UPDATE", [])) }
        let moveIndex = statements.count
        statements.append((Self.moveStatement(newStream: current == 0, rows: built.rows, count: request.events.count, guarded: true,
                                              failsUnmoved: endsGroup), built.params))
        if !opensTransaction { statements.append(("RELEASE SAVEPOINT registry_append", [])) }
        let commitIndex = statements.count
        if endsGroup {
            try beforeCommit?(db.backendPID)
            statements += commitPipeline(committing: true)
        }
        groupTransactionOpen = true
        groupConnection = db
        let rows: [PGRows]
        do {
            rows = try db.pipeline(statements)
        } catch let error as PGError where endsGroup && error.failedStatement == moveIndex && error.sqlState == Self.unmovedState {
            // The guard did not hold: nothing was written, and the commit was skipped. Undo what the
            // round trip opened (the head row's lock with it), and let the general append find why.
            if opensTransaction {
                _ = try db.run("ROLLBACK")
                groupTransactionOpen = false
                groupConnection = nil
            } else {
                _ = try db.run("ROLLBACK TO SAVEPOINT registry_append")
            }
            return nil
        } catch let error as PGError where endsGroup && (error.isConnectionLost || (error.failedStatement ?? 0) >= commitIndex) {
            // The commit failed (the group is rolled back), or its fate or its flush is unknown: the
            // whole group fails, as a failed `commitGroup` fails it.
            if error.sqlState == "42501" { flushRefused = true }
            if !error.isConnectionLost { _ = try? db.run("ROLLBACK") }
            groupFailure = error
            throw OneTripFailure(underlying: error)
        } catch where opensTransaction {
            // Nothing of the group was in the transaction: it goes whole, as the savepoint's rollback
            // would have undone this append alone. (A later append's failure is rolled back to its
            // savepoint by the caller, `appendOnce`.)
            _ = try? db.run("ROLLBACK")
            groupTransactionOpen = false
            groupConnection = nil
            throw OneTripFailure(underlying: error)
        }
        if !groupHoldsHeadRow {
            // The row's lock is the transaction's (taken outside a savepoint, or one now released); the group holds
            // the head only if it is still the one the decision saw (else the general append refuses).
            let locked = rows[moveIndex - 1]
            groupHoldsHeadRow = locked.count == 1 && UInt64(locked.int(0, 0)) == head.position
        }
        guard rows[moveIndex].count == 1, !rows[moveIndex].isNull(0, 0) else { return nil }
        let last = firstPosition + UInt64(request.events.count) - 1
        groupStreams[request.streamID] = nil
        groupVersions[request.streamID] = nil
        let result = AppendResult(positions: firstPosition...last, streamVersion: current + UInt64(request.events.count), wasDuplicate: false)
        rememberAppended(request.commandID, result)
        // Before the group commits: a group rolled back clears the cache.
        for envelope in built.envelopes { streamCache.observe(envelope) }
        head = LogHead(position: last, hash: built.lastHash, recordedAt: recordedAt)
        decisionHead?.position = last
        if endsGroup {
            // Committed, flushed, and the decision lock released: the group is over (`commitGroup`
            // finds nothing left to do).
            endGroupState()
            groupFlushed(rows)
        }
        return [result]
    }

    /// The group's first one-trip append failed and its transaction was rolled back whole: there is no
    /// savepoint for the caller to roll back to.
    struct OneTripFailure: Error {
        let underlying: Error
    }

    /// Under the decision lock: a command this store appended is a repeat for the rest of the hold.
    func rememberAppended(_ commandID: String, _ result: AppendResult) {
        guard decisionHead != nil else { return }
        decisionAbsentCommands.remove(commandID)
        var repeated = result
        repeated.wasDuplicate = true
        decisionCommands[commandID] = repeated
    }

    /// The statement that looks up `upcomingCommandIDs` with the decision lock, and its parameter: the
    /// ID itself for a group of one, else a text array literal, each ID quoted. A group of one (every
    /// group at one client) is asked with `=`: PostgreSQL found no generic plan for `= ANY($1)` as cheap
    /// as a custom one, so it planned that statement again on every hold (38 µs of the database's CPU
    /// per command at one client, `pg_stat_statements`).
    static func upcomingCommandsLookup(_ ids: [String]) -> (sql: String, params: [PGParam]) {
        let columns = "SELECT command_id, first_position, last_position, stream_version FROM commands"
        if ids.count == 1 { return (columns + " WHERE command_id = $1", [.text(ids[0])]) }
        return (columns + " WHERE command_id = ANY($1::text[])", [.text(PGConnection.textArrayLiteral(ids))])
    }

    /// Keeps the upcoming commands' lookup (`upcomingCommandsLookup`'s rows) for the decision lock's hold.
    func keepUpcomingCommands(_ ids: [String], _ rows: PGRows?) {
        decisionCommands = [:]
        decisionAbsentCommands = Set(ids)
        guard let rows else { return }
        for row in 0..<rows.count {
            let id = rows.text(row, 0)
            decisionAbsentCommands.remove(id)
            decisionCommands[id] = AppendResult(positions: UInt64(rows.int(row, 1))...UInt64(rows.int(row, 2)),
                                                streamVersion: UInt64(rows.int(row, 3)), wasDuplicate: true)
        }
    }
}
