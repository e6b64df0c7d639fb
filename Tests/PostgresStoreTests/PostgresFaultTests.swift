import EventStore
import Foundation
import Testing
@testable import PostgresStore

/// What only a shared database can do to the store: roles that try to rewrite history, rows changed
/// behind the registry's back, many writers at once, connections killed mid-command.
@Suite("PostgreSQL store: append-only, integrity, concurrency, lost connections", .enabled(if: TestDatabase.isConfigured))
struct PostgresFaultTests {
    @Test func theDatabaseRefusesToUpdateOrDeleteEvents() throws {
        let subject = try StoreUnderTest(.postgres)
        try fill(subject.store, commands: 3)
        let db = try PGConnection(subject.schema!.conninfo)
        for statement in ["UPDATE events SET payload = '\\x7b7d'::bytea WHERE position = 2",
                          "DELETE FROM events WHERE position = 3",
                          "TRUNCATE events"] {
            #expect(throws: PGError.self) { try db.run(statement) }
            do { try db.run(statement) } catch let error as PGError {
                #expect(error.message.contains("append-only"))
            }
        }
        #expect(try PostgresEventStore(conninfo: subject.schema!.conninfo).verify().eventCount == 6)
    }

    @Test func aRowChangedBehindTheRegistrysBackIsAnIntegrityFailureAtItsPosition() throws {
        let subject = try StoreUnderTest(.postgres)
        try fill(subject.store, commands: 6)
        let db = try PGConnection(subject.schema!.conninfo)
        // Only a superuser can step round the trigger; the chain still gives it away.
        try db.run("ALTER TABLE events DISABLE TRIGGER events_append_only")
        try db.run("UPDATE events SET payload = convert_to('{\"i\":9}', 'UTF8') WHERE position = 4")
        let store = try PostgresEventStore(conninfo: subject.schema!.conninfo)
        #expect(throws: EventStoreError.integrity(position: 4, segment: "events", offset: 0, reason: "chain hash mismatch")) {
            try store.verify()
        }
        #expect(throws: EventStoreError.self) { try store.readAll { _ in } }
        #expect(throws: EventStoreError.self) { try store.event(at: 4) }
    }

    @Test func aDeletedRowIsAGapThatVerifyNames() throws {
        let subject = try StoreUnderTest(.postgres)
        try fill(subject.store, commands: 6)
        let db = try PGConnection(subject.schema!.conninfo)
        try db.run("ALTER TABLE events DISABLE TRIGGER events_append_only")
        try db.run("DELETE FROM events WHERE position = 5")
        #expect(throws: EventStoreError.integrity(position: 5, segment: "events", offset: 0, reason: "position 5 is missing")) {
            try PostgresEventStore(conninfo: subject.schema!.conninfo).verify()
        }
    }

    /// Several writers, each with its own connection (as separate processes or servers have), append
    /// at once: positions stay dense, every command lands once, the chain verifies.
    @Test func concurrentWritersKeepPositionsDenseAndTheChainValid() throws {
        let subject = try StoreUnderTest(.postgres)
        let writers = 6, commands = 40
        let failures = Counter()
        let conninfo = subject.schema!.conninfo
        DispatchQueue.concurrentPerform(iterations: writers) { w in
            do {
                let store = try PostgresEventStore(conninfo: conninfo)
                for i in 0..<commands {
                    let stream = "shared-\(i % 3)"
                    _ = try store.append([event("A", "{\"w\":\(w)}"), event("B", "{}")], to: stream, expectingVersion: .any,
                                         commandID: "w\(w)-\(i)", actor: "test:w\(w)")
                }
            } catch {
                failures.add()
            }
        }
        #expect(failures.value == 0)
        let store = try PostgresEventStore(conninfo: subject.schema!.conninfo)
        let report = try store.verify()
        #expect(report.eventCount == UInt64(writers * commands * 2))
        var positions: [UInt64] = []
        var commandIDs = Set<String>()
        try store.readAll { positions.append($0.position); commandIDs.insert($0.commandID) }
        #expect(positions == Array(1...UInt64(writers * commands * 2)))
        #expect(commandIDs.count == writers * commands)
        // A command's two events are adjacent: appends never interleave.
        for stream in 0..<3 {
            let events = try store.read(stream: "shared-\(stream)")
            #expect(events.map(\.streamVersion) == Array(1...UInt64(events.count)))
        }
    }

    /// The connection is killed just before COMMIT: the transaction is rolled back, the append is
    /// retried on a new connection, and the command is in the log exactly once.
    @Test func aConnectionKilledMidCommandIsRetriedAndAppendsOnce() throws {
        let subject = try StoreUnderTest(.postgres)
        try fill(subject.store, commands: 2)
        let store = try subject.anotherPostgresWriter()
        var kills = 0
        store.beforeCommit = { pid in
            guard kills == 0 else { return }
            kills += 1
            try TestDatabase.admin("SELECT pg_terminate_backend(\(pid))")
        }
        let result = try store.append([event("A", "{}"), event("B", "{}")], to: "s-9", expectingVersion: .noStream,
                                      commandID: "killed-once", actor: "t:t")
        #expect(kills == 1)
        #expect(result == AppendResult(positions: 4...5, streamVersion: 2, wasDuplicate: false))
        let fresh = try PostgresEventStore(conninfo: subject.schema!.conninfo)
        #expect(try fresh.verify().eventCount == 5)
        #expect(try fresh.read(stream: "s-9").count == 2)
    }

    /// With no retries left the command fails with one sentence (exit 3 in the CLI) and nothing of it is applied.
    @Test func aConnectionKilledWithNoRetriesLeftAppliesNothing() throws {
        let subject = try StoreUnderTest(.postgres)
        try fill(subject.store, commands: 2)
        let store = try PostgresEventStore(conninfo: subject.schema!.conninfo, options: .init(retries: 0))
        store.beforeCommit = { pid in try TestDatabase.admin("SELECT pg_terminate_backend(\(pid))") }
        #expect {
            try store.append([event("A", "{}")], to: "s-9", expectingVersion: .noStream, commandID: "lost", actor: "t:t")
        } throws: { error in
            if case EventStoreError.unavailable = error { return true }
            return false
        }
        let fresh = try PostgresEventStore(conninfo: subject.schema!.conninfo)
        #expect(fresh.head.position == 3)
        #expect(try fresh.result(ofCommand: "lost") == nil)
        #expect(try fresh.verify().eventCount == 3)
    }

    @Test func aDatabaseWithoutTheSchemaIsNotALogAndInitIsIdempotent() throws {
        let schema = try ScratchSchema()
        #expect {
            try PostgresEventStore(conninfo: schema.conninfo)
        } throws: { error in
            if case EventStoreError.notALog = error { return true }
            return false
        }
        #expect(try PostgresEventStore.create(conninfo: schema.conninfo).migrated)
        #expect(try PostgresEventStore.create(conninfo: schema.conninfo).migrated == false)
    }

    @Test func passwordsAreRedactedFromMessages() {
        #expect(PostgresEventStore.redacted("postgresql://reg:s3cret@db.example/registry") == "postgresql://reg:***@db.example/registry")
        #expect(PostgresEventStore.redacted("host=db password=s3cret dbname=r") == "host=db password=*** dbname=r")
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

/// Database roles: an inspector's role reads every table and can change none.
@Suite("PostgreSQL roles", .enabled(if: TestDatabase.isConfigured))
struct PostgresRoleTests {
    @Test func anInspectorsRoleCanSelectButNotWrite() throws {
        let subject = try StoreUnderTest(.postgres)
        try fill(subject.store, commands: 3)
        let role = "insp_" + subject.schema!.name.suffix(12)
        try TestDatabase.admin("CREATE ROLE \(role) NOLOGIN")
        defer { try? TestDatabase.admin("DROP OWNED BY \(role); DROP ROLE \(role)") }
        let db = try PGConnection(subject.schema!.conninfo)
        try db.run("SELECT registry_grant_inspector($1)", [.text(role)])
        try db.run("SET ROLE \(role)")
        let rows = try db.run("SELECT count(*)::bigint FROM events")
        #expect(rows.int(0, 0) == 6)
        for statement in ["INSERT INTO streams (stream_id, version) VALUES ('x', 1)",
                          "UPDATE registry_head SET position = 0",
                          "DELETE FROM commands",
                          "UPDATE events SET actor = 'x' WHERE position = 1"] {
            #expect(throws: PGError.self, "\(statement)") { try db.run(statement) }
        }
        try db.run("RESET ROLE")
        #expect(try PostgresEventStore(conninfo: subject.schema!.conninfo).verify().eventCount == 6)
    }
}
