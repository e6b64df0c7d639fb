import Glibc

/// Each stream's last version, as the verifier walks the log, keyed by the stream ID's UTF-8 bytes
/// (identifiers compare as bytes, FORMAT.md 3.1: canonically equivalent spellings are different
/// streams), and looked up from the bytes where they lie in the segment.
///
/// A `[String: UInt64]` (through `HashedKey`) made a String and asked the dictionary twice for every
/// record: the lookup, its reference counting and the string were most of the verifier's own thread,
/// which then took twice as long as the SHA-256 chain it is meant to hide behind. Here the keys are
/// copied once, when a stream is first seen, into one byte array; slots hold indexes into it.
///
/// Keys are hashed with the CPU's CRC-32C instruction from a random seed, mixed by a multiplication:
/// the standard library's SipHash was 30% of the verifying thread. CRC-32C is linear, so a log could
/// be written whose stream IDs collide; a probe longer than `longProbe` slots (at most half full,
/// random keys need one or two) therefore moves the table to the seeded SipHash (`Hasher`) for good,
/// which a log cannot be written to defeat without knowing this process's seed. Either way the
/// answers are the same: keys are compared as bytes.
struct StreamVersionTable {
    /// How keys are hashed.
    enum Hashing {
        /// CRC-32C from this seed (the CPU's instruction), until a probe runs long.
        case crc(seed: UInt32)
        /// The standard library's seeded SipHash.
        case sip
        /// Tests: a hash that collides at will, treated as `crc` (moved from on a long probe).
        case weak((UnsafeRawBufferPointer) -> Int)
    }

    /// Probes beyond which the table moves to SipHash.
    static let longProbe = 40

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

    /// How keys are hashed now.
    private(set) var hashing: Hashing

    init(hashing: Hashing? = nil) {
        slots = [Int32](repeating: 0, count: 1024)
        mask = 1023
        self.hashing = hashing ?? (CRC32C.hardwareAvailable ? .crc(seed: UInt32.random(in: 0...UInt32.max)) : .sip)
    }

    /// Whether the table hashes with SipHash (from the start, or since a long probe).
    var usesSipHash: Bool { if case .sip = hashing { true } else { false } }

    /// Streams seen.
    var count: Int { entries.count }

    /// The version `key`'s stream expects next (its last version + 1, or 1 for a stream not seen);
    /// when `version` is that, it becomes the stream's last version.
    mutating func advance(_ key: UnsafeRawBufferPointer, to version: UInt64) -> UInt64 {
        let hash = self.hash(key)
        var slot = hash & mask
        var probes = 0
        // Under SipHash (which a log cannot be written to defeat) a probe goes to the end of its run.
        let probeLimit = usesSipHash ? Int.max : Self.longProbe
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
                        probes += 1
                        if probes > probeLimit { return -1 }
                    }
                }
            }
        }
        if found == -1 {
            // Keys that collide under CRC-32C (or a run of bad luck): rehash every key with SipHash.
            rehashWithSipHash()
            return advance(key, to: version)
        }
        if let found {
            let expected = entries[found].version &+ 1
            if version == expected { entries[found].version = version }
            return expected
        }
        return insert(key, version: version, hash: hash, at: slot)
    }

    /// A stream not seen, at the empty `slot` its probe ended on: kept if `version` is its first.
    private mutating func insert(_ key: UnsafeRawBufferPointer, version: UInt64, hash: Int, at slot: Int) -> UInt64 {
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

    /// Moves to SipHash: every key hashed again and placed again.
    private mutating func rehashWithSipHash() {
        hashing = .sip
        keyBytes.withUnsafeBytes { keys in
            for i in entries.indices {
                let key = UnsafeRawBufferPointer(rebasing: keys[Int(entries[i].keyStart)..<Int(entries[i].keyStart + entries[i].keyLength)])
                entries[i].hash = Self.sipHash(key)
            }
        }
        place(size: slots.count)
    }

    private mutating func grow() { place(size: slots.count * 2) }

    private mutating func place(size: Int) {
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

    /// The key's hash as the table hashes now.
    func hash(_ key: UnsafeRawBufferPointer) -> Int {
        switch hashing {
        case .crc(let seed):
            let crc = UInt64(CRC32C.checksum(key, continuing: seed)) | UInt64(truncatingIfNeeded: key.count) << 32
            // The product's high bits mix every bit of the CRC and the length; slots use the low bits.
            return Int(truncatingIfNeeded: (crc &* 0x9E37_79B9_7F4A_7C15) >> 20)
        case .sip:
            return Self.sipHash(key)
        case .weak(let hash):
            return hash(key)
        }
    }

    /// The key's seeded SipHash. (Feeding it eight bytes at a time, with the tail and length as one
    /// word, took more instructions than `combine(bytes:)`: 69 M against 56 M for 200k records.)
    static func sipHash(_ key: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: key)
        return hasher.finalize()
    }
}
