import EventStore

/// Group transactions for a server's writer (`GroupTransactions`): the writer holds the decision lock
/// for a whole group, decides each queued command against the state the earlier ones left, appends
/// each under a savepoint of one transaction, and commits once. One commit (one WAL flush) per group
/// rather than per command, as the file log makes a group durable with one fdatasync; other servers
/// wait for the decision lock as they did per command.
extension PostgresEventStore: GroupTransactions {
    /// Opens the group. Its transaction begins with its first append, in that append's first round
    /// trip (`groupTransactionOpen`): the decisions before it read outside any transaction, under
    /// the decision lock, as a single command's decision does.
    public func beginGroup() throws {
        precondition(groupStartHead == nil, "a group transaction is already open")
        groupStartHead = head
        groupTransactionOpen = false
        groupFailure = nil
    }

    /// Commits the group. Under the decision lock (a server's writer) the commit does not wait for the
    /// disk: one round trip commits without waiting (`synchronous_commit` off for this transaction),
    /// releases the decision lock, and then commits a one-record transaction that waits for the WAL to
    /// be flushed through it, and so through the group's commit before it. The group's requests are
    /// answered only after that flush, as before; but the other servers decide their next groups while
    /// this one's WAL reaches the disk, instead of waiting for the flush under the lock (one flush,
    /// 4–5 ms on the bench machine, was most of a group's hold), and PostgreSQL flushes their commits
    /// together. As on the file log (whose read model shows a group before its fdatasync), a reader may
    /// see the group in those few milliseconds before it is durable; a client is never told it is.
    /// A flush that fails (lost connection, or `pg_logical_emit_message` refused to the role) answers
    /// the group with the failure: its commands may then be committed, and a client's retry with the
    /// same Idempotency-Key finds them, as after a COMMIT whose acknowledgement was lost.
    public func commitGroup() throws {
        guard groupStartHead != nil else { return }
        let open = groupTransactionOpen
        defer { endGroupState() }
        do {
            // The group's last append failed at its commit (`appendInOneTrip`): so does the group.
            if let groupFailure { throw groupFailure }
            let db = try connect()
            if open && groupConnection !== db { throw Self.groupConnectionLost }
            try beforeCommit?(db.backendPID)
            if let decided = decisionHead, decided.connection === db, !flushRefused {
                do {
                    // A group that appended nothing (every command rejected or repeated) still waits for
                    // the flush: its answers may rest on another server's commit not yet on disk.
                    groupFlushed(try db.pipeline(commitPipeline(committing: open)))
                } catch let error as PGError where error.sqlState == "42501" {
                    // Not permitted to this role: later groups commit synchronously under the lock.
                    flushRefused = true
                    _ = try? db.run("ROLLBACK")
                    throw error
                }
            } else if open {
                try db.run("COMMIT")
            }
        } catch {
            rollbackGroup()
            if let error = error as? PGError {
                throw EventStoreError.unavailable(store: Self.redacted(conninfo), reason: error.description)
            }
            throw error
        }
    }

    /// The statements that end a group under the decision lock, sent in one round trip: the commit
    /// without waiting for the disk (when the group has a transaction), the decision lock's release,
    /// and the flush record, whose commit waits for the WAL through the group's. The unlock and the
    /// record run after the COMMIT in the pipeline's implicit transaction, committed at its sync with
    /// the session's `synchronous_commit` (on): so that commit waits for the flush, as an explicit
    /// BEGIN … COMMIT around the record did, with two statements fewer. The record makes it a
    /// transaction with an ID, whose commit is written and flushed. The last row is the record's LSN.
    func commitPipeline(committing: Bool) -> [(sql: String, params: [PGParam])] {
        let commit: [(sql: String, params: [PGParam])] = committing ? [("SET LOCAL synchronous_commit TO off", []), ("COMMIT", [])] : []
        return commit + [("SELECT pg_advisory_unlock(7170118, hashtext($1))", [.text(storeID)]),
                         ("SELECT pg_logical_emit_message(true, 'registry', 'group flushed')", [])]
    }

    /// After `commitPipeline` ran whole: keeps where its flush record went, and notes that the decision
    /// lock was released (its hold ends without an unlock of its own).
    func groupFlushed(_ rows: [PGRows]) {
        lastFlushRecord = rows.last.map { UInt64(bitPattern: $0.int(0, 0)) }
        decisionHead = nil
        decisionReleased = true
    }

    /// Forgets the group (committed, or rolled back by the caller).
    func endGroupState() {
        groupStartHead = nil
        groupHoldsHeadRow = false
        groupTransactionOpen = false
        groupConnection = nil
        groupFailure = nil
    }

    public func rollbackGroup() {
        guard let start = groupStartHead else { return }
        _ = try? connect().run("ROLLBACK")
        head = start
        // The cache saw the group's appends, which are now undone.
        streamCache.clear()
        endGroupState()
    }

    /// A group's transaction went with its connection: nothing of the group was committed.
    static let groupConnectionLost = PGError(sqlState: "", message: "the connection holding the group's transaction was lost; none of the group was committed",
                                             isConnectionLost: true)
}
