/// Builds RFC 9162 proofs (sections 2.1.3.1 and 2.1.4.1) from the hashes of subtrees, and checks
/// them (sections 2.1.3.2 and 2.1.4.2). The tree itself is reached only through `subtree`, so the
/// same code serves the stored tree (`MerkleTree`) and an in-memory one (tests).
struct MerkleProofs {
    /// The hash of the leaves `[start, start + count)` (0-based), `count >= 1`. `MerkleTree` answers a
    /// complete power-of-two subtree from its file and splits anything else at RFC 9162's `k`.
    let subtree: (_ start: UInt64, _ count: UInt64) throws -> Digest

    /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 2.1.3.1, `PATH`),
    /// leaf side first.
    func inclusion(index: UInt64, size: UInt64) throws -> [Digest] {
        precondition(index < size)
        var path: [Digest] = []
        // Walk down from the root, collecting siblings root side first, then reverse.
        var start: UInt64 = 0, count = size, m = index
        while count > 1 {
            let k = largestPowerOfTwo(below: count)
            if m < k {
                path.append(try subtree(start + k, count - k))
                count = k
            } else {
                path.append(try subtree(start, k))
                start += k; m -= k; count -= k
            }
        }
        return path.reversed()
    }

    /// The consistency proof from the tree of `old` leaves to the tree of `new` leaves
    /// (RFC 9162 2.1.4.1, `PROOF(m, D[n])`), for `0 < old <= new`; empty when they are equal.
    func consistency(old: UInt64, new: UInt64) throws -> [Digest] {
        precondition(old > 0 && old <= new)
        var proof: [Digest] = []
        var start: UInt64 = 0, count = new, m = old, isWholeOldTree = true
        while m != count {
            let k = largestPowerOfTwo(below: count)
            if m <= k {
                proof.append(try subtree(start + k, count - k))
                count = k
            } else {
                proof.append(try subtree(start, k))
                start += k; m -= k; count -= k
                isWholeOldTree = false
            }
        }
        // SUBPROOF(m, D[m], b): the old tree's own root is left out when the verifier has it already.
        if !isWholeOldTree { proof.append(try subtree(start, count)) }
        return proof.reversed()
    }

    /// Whether `path` proves that `leafHash` is leaf `index` of a tree of `size` leaves with root `root`
    /// (RFC 9162 2.1.3.2).
    static func verifyInclusion(index: UInt64, size: UInt64, leafHash: Digest, path: [Digest], root: Digest,
                                hashing: MerkleHashing = MerkleHashing()) -> Bool {
        guard index < size else { return false }
        var fn = index, sn = size - 1, r = leafHash
        for p in path {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = hashing.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = hashing.nodeHash(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` proves that the tree of `new` leaves with root `newRoot` extends the tree of
    /// `old` leaves with root `oldRoot` (RFC 9162 2.1.4.2). Equal sizes need an empty proof and equal roots.
    static func verifyConsistency(old: UInt64, new: UInt64, oldRoot: Digest, newRoot: Digest, proof: [Digest],
                                  hashing: MerkleHashing = MerkleHashing()) -> Bool {
        guard old > 0, old <= new else { return false }
        if old == new { return proof.isEmpty && oldRoot == newRoot }
        guard !proof.isEmpty else { return false }
        var path = proof
        if old & (old - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard let first = path.first else { return false }
        var fn = old - 1, sn = new - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = first, sr = first
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = hashing.nodeHash(c, fr)
                sr = hashing.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = hashing.nodeHash(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}

/// Checks RFC 9162 proofs, for callers outside the store (the CLI's `verify --checkpoint` and
/// `--receipt`); an independent verifier follows FORMAT.md section 13 instead.
public enum MerkleVerifier {
    /// Whether `path` proves leaf `index` (0-based) with hash `leafHash` is in the tree of `size` leaves with root `root`.
    public static func inclusion(index: UInt64, size: UInt64, leafHash: Digest, path: [Digest], root: Digest) -> Bool {
        MerkleProofs.verifyInclusion(index: index, size: size, leafHash: leafHash, path: path, root: root)
    }

    /// Whether `proof` shows the tree of `new` leaves with `newRoot` extends the tree of `old` leaves with `oldRoot`.
    public static func consistency(old: UInt64, new: UInt64, oldRoot: Digest, newRoot: Digest, proof: [Digest]) -> Bool {
        MerkleProofs.verifyConsistency(old: old, new: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
    }
}
