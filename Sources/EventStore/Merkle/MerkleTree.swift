#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The RFC 9162 Merkle tree over the log's records, kept in `<log>/merkle.tree` (FORMAT.md section 13).
///
/// A leaf is a record's **length prefix and body** — the same bytes the chain hash covers — so the
/// tree and the chain commit to the same data and neither depends on the CRC or the stored hash.
/// Leaf `i` (0-based) is the record at log position `i + 1`.
///
/// The file is derived data. It is not written by appends: opening a `MerkleTree` catches it up
/// with the committed records (reading only the records it lacks), which keeps appends exactly as
/// fast as without a tree and leaves the writer's code alone; the cost falls on the first proof or
/// checkpoint after a run of appends. A missing file is built from the log; a file that does not
/// match the log at its last leaf, or is longer than the log, is rebuilt. `verify` recomputes the
/// whole root (`MerkleTree.check`).
///
/// Opening takes an exclusive `flock` on the file while catching up, so two processes never write
/// it at once. Reads take no lock: the hashes below `size` never change, except in a rebuild, which
/// only a damaged tree needs (a reader then fails on a short read, or `verify` later finds it).
public final class MerkleTree {
    /// The tree file's name in the log directory.
    public static let fileName = "merkle.tree"
    /// The root of the empty tree: SHA-256 of no bytes (RFC 9162 2.1.1).
    public static let emptyRoot = Digest(hex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")!

    /// The log directory.
    public let directory: String
    /// The number of leaves: the log's committed head position when the tree was opened.
    public private(set) var size: UInt64 = 0
    /// Whether opening found the file damaged or out of step with the log and rebuilt it.
    public private(set) var wasRebuilt = false

    private let file: PosixFile
    private let hashing = MerkleHashing()
    private var cache: [UInt64: Digest] = [:]
    /// Where the last catch-up stopped reading the log, for the next one in this process.
    private var resume: LeafReader.Resume?
    /// For a store other than the file log: hands out the leaf hashes of the records from a position on.
    private let leafSource: LeafSource?
    /// The right edge of the tree as the writer feeding it (`addRecords`) has grown it, past `size`
    /// by the hashes in `unwritten`; nil until the writer first feeds it, and after anything that
    /// puts it in doubt (the next write then catches up from the log instead).
    private var edge: MerkleFrontier?
    /// Hashes `addRecords` computed and `writeAdded` has not written yet, in file order from slot
    /// `storedCount(size)`.
    private var unwritten: [UInt8] = []

    /// Calls its body with the position and leaf hash of every committed record from `first` on (the
    /// body returns false to stop), and returns the last position delivered (`first - 1` for none).
    public typealias LeafSource = (_ first: UInt64, _ body: (UInt64, Digest) throws -> Bool) throws -> UInt64

    /// Opens the tree beside the log in `directory`, building or catching it up first.
    /// - Throws: `EventStoreError.notALog` when there is no log, `.integrity` when a committed record
    ///   is damaged, `.io` when the file cannot be written.
    public convenience init(directory: String) throws {
        guard PosixFile.exists(directory + "/" + SegmentFormat.fileName(segment: 1)) else {
            throw EventStoreError.notALog(path: directory)
        }
        try self.init(directory: directory, treeDirectory: directory, leaves: nil)
    }

    /// Opens the tree beside a log its writer holds, which may have no segment yet (a new log).
    convenience init(writerOf directory: String) throws {
        try self.init(directory: directory, treeDirectory: directory, leaves: nil)
    }

    /// Opens the tree of another store's records (PostgreSQL), kept as derived data in
    /// `treeDirectory/merkle.tree`, building or catching it up from `leaves` first.
    public convenience init(treeDirectory: String, leaves: @escaping LeafSource) throws {
        try self.init(directory: treeDirectory, treeDirectory: treeDirectory, leaves: leaves)
    }

    private init(directory: String, treeDirectory: String, leaves: LeafSource?) throws {
        self.directory = directory
        leafSource = leaves
        file = try PosixFile(path: treeDirectory + "/" + Self.fileName, flags: O_RDWR | O_CREAT)
        guard flock(file.descriptor, LOCK_EX) == 0 else { throw PosixFile.error("flock", file.path) }
        let stored = try file.size() / 32
        size = MerkleLayout.leaves(fitting: stored)
        if MerkleLayout.storedCount(size) * 32 != (try file.size()) {
            // A catch-up interrupted mid-write: keep the whole leaves.
            try file.truncate(to: MerkleLayout.storedCount(size) * 32)
        }
        if try !catchUp() {
            wasRebuilt = true
            size = 0
            cache = [:]
            try file.truncate(to: 0)
            guard try catchUp() else {
                throw EventStoreError.integrity(position: 0, segment: Self.fileName, offset: 0, reason: "the Merkle tree cannot be rebuilt")
            }
        }
        flock(file.descriptor, LOCK_UN)
    }

    // MARK: - Reading

    /// The root hash of the tree of the first `size` leaves (the whole tree by default).
    /// - Complexity: O(log n) reads of 32 bytes.
    public func root(size treeSize: UInt64? = nil) throws -> Digest {
        let n = treeSize ?? size
        try checkSize(n)
        return n == 0 ? Self.emptyRoot : try subtree(0, n)
    }

    /// The leaf hash of the record at 0-based `index` (log position `index + 1`).
    public func leafHash(index: UInt64) throws -> Digest {
        try checkSize(index + 1)
        return try stored(level: 0, k: index)
    }

    /// The audit path of leaf `index` in the tree of `treeSize` leaves (RFC 9162 2.1.3.1), leaf side first.
    /// - Complexity: O(log² n) reads of 32 bytes at worst.
    public func inclusionProof(index: UInt64, treeSize: UInt64) throws -> [Digest] {
        try checkSize(treeSize)
        guard index < treeSize else { throw MerkleError.outOfRange(size: index + 1, treeSize: treeSize) }
        return try MerkleProofs(subtree: subtree).inclusion(index: index, size: treeSize)
    }

    /// The consistency proof from the tree of `old` leaves to the tree of `new` (RFC 9162 2.1.4.1).
    public func consistencyProof(old: UInt64, new: UInt64) throws -> [Digest] {
        try checkSize(new)
        guard old >= 1, old <= new else { throw MerkleError.badSizes(old: old, new: new) }
        return try MerkleProofs(subtree: subtree).consistency(old: old, new: new)
    }

    private func checkSize(_ n: UInt64) throws {
        guard n <= size else { throw MerkleError.outOfRange(size: n, treeSize: size) }
    }

    /// The hash of leaves `[start, start + count)`: a stored complete subtree, or one split at RFC 9162's `k`.
    private func subtree(_ start: UInt64, _ count: UInt64) throws -> Digest {
        if count & (count - 1) == 0 && start % count == 0 {
            return try stored(level: count.trailingZeroBitCount, k: start / count)
        }
        let k = largestPowerOfTwo(below: count)
        return hashing.nodeHash(try subtree(start, k), try subtree(start + k, count - k))
    }

    private func stored(level: Int, k: UInt64) throws -> Digest {
        let slot = MerkleLayout.slot(level: level, k: k)
        if let hit = cache[slot] { return hit }
        let bytes = try file.read(count: 32, at: slot * 32)
        guard let d = Digest(bytes) else {
            throw EventStoreError.integrity(position: 0, segment: Self.fileName, offset: slot * 32, reason: "the Merkle tree file is short")
        }
        cache[slot] = d
        return d
    }

    // MARK: - Catching up with the log

    /// Adds the leaves of the committed records past `size`. Returns false when the stored tree does
    /// not match the log (its last leaf differs from the record, or it has more leaves than the log).
    private func catchUp() throws -> Bool {
        var reader = LeafReader(directory: directory)
        var frontier = try MerkleFrontier(size: size) { level, k in try stored(level: level, k: k) }
        let lastStored = size
        var matches = true
        var pendingBytes: [UInt8] = []
        var writeAt = MerkleLayout.storedCount(size) * 32
        // Resuming reads nothing twice; otherwise the last stored leaf is read again and compared.
        let first = resume?.cursor.position == lastStored && lastStored > 0 ? lastStored + 1 : max(lastStored, 1)
        func add(_ position: UInt64, _ leaf: Digest) throws -> Bool {
            if position <= lastStored {
                if try stored(level: 0, k: position - 1) != leaf { matches = false; return false }
                return true
            }
            frontier.add(leaf: leaf, hashing: hashing) { pendingBytes.append(contentsOf: $0.rawBytes) }
            if pendingBytes.count >= 1 << 22 {
                try file.write(pendingBytes, at: writeAt)
                writeAt += UInt64(pendingBytes.count)
                pendingBytes.removeAll(keepingCapacity: true)
            }
            return true
        }
        let reached = try leafSource.map { try $0(first, add) } ?? reader.leaves(from: first, resumingAt: resume, add)
        guard matches, reached >= lastStored else { return false }
        if !pendingBytes.isEmpty { try file.write(pendingBytes, at: writeAt) }
        // Not synced: the tree is derived, a lost tail is re-added by the next catch-up, and a
        // second fdatasync per batch would double what a long-running writer pays for it.
        size = frontier.size
        resume = reader.resume
        return true
    }

    /// Adds the records committed since the tree was opened (or last caught up), for a process that
    /// keeps the tree open while it appends: it reads only the new records, from where it stopped.
    /// - Returns: the new size.
    @discardableResult
    public func catchUpWithLog() throws -> UInt64 {
        guard flock(file.descriptor, LOCK_EX) == 0 else { throw PosixFile.error("flock", file.path) }
        defer { flock(file.descriptor, LOCK_UN) }
        // Another process may have caught the file up meanwhile: take its leaves as they are.
        let onDisk = MerkleLayout.leaves(fitting: try file.size() / 32)
        if onDisk != size { size = onDisk; resume = nil; cache = [:] }
        guard try catchUp() else {
            throw EventStoreError.integrity(position: size, segment: Self.fileName, offset: 0,
                                            reason: "the Merkle tree no longer matches the log; reopen it to rebuild")
        }
        return size
    }

    // MARK: - Fed by the log's writer

    /// Hashes the leaves of records a writer has just appended, in the same pass as the append, so
    /// that keeping the tree never reads the log back (`catchUpWithLog` re-reads, re-checks and
    /// decodes every record). Nothing is written until `writeAdded()`, which the writer calls once
    /// the records are durable, so the file never holds a leaf of a record a crash could take back.
    /// - Parameters:
    ///   - records: framed records, one after another, exactly as written to the segment.
    ///   - lengths: each record's framed length (length prefix, body, chain hash, CRC).
    ///   - firstPosition: the log position of the first record.
    func addRecords(_ records: UnsafeRawBufferPointer, lengths: [Int], firstPosition: UInt64) {
        if edge == nil, unwritten.isEmpty, firstPosition == size + 1 {
            edge = try? MerkleFrontier(size: size) { level, k in try stored(level: level, k: k) }
        }
        // Records the edge has not reached (or passed): the next write catches up from the log.
        guard var grown = edge, grown.size + 1 == firstPosition else { edge = nil; unwritten = []; return }
        unwritten.reserveCapacity(unwritten.count + lengths.count * 64)
        var offset = 0
        for length in lengths {
            let leaf = UnsafeRawBufferPointer(rebasing: records[offset..<(offset + length - SegmentFormat.trailerSize)])
            grown.add(leaf: hashing.leafHash(leaf), hashing: hashing) { h in withUnsafeBytes(of: h.bytes) { unwritten.append(contentsOf: $0) } }
            offset += length
        }
        edge = grown
    }

    /// Writes the hashes `addRecords` computed, with one `pwrite` under the file's lock, unsynced
    /// (the tree is derived data: a tail lost to a power cut is re-added by the next catch-up).
    /// When another process changed the file meanwhile, or the writer's records did not follow
    /// the tree, it catches up from the log instead.
    /// - Returns: false when the tree could not be written; the records stay durable, and the next
    ///   opening of the tree catches it up or rebuilds it.
    @discardableResult
    func writeAdded() -> Bool {
        defer { unwritten.removeAll(keepingCapacity: true) }
        guard flock(file.descriptor, LOCK_EX) == 0 else { edge = nil; return false }
        defer { flock(file.descriptor, LOCK_UN) }
        do {
            let onDisk = MerkleLayout.leaves(fitting: try file.size() / 32)
            if let edge, onDisk == size, MerkleLayout.storedCount(edge.size) * 32 == MerkleLayout.storedCount(size) * 32 + UInt64(unwritten.count) {
                if !unwritten.isEmpty { try file.write(unwritten, at: MerkleLayout.storedCount(size) * 32) }
                size = edge.size
                return true
            }
            edge = nil
            if onDisk != size { size = onDisk; resume = nil; cache = [:] }
            return try catchUp()
        } catch {
            edge = nil
            return false
        }
    }

    /// Forgets hashes added for records that did not become durable (a failed sync).
    func discardAdded() {
        unwritten.removeAll(keepingCapacity: true)
        edge = nil
    }

    // MARK: - Verification

    /// What `check` found.
    public struct CheckReport: Equatable, Sendable {
        /// The number of leaves: the log's committed head position.
        public var size: UInt64
        /// The root recomputed from every record of the log.
        public var root: Digest
        /// Whether the stored tree differed from the recomputation (and was rebuilt).
        public var wasRebuilt: Bool
    }

    /// Recomputes every stored hash from the committed records and compares the stored tree's,
    /// slot by slot; a stored tree that differs anywhere is rebuilt (it is derived data, like the
    /// stream index). A log without a tree file is left without one.
    /// - Parameter verifiedThrough: when the caller has just verified the log up to this position
    ///   (CRCs, chain), the leaves are read by following the length prefixes only, up to it.
    /// - Returns: nil when the log has no tree file.
    public static func check(directory: String, verifiedThrough: UInt64? = nil) throws -> CheckReport? {
        guard PosixFile.exists(directory + "/" + fileName) else { return nil }
        let hashing = MerkleHashing()
        var frontier = MerkleFrontier()
        let tree = try MerkleTree(directory: directory)
        var rebuilt = tree.wasRebuilt
        let stored = try tree.file.read(count: Int(MerkleLayout.storedCount(tree.size) * 32), at: 0)
        var slot = 0
        var differs = false
        func add(_ leaf: Digest) {
            frontier.add(leaf: leaf, hashing: hashing) { h in
                if slot + 32 <= stored.count {
                    differs = differs || !stored[slot..<(slot + 32)].elementsEqual(h.rawBytes)
                }
                slot += 32
            }
        }
        var reader = LeafReader(directory: directory)
        if let verifiedThrough {
            _ = try reader.leavesOfVerifiedRecords(through: max(verifiedThrough, tree.size), add)
        } else {
            _ = try reader.leaves(from: 1) { _, leaf in add(leaf); return true }
        }
        let recomputed = frontier.root(hashing: hashing)
        // A writer may have appended since the tree was opened: only a tree longer than the log is wrong.
        if differs || frontier.size < tree.size {
            try tree.rebuild()
            rebuilt = true
        }
        return CheckReport(size: frontier.size, root: recomputed, wasRebuilt: rebuilt)
    }

    private func rebuild() throws {
        flock(file.descriptor, LOCK_EX)
        defer { flock(file.descriptor, LOCK_UN) }
        size = 0
        cache = [:]
        resume = nil
        wasRebuilt = true
        try file.truncate(to: 0)
        _ = try catchUp()
    }
}

/// Why a proof could not be made.
public enum MerkleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A tree size or position beyond the log's head.
    case outOfRange(size: UInt64, treeSize: UInt64)
    /// Consistency needs `1 <= old <= new`.
    case badSizes(old: UInt64, new: UInt64)

    public var description: String {
        switch self {
        case let .outOfRange(size, treeSize): return "\(size) is beyond the log's \(treeSize) records"
        case let .badSizes(old, new): return "a consistency proof needs 1 <= OLD <= NEW, not \(old) and \(new)"
        }
    }
}
