import Foundation
import Testing
@testable import EventStore

/// A writer that knows every stream's version (it opened an empty log, or learned them) answers a
/// new stream's version and events from memory, and still refuses a stale expected version.
@Suite("Stream versions known to the writer")
struct KnownStreamVersionsTests {
    @Test func aWriterOnAnEmptyLogAnswersNewStreamsFromMemory() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        for i in 0..<6 {
            _ = try log.append([event("E", "{}"), event("E", "{}")], to: "s-\(i % 3)", expectingVersion: .exactly(UInt64(i / 3) * 2),
                               commandID: "c-\(i)", actor: "test:t")
        }
        #expect(try log.version(of: "s-0") == 4)
        #expect(try log.version(of: "nobody") == 0)
        #expect(try log.read(stream: "nobody").isEmpty)
        // A new stream is at version 0: expecting another is a conflict, as the index would say.
        #expect(throws: EventStoreError.conflict(stream: "fresh", expected: .exactly(1), actual: 0)) {
            try log.append([event("E", "{}")], to: "fresh", expectingVersion: .exactly(1), commandID: "c-x", actor: "test:t")
        }
        #expect(throws: EventStoreError.conflict(stream: "s-1", expected: .noStream, actual: 4)) {
            try log.append([event("E", "{}")], to: "s-1", expectingVersion: .noStream, commandID: "c-y", actor: "test:t")
        }
        _ = try log.append([event("E", "{}")], to: "fresh", expectingVersion: .noStream, commandID: "c-z", actor: "test:t")
        #expect(try log.read(stream: "fresh").count == 1)
        #expect(log.indexStreamLookups == 1)  // only the read of "fresh", which has events
    }

    @Test func aWriterOnAFilledLogLearnsTheVersionsOnlyWhenSmallEnough() throws {
        let dir = TemporaryDirectory()
        do {
            let first = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            for i in 0..<9 {
                _ = try first.append([event("E", "{}")], to: "s-\(i % 3)", expectingVersion: .exactly(UInt64(i / 3)),
                                     commandID: "old-\(i)", actor: "test:t")
            }
        }
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        // Not empty at open: the index is asked.
        #expect(try log.version(of: "s-0") == 3)
        #expect(log.indexStreamLookups == 1)
        #expect(try log.learnStreamVersions(ifAtMost: 8) == false)
        #expect(try log.version(of: "other") == 0)
        #expect(log.indexStreamLookups == 2)
        // One stream appended to before learning keeps its newer version.
        _ = try log.append([event("E", "{}")], to: "s-1", expectingVersion: .exactly(3), commandID: "new-0", actor: "test:t")
        #expect(try log.learnStreamVersions(ifAtMost: 10) == true)
        let before = log.indexStreamLookups
        #expect(try log.version(of: "s-1") == 4)
        #expect(try log.version(of: "s-2") == 3)
        #expect(try log.version(of: "unknown") == 0)
        #expect(try log.read(stream: "unknown").isEmpty)
        #expect(throws: EventStoreError.conflict(stream: "s-2", expected: .exactly(2), actual: 3)) {
            try log.append([event("E", "{}")], to: "s-2", expectingVersion: .exactly(2), commandID: "new-1", actor: "test:t")
        }
        _ = try log.append([event("E", "{}")], to: "s-2", expectingVersion: .exactly(3), commandID: "new-2", actor: "test:t")
        _ = try log.append([event("E", "{}")], to: "brand-new", expectingVersion: .noStream, commandID: "new-3", actor: "test:t")
        #expect(log.indexStreamLookups == before)
        // What the writer answered from memory is what the index says once written.
        try log.flushIndex()
        let reader = try FileEventLog(directory: dir.path, mode: .read)
        for stream in ["s-0", "s-1", "s-2", "brand-new", "unknown"] {
            #expect(try reader.version(of: stream) == log.version(of: stream))
        }
    }
}
