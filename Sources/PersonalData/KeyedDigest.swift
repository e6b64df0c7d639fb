import CCrypto

/// HMAC-SHA-256 (libcrypto), for matching values that must never be stored in clear nor as a plain
/// hash: an ID-card number has so few possible values that a plain hash is reversed by trying them all.
public enum KeyedDigest {
    /// HMAC-SHA-256 of `message` under `key`, as lowercase hex.
    /// - Throws: `PersonalDataError.crypto`.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) throws -> String {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &out, &length)
        guard result != nil, length == 32 else { throw PersonalDataError.crypto(operation: "HMAC") }
        return out.hex
    }
}
