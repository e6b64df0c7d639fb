/// The right edge of a Merkle tree being grown leaf by leaf: for each level, the complete subtree
/// that still waits for its right sibling. Adding a leaf yields the hashes it completes, in the
/// order `MerkleTree` stores them; `root` folds the edge into the RFC 9162 root of the leaves so far.
struct MerkleFrontier {
    /// `waiting[l]` is meaningful when bit `l` of `size` is set.
    private(set) var waiting: [Digest] = []
    private(set) var size: UInt64 = 0

    /// Starts from a tree of `size` leaves whose waiting subtrees are given by `hash(level, k)`.
    init(size: UInt64, hash: (_ level: Int, _ k: UInt64) throws -> Digest) rethrows {
        self.size = size
        waiting = Array(repeating: .zero, count: 64)
        for level in 0..<64 where (size >> UInt64(level)) & 1 == 1 {
            waiting[level] = try hash(level, (size >> UInt64(level)) - 1)
        }
    }

    init() { waiting = Array(repeating: .zero, count: 64) }

    /// Adds the leaf whose hash is `leaf`; `emit` receives it and then every subtree it completes, lowest first.
    mutating func add(leaf: Digest, hashing: MerkleHashing, emit: (Digest) -> Void) {
        var h = leaf
        emit(h)
        var level = 0
        while (size >> UInt64(level)) & 1 == 1 {
            h = hashing.nodeHash(waiting[level], h)
            emit(h)
            level += 1
        }
        waiting[level] = h
        size += 1
    }

    /// The root of the leaves added so far (SHA-256 of nothing for none, as RFC 9162 defines).
    func root(hashing: MerkleHashing) -> Digest {
        guard size > 0 else { return MerkleTree.emptyRoot }
        var h: Digest?
        for level in 0..<64 where (size >> UInt64(level)) & 1 == 1 {
            h = h.map { hashing.nodeHash(waiting[level], $0) } ?? waiting[level]
        }
        return h! // size > 0, so some bit is set.
    }
}

/// Where the tree file keeps each hash: in the order hashes become known. Adding leaf `m` (0-based)
/// writes its leaf hash, then the subtree hashes it completes (levels 1, 2, ...), so before leaf `m`
/// the file holds `storedCount(m) = 2m - popcount(m)` hashes.
enum MerkleLayout {
    /// Hashes stored for a tree of `leaves` leaves.
    static func storedCount(_ leaves: UInt64) -> UInt64 { 2 * leaves - UInt64(leaves.nonzeroBitCount) }

    /// The slot of the `k`-th complete subtree of height `level` (leaves `[k·2^level, (k+1)·2^level)`).
    static func slot(level: Int, k: UInt64) -> UInt64 {
        let lastLeaf = (k + 1) << UInt64(level) - 1
        return storedCount(lastLeaf) + UInt64(level)
    }

    /// The largest leaf count whose hashes fit in `hashes` slots.
    static func leaves(fitting hashes: UInt64) -> UInt64 {
        var n = hashes / 2 + 64
        while n > 0 && storedCount(n) > hashes { n -= 1 }
        return n
    }
}
