import EventStore
import Foundation
import Testing
@testable import PostgresStore

/// A server keeps the streams it has read (`StreamCache`): under the decision lock a kept stream is
/// answered without reading it back when nothing has been appended since, and whatever another
/// server or process appended is always in what a read returns.
@Suite("PostgreSQL store: kept streams", .enabled(if: TestDatabase.isConfigured))
struct PostgresStreamCacheTests {
    /// One command's hold of the decision lock, as a server's writer makes it: the lock, a group, the
    /// reads, an append to `stream` after `read`'s version, the commit.
    private func decide(_ store: PostgresEventStore, _ stream: String, commandID: String,
                        _ read: () throws -> Void = {}) throws {
        store.upcomingCommandIDs = [commandID]
        try store.withExclusiveDecision {
            try store.beginGroup()
            try read()
            let version = try store.version(of: stream)
            _ = try store.append([event("E", "{}")], to: stream, expectingVersion: .exactly(version), commandID: commandID, actor: "test:t")
            try store.commitGroup()
        }
    }

    /// Under the decision lock, with nothing appended since this store's last group, a stream it read
    /// (the placement, the registry's header) and its version are answered without a round trip: the
    /// hold is the lock's round trip and the append's, which carries the commit. Before, every hold
    /// read the stream again and asked for the header's version.
    @Test func aKeptStreamIsAnsweredUnderTheLockWithoutReadingItAgain() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        _ = try store.append([event("H", "{}")], to: "h", expectingVersion: .noStream, commandID: "h-1", actor: "test:t")
        try decide(store, "p", commandID: "c-1")
        #expect(try store.read(stream: "p").count == 1)
        #expect(try store.read(stream: "h").count == 1)
        for i in 2...4 {
            let before = try store.connect().roundTrips
            var read: [EventEnvelope] = []
            var headerVersion: UInt64 = 0
            try decide(store, "p", commandID: "c-\(i)") {
                read = try store.read(stream: "p")
                headerVersion = try store.version(of: "h")
            }
            #expect(read.map(\.streamVersion) == Array(1...UInt64(i - 1)))
            #expect(headerVersion == 1)
            // The lock (with the head and the lookup), the append with the commit and its flush.
            #expect(try store.connect().roundTrips - before == 2)
        }
        #expect(try store.read(stream: "p").map(\.streamVersion) == [1, 2, 3, 4])
        #expect(try store.verify().eventCount == 5)
    }

    /// Two servers on one database, taking turns: each one's decision reads the stream with the
    /// other's appends in it, whether its read model walked them (the catch-up) or not.
    @Test func twoServersTakingTurnsEachSeeTheOthersAppends() throws {
        let subject = try StoreUnderTest(.postgres)
        let a = try #require(subject.store as? PostgresEventStore)
        let b = try subject.anotherPostgresWriter()
        var versionsSeen: [UInt64] = []
        for i in 1...6 {
            let (store, walks) = [(a, false), (b, false), (a, true), (b, true), (a, false), (b, true)][i - 1]
            try decide(store, "p", commandID: "c-\(i)") {
                if walks { try store.readAll(from: 1, through: nil) { _ in } }
                versionsSeen.append(try store.read(stream: "p").last?.streamVersion ?? 0)
            }
        }
        #expect(versionsSeen == [0, 1, 2, 3, 4, 5])
        #expect(try a.read(stream: "p").map(\.commandID) == (1...6).map { "c-\($0)" })
        #expect(try b.read(stream: "p").map(\.commandID) == (1...6).map { "c-\($0)" })
        #expect(try a.verify().eventCount == 6)
    }

    /// A walk that starts past what the cache has seen (a read model that caught up by another path)
    /// leaves a gap: the kept streams are dropped rather than taken as complete through the head.
    @Test func aWalkPastAGapDropsTheKeptStreams() throws {
        let subject = try StoreUnderTest(.postgres)
        let a = try #require(subject.store as? PostgresEventStore)
        let b = try subject.anotherPostgresWriter()
        try decide(a, "p", commandID: "c-1") { _ = try a.read(stream: "p") }
        try decide(b, "p", commandID: "c-2")
        try decide(b, "q", commandID: "c-3")
        var read: [UInt64] = []
        try decide(a, "q", commandID: "c-4") {
            // Only the last of b's appends is walked: b's append to "p" at position 2 is not.
            try a.readAll(from: 3, through: nil) { _ in }
            read = try a.read(stream: "p").map(\.streamVersion)
        }
        #expect(read == [1, 2])
    }

    /// A group's appends are kept before it commits; a group rolled back must not leave them in what
    /// later reads return, even once another server has appended at the same position.
    @Test func aGroupRolledBackLeavesNothingKept() throws {
        let subject = try StoreUnderTest(.postgres)
        let store = try #require(subject.store as? PostgresEventStore)
        let other = try subject.anotherPostgresWriter()
        try decide(store, "p", commandID: "c-1") { _ = try store.read(stream: "p") }
        // c-2 is not the group's last command, so its append does not carry the commit.
        store.upcomingCommandIDs = ["c-2", "c-later"]
        try store.withExclusiveDecision {
            try store.beginGroup()
            _ = try store.read(stream: "p")
            _ = try store.append([event("E", "{}")], to: "p", expectingVersion: .exactly(1), commandID: "c-2", actor: "test:t")
            #expect(try store.read(stream: "p").count == 2)
            store.rollbackGroup()
        }
        try decide(other, "p", commandID: "c-3")
        var seen: [String] = []
        try decide(store, "p", commandID: "c-4") {
            try store.readAll(from: 1, through: nil) { _ in }
            seen = try store.read(stream: "p").map(\.commandID)
        }
        #expect(seen == ["c-1", "c-3"])
        #expect(try store.read(stream: "p").map(\.commandID) == ["c-1", "c-3", "c-4"])
        #expect(try store.verify().eventCount == 3)
    }

    /// Outside the decision lock, a kept stream is brought up to date by reading only its newer events.
    @Test func outsideTheLockAKeptStreamGainsWhatOthersAppended() throws {
        let subject = try StoreUnderTest(.postgres)
        let a = try #require(subject.store as? PostgresEventStore)
        let b = try subject.anotherPostgresWriter()
        _ = try a.append([event("E", "{}")], to: "p", expectingVersion: .noStream, commandID: "c-1", actor: "test:t")
        #expect(try a.read(stream: "p").count == 1)
        _ = try b.append([event("E", "{}")], to: "p", expectingVersion: .exactly(1), commandID: "c-2", actor: "test:t")
        #expect(try a.read(stream: "p").map(\.commandID) == ["c-1", "c-2"])
        #expect(try a.version(of: "p") == 2)
    }
}

