import Foundation
import Testing
@testable import EventStore

/// The Merkle tree kept by the log's writer (`FileEventLog.keepMerkleTree`, issue 16): leaves hashed
/// in the same pass as the append and written once the records are durable, giving exactly the
/// tree a fresh build from the log gives, whatever the batch sizes, segments and deferred syncs.
@Suite("Merkle tree kept by the writer")
struct MerkleKeptByWriterTests {
    /// The stored tree file after a rebuild from the log alone, for comparison byte for byte.
    func rebuiltTreeBytes(_ directory: String) throws -> Data {
        let copy = directory + "-rebuilt"
        try copyLog(directory, to: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.removeItem(atPath: copy + "/" + MerkleTree.fileName)
        _ = try MerkleTree(directory: copy)
        return try Data(contentsOf: URL(fileURLWithPath: copy + "/" + MerkleTree.fileName))
    }

    func batch(_ i: Int, events: Int) -> [AppendRequest] {
        (0..<events).map { j in
            AppendRequest(streamID: "s-\(i)-\(j)", events: [event("Filled", "{\"i\":\(i),\"j\":\(j)}")], expectedVersion: .noStream,
                          commandID: "b-\(i)-\(j)", actor: "test:t")
        }
    }

    @Test func aNewLogsTreeMatchesOneBuiltFromTheLog() throws {
        let dir = TemporaryDirectory("merkle-kept")
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: 8192))
        let tree = try log.keepMerkleTree()
        // Batches below and above the size whose leaves are hashed on another thread, over several segments.
        for (i, size) in [1, 3, 70, 1, 200, 64, 5].enumerated() { _ = try log.append(batch(i, events: size)) }
        #expect(tree.size == log.head.position)
        let kept = try Data(contentsOf: URL(fileURLWithPath: dir.sub(MerkleTree.fileName)))
        #expect(kept == (try rebuiltTreeBytes(dir.path)))
        #expect(try tree.root() == (try MerkleTree(directory: dir.path).root()))
    }

    @Test func anExistingLogsTreeIsCaughtUpThenKept() throws {
        let dir = TemporaryDirectory("merkle-kept-existing")
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 30)
        }
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        try log.keepMerkleTree()
        try fill(log, commands: 17, prefix: "more")
        _ = try log.append(batch(1, events: 100))
        #expect(log.merkleTree?.size == log.head.position)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.sub(MerkleTree.fileName))) == (try rebuiltTreeBytes(dir.path)))
    }

    @Test func deferredSyncsWriteTheLeavesAtTheSync() throws {
        let dir = TemporaryDirectory("merkle-kept-deferred")
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        let tree = try log.keepMerkleTree()
        log.defersSync = true
        _ = try log.append(batch(1, events: 10))
        _ = try log.append(batch(2, events: 90))
        // Nothing of the unsynced records is in the tree yet.
        #expect(tree.size == 0)
        try log.syncDeferred()
        #expect(tree.size == 100)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.sub(MerkleTree.fileName))) == (try rebuiltTreeBytes(dir.path)))
    }

    @Test func anotherProcessCatchingTheTreeUpMeanwhileIsTakenIn() throws {
        let dir = TemporaryDirectory("merkle-kept-shared")
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        let tree = try log.keepMerkleTree()
        log.defersSync = true
        _ = try log.append(batch(1, events: 40))
        // A reader (another process, in effect: its own object) catches the file up from the records it can read.
        let reader = try MerkleTree(directory: dir.path)
        #expect(reader.size == 40)
        try log.syncDeferred()
        #expect(tree.size == 40)
        log.defersSync = false
        _ = try log.append(batch(2, events: 100))
        #expect(tree.size == 140)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.sub(MerkleTree.fileName))) == (try rebuiltTreeBytes(dir.path)))
    }
}
