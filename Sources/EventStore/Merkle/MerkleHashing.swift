/// The two hash functions of an RFC 9162 (section 2.1.1) Merkle tree over SHA-256.
///
/// Leaves are hashed with a `0x00` prefix and interior nodes with `0x01`, so a leaf can never be
/// passed off as an interior node (a second-preimage defence).
struct MerkleHashing {
    private let hasher = SHA256Hasher()

    /// `SHA-256(0x00 || leaf)`.
    func leafHash(_ leaf: UnsafeRawBufferPointer) -> Digest {
        var prefix: UInt8 = 0
        return withUnsafeBytes(of: &prefix) { hasher.digest($0, leaf) }
    }

    /// `SHA-256(0x01 || left || right)`.
    func nodeHash(_ left: Digest, _ right: Digest) -> Digest {
        var prefix: UInt8 = 1
        var l = left.bytes, r = right.bytes
        return withUnsafeBytes(of: &prefix) { p in
            withUnsafeBytes(of: &l) { lb in withUnsafeBytes(of: &r) { rb in hasher.digest(p, lb, rb) } }
        }
    }
}

/// The largest power of two smaller than `n` (RFC 9162's `k`), for `n >= 2`.
@inline(__always)
func largestPowerOfTwo(below n: UInt64) -> UInt64 {
    precondition(n >= 2)
    return UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
}