/// The cache's bookkeeping by itself.
@Suite("Stream cache")
struct StreamCacheTests {
    private func envelope(_ position: UInt64, _ stream: String, _ version: UInt64) -> EventEnvelope {
        EventEnvelope(position: position, streamID: stream, streamVersion: version, eventID: EventID(bytes: Array(repeating: 0, count: 16))!,
                      commandID: "c-\(position)", actor: "test:t", recordedAt: 0, type: "E", schemaVersion: 1, payload: [])
    }

    @Test func eventsSeenInOrderExtendKeptStreamsAndAGapDropsThem() {
        var cache = StreamCache()
        cache.keep("p", [envelope(1, "p", 1)])
        cache.observe(envelope(1, "p", 1))
        cache.observe(envelope(2, "p", 2))
        cache.observe(envelope(3, "q", 1))
        #expect(cache.events(of: "p")?.map(\.position) == [1, 2])
        #expect(cache.events(of: "q") == nil)
        #expect(cache.through == 3)
        cache.observe(envelope(5, "p", 4))
        #expect(cache.events(of: "p") == nil)
        #expect(cache.through == 5)
    }

    @Test func pastItsLimitTheCacheStartsAgainEmpty() {
        var cache = StreamCache(limit: 3)
        cache.keep("p", [envelope(1, "p", 1), envelope(2, "p", 2)])
        cache.keep("q", [envelope(3, "q", 1), envelope(4, "q", 2)])
        #expect(cache.events(of: "p") == nil)
        #expect(cache.events(of: "q")?.count == 2)
    }
}
