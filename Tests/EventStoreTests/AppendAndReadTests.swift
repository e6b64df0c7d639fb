import Foundation
import Testing
@testable import EventStore

@Suite("Appending and reading")
struct AppendAndReadTests {
    @Test func appendedEventsReadBackWithTheirEnvelopes() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
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
    }

    @Test func readAllHonoursFromAndThrough() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: 2_000))
        try fill(log, commands: 60)
        var seen: [UInt64] = []
        try log.readAll(from: 17, through: 90) { seen.append($0.position) }
        #expect(seen == Array(17...90))
    }

    @Test func recordedAtNeverGoesBackwards() throws {
        let dir = TemporaryDirectory()
        let times: [Int64] = [5_000, 3_000, 9_000]
        let counter = Counter()
        let options = FileEventLog.Options(clock: { times[counter.next() % 3] })
        let log = try FileEventLog(directory: dir.path, mode: .write, options: options)
        for i in 0..<3 { _ = try log.append([event("A", "{}")], to: "s", expectingVersion: .any, commandID: "c\(i)", actor: "t:t") }
        var stamps: [Int64] = []
        try log.readAll { stamps.append($0.recordedAt) }
        #expect(stamps == [5_000, 5_000, 9_000])
    }

    @Test func aReaderSeesTheLogWithoutTakingTheWriterLock() throws {
        let dir = TemporaryDirectory()
        let writer = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        try fill(writer, commands: 5)
        let reader = try FileEventLog(directory: dir.path, mode: .read)
        #expect(reader.head == writer.head)
        let readerCount = try reader.read(stream: "s-1").count
        #expect(try readerCount == writer.read(stream: "s-1").count)
        _ = try writer.append([event("A", "{}")], to: "s-1", expectingVersion: .any, commandID: "late", actor: "t:t")
        #expect(try FileEventLog(directory: dir.path, mode: .read).head.position == writer.head.position)
    }

    @Test func invalidAppendsAreRefusedAndWriteNothing() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        #expect(throws: EventStoreError.self) {
            try log.append([], to: "s", expectingVersion: .any, commandID: "c", actor: "t:t")
        }
        #expect(throws: EventStoreError.self) {
            try log.append([event("A", "{}")], to: "", expectingVersion: .any, commandID: "c", actor: "t:t")
        }
        #expect(log.head.position == 0)
        let reader = try FileEventLog(directory: dir.path, mode: .read)
        #expect(throws: EventStoreError.invalidAppend("the log was opened for reading")) {
            try reader.append([event("A", "{}")], to: "s", expectingVersion: .any, commandID: "c", actor: "t:t")
        }
    }

    @Test func aReaderOfAMissingDirectorySaysItIsNotALog() {
        #expect(throws: EventStoreError.notALog(path: "/nonexistent/registry-log")) {
            try FileEventLog(directory: "/nonexistent/registry-log", mode: .read)
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n - 1 }
}
