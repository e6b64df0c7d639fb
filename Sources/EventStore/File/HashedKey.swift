#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A stream or command ID with its hash computed once.
///
/// An append looks each ID up in several dictionaries (the batch so far, the pending and in-flight
/// entries, the known versions) and then inserts it in some. A `String` key is hashed again for
/// every one of them, and a lookup that misses compares the key's bytes with the keys along its
/// probe sequence. Most lookups in an append miss. With the hash stored, each lookup reuses it and
/// compares the stored hashes before any bytes. On the bench's batches this roughly halves the cost
/// of the dictionary work in an append (BENCHMARKS.md).
///
/// Two keys are equal when their UTF-8 bytes are (FORMAT.md 3.1), not when Swift's `String ==` says
/// so: that compares canonical equivalents (`é` and `e` + U+0301) as equal, but the log, the index
/// and `verify` keep them as two streams. The stored hash is `String`'s, which is the same for
/// canonical equivalents and so for equal bytes too; equal hashes still need equal bytes.
struct HashedKey: Hashable, Sendable {
    let value: String
    let hash: Int

    init(_ value: String) {
        self.value = value
        hash = value.hashValue
    }

    static func == (a: HashedKey, b: HashedKey) -> Bool { a.hash == b.hash && a.value.hasSameBytes(as: b.value) }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// What `Dictionary` asks for. The default would run the stored hash through SipHash again; this
    /// mixes it with the table's seed (so tables of different sizes do not share a bucket order) in a
    /// few instructions.
    func _rawHashValue(seed: Int) -> Int {
        var x = UInt64(bitPattern: Int64(hash ^ seed))
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        return Int(Int64(bitPattern: x))
    }
}

extension String {
    /// Whether the two strings are the same UTF-8 bytes: identifiers compare as bytes (FORMAT.md
    /// 3.1), without the Unicode normalisation that `==` applies.
    func hasSameBytes(as other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
                // Forced unwraps: a non-empty buffer has a base address.
            }
        }
        if let fast, let result = fast { return result }
        return utf8.elementsEqual(other.utf8)
    }
}
