/// A stream or command ID with its hash computed once.
///
/// An append looks each ID up in several dictionaries (the batch so far, the pending and in-flight
/// entries, the known versions) and then inserts it in some. A `String` key is hashed again for
/// every one of them, and a lookup that misses compares the key's bytes with the keys along its
/// probe sequence. Most lookups in an append miss. With the hash stored, each lookup reuses it and
/// compares the stored hashes before any bytes. On the bench's batches this roughly halves the cost
/// of the dictionary work in an append (BENCHMARKS.md).
struct HashedKey: Hashable, Sendable {
    let value: String
    let hash: Int

    /// Hashes the UTF-8 bytes: IDs are compared as byte strings (FORMAT.md 3.1), whereas `String`'s
    /// own `==` and hash treat canonically equivalent spellings ("é" and "e" + U+0301) as one.
    init(_ value: String) {
        self.value = value
        var hasher = Hasher()
        var copy = value
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hash = hasher.finalize()
    }

    static func == (a: HashedKey, b: HashedKey) -> Bool { a.hash == b.hash && a.value.utf8.elementsEqual(b.value.utf8) }

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
