/// Every live key of a key store, held compactly for a replay: the 16 bytes of each ID (its 32 hex
/// digits) as a hash key and the 32 key bytes in one flat array, so that a million-event rebuild
/// looks up a hundred thousand keys without a query, a `String` or an array per key.
struct LiveKeyTable {
    /// A key ID's 16 bytes.
    struct ID: Hashable {
        let high: UInt64
        let low: UInt64

        /// The ID written as 32 lowercase hex digits, or nil for any other text.
        init?<C: Collection>(hex: C) where C.Element == UInt8 {
            // Read from contiguous bytes where the collection has them (an array slice of a payload,
            // a native string's UTF-8): walked through the generic collection, each of a replay's
            // hundred thousand sealed names spent about 300 ns here (BENCHMARKS.md, tenth round).
            guard let parsed = hex.withContiguousStorageIfAvailable(Self.parse) ?? Array(hex).withUnsafeBufferPointer(Self.parse)
            else { return nil }
            (high, low) = parsed
        }

        private static func parse(_ hex: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
            guard hex.count == 32 else { return nil }
            var halves: (UInt64, UInt64) = (0, 0)
            for half in 0..<2 {
                var value: UInt64 = 0
                for k in (half * 16)..<(half * 16 + 16) {
                    let c = hex[k]
                    let digit: UInt8
                    switch c {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
                    default: return nil
                    }
                    value = value << 4 | UInt64(digit)
                }
                if half == 0 { halves.0 = value } else { halves.1 = value }
            }
            return halves
        }
    }

    private var slots: [ID: Int32] = [:]
    private var bytes: [UInt8] = []

    /// Adds a key; an ID that is not 32 lowercase hex digits, or bytes that are not 32, are left out
    /// (asked of the store one by one, as before).
    mutating func add(id: String, key: [UInt8]) {
        guard key.count == 32, let id = ID(hex: id.utf8) else { return }
        slots[id] = Int32(bytes.count / 32)
        bytes.append(contentsOf: key)
    }

    mutating func reserve(_ count: Int) {
        slots.reserveCapacity(count)
        bytes.reserveCapacity(count * 32)
    }

    /// Calls `body` with the key's 32 bytes, or returns nil when the table does not hold it.
    func withKey<R>(_ id: ID, _ body: (UnsafePointer<UInt8>) -> R) -> R? {
        guard let slot = slots[id] else { return nil }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress! + Int(slot) * 32) }
    }
}
