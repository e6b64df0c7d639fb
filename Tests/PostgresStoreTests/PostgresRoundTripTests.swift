import EventStore
import Foundation
import Testing
@testable import PostgresStore

/// The fewer round trips of the PostgreSQL store: prepared statements, pipelined statements, a
/// server's group committed without waiting for the disk under the decision lock.
@Suite("PostgreSQL store: prepared and pipelined statements, group commit", .enabled(if: TestDatabase.isConfigured))
struct PostgresRoundTripTests {
    @Test func aStatementRunTwiceIsPreparedOnceOnItsConnection() throws {
        let db = try PGConnection(TestDatabase.conninfo ?? "")
        #expect(try db.run("SELECT $1::bigint + 1", [.int(41)]).int(0, 0) == 42)
        #expect(try db.run("SELECT $1::bigint + 1", [.int(1)]).int(0, 0) == 2)
        let prepared = try db.run("SELECT count(*)::bigint FROM pg_prepared_statements WHERE statement = 'SELECT $1::bigint + 1'")
        #expect(prepared.int(0, 0) == 1)
    }

    /// Every kind of parameter reaches the server as sent, in a statement run alone and in a pipeline:
    /// text with non-ASCII characters, the extreme integers, bytes with zeros inside, a null, and an
    /// empty text and empty bytes (all values share one buffer, each at its own offset).
    @Test func everyKindOfParameterArrivesAsSent() throws {
        let db = try PGConnection(TestDatabase.conninfo ?? "")
        let sql = "SELECT $1::text, $2::bigint, $3::bigint, $4::bytea, $5::text IS NULL, $6::text, length($7::bytea)::bigint, $8::text"
        let params: [PGParam] = [.text("实习 é"), .int(Int64.min), .int(Int64.max), .bytes([0, 1, 0, 255]), .null, .text(""), .bytes([]),
                                 .text(String(repeating: "x", count: 3000))]
        for rows in [try db.run(sql, params), try db.pipeline([(sql, params), ("SELECT $1::text", [.text("after")])])[0]] {
            #expect(rows.text(0, 0) == "实习 é")
            #expect(rows.int(0, 1) == Int64.min)
            #expect(rows.int(0, 2) == Int64.max)
            #expect(rows.bytes(0, 3) == [0, 1, 0, 255])
            #expect(rows.bytes(0, 4) == [1])  // a binary boolean: true
            #expect(rows.text(0, 5) == "")
            #expect(rows.int(0, 6) == 0)
            #expect(rows.text(0, 7).count == 3000)
        }
    }

    /// Which statements are prepared: queries and row changes, whatever their case; not transaction
    /// control, `SET`, or DDL.
    @Test func queriesAndRowChangesArePreparedAndTheRestIsNot() {
        for sql in ["SELECT 1", "select 1", "WITH a AS (SELECT 1) SELECT * FROM a", "with x", "INSERT INTO t VALUES (1)",
                    "update t SET a = 1", "DELETE FROM t"] {
            #expect(PGConnection.isPreparable(sql), "\(sql)")
        }
        for sql in ["BEGIN", "COMMIT", "SET LOCAL synchronous_commit TO off", "CREATE TABLE t (a int)", " SELECT 1", "SAVEPOINT s", "", "SEL"] {
            #expect(!PGConnection.isPreparable(sql), "\(sql)")
        }
    }

    @Test func aPipelineRunsItsStatementsInOrderAndReturnsEachOnesRows() throws {
        let db = try PGConnection(TestDatabase.conninfo ?? "")
        let rows = try db.pipeline([("BEGIN", []), ("SELECT $1::bigint", [.int(7)]), ("SELECT $1::text", [.text("seven")]), ("COMMIT", [])])
        #expect(rows.count == 4)
        #expect(rows[1].int(0, 0) == 7)
        #expect(rows[2].text(0, 0) == "seven")
    }

