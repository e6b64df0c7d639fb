import Foundation
import Testing
@testable import EventStore

/// A writer adds its appends to the stream index behind them, in batches on another thread: until
/// then the entries are answered from memory, other processes index them from the segments, and a
/// writer that dies without writing them loses nothing.
@Suite("The stream index written behind the appends")
struct WriteBehindIndexTests {
    static func options(flushEvery n: Int) -> FileEventLog.Options {
        var options = testOptions()
        options.indexFlushEvents = n
        return options
    }

    /// The index's own head position, as the next open finds it.
    static func indexedPosition(_ directory: String) throws -> UInt64 {
        try StreamIndex(directory: directory, readOnly: true).head()?.position ?? 0
    }

    @Test func everyReadIsRightWhileEntriesArePendingInFlightOrIndexed() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: Self.options(flushEvery: 7))
        var expected: [String: [UInt64]] = [:]  // stream -> positions
        var results: [String: AppendResult] = [:]
        for i in 0..<60 {
            let stream = "s-\(i % 5)"
            let events = (0...(i % 3)).map { j in event("E", "{\"i\":\(i),\"j\":\(j)}") }
            let result = try log.append(events, to: stream, expectingVersion: .exactly(UInt64(expected[stream]?.count ?? 0)),
                                        commandID: "c-\(i)", actor: "test:t")
            results["c-\(i)"] = result
            expected[stream, default: []] += Array(result.positions!)
            // After every append, whatever part of the history is pending, in flight or indexed:
            for (s, positions) in expected {
                #expect(try log.version(of: s) == UInt64(positions.count))
                #expect(try log.read(stream: s).map(\.position) == positions)
            }
            let early = "c-\(i / 2)"
            #expect(try log.result(ofCommand: early)?.positions == results[early]?.positions)
            #expect(try log.event(at: result.positions!.lowerBound)?.commandID == "c-\(i)")
        }
        // A repeated command ID appends nothing, whether its entries are pending or indexed.
        let head = log.head.position
        for id in ["c-0", "c-59"] {
            let again = try log.append([event("E", "{}")], to: "elsewhere", expectingVersion: .any, commandID: id, actor: "test:t")
            #expect(again.wasDuplicate && again.positions == results[id]?.positions)
        }
        #expect(log.head.position == head)
        // The index may lag the log by up to a batch; a reader sees everything anyway.
        #expect(try Self.indexedPosition(dir.path) <= head)
        let reader = try FileEventLog(directory: dir.path, mode: .read)
        #expect(reader.head.position == head)
        for (s, positions) in expected { #expect(try reader.read(stream: s).map(\.position) == positions) }
        #expect(try reader.result(ofCommand: "c-59")?.positions == results["c-59"]?.positions)
        // Writing what is left makes the index complete.
        try log.flushIndex()
        #expect(try Self.indexedPosition(dir.path) == head)
    }

    @Test func releasingTheWriterWritesTheRestOfTheIndex() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: Self.options(flushEvery: 1_000))
            try fill(log, commands: 30)
            #expect(try Self.indexedPosition(dir.path) == 0)
        }
        #expect(try Self.indexedPosition(dir.path) == (try LogVerifier.verify(directory: dir.path)).head.position)
    }

    @Test func entriesAWriterNeverIndexedAreIndexedByTheNextOpen() throws {
        let dir = TemporaryDirectory()
        let crashed = dir.sub("crashed")
        let log = try FileEventLog(directory: dir.path + "/live", mode: .write, options: Self.options(flushEvery: 10))
        let results = try fill(log, commands: 25)
        // The files as a power cut or SIGKILL would leave them: records durable, the index behind.
        try copyLog(dir.path + "/live", to: crashed)
        #expect(try Self.indexedPosition(crashed) < log.head.position)

        let reopened = try FileEventLog(directory: crashed, mode: .write, options: Self.options(flushEvery: 10))
        #expect(reopened.head == log.head)
        #expect(try Self.indexedPosition(crashed) == log.head.position)
        for i in 0..<4 { #expect(try reopened.version(of: "s-\(i)") == (try log.version(of: "s-\(i)"))) }
        #expect(try reopened.result(ofCommand: "c-24")?.positions == results[24].positions)
        // It goes on from there: versions continue, a repeated ID is still recognised.
        let next = try reopened.append([event("E", "{}")], to: "s-0", expectingVersion: .exactly(try log.version(of: "s-0")),
                                       commandID: "after", actor: "test:t")
        #expect(next.positions?.lowerBound == log.head.position + 1)
        #expect(try reopened.append([event("E", "{}")], to: "s-1", expectingVersion: .any, commandID: "c-3", actor: "test:t").wasDuplicate)
    }

    @Test func aConflictLeavesTheWritersMemoryOfVersionsUnchanged() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: Self.options(flushEvery: 4))
        _ = try log.append([event("E", "{}")], to: "s", expectingVersion: .noStream, commandID: "a", actor: "test:t")
        // A batch whose second command conflicts appends nothing, the first command included.
        #expect(throws: EventStoreError.self) {
            try log.append([
                AppendRequest(streamID: "s", events: [event("E", "{}")], expectedVersion: .exactly(1), commandID: "b", actor: "test:t"),
                AppendRequest(streamID: "t", events: [event("E", "{}")], expectedVersion: .exactly(5), commandID: "c", actor: "test:t"),
            ])
        }
        #expect(try log.version(of: "s") == 1)
        #expect(try log.result(ofCommand: "b") == nil)
        let b = try log.append([event("E", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "b", actor: "test:t")
        #expect(b.streamVersion == 2 && b.positions == 2...2)
    }

    @Test func aConflictLateInABatchForgetsEveryCommandAndVersionBeforeIt() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: Self.options(flushEvery: 4))
        _ = try log.append([event("E", "{}")], to: "s", expectingVersion: .noStream, commandID: "a", actor: "test:t")
        // Two commands on "s" and one on a new stream are accepted in turn, then the fourth conflicts.
        #expect(throws: EventStoreError.self) {
            try log.append([
                AppendRequest(streamID: "s", events: [event("E", "{}")], expectedVersion: .exactly(1), commandID: "b", actor: "test:t"),
                AppendRequest(streamID: "u", events: [event("E", "{}")], expectedVersion: .noStream, commandID: "c", actor: "test:t"),
                AppendRequest(streamID: "s", events: [event("E", "{}"), event("E", "{}")], expectedVersion: .exactly(2),
                              commandID: "d", actor: "test:t"),
                AppendRequest(streamID: "t", events: [event("E", "{}")], expectedVersion: .exactly(5), commandID: "e", actor: "test:t"),
            ])
        }
        #expect(log.head.position == 1)
        #expect(try log.version(of: "s") == 1)
        #expect(try log.version(of: "u") == 0)
        for command in ["b", "c", "d", "e"] { #expect(try log.result(ofCommand: command) == nil) }
        // The same commands, without the conflicting one, are new: they append, at the versions they expected.
        let results = try log.append([
            AppendRequest(streamID: "s", events: [event("E", "{}")], expectedVersion: .exactly(1), commandID: "b", actor: "test:t"),
            AppendRequest(streamID: "u", events: [event("E", "{}")], expectedVersion: .noStream, commandID: "c", actor: "test:t"),
            AppendRequest(streamID: "s", events: [event("E", "{}"), event("E", "{}")], expectedVersion: .exactly(2),
                          commandID: "d", actor: "test:t"),
        ])
        #expect(results.map(\.wasDuplicate) == [false, false, false])
        #expect(results.map(\.positions) == [2...2, 3...3, 4...5])
        #expect(try log.version(of: "s") == 4)
    }

    @Test func aWriterOnAnEmptyIndexSkipsTheLookupOfNewCommandsAndStillFindsRepeats() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: Self.options(flushEvery: 4))
        for i in 0..<10 {
            _ = try log.append([event("E", "{}")], to: "s-\(i % 3)", expectingVersion: .any, commandID: "c-\(i)", actor: "test:t")
        }
        #expect(log.commandLookupsSkipped == 10)
        try log.flushIndex()
        // Repeats, pending or indexed, are found: their hashes are known, so they are looked up.
        #expect(try log.append([event("E", "{}")], to: "s-0", expectingVersion: .any, commandID: "c-2", actor: "test:t").wasDuplicate)
        #expect(log.head.position == 10)
    }

    @Test func aWriterOnAnIndexWithCommandsLooksThemUpUntilItHasReadTheirHashes() throws {
        let dir = TemporaryDirectory()
        do {
            let first = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            for i in 0..<6 {
                _ = try first.append([event("E", "{}")], to: "s", expectingVersion: .any, commandID: "old-\(i)", actor: "test:t")
            }
        }
        let log = try FileEventLog(directory: dir.path, mode: .write, options: Self.options(flushEvery: 2))
        // Before the index writer starts (at the first hand-off), commands are looked up.
        _ = try log.append([event("E", "{}")], to: "s", expectingVersion: .any, commandID: "new-0", actor: "test:t")
        #expect(log.commandLookupsSkipped == 0)
        for i in 1..<4 {
            _ = try log.append([event("E", "{}")], to: "s", expectingVersion: .any, commandID: "new-\(i)", actor: "test:t")
        }
        // The index writer read the index's command hashes before anything else it was given; once
        // an append has taken them, a new command is not looked up.
        try log.flushIndex()
        let skipped = log.commandLookupsSkipped
        _ = try log.append([event("E", "{}")], to: "s", expectingVersion: .any, commandID: "new-4", actor: "test:t")
        #expect(log.commandLookupsSkipped == skipped + 1)
        // Commands from before the open and from this writer are still found.
        for id in ["old-0", "old-5", "new-0", "new-4"] {
            #expect(try log.append([event("E", "{}")], to: "s", expectingVersion: .any, commandID: id, actor: "test:t").wasDuplicate)
        }
        #expect(log.head.position == 11)
    }
}

