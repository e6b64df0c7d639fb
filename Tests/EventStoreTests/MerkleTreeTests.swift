import Foundation
import Testing
@testable import EventStore

/// The Merkle tree beside the log (FORMAT.md section 13): its roots and proofs against a plain
/// recursive reading of RFC 9162, its storage, and its repair.
@Suite("Merkle tree")
struct MerkleTreeTests {
    let hashing = MerkleHashing()

    /// MTH of RFC 9162 2.1.1, recursively, as the RFC writes it.
    func referenceRoot(_ leaves: ArraySlice<Digest>) -> Digest {
        if leaves.isEmpty { return MerkleTree.emptyRoot }
        if leaves.count == 1 { return leaves.first! }
        let k = Int(largestPowerOfTwo(below: UInt64(leaves.count)))
        return hashing.nodeHash(referenceRoot(leaves.prefix(k)), referenceRoot(leaves.dropFirst(k)))
    }

    /// Every record's leaf hash, computed from the segment bytes independently of the tree code.
    func leafHashes(_ directory: String) throws -> [Digest] {
        try recordExtents(directory).map { e in
            let bytes = try Data(contentsOf: URL(fileURLWithPath: e.file))[Int(e.offset)..<(Int(e.offset) + e.length - 36)]
            return Array(bytes).withUnsafeBytes { hashing.leafHash($0) }
        }
    }

    func makeLog(_ dir: TemporaryDirectory, commands: Int, segmentBytes: UInt64 = 64 << 20) throws {
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: segmentBytes))
        try fill(log, commands: commands)
    }

    @Test func rootsAndProofsAgreeWithRFC9162ForEverySize() throws {
        let dir = TemporaryDirectory("merkle")
        try makeLog(dir, commands: 20, segmentBytes: 2048)  // 40 records over several segments
        let tree = try MerkleTree(directory: dir.path)
        let leaves = try leafHashes(dir.path)
        #expect(tree.size == UInt64(leaves.count))
        for n in 1...leaves.count {
            let root = try tree.root(size: UInt64(n))
            #expect(root == referenceRoot(leaves.prefix(n)), "root of \(n)")
            for i in 0..<n {
                let path = try tree.inclusionProof(index: UInt64(i), treeSize: UInt64(n))
                #expect(MerkleVerifier.inclusion(index: UInt64(i), size: UInt64(n), leafHash: leaves[i], path: path, root: root), "leaf \(i) of \(n)")
            }
            for m in 1...n {
                let proof = try tree.consistencyProof(old: UInt64(m), new: UInt64(n))
                #expect(MerkleVerifier.consistency(old: UInt64(m), new: UInt64(n), oldRoot: referenceRoot(leaves.prefix(m)),
                                                   newRoot: root, proof: proof), "\(m) → \(n)")
            }
        }
    }

    @Test func aFlippedBitInAProofIsRefused() throws {
        let dir = TemporaryDirectory("merkle-flip")
        try makeLog(dir, commands: 12)
        let tree = try MerkleTree(directory: dir.path)
        let n = tree.size, root = try tree.root()
        var path = try tree.inclusionProof(index: 5, treeSize: n)
        var raw = path[1].rawBytes
        raw[7] ^= 0x01
        path[1] = Digest(raw)!
        #expect(!MerkleVerifier.inclusion(index: 5, size: n, leafHash: try tree.leafHash(index: 5), path: path, root: root))
        var proof = try tree.consistencyProof(old: 7, new: n)
        raw = proof[0].rawBytes
        raw[0] ^= 0x80
        proof[0] = Digest(raw)!
        #expect(!MerkleVerifier.consistency(old: 7, new: n, oldRoot: try tree.root(size: 7), newRoot: root, proof: proof))
        #expect(!MerkleVerifier.consistency(old: 7, new: n, oldRoot: try tree.root(size: 7), newRoot: root, proof: []))
    }

    @Test func theTreeCatchesUpWithAppendsAndIsRebuiltWhenMissingOrDamaged() throws {
        let dir = TemporaryDirectory("merkle-repair")
        try makeLog(dir, commands: 10)
        let first = try MerkleTree(directory: dir.path)
        let sizeBefore = first.size
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 7, prefix: "more")
        }
        let caughtUp = try MerkleTree(directory: dir.path)
        #expect(caughtUp.size > sizeBefore)
        #expect(!caughtUp.wasRebuilt)
        let root = try caughtUp.root()
        #expect(root == referenceRoot(try leafHashes(dir.path)[...]))

        try FileManager.default.removeItem(atPath: dir.sub(MerkleTree.fileName))
        #expect(try MerkleTree(directory: dir.path).root() == root)

        // A damaged hash inside the file: `check` (what `verify` runs) finds it and rebuilds.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: dir.sub(MerkleTree.fileName)))
        try handle.seek(toOffset: 32 * 3)
        try handle.write(contentsOf: Data(repeating: 0xAB, count: 32))
        try handle.close()
        let report = try MerkleTree.check(directory: dir.path)
        #expect(report?.wasRebuilt == true)
        #expect(report?.root == root)
        #expect(try MerkleTree(directory: dir.path).root() == root)
        #expect(try MerkleTree.check(directory: dir.path)?.wasRebuilt == false)

        // The same through the length prefixes only, as `verify` does after checking the records itself.
        let again = try FileHandle(forUpdating: URL(fileURLWithPath: dir.sub(MerkleTree.fileName)))
        try again.seek(toOffset: 32 * 5)
        try again.write(contentsOf: Data(repeating: 0xCD, count: 32))
        try again.close()
        let fast = try MerkleTree.check(directory: dir.path, verifiedThrough: caughtUp.size)
        #expect(fast == MerkleTree.CheckReport(size: caughtUp.size, root: root, wasRebuilt: true))
        #expect(try MerkleTree.check(directory: dir.path, verifiedThrough: caughtUp.size)?.wasRebuilt == false)
    }

    @Test func aTreeKeptOpenBesideAWriterFollowsItsAppends() throws {
        let dir = TemporaryDirectory("merkle-follow")
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        try fill(log, commands: 5)
        let tree = try MerkleTree(directory: dir.path)
        for round in 0..<4 {
            // The writer has not flushed its index: the tree reads on from where it stopped.
            try fill(log, commands: 3, prefix: "round-\(round)")
            #expect(try tree.catchUpWithLog() == log.head.position)
        }
        try log.flushIndex()  // for the reference leaves, read through the index
        #expect(try tree.root() == referenceRoot(try leafHashes(dir.path)[...]))
    }

    @Test func aTreeOfAnotherLogIsRebuiltOnOpen() throws {
        let a = TemporaryDirectory("merkle-a"), b = TemporaryDirectory("merkle-b")
        try makeLog(a, commands: 6)
        try makeLog(b, commands: 9)
        _ = try MerkleTree(directory: b.path)
        try FileManager.default.copyItem(atPath: b.sub(MerkleTree.fileName), toPath: a.sub(MerkleTree.fileName))
        let tree = try MerkleTree(directory: a.path)
        #expect(tree.wasRebuilt)
        #expect(try tree.root() == referenceRoot(try leafHashes(a.path)[...]))
    }

    @Test func storedSlotsFollowTheDocumentedLayout() {
        // FORMAT.md 13.2: leaf m's hash, then the subtrees it completes.
        #expect(MerkleLayout.storedCount(4) == 7)
        #expect(MerkleLayout.slot(level: 0, k: 2) == 3)
        #expect(MerkleLayout.slot(level: 2, k: 0) == 6)
        #expect(MerkleLayout.slot(level: 0, k: 4) == 7)
        for hashes in 0...100 as ClosedRange<UInt64> {
            let n = MerkleLayout.leaves(fitting: hashes)
            #expect(MerkleLayout.storedCount(n) <= hashes && MerkleLayout.storedCount(n + 1) > hashes)
        }
    }
}

