import CCrypto
import Foundation

/// scrypt parameters and salt, stored beside each hash so that they can be raised later without
/// invalidating old hashes.
struct ScryptParameters: Equatable, Sendable {
    var n: UInt64 = 1 << 14
    var r: UInt64 = 8
    var p: UInt64 = 1
    static let hashLength = 32
    static let saltLength = 16
}

/// Password hashing with libcrypto's scrypt (`EVP_PBE_scrypt`); no crypto of our own.
enum PasswordHasher {
    /// Derives the hash of `password` with `salt` and `parameters`.
    static func hash(_ password: String, salt: [UInt8], parameters: ScryptParameters) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: ScryptParameters.hashLength)
        let pass = Array(password.utf8)
        // 64 MiB is well above what N=2^14, r=8 needs (16 MiB); it only bounds a bad stored parameter.
        let ok = pass.withUnsafeBufferPointer { passBytes in
            passBytes.withMemoryRebound(to: CChar.self) { passChars in
                EVP_PBE_scrypt(passChars.baseAddress, passChars.count, salt, salt.count,
                               parameters.n, parameters.r, parameters.p, 64 << 20, &out, out.count)
            }
        }
        // scrypt fails only for impossible parameters, which this program never stores; a hash of zeros matches nothing real.
        return ok == 1 ? out : [UInt8](repeating: 0, count: ScryptParameters.hashLength)
    }

    /// Whether two hashes are equal, in time that does not depend on where they differ.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return CRYPTO_memcmp(a, b, a.count) == 0
    }

    /// `count` bytes from the system's cryptographic random source (getrandom).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A random secret as lower-case hex (`bytes` bytes of entropy).
    static func randomToken(_ bytes: Int = 32) -> String {
        randomBytes(bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A one-time password a person can type: 16 characters from an alphabet without look-alikes.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
