import EventStore
import Foundation
import Testing
@testable import PostgresStore

/// A server's group in fewer round trips: its appends' statement prepared once, its command IDs
/// looked up with the decision lock, its appends sent before their lookups; and the servers' tables'
/// bounded pool of connections.
@Suite("PostgreSQL store: a group's round trips", .enabled(if: TestDatabase.isConfigured))
struct PostgresGroupRoundTripTests {
    /// The append's statement once carried each event's position in its text, so every append was a new
    /// statement for the connection to prepare (a round trip and a plan) until its 256 shapes ran out.
    @Test func anAppendsStatementIsPreparedOnceWhateverItsPosition() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        for i in 0..<12 {
            _ = try store.append([event("A", "{\"i\":\(i)}")], to: "s-\(i % 3)", expectingVersion: .any, commandID: "p-\(i)", actor: "test:t")
        }
        let shapes = try store.connect().run("SELECT count(*)::bigint FROM pg_prepared_statements WHERE statement LIKE 'WITH moved%'")
        // One for a new stream, one for a stream that exists.
        #expect(shapes.int(0, 0) <= 2)
        #expect(try store.verify().eventCount == 12)
    }

    /// The decision lock's round trip looks up the group's command IDs: a committed one is a repeat,
    /// the others are new, an ID with quotes and backslashes is found as written, and one the group
    /// appended is a repeat for the rest of the group.
    @Test func aGroupsCommandIDsAreLookedUpWithTheDecisionLock() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        let odd = "we\"ird\\id,{x}"
        let first = try store.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: odd, actor: "test:t")
        store.upcomingCommandIDs = [odd, "new-1", "new-2"]
        try store.withExclusiveDecision {
            try store.beginGroup()
            #expect(try store.result(ofCommand: odd) == AppendResult(positions: first.positions, streamVersion: 1, wasDuplicate: true))
            #expect(try store.result(ofCommand: "new-1") == nil)
            let appended = try store.append([event("B", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "new-1", actor: "test:t")
            #expect(appended == AppendResult(positions: 2...2, streamVersion: 2, wasDuplicate: false))
            #expect(try store.result(ofCommand: "new-1")?.wasDuplicate == true)
            try store.commitGroup()
        }
        #expect(store.upcomingCommandIDs.isEmpty)
        #expect(try store.verify().eventCount == 2)
    }

    /// A group of one command (every group at one client) looks its ID up with a statement PostgreSQL
    /// plans once for the connection: `= ANY($1)` was planned afresh on every hold of the lock.
    @Test func aGroupOfOnesLookupIsNotPlannedOnEveryHold() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        for i in 0..<12 {
            store.upcomingCommandIDs = ["one-\(i)"]
            try store.withExclusiveDecision {
                try store.beginGroup()
                #expect(try store.result(ofCommand: "one-\(i)") == nil)
                _ = try store.append([event("A", "{}")], to: "s-\(i)", expectingVersion: .exactly(0), commandID: "one-\(i)", actor: "test:t")
                try store.commitGroup()
            }
        }
        let plans = try store.connect().run("""
            SELECT coalesce(sum(custom_plans), 0)::bigint FROM pg_prepared_statements
            WHERE statement LIKE 'SELECT command_id, first_position%'
            """)
        // PostgreSQL tries five custom plans before it settles on the generic one.
        #expect(plans.int(0, 0) <= 5)
        #expect(try store.verify().eventCount == 12)
    }

    /// An append made without the decision lock (an import's batch, `migrate`) between the lock and
    /// the group's first append: the group's kept lookups are stale, and the one-trip append's
    /// conditions write nothing; the general append then finds the repeat, and refuses a new command
    /// as a conflict (its decision may rest on counts that moved). Nothing of the group is written.
    @Test func anAppendOutsideTheLockIsFoundByTheGroupsAppends() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        _ = try store.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: "c-0", actor: "test:t")
        let outside = try subject.anotherPostgresWriter()
        store.upcomingCommandIDs = ["c-1", "c-2"]
        try store.withExclusiveDecision {
            try store.beginGroup()
            #expect(try store.version(of: "s") == 1)
            _ = try outside.append([event("X", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "c-1", actor: "test:t")
            // Kept from the lock's round trip and the first read: stale now, on purpose.
            #expect(try store.result(ofCommand: "c-1") == nil)
            #expect(try store.version(of: "s") == 1)
            let repeated = try store.append([event("B", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "c-1", actor: "test:t")
            #expect(repeated.wasDuplicate)
            #expect(throws: EventStoreError.self) {
                try store.append([event("C", "{}")], to: "t", expectingVersion: .exactly(0), commandID: "c-2", actor: "test:t")
            }
            try store.commitGroup()
        }
        #expect(try store.verify().eventCount == 2)
        #expect(try outside.read(stream: "s").map(\.type) == ["A", "X"])
    }

    /// A group whose every command was rejected sent no BEGIN, commits nothing, and frees the lock.
    @Test func aGroupWithoutAppendsCommitsNothingAndFreesTheLock() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        try store.withExclusiveDecision {
            try store.beginGroup()
            #expect(try store.version(of: "s") == 0)
            try store.commitGroup()
        }
        _ = try store.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: "a-1", actor: "test:t")
        #expect(try store.verify().eventCount == 1)
    }

    /// A server's commands on bearer tokens it met before: the decision lock's round trip also reads
    /// the tokens' accounts (one round trip still), as they are at the lock — a disabled account, a
    /// token that is gone — for one token (asked with `=`) and for several.
    @Test func aGroupsBearerTokensAreReadWithTheDecisionLockInItsRoundTrip() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        let tables = PostgresServerTables(store: store)
        let password = PostgresServerTables.PasswordRow(salt: [1], n: 16384, r: 8, p: 1, hash: [2])
        let zhang = PostgresServerTables.AccountRow(user: "zhang", actor: "school:S01", displayName: nil, isDisabled: false, mustChangePassword: false)
        let li = PostgresServerTables.AccountRow(user: "li", actor: "enterprise:E01", displayName: "李", isDisabled: false, mustChangePassword: true)
        #expect(try tables.insertAccount(zhang, password: password) && tables.insertAccount(li, password: password))
        #expect(try tables.insertToken(hash: "h-zhang", user: "zhang") && tables.insertToken(hash: "h-li", user: "li"))
        #expect(try tables.disable("li"))
        let db = try store.connect()
        for hashes in [["h-zhang"], ["h-zhang", "h-li", "h-gone"]] {
            store.upcomingCommandIDs = ["c-\(hashes.count)"]
            store.upcomingTokenHashes = hashes
            let trips = db.roundTrips
            try store.withExclusiveDecision {
                #expect(db.roundTrips - trips == 1)
                #expect(store.decisionTokenAccounts["h-zhang"] == zhang)
                if hashes.count > 1 {
                    #expect(store.decisionTokenAccounts["h-li"]?.isDisabled == true)
                    #expect(store.decisionTokenAccounts["h-li"]?.user == "li")
                }
                #expect(store.decisionTokenAccounts["h-gone"] == nil)
                #expect(store.decisionTokenAccounts.count == min(hashes.count, 2))
            }
            #expect(store.upcomingTokenHashes.isEmpty && store.decisionTokenAccounts.isEmpty)
        }
    }

    /// A group of one command (every group at one client), its stream already read: two round trips
    /// of ten statements — the lock with the head and the lookup (3); then BEGIN, the head row's lock,
    /// the move, and the commit, the unlock and the flush record (7), since the group's last command
    /// carries the commit in its append's round trip. It was three round trips (the commit alone in
    /// the third); before that, fourteen statements with a savepoint and the flush record's own BEGIN
    /// and COMMIT.
    @Test func aGroupOfOneIsTwoRoundTripsOfTenStatements() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        _ = try store.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: "c-0", actor: "test:t")
        _ = try store.read(stream: "s")
        for i in 1...3 {
            let db = try store.connect()
            let (trips, statements) = (db.roundTrips, db.statements)
            store.upcomingCommandIDs = ["c-\(i)"]
            try store.withExclusiveDecision {
                try store.beginGroup()
                #expect(try store.result(ofCommand: "c-\(i)") == nil)
                let version = try store.version(of: "s")
                _ = try store.append([event("A", "{}")], to: "s", expectingVersion: .exactly(version), commandID: "c-\(i)", actor: "test:t")
                try store.commitGroup()
            }
            #expect(db.roundTrips - trips == 2)
            #expect(db.statements - statements == 10)
        }
        #expect(try store.read(stream: "s").map(\.commandID) == ["c-0", "c-1", "c-2", "c-3"])
        #expect(try store.verify().eventCount == 4)
    }

    /// The flush record's transaction (now the pipeline's implicit one, after the group's COMMIT) is
    /// on disk when `commitGroup` returns, and so is the group's commit, written before it.
    @Test func aGroupsFlushRecordIsOnDiskWhenTheGroupIsAnswered() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        let observer = try PGConnection(subject.schema!.conninfo)
        for i in 1...20 {
            store.upcomingCommandIDs = ["c-\(i)"]
            try store.withExclusiveDecision {
                try store.beginGroup()
                _ = try store.append([event("A", "{}")], to: "s-\(i)", expectingVersion: .exactly(0), commandID: "c-\(i)", actor: "test:t")
                try store.commitGroup()
            }
            let record = try #require(store.lastFlushRecord)
            let lsn = String(record >> 32, radix: 16) + "/" + String(record & 0xFFFF_FFFF, radix: 16)
            let flushed = try observer.run("SELECT (pg_current_wal_flush_lsn() >= $1::pg_lsn)::int", [.text(lsn)])
            #expect(flushed.int(0, 0) == 1, "group \(i): its flush record at \(lsn) is not on disk")
        }
        #expect(try store.verify().eventCount == 20)
    }

    /// The group's first append opens its transaction without a savepoint. When it fails (here the head
    /// row is held by another session past the lock timeout) the transaction is rolled back whole and
    /// the command fails alone: the group's next command begins a new transaction and is committed.
    @Test func aGroupsFirstAppendThatFailsIsRolledBackAloneAndTheNextIsCommitted() throws {
        let subject = try StoreUnderTest(.postgres)
        let conninfo = subject.schema!.conninfo
        let store = try PostgresEventStore(conninfo: conninfo, options: .init(lockTimeoutMilliseconds: 200))
        _ = try store.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: "c-0", actor: "test:t")
        let holder = try PGConnection(conninfo)
        store.upcomingCommandIDs = ["c-1", "c-2"]
        try store.withExclusiveDecision {
            try store.beginGroup()
            try holder.run("BEGIN")
            try holder.run("SELECT position FROM registry_head FOR UPDATE")
            #expect(throws: EventStoreError.self) {
                try store.append([event("B", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "c-1", actor: "test:t")
            }
            try holder.run("ROLLBACK")
            let second = try store.append([event("C", "{}")], to: "t", expectingVersion: .exactly(0), commandID: "c-2", actor: "test:t")
            #expect(second == AppendResult(positions: 2...2, streamVersion: 1, wasDuplicate: false))
            try store.commitGroup()
        }
        #expect(try store.read(stream: "s").map(\.commandID) == ["c-0"])
        #expect(try store.read(stream: "t").map(\.commandID) == ["c-2"])
        #expect(try store.result(ofCommand: "c-1") == nil)
        #expect(try store.verify().eventCount == 2)
    }

    /// The group's last command sends its commit with its append. When an append made without the
    /// decision lock moved the head in between (here it appended the same command ID), the guarded
    /// move writes nothing and fails, so the commit behind it is skipped; the general append then
    /// finds the repeat. Nothing is appended twice, the lock is freed, and the next group commits.
    @Test func aLastAppendWhoseGuardFailsIsNotCommittedAndFallsBack() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        _ = try store.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: "c-0", actor: "test:t")
        let outside = try subject.anotherPostgresWriter()
        store.upcomingCommandIDs = ["c-1"]
        try store.withExclusiveDecision {
            try store.beginGroup()
            _ = try outside.append([event("X", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "c-1", actor: "test:t")
            let repeated = try store.append([event("B", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "c-1", actor: "test:t")
            #expect(repeated.wasDuplicate)
            #expect(repeated.positions == 2...2)
            try store.commitGroup()
        }
        // A new command whose decision is stale (the head moved outside the lock) is refused.
        store.upcomingCommandIDs = ["c-2"]
        try store.withExclusiveDecision {
            try store.beginGroup()
            _ = try outside.append([event("Y", "{}")], to: "t", expectingVersion: .exactly(0), commandID: "c-y", actor: "test:t")
            #expect(throws: EventStoreError.self) {
                try store.append([event("C", "{}")], to: "s", expectingVersion: .exactly(2), commandID: "c-2", actor: "test:t")
            }
            try store.commitGroup()
        }
        #expect(try store.result(ofCommand: "c-2") == nil)
        // The lock is free: another store takes it at once.
        outside.upcomingCommandIDs = ["c-3"]
        try outside.withExclusiveDecision {
            try outside.beginGroup()
            _ = try outside.append([event("D", "{}")], to: "s", expectingVersion: .exactly(2), commandID: "c-3", actor: "test:t")
            try outside.commitGroup()
        }
        #expect(try store.read(stream: "s").map(\.commandID) == ["c-0", "c-1", "c-3"])
        #expect(try store.verify().eventCount == 4)
    }

    /// The group's last append carries the commit: when the connection is lost just before it (the
    /// test hook runs where the commit is about to be sent), the whole group fails, its first command
    /// too, and nothing of it is in the log.
    @Test func aGroupWhoseLastAppendCannotCommitFailsWhole() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        store.upcomingCommandIDs = ["c-1", "c-2"]
        var lastFailed = false
        #expect(throws: EventStoreError.self) {
            try store.withExclusiveDecision {
                try store.beginGroup()
                _ = try store.append([event("A", "{}")], to: "s", expectingVersion: .exactly(0), commandID: "c-1", actor: "test:t")
                store.beforeCommit = { pid in try TestDatabase.admin("SELECT pg_terminate_backend(\(pid))") }
                do {
                    _ = try store.append([event("B", "{}")], to: "t", expectingVersion: .exactly(0), commandID: "c-2", actor: "test:t")
                } catch is EventStoreError { lastFailed = true }
                store.beforeCommit = nil
                try store.commitGroup()
            }
        }
        #expect(lastFailed)
        store.rollbackGroup()
        #expect(try store.result(ofCommand: "c-1") == nil)
        #expect(try store.result(ofCommand: "c-2") == nil)
        #expect(try store.verify().eventCount == 0)
    }

    /// A group whose connection is lost after its first append (the server restarted, the backend
    /// killed) lost that append with the connection's transaction. The group's commit must say so: it
    /// used to open a new connection and send COMMIT there, which PostgreSQL accepts outside any
    /// transaction (a warning), so the writer answered the first command as done though it was gone.
    @Test func aGroupWhoseConnectionWasLostDoesNotCommitOnANewOne() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        _ = try store.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: "c-0", actor: "test:t")
        store.upcomingCommandIDs = ["c-1", "c-2"]
        var secondFailed = false
        #expect(throws: EventStoreError.self) {
            try store.withExclusiveDecision {
                try store.beginGroup()
                _ = try store.append([event("B", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "c-1", actor: "test:t")
                try TestDatabase.admin("SELECT pg_terminate_backend(\(try store.backendPID()))")
                do {
                    _ = try store.append([event("C", "{}")], to: "t", expectingVersion: .exactly(0), commandID: "c-2", actor: "test:t")
                } catch is EventStoreError { secondFailed = true }
                try store.commitGroup()
            }
        }
        #expect(secondFailed)
        store.rollbackGroup()
        #expect(try store.result(ofCommand: "c-1") == nil)
        #expect(try store.read(stream: "s").map(\.commandID) == ["c-0"])
        #expect(try store.verify().eventCount == 1)
        // The store goes on: the next command is appended after the head the database has.
        let next = try store.append([event("D", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "c-3", actor: "test:t")
        #expect(next.positions == 2...2)
    }

    /// The servers' tables open at most `poolLimit` connections: a caller that finds them all busy
    /// waits for one. The pool used to open one for every caller beyond the idle ones and close it
    /// after (a backend process started and ended for about every second request at 64 clients).
    @Test func theServersTablesNeverOpenMoreConnectionsThanThePoolHolds() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        let tables = PostgresServerTables(store: store, poolLimit: 2)
        let state = PoolProbe()
        let group = DispatchGroup()
        for _ in 0..<3 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                _ = try? tables.with { db -> Int in
                    state.enter(db)
                    // Hold the connection until a third caller is inside too, or a moment has passed.
                    state.waitForThird()
                    state.leave()
                    return 0
                }
            }
        }
        group.wait()
        #expect(state.mostInside == 2)
        #expect(state.connections.count == 2)
    }
}

private final class PoolProbe: @unchecked Sendable {
    private let condition = NSCondition()
    private var inside = 0
    private(set) var mostInside = 0
    private(set) var connections: Set<ObjectIdentifier> = []

    func enter(_ db: PGConnection) {
        condition.lock()
        inside += 1
        mostInside = max(mostInside, inside)
        connections.insert(ObjectIdentifier(db))
        condition.broadcast()
        condition.unlock()
    }

    func waitForThird() {
        condition.lock()
        let deadline = Date().addingTimeInterval(1)
        while inside < 3 && condition.wait(until: deadline) {}
        condition.unlock()
    }

    func leave() {
        condition.lock()
        inside -= 1
        condition.unlock()
    }
}
