import EventStore
import Foundation
import Testing
@testable import PostgresStore

/// The event store's protocol, the same tests against every store: the file log, and PostgreSQL
/// when `REGISTRY_TEST_POSTGRES` names a database.
@Suite("Event store conformance (file log and PostgreSQL)")
struct StoreConformanceTests {
    @Test(arguments: storeKinds)
    func appendedEventsReadBackWithTheirEnvelopes(_ kind: StoreKind) throws {
        let subject = try StoreUnderTest(kind)
        let log = subject.store
        let first = try log.append([event("A", "{}"), event("B", "{\"x\":1}")], to: "placement-P1",
                                   expectingVersion: .noStream, commandID: "cmd-1", actor: "school:S1")
        #expect(first == AppendResult(positions: 1...2, streamVersion: 2, wasDuplicate: false))
        let second = try log.append([event("C", "{}")], to: "student-X", expectingVersion: .noStream, commandID: "cmd-2", actor: "school:S1")
        #expect(second.positions == 3...3)
        let stream = try log.read(stream: "placement-P1")
        #expect(stream.map(\.type) == ["A", "B"])
        #expect(stream.map(\.streamVersion) == [1, 2])
        #expect(stream.map(\.position) == [1, 2])
        #expect(stream[1].payload == Array("{\"x\":1}".utf8))
        #expect(stream[0].commandID == "cmd-1" && stream[0].actor == "school:S1")
        #expect(stream[0].recordedAt == stream[1].recordedAt)
        #expect(stream[0].eventID != stream[1].eventID)
        var all: [UInt64] = []
        try log.readAll { all.append($0.position) }
        #expect(all == [1, 2, 3])
        #expect(log.head.position == 3)
        #expect(try log.version(of: "placement-P1") == 2)
        #expect(try log.version(of: "nothing") == 0)
        #expect(try log.event(at: 2) == stream[1])
        #expect(try log.event(at: 4) == nil)
    }

    @Test(arguments: storeKinds)
    func readAllHonoursFromAndThrough(_ kind: StoreKind) throws {
        let subject = try StoreUnderTest(kind)
        try fill(subject.store, commands: 40)
        var seen: [UInt64] = []
        try subject.store.readAll(from: 17, through: 60) { seen.append($0.position) }
        #expect(seen == Array(17...60))
    }

