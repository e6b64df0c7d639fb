/// What the payload byte writers (`StudentEnrolledWriter`, `StipendConfirmedWriter`, the sealed
/// fields' plaintext in `PersonalFields`) share: they write JSON as `JSONEncoder` would, for strings
/// that need no escape, and leave every other string to `JSONEncoder`.
enum JSONBytes {
    /// Whether JSON would write `text` other than as its UTF-8 bytes between quotes.
    static func needsEscape(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    /// Appends `"name":"value"` to `out`, opening the object (`{`) when `first`, else after a comma.
    /// `value` must not need an escape (`needsEscape`).
    static func member(_ name: String, _ value: String, first: Bool = false, to out: inout [UInt8]) {
        out.append(contentsOf: (first ? "{\"" : ",\"").utf8)
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: "\":\"".utf8)
        out.append(contentsOf: value.utf8)
        out.append(UInt8(ascii: "\""))
    }
}
