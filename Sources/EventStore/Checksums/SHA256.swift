import CCrypto

/// SHA-256 through OpenSSL's libcrypto, low-level interface (`CCrypto/shim.h`). One context reused
/// across digests.
///
/// Not EVP: a process's first `EVP_MD_fetch` sets up OpenSSL 3's providers (reading `openssl.cnf`,
/// building the algorithm name map), which cost a one-command process a sixth of its instructions
/// (BENCHMARKS.md, one command end to end); the low-level functions run the same assembly with no
/// set-up and no per-digest fetch.
///
/// The context lives in memory of its own rather than in a stored property: every `&context` of a
/// class's property is a dynamic exclusivity check, three per digest, on the chain thread that sets
/// a verification's pace.
final class SHA256Hasher {
    private let context: UnsafeMutablePointer<SHA256_CTX>

    init() {
        context = .allocate(capacity: 1)
        context.initialize(to: SHA256_CTX())
    }

    deinit { context.deallocate() }

    /// SHA-256 over the concatenation of `parts`.
    func digest(_ parts: UnsafeRawBufferPointer...) -> Digest {
        registry_sha256_init(context)
        for part in parts where part.count > 0 {
            registry_sha256_update(context, part.baseAddress, part.count)
        }
        var out = Digest.zero
        withUnsafeMutableBytes(of: &out.bytes) { raw in
            registry_sha256_final(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), context)
        }
        return out
    }
}

/// A 32-byte SHA-256 value: a chain hash or a head hash.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    // A tuple keeps the digest inline (no heap allocation per record).
    var bytes: (UInt64, UInt64, UInt64, UInt64)

    /// All zero bytes: the genesis hash that the first record chains from.
    public static let zero = Digest(bytes: (0, 0, 0, 0))

    /// The digest from exactly 32 bytes.
    public init?(_ raw: some Collection<UInt8>) {
        guard raw.count == 32 else { return nil }
        self = .zero
        withUnsafeMutableBytes(of: &bytes) { dst in
            for (i, b) in raw.enumerated() { dst[i] = b }
        }
    }

    /// The digest from 64 hexadecimal digits (either case).
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var raw = [UInt8]()
        raw.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = Self.nibble(digits[i]), let lo = Self.nibble(digits[i + 1]) else { return nil }
            raw.append(hi << 4 | lo)
            i += 2
        }
        self.init(raw)
    }

    init(bytes: (UInt64, UInt64, UInt64, UInt64)) { self.bytes = bytes }

    /// The 32 bytes.
    public var rawBytes: [UInt8] { withUnsafeBytes(of: bytes) { Array($0) } }

    /// Lower-case hexadecimal.
    public var hex: String {
        let alphabet = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in rawBytes {
            out.append(alphabet[Int(b >> 4)])
            out.append(alphabet[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func == (a: Digest, b: Digest) -> Bool {
        a.bytes.0 == b.bytes.0 && a.bytes.1 == b.bytes.1 && a.bytes.2 == b.bytes.2 && a.bytes.3 == b.bytes.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.0); hasher.combine(bytes.1); hasher.combine(bytes.2); hasher.combine(bytes.3)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// SHA-256 for callers outside the log (deterministic command IDs from file content, fingerprints).
public enum ContentHash {
    /// The lower-case hexadecimal SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { SHA256Hasher().digest($0) }.hex
    }
}