/// A batch's new commands are known new from their hashes alone, before `pending` and the batches in
/// flight are asked: every repeat must still be found, wherever its first append is by then.
@Suite("Repeats found wherever the first append is")
struct RepeatsFoundWhereverTests {
    @Test(arguments: [1, 3, 4, 1000])
    func repeatsOfIndexedInFlightPendingAndSameBatchCommandsAreDuplicates(flushEvery: Int) throws {
        let dir = TemporaryDirectory()
        var options = testOptions()
        options.indexFlushEvents = flushEvery
        let log = try FileEventLog(directory: dir.path, mode: .write, options: options)
        var first: [String: AppendResult] = [:]
        // Some of these reach the index, some are handed to the index writer, the last are pending.
        for i in 0..<10 {
            let id = "c-\(i)"
            first[id] = try log.append([event("E", "{}"), event("E", "{}")], to: "s-\(i % 3)", expectingVersion: .any,
                                       commandID: id, actor: "test:t")
        }
        var batch = (0..<10).map {
            AppendRequest(streamID: "s-\($0 % 3)", events: [event("E", "{}")], expectedVersion: .any, commandID: "c-\($0)", actor: "test:t")
        }
        batch.insert(AppendRequest(streamID: "t", events: [event("E", "{}")], expectedVersion: .noStream, commandID: "fresh", actor: "test:t"),
                     at: 4)
        batch.append(AppendRequest(streamID: "t", events: [event("E", "{}")], expectedVersion: .noStream, commandID: "fresh", actor: "test:t"))
        let results = try log.append(batch)
        for (request, result) in zip(batch, results) where request.commandID != "fresh" {
            #expect(result.wasDuplicate)
            #expect(result.positions == first[request.commandID]?.positions)
            #expect(result.streamVersion == first[request.commandID]?.streamVersion)
        }
        #expect(results[4].wasDuplicate == false && results[4].positions == 21...21)
        #expect(results.last?.wasDuplicate == true && results.last?.positions == 21...21)
        #expect(log.head.position == 21)
        try log.flushIndex()
        #expect(try log.result(ofCommand: "fresh")?.positions == 21...21)
    }
}