    @Test(arguments: storeKinds)
    func aStaleExpectedVersionIsAConflictAndAppendsNothing(_ kind: StoreKind) throws {
        let subject = try StoreUnderTest(kind)
        let log = subject.store
        _ = try log.append([event("A", "{}"), event("B", "{}")], to: "placement-P1", expectingVersion: .noStream, commandID: "c1", actor: "t:t")
        #expect(throws: EventStoreError.conflict(stream: "placement-P1", expected: .exactly(1), actual: 2)) {
            try log.append([event("C", "{}")], to: "placement-P1", expectingVersion: .exactly(1), commandID: "c2", actor: "t:t")
        }
        #expect(throws: EventStoreError.conflict(stream: "placement-P1", expected: .noStream, actual: 2)) {
            try log.append([event("C", "{}")], to: "placement-P1", expectingVersion: .noStream, commandID: "c3", actor: "t:t")
        }
        #expect(throws: EventStoreError.conflict(stream: "student-Q", expected: .exactly(3), actual: 0)) {
            try log.append([event("C", "{}")], to: "student-Q", expectingVersion: .exactly(3), commandID: "c5", actor: "t:t")
        }
        #expect(log.head.position == 2)
        let ok = try log.append([event("C", "{}")], to: "placement-P1", expectingVersion: .exactly(2), commandID: "c4", actor: "t:t")
        #expect(ok.streamVersion == 3)
        #expect(ok.positions == 3...3)
    }

    @Test(arguments: storeKinds)
    func aConflictInABatchAppendsNothingOfTheBatch(_ kind: StoreKind) throws {
        let subject = try StoreUnderTest(kind)
        _ = try subject.store.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: "c0", actor: "t:t")
        let batch = [
            AppendRequest(streamID: "t", events: [event("A", "{}")], expectedVersion: .noStream, commandID: "c1", actor: "t:t"),
            AppendRequest(streamID: "s", events: [event("B", "{}")], expectedVersion: .noStream, commandID: "c2", actor: "t:t"),
        ]
        #expect(throws: EventStoreError.self) { try subject.store.append(batch) }
        #expect(subject.store.head.position == 1)
        try subject.reopen()
        #expect(subject.store.head.position == 1)
        #expect(try subject.store.version(of: "t") == 0)
        #expect(try subject.store.result(ofCommand: "c1") == nil)
    }

    @Test(arguments: storeKinds)
    func aBatchChecksVersionsAgainstItsOwnEarlierCommands(_ kind: StoreKind) throws {
        let subject = try StoreUnderTest(kind)
        let results = try subject.store.append([
            AppendRequest(streamID: "s", events: [event("A", "{}")], expectedVersion: .noStream, commandID: "c1", actor: "t:t"),
            AppendRequest(streamID: "s", events: [event("B", "{}"), event("C", "{}")], expectedVersion: .exactly(1), commandID: "c2", actor: "t:t"),
            AppendRequest(streamID: "s", events: [event("B", "{}")], expectedVersion: .exactly(1), commandID: "c2", actor: "t:t"),
        ])
        #expect(results.map(\.positions) == [1...1, 2...3, 2...3])
        #expect(results.map(\.wasDuplicate) == [false, false, true])
    }

    @Test(arguments: storeKinds)
    func aRepeatedCommandIDAfterReopeningAppendsNothing(_ kind: StoreKind) throws {
        let subject = try StoreUnderTest(kind)
        try fill(subject.store, commands: 3)
        _ = try subject.store.append([event("A", "{}"), event("B", "{}")], to: "s", expectingVersion: .any, commandID: "retry-me", actor: "t:t")
        try subject.reopen()
        let again = try subject.store.append([event("A", "{}"), event("B", "{}")], to: "s", expectingVersion: .exactly(0),
                                             commandID: "retry-me", actor: "t:t")
        #expect(again == AppendResult(positions: 7...8, streamVersion: 2, wasDuplicate: true))
        #expect(subject.store.head.position == 8)
        #expect(try subject.store.result(ofCommand: "retry-me")?.positions == 7...8)
    }

    @Test(arguments: storeKinds)
    func invalidAppendsAreRefusedAndWriteNothing(_ kind: StoreKind) throws {
        let subject = try StoreUnderTest(kind)
        #expect(throws: EventStoreError.self) {
            try subject.store.append([], to: "s", expectingVersion: .any, commandID: "c", actor: "t:t")
        }
        #expect(throws: EventStoreError.self) {
            try subject.store.append([event("A", "{}")], to: "", expectingVersion: .any, commandID: "c", actor: "t:t")
        }
        #expect(subject.store.head.position == 0)
    }

    @Test(arguments: storeKinds)
    func recordedAtNeverGoesBackwardsAndTimesFindPositions(_ kind: StoreKind) throws {
        let subject = try StoreUnderTest(kind)
        try fill(subject.store, commands: 5)
        var stamps: [Int64] = []
        try subject.store.readAll { stamps.append($0.recordedAt) }
        #expect(stamps == stamps.sorted())
        #expect(try subject.store.lastPosition(recordedAtOrBefore: stamps[3]) == UInt64(stamps.lastIndex(of: stamps[3])! + 1))
        #expect(try subject.store.lastPosition(recordedAtOrBefore: 0) == 0)
    }

    /// The chain is over the record bytes, not the store: the same appends at the same times give the
    /// same head hash in a file log and in PostgreSQL.
    @Test(.enabled(if: TestDatabase.isConfigured))
    func bothStoresChainTheSameHistoryToTheSameHead() throws {
        let file = try StoreUnderTest(.file)
        let database = try StoreUnderTest(.postgres)
        for subject in [file, database] {
            try fill(subject.store, commands: 25)
            _ = try subject.store.append([event("中文", "{\"名\":\"张三\"}")], to: "student-张", expectingVersion: .noStream,
                                         commandID: "cmd-中", actor: "school:学校")
        }
        #expect(file.store.head == database.store.head)
        var fromFile: [EventEnvelope] = [], fromDatabase: [EventEnvelope] = []
        try file.store.readAll { fromFile.append($0) }
        try database.store.readAll { fromDatabase.append($0) }
        #expect(fromFile == fromDatabase)
    }
}
