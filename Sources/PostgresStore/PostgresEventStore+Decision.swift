import EventStore

extension PostgresEventStore {
    /// Serialises decisions across every process sharing the database: a session advisory lock, keyed
    /// by the store's identity, is held from before the read model catches up until the append has
    /// committed. Each server decides from its own SQLite cache, and the append checks only the target
    /// stream's version, so without the lock two servers could both accept commands that together break
    /// a rule counted across streams (an enterprise's intern cap over its placements, a quota).
    ///
    /// Why a session lock rather than the head row's `FOR UPDATE` held across the decision: the
    /// decision runs outside any transaction (catching the cache up reads in pages), and the lock must
    /// outlive those reads; the append still takes the head row as before. Reads (`audit`, `show`,
    /// `verify`) never take it, so readers never wait for writers. Appends made without the lock
    /// (`migrate`, `registry-gen`, imports' batches) are still ordered by the head row. If the
    /// connection (and so the lock) is lost mid-decision, the append sees the head moved past the
    /// position the decision saw and refuses as a conflict (exit 3) rather than append on stale counts.
    /// Waiting longer than `lockTimeoutMilliseconds` is `EventStoreError.lockTimeout` (exit 3).
    public func withExclusiveDecision<T>(_ body: () throws -> T) throws -> T {
        if decisionHead != nil { return try body() }
        // The lock, the head row, the upcoming commands' lookup and their bearer tokens' accounts in one
        // round trip: the head, the commands and the accounts are read once the lock is held.
        let upcoming = upcomingCommandIDs
        let tokenHashes = upcomingTokenHashes
        upcomingCommandIDs = []
        upcomingTokenHashes = []
        let (holder, headRow, commands, tokens): (PGConnection, PGRows, PGRows?, PGRows?) = try withRetries {
            let db = try connect()
            var statements: [(sql: String, params: [PGParam])] = [("SELECT pg_advisory_lock(7170118, hashtext($1))", [.text(storeID)]),
                                                                  (Self.headQuery, [])]
            if !upcoming.isEmpty { statements.append(Self.upcomingCommandsLookup(upcoming)) }
            if !tokenHashes.isEmpty { statements.append(PostgresServerTables.tokenAccountsLookup(tokenHashes)) }
            let rows = try db.pipeline(statements)
            return (db, rows[1], upcoming.isEmpty ? nil : rows[2], tokenHashes.isEmpty ? nil : rows[rows.count - 1])
        }
        decisionReleased = false
        keepUpcomingCommands(upcoming, commands)
        decisionTokenAccounts = tokens.map(PostgresServerTables.tokenAccounts) ?? [:]
        // A command ID queued twice (a client's retry) must not end the group at its first append.
        decisionLastCommand = upcoming.last.flatMap { last in upcoming.firstIndex(of: last) == upcoming.count - 1 ? last : nil }
        defer {
            decisionLastCommand = nil
            decisionHead = nil
            decisionCommands = [:]
            decisionAbsentCommands = []
            decisionTokenAccounts = [:]
            if !decisionReleased && !holder.isBroken {
                _ = try? holder.run("SELECT pg_advisory_unlock(7170118, hashtext($1))", [.text(storeID)])
            }
            decisionReleased = false
        }
        try setHead(headRow)
        decisionHead = (head.position, holder)
        return try body()
    }
}
