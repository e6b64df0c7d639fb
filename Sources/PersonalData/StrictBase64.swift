import CCrypto

/// Base64 decoding through libcrypto (`EVP_DecodeBlock`) into a reused buffer, for the replay's
/// opening of sealed fields, which `Data(base64Encoded:)` allocated twice per event for.
enum StrictBase64 {
    /// Decodes `text` into `out` (replacing its contents).
    /// - Returns: false for anything but padded standard base64 with no whitespace (the caller then
    ///   takes the `Data(base64Encoded:)` path, which says what is wrong).
    static func decode(_ text: ArraySlice<UInt8>, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        let count = text.count
        guard count % 4 == 0 else { return false }
        guard count > 0 else { return true }
        var padding = 0
        var k = 0
        for c in text {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "+"), UInt8(ascii: "/"):
                guard padding == 0 else { return false }
            case UInt8(ascii: "="):
                guard k >= count - 2 else { return false }
                padding += 1
            default: return false
            }
            k += 1
        }
        let decoded = count / 4 * 3
        out.append(contentsOf: repeatElement(0, count: decoded))
        let n = text.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                EVP_DecodeBlock(target.baseAddress!, source.baseAddress!, Int32(count))
            }
        }
        guard n == Int32(decoded) else { out.removeAll(keepingCapacity: true); return false }
        out.removeLast(padding)
        return true
    }
}