    @Test func aFailureInAPipelineSkipsTheRestThrowsTheFirstErrorAndLeavesTheConnectionUsable() throws {
        let subject = try StoreUnderTest(.postgres)
        let db = try PGConnection(subject.schema!.conninfo)
        try db.run("CREATE TABLE pipeline_probe (n bigint)")
        #expect(throws: PGError.self) {
            try db.pipeline([("INSERT INTO pipeline_probe VALUES ($1::bigint)", [.int(1)]),
                             ("SELECT 1 / $1::bigint", [.int(0)]),
                             ("INSERT INTO pipeline_probe VALUES ($1::bigint)", [.int(2)])])
        }
        do {
            _ = try db.pipeline([("SELECT 1 / $1::bigint", [.int(0)]), ("SELECT $1::bigint", [.int(5)])])
        } catch let error as PGError {
            #expect(error.sqlState == "22012")
        }
        // Without BEGIN the pipeline is one implicit transaction: the first insert went with the failure.
        #expect(try db.run("SELECT count(*)::bigint FROM pipeline_probe").int(0, 0) == 0)
        #expect(try db.run("SELECT $1::bigint", [.int(3)]).int(0, 0) == 3)
    }

    /// A server's group: committed, the decision lock free for another server before the body ends,
    /// and the group's events readable by another connection; the next decision takes the lock again.
    @Test func aGroupCommittedUnderTheDecisionLockIsVisibleAndReleasesTheLock() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        let other = try PGConnection(subject.schema!.conninfo)
        let storeID = store.storeID
        func lockIsFree() throws -> Bool {
            let free = try other.run("SELECT pg_try_advisory_lock(7170118, hashtext($1))", [.text(storeID)]).bytes(0, 0) == [1]
            if free { try other.run("SELECT pg_advisory_unlock(7170118, hashtext($1))", [.text(storeID)]) }
            return free
        }
        for round in 0..<2 {
            try store.withExclusiveDecision {
                #expect(try !lockIsFree())
                try store.beginGroup()
                _ = try store.append([event("A", "{}")], to: "g-\(round)", expectingVersion: .noStream, commandID: "g\(round)-1", actor: "test:t")
                _ = try store.append([event("B", "{}")], to: "g-\(round)", expectingVersion: .exactly(1), commandID: "g\(round)-2", actor: "test:t")
                try store.commitGroup()
                #expect(try lockIsFree())
                #expect(try other.run("SELECT count(*)::bigint FROM events").int(0, 0) == Int64(2 * (round + 1)))
            }
            #expect(try lockIsFree())
        }
        #expect(try store.verify().eventCount == 4)
    }

    /// Inside a group that holds the head row, streams and versions read once are kept; an append to a
    /// kept stream drops it, so the next read shows the group's own (not yet committed) event.
    @Test func aGroupsKeptStreamsShowTheGroupsOwnAppends() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        _ = try store.append([event("A", "{}")], to: "kept", expectingVersion: .noStream, commandID: "k-0", actor: "test:t")
        try store.withExclusiveDecision {
            try store.beginGroup()
            _ = try store.append([event("A", "{}")], to: "other", expectingVersion: .noStream, commandID: "k-1", actor: "test:t")
            #expect(try store.read(stream: "kept").count == 1)
            #expect(try store.version(of: "kept") == 1)
            _ = try store.append([event("B", "{}")], to: "kept", expectingVersion: .exactly(1), commandID: "k-2", actor: "test:t")
            #expect(try store.read(stream: "kept").map(\.type) == ["A", "B"])
            #expect(try store.version(of: "kept") == 2)
            store.rollbackGroup()
        }
        #expect(try store.read(stream: "kept").map(\.type) == ["A"])
        #expect(try store.version(of: "kept") == 1)
    }

    @Test func readingFromTheMiddleChecksTheFirstEventAgainstTheRowBefore() throws {
        let subject = try StoreUnderTest(.postgres)
        try fill(subject.store, commands: 4)
        var positions: [UInt64] = []
        try subject.store.readAll(from: 4, through: nil) { positions.append($0.position) }
        #expect(positions == Array(4...subject.store.head.position))
        let db = try PGConnection(subject.schema!.conninfo)
        try db.run("ALTER TABLE events DISABLE TRIGGER events_append_only")
        try db.run("DELETE FROM events WHERE position = 3")
        #expect(throws: EventStoreError.integrity(position: 3, segment: "events", offset: 0, reason: "the event row is missing")) {
            try subject.store.readAll(from: 4, through: nil) { _ in }
        }
    }
}
