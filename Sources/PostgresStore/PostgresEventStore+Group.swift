import EventStore

/// Group transactions for a server's writer (`GroupTransactions`): the writer holds the decision lock
/// for a whole group, decides each queued command against the state the earlier ones left, appends
/// each under a savepoint of one transaction, and commits once. One commit (one WAL flush) per group
/// rather than per command, as the file log makes a group durable with one fdatasync; other servers
/// wait for the decision lock as they did per command.
extension PostgresEventStore: GroupTransactions {
    public func beginGroup() throws {
        precondition(groupStartHead == nil, "a group transaction is already open")
        try withRetries { try connect().run("BEGIN") }
        groupStartHead = head
    }

    public func commitGroup() throws {
        guard groupStartHead != nil else { return }
        defer { groupStartHead = nil; groupHoldsHeadRow = false }
        do {
            try beforeCommit?(try connect().backendPID)
            try connect().run("COMMIT")
        } catch {
            rollbackGroup()
            if let error = error as? PGError {
                throw EventStoreError.unavailable(store: Self.redacted(conninfo), reason: error.description)
            }
            throw error
        }
    }

    public func rollbackGroup() {
        guard let start = groupStartHead else { return }
        _ = try? connect().run("ROLLBACK")
        head = start
        groupStartHead = nil
        groupHoldsHeadRow = false
    }
}
