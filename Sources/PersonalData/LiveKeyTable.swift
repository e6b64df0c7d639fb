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
            guard hex.count == 32 else { return nil }
            var high: UInt64 = 0, low: UInt64 = 0, n = 0
            for c in hex {
                let digit: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
                default: return nil
                }
                if n < 16 { high = high << 4 | UInt64(digit) } else { low = low << 4 | UInt64(digit) }
                n += 1
            }
            self.high = high
            self.low = low
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
