import EventStore
import Foundation
import PostgresStore
import Testing

/// The RFC 9162 tree over a PostgreSQL history: the same history gives the same leaves, roots and
/// proofs as the file log's tree, and a tree kept as derived data catches up with later appends.
@Suite("PostgreSQL store: the Merkle tree", .enabled(if: TestDatabase.isConfigured))
struct PostgresMerkleTests {
    @Test func theSameHistoryGivesTheSameRootOnBothStores() throws {
        let file = try StoreUnderTest(.file)
        let database = try StoreUnderTest(.postgres)
        for subject in [file, database] {
            try fill(subject.store, commands: 25)
            _ = try subject.store.append([event("中文", "{\"名\":\"张三\"}"), event("b", "{}")], to: "student-张",
                                         expectingVersion: .noStream, commandID: "cmd-中", actor: "school:学校")
        }
        let pg = try #require(database.store as? PostgresEventStore)
        let treeDirectory = NSTemporaryDirectory() + "registry-pg-tree-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: treeDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: treeDirectory) }
        let fileTree = try MerkleTree(directory: try #require(file.directory))
        let databaseTree = try MerkleTree(treeDirectory: treeDirectory, leaves: pg.merkleLeaves)
        #expect(databaseTree.size == pg.head.position)
        #expect(databaseTree.size == fileTree.size)
        for size in [1, 2, 7, 16, databaseTree.size] as [UInt64] {
            #expect(try databaseTree.root(size: size) == fileTree.root(size: size))
        }
        #expect(try databaseTree.inclusionProof(index: 5, treeSize: databaseTree.size) == fileTree.inclusionProof(index: 5, treeSize: fileTree.size))
        #expect(try databaseTree.consistencyProof(old: 3, new: databaseTree.size) == fileTree.consistencyProof(old: 3, new: fileTree.size))

        // Later appends: the kept tree catches up when opened again, and still agrees.
        for subject in [file, database] {
            _ = try subject.store.append([event("c", "{}")], to: "late", expectingVersion: .noStream, commandID: "cmd-late", actor: "bureau:EDU")
        }
        let reopened = try MerkleTree(treeDirectory: treeDirectory, leaves: pg.merkleLeaves)
        let fileAgain = try MerkleTree(directory: try #require(file.directory))
        #expect(!reopened.wasRebuilt)
        #expect(reopened.size == databaseTree.size + 1)
        #expect(try reopened.root() == fileAgain.root())
    }
}
