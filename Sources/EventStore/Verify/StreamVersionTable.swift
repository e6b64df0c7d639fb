import Glibc

/// Each stream's last version, as the verifier walks the log, keyed by the stream ID's UTF-8 bytes
/// (identifiers compare as bytes, FORMAT.md 3.1: canonically equivalent spellings are different
/// streams), and looked up from the bytes where they lie in the segment.
///
/// A `[String: UInt64]` (through `HashedKey`) made a String and asked the dictionary twice for every
/// record: the lookup, its reference counting and the string were most of the verifier's own thread,
/// which then took twice as long as the SHA-256 chain it is meant to hide behind. Here the keys are
/// copied once, when a stream is first seen, into one byte array; slots hold indexes into it. Hashing is
/// the standard library's seeded SipHash (`Hasher`), so a log written to collide cannot make a verify
/// slow without knowing this process's seed.
struct StreamVersionTable {
    /// One stream: what a lookup reads, side by side (one cache line rather than one per array).
    private struct Entry {
        var hash: Int
        var version: UInt64
        var keyStart: Int32
        var keyLength: Int32
    }

    /// Slot → entry index + 1 (0: empty). Open addressing, linear probing; at most half full.
    private var slots: [Int32]
    private var mask: Int
    private var entries: [Entry] = []
    private var keyBytes: [UInt8] = []

    init() {
        slots = [Int32](repeating: 0, count: 1024)
        mask = 1023
    }

    /// Streams seen.
    var count: Int { entries.count }

    /// The version `key`'s stream expects next (its last version + 1, or 1 for a stream not seen);
    /// when `version` is that, it becomes the stream's last version.
    mutating func advance(_ key: UnsafeRawBufferPointer, to version: UInt64) -> UInt64 {
        let hash = Self.hash(key)
        var slot = hash & mask
        // The probe reads the three arrays through pointers taken once: indexing them one by one
        // retained and released their storage around every access (a tenth of the verifying thread).
        let found = slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                keyBytes.withUnsafeBytes { keys -> Int? in
                    while true {
                        let entry = Int(slots[slot])
                        if entry == 0 { return nil }
                        let e = entries[entry - 1]
                        if e.hash == hash && Int(e.keyLength) == key.count
                            && (key.isEmpty || memcmp(keys.baseAddress! + Int(e.keyStart), key.baseAddress!, key.count) == 0) {
                            return entry - 1
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let found {
            let expected = entries[found].version &+ 1
            if version == expected { entries[found].version = version }
            return expected
        }
        guard version == 1 else { return 1 }
        precondition(entries.count < Int(Int32.max) - 1 && keyBytes.count + key.count < Int(Int32.max),
                     "too many streams for one verification")
        entries.append(Entry(hash: hash, version: version, keyStart: Int32(keyBytes.count), keyLength: Int32(key.count)))
        keyBytes.append(contentsOf: key)
        slots[slot] = Int32(entries.count)
        if entries.count * 2 > slots.count { grow() }
        return 1
    }

    /// The same, for a stream ID in hand (the scanner's path, after the fast walk stopped).
    mutating func advance(_ streamID: String, to version: UInt64) -> UInt64 {
        var id = streamID
        return id.withUTF8 { advance(UnsafeRawBufferPointer($0), to: version) }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [Int32](repeating: 0, count: size)
        let freshMask = size - 1
        for (i, entry) in entries.enumerated() {
            var slot = entry.hash & freshMask
            while fresh[slot] != 0 { slot = (slot + 1) & freshMask }
            fresh[slot] = Int32(i + 1)
        }
        slots = fresh
        mask = freshMask
    }

    /// The key's seeded SipHash. (Feeding it eight bytes at a time, with the tail and length as one
    /// word, took more instructions than `combine(bytes:)`: 69 M against 56 M for 200k records.)
    static func hash(_ key: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: key)
        return hasher.finalize()
    }
}
