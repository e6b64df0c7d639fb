import CCrypto

/// Random bytes from libcrypto's CSPRNG.
public enum SecureRandom {
    /// `count` random bytes.
    /// - Throws: `PersonalDataError.crypto` if the generator fails (it is not seeded).
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&out, Int32(count)) == 1 else { throw PersonalDataError.crypto(operation: "RAND_bytes") }
        return out
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hex.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
