import CCrypto

/// An Ed25519 key pair held by libcrypto, for signing checkpoints. Keys are generated and serialised
/// by OpenSSL (PKCS#8 PEM for the private key, SubjectPublicKeyInfo PEM for the public key); nothing
/// of the algorithm is written here.
public final class Ed25519Key {
    private let key: OpaquePointer

    private init(key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// A fresh key pair from libcrypto's random generator.
    /// - Throws: `SigningError.crypto` when libcrypto cannot make one.
    public static func generate() throws -> Ed25519Key {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else { throw SigningError.crypto("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_keygen(ctx, &pkey) == 1, let pkey else {
            throw SigningError.crypto("EVP_PKEY_keygen")
        }
        return Ed25519Key(key: pkey)
    }

    /// The key pair in a PKCS#8 PEM private key.
    /// - Throws: `SigningError.badKey` when the text is not an Ed25519 private key.
    public init(privateKeyPEM pem: [UInt8]) throws {
        let bio = pem.withUnsafeBytes { BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
        defer { BIO_free(bio) }
        guard let bio, let pkey = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { throw SigningError.badKey("not a PEM private key") }
        guard EVP_PKEY_get_base_id(pkey) == EVP_PKEY_ED25519 else {
            EVP_PKEY_free(pkey)
            throw SigningError.badKey("not an Ed25519 key")
        }
        key = pkey
    }

    /// The private key as PKCS#8 PEM (unencrypted; the file that holds it is readable by its owner only).
    public func privateKeyPEM() throws -> [UInt8] {
        try Self.pem { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
    }

    /// The public key as a SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), as `openssl pkeyutl -pubin` reads it.
    public func publicKeyPEM() throws -> [UInt8] {
        try Self.pem { PEM_write_bio_PUBKEY($0, key) }
    }

    /// The 32 raw bytes of the public key (RFC 8032).
    public func rawPublicKey() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_raw_public_key(key, &out, &length) == 1, length == 32 else {
            throw SigningError.crypto("EVP_PKEY_get_raw_public_key")
        }
        return out
    }

    /// The 64-byte Ed25519 signature of `message` (one-shot: Ed25519 signs the whole message).
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw SigningError.crypto("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, nil, nil, key) == 1 else { throw SigningError.crypto("EVP_DigestSignInit") }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        let ok = message.withUnsafeBytes { m in
            EVP_DigestSign(ctx, &signature, &length, m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count)
        }
        guard ok == 1, length == 64 else { throw SigningError.crypto("EVP_DigestSign") }
        return signature
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` under the raw public key.
    public static func verify(signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard publicKey.count == 32, signature.count == 64,
              let pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, publicKey, 32) else { return false }
        defer { EVP_PKEY_free(pkey) }
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1 else { return false }
        return message.withUnsafeBytes { m in
            EVP_DigestVerify(ctx, signature, 64, m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count) == 1
        }
    }

    /// The SubjectPublicKeyInfo PEM of a raw Ed25519 public key.
    public static func publicKeyPEM(raw: [UInt8]) throws -> [UInt8] {
        guard raw.count == 32, let pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, 32) else {
            throw SigningError.badKey("not a 32-byte Ed25519 public key")
        }
        defer { EVP_PKEY_free(pkey) }
        return try pem { PEM_write_bio_PUBKEY($0, pkey) }
    }

    private static func pem(_ write: (OpaquePointer) -> Int32) throws -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw SigningError.crypto("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw SigningError.crypto("PEM_write_bio") }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while true {
            let n = BIO_read(bio, &chunk, Int32(chunk.count))
            if n <= 0 { break }
            out += chunk[0..<Int(n)]
        }
        return out
    }
}

/// Standard base64 (RFC 4648, with padding) through libcrypto.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: 4 * ((bytes.count + 2) / 3) + 1)
        let n = EVP_EncodeBlock(&out, bytes, Int32(bytes.count))
        return String(decoding: out[0..<Int(n)], as: UTF8.self)
    }

    /// The bytes of canonical padded base64 text, or nil.
    static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0,
              input.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 47 || $0 == 61 })
        else { return nil }
        if input.isEmpty { return [] }
        var out = [UInt8](repeating: 0, count: input.count / 4 * 3)
        let n = EVP_DecodeBlock(&out, input, Int32(input.count))
        guard n >= 0 else { return nil }
        // EVP_DecodeBlock counts the padding as zero bytes.
        let padding = input.reversed().prefix { $0 == 61 }.count
        guard padding <= 2 else { return nil }
        let bytes = Array(out[0..<(Int(n) - padding)])
        return encode(bytes) == text ? bytes : nil
    }
}

/// Why a key or signature could not be used.
public enum SigningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libcrypto failed in the named call.
    case crypto(String)
    /// A key file or key text is not what it should be.
    case badKey(String)
    /// The log has no signing key yet.
    case noKey(path: String)

    public var description: String {
        switch self {
        case .crypto(let call): return "libcrypto failed in \(call)"
        case .badKey(let why): return "bad signing key: \(why)"
        case .noKey(let path): return "the log has no checkpoint signing key (\(path))"
        }
    }
}
