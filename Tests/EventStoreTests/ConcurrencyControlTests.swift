import Foundation
import Testing
@testable import EventStore

@Suite("Optimistic concurrency, idempotency and the writer lock")
struct ConcurrencyControlTests {
    @Test func aStaleExpectedVersionIsAConflictNamingBothVersions() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        _ = try log.append([event("A", "{}"), event("B", "{}")], to: "placement-P1", expectingVersion: .noStream, commandID: "c1", actor: "t:t")
        #expect(throws: EventStoreError.conflict(stream: "placement-P1", expected: .exactly(1), actual: 2)) {
            try log.append([event("C", "{}")], to: "placement-P1", expectingVersion: .exactly(1), commandID: "c2", actor: "t:t")
        }
        #expect(throws: EventStoreError.conflict(stream: "placement-P1", expected: .noStream, actual: 2)) {
            try log.append([event("C", "{}")], to: "placement-P1", expectingVersion: .noStream, commandID: "c3", actor: "t:t")
        }
        #expect(log.head.position == 2)
        let ok = try log.append([event("C", "{}")], to: "placement-P1", expectingVersion: .exactly(2), commandID: "c4", actor: "t:t")
        #expect(ok.streamVersion == 3)
        #expect(EventStoreError.conflict(stream: "placement-P1", expected: .exactly(1), actual: 2).description
                == "stream 'placement-P1' is at version 2, but version 1 was expected")
    }

    @Test func aConflictInABatchAppendsNothingOfTheBatch() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        _ = try log.append([event("A", "{}")], to: "s", expectingVersion: .noStream, commandID: "c0", actor: "t:t")
        let batch = [
            AppendRequest(streamID: "t", events: [event("A", "{}")], expectedVersion: .noStream, commandID: "c1", actor: "t:t"),
            AppendRequest(streamID: "s", events: [event("B", "{}")], expectedVersion: .noStream, commandID: "c2", actor: "t:t"),
        ]
        #expect(throws: EventStoreError.self) { try log.append(batch) }
        #expect(log.head.position == 1)
        #expect(try FileEventLog(directory: dir.path, mode: .read).head.position == 1)
    }

    @Test func aBatchChecksVersionsAgainstItsOwnEarlierCommands() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        let results = try log.append([
            AppendRequest(streamID: "s", events: [event("A", "{}")], expectedVersion: .noStream, commandID: "c1", actor: "t:t"),
            AppendRequest(streamID: "s", events: [event("B", "{}"), event("C", "{}")], expectedVersion: .exactly(1), commandID: "c2", actor: "t:t"),
            AppendRequest(streamID: "s", events: [event("B", "{}")], expectedVersion: .exactly(1), commandID: "c2", actor: "t:t"),
        ])
        #expect(results.map(\.positions) == [1...1, 2...3, 2...3])
        #expect(results.map(\.wasDuplicate) == [false, false, true])
    }

    @Test func aRepeatedCommandIDAfterReopeningAppendsNothing() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 3)
            _ = try log.append([event("A", "{}"), event("B", "{}")], to: "s", expectingVersion: .any, commandID: "retry-me", actor: "t:t")
        }
        let before = fileSize(dir.path + "/00000001.seg")
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        let again = try log.append([event("A", "{}"), event("B", "{}")], to: "s", expectingVersion: .exactly(0),
                                   commandID: "retry-me", actor: "t:t")
        #expect(again.wasDuplicate)
        #expect(again.positions == 7...8)
        #expect(fileSize(dir.path + "/00000001.seg") == before)
        #expect(log.head.position == 8)
    }

    @Test func idempotencySurvivesLosingTheIndex() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 10)
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dir.path + "/index.sqlite" + suffix) }
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        let again = try log.append([event("X", "{}")], to: "s-0", expectingVersion: .any, commandID: "c-4", actor: "t:t")
        #expect(again.wasDuplicate)
        #expect(try log.read(stream: "s-0").count == [0, 4, 8].map { $0 % 3 + 1 }.reduce(0, +))
    }

    @Test func aSecondWriterTimesOutWithAClearError() throws {
        let dir = TemporaryDirectory()
        let holder = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        _ = holder
        #expect(throws: EventStoreError.lockTimeout(path: dir.path + "/writer.lock", waitedMilliseconds: 50)) {
            try FileEventLog(directory: dir.path, mode: .write, options: testOptions(lockTimeout: 50))
        }
    }

    @Test func theLockIsReleasedWhenTheWriterGoes() throws {
        let dir = TemporaryDirectory()
        do { _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(lockTimeout: 0))
    }
}