/// Ed25519 keys through libcrypto and checkpoints as C2SP signed notes (FORMAT.md section 14).
@Suite("Signed checkpoints")
struct CheckpointSigningTests {
    @Test func aSignedCheckpointVerifiesUnderItsKeyAndNoOther() throws {
        let key = try Ed25519Key.generate()
        let noteKey = NoteKey(name: "placement-registry/0123456789abcdef", publicKey: try key.rawPublicKey())
        let checkpoint = Checkpoint(origin: noteKey.name, size: 42, root: Digest(hex: String(repeating: "ab", count: 32))!)
        let note = try checkpoint.signedNote(key: key, noteKey: noteKey)
        #expect(note.hasPrefix("placement-registry/0123456789abcdef\n42\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n\u{2014} placement-registry/0123456789abcdef "))
        #expect(try Checkpoint.verify(note, keys: [noteKey]).0 == checkpoint)
        #expect(NoteKey(text: noteKey.text) == noteKey)

        let other = try Ed25519Key.generate()
        let otherNoteKey = NoteKey(name: noteKey.name, publicKey: try other.rawPublicKey())
        let forged = try checkpoint.signedNote(key: other, noteKey: otherNoteKey)
        #expect(throws: CheckpointError.badSignature(origin: noteKey.name)) { try Checkpoint.verify(forged, keys: [noteKey]) }
        // Old keys stay usable: a ring holding both accepts both.
        #expect(try Checkpoint.verify(forged, keys: [noteKey, otherNoteKey]).1 == otherNoteKey)

        let tampered = note.replacingOccurrences(of: "\n42\n", with: "\n43\n")
        #expect(throws: CheckpointError.badSignature(origin: noteKey.name)) { try Checkpoint.verify(tampered, keys: [noteKey]) }
    }

    @Test func theKeyRoundTripsThroughPKCS8() throws {
        let key = try Ed25519Key.generate()
        let pem = try key.privateKeyPEM()
        #expect(String(decoding: pem, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let again = try Ed25519Key(privateKeyPEM: pem)
        #expect(try again.rawPublicKey() == key.rawPublicKey())
        let signature = try again.sign(Array("message".utf8))
        #expect(Ed25519Key.verify(signature: signature, of: Array("message".utf8), publicKey: try key.rawPublicKey()))
        #expect(!Ed25519Key.verify(signature: signature, of: Array("messagf".utf8), publicKey: try key.rawPublicKey()))
    }

    @Test func base64IsStrict() {
        #expect(Base64.decode(Base64.encode([1, 2, 3, 4])) == [1, 2, 3, 4])
        #expect(Base64.decode("AQID") == [1, 2, 3])
        #expect(Base64.decode("AQI=") == [1, 2])
        #expect(Base64.decode("AQ==") == [1])
        #expect(Base64.decode("AQ") == nil)
        #expect(Base64.decode("A Q==") == nil)
    }
}
