#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension SQLiteValue {
    /// Text compares as bytes, as SQLite's BINARY collation does (and FORMAT.md 3.1 for IDs):
    /// Swift's `String ==` would make canonically equivalent IDs (`é` and `e` + U+0301) one key in
    /// the read-model builder's memory while they are two rows in SQLite. The synthesized hash
    /// stays: it is the same for canonical equivalents, so also for equal bytes.
    public static func == (a: SQLiteValue, b: SQLiteValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.integer(x), .integer(y)): return x == y
        case let (.real(x), .real(y)): return x == y
        case let (.text(x), .text(y)): return sameBytes(x, y)
        case let (.blob(x), .blob(y)): return x == y
        default: return false
        }
    }

    private static func sameBytes(_ x: String, _ y: String) -> Bool {
        let fast = x.utf8.withContiguousStorageIfAvailable { a in
            y.utf8.withContiguousStorageIfAvailable { b in
                // Forced unwraps: a non-empty buffer has a base address.
                a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
        if let fast, let result = fast { return result }
        return x.utf8.elementsEqual(y.utf8)
    }
}
