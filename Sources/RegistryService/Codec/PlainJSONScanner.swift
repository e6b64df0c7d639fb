import Glibc

/// The lexer of the hand-written payload decoders (`FastPayloadDecoder`, `PolicyAdoptedDecoder`):
/// the tokens of the plain JSON the registry writes, read from a payload's bytes in place. Anything
/// outside that shape — an escape or a control character in a string, bytes that are not UTF-8, a
/// number with a fraction, an exponent or a leading zero, one that does not fit 64 bits — reads as
/// nil, and the decoder then leaves the payload to `JSONDecoder`, which decodes or reports it.
struct PlainJSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next byte, or nil at the end.
    var next: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// Reads `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// The bytes of a string without escapes or control characters, with `i` past its closing quote.
    mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)])
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// The string, or nil when it is not plain or its bytes are not valid UTF-8. `String(validating:as:)`
    /// would say the same, through generic code that took a twentieth of a rebuild's reading thread;
    /// decoding (which repairs invalid bytes) and checking that nothing was repaired is much cheaper.
    mutating func string() -> String? {
        rawString().flatMap(Self.text)
    }

    /// `raw` as a `String`, or nil when its bytes are not valid UTF-8.
    static func text(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var text = String(decoding: raw, as: UTF8.self)
        // Compared with memcmp: `text.utf8.elementsEqual(raw)`, and even two buffers' generic
        // `elementsEqual`, walked byte by byte (4% and then 2.7% of a rebuild's instructions).
        return text.withUTF8 { utf8 in
            utf8.count == raw.count && (raw.isEmpty || memcmp(utf8.baseAddress!, raw.baseAddress!, raw.count) == 0)
        } ? text : nil
    }

    /// Reads `text` if it comes next (`true`, `false`, `null`).
    mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        for k in 0..<count where bytes[i + k] != text.utf8Start[k] { return false }
        i += count
        return true
    }

    /// An integer as JSON writes one that fits 64 bits; nil for no digits, a leading zero, a fraction
    /// or an exponent.
    mutating func integer() -> Int64? {
        let negative = take(UInt8(ascii: "-"))
        let start = i
        var magnitude: UInt64 = 0
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(bytes[i] - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            magnitude = s
            i += 1
        }
        guard i > start, !(bytes[start] == UInt8(ascii: "0") && i - start > 1) else { return nil }
        if let c = next, c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
