/// A checkpoint: the log's origin, a tree size and the Merkle root of that many records, in the
/// C2SP tlog-checkpoint body, signed in the C2SP signed-note format (FORMAT.md section 14):
///
/// ```
/// <origin>\n<size>\n<base64 root>\n\n— <origin> <base64(key ID || Ed25519 signature)>\n
/// ```
public struct Checkpoint: Equatable, Sendable {
    /// The log's name: `placement-registry/` and 16 hex digits of the chain hash of its first record.
    public var origin: String
    /// The number of records the tree covers.
    public var size: UInt64
    /// The RFC 9162 root of the first `size` records.
    public var root: Digest

    /// A checkpoint of the tree of `size` records with root `root`.
    public init(origin: String, size: UInt64, root: Digest) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The signed text: the three body lines, each ending in a newline.
    public var body: String { "\(origin)\n\(size)\n\(Base64.encode(root.rawBytes))\n" }

    /// The signed note: the body, a blank line and one signature line by `key`, whose verifier key is `noteKey`.
    public func signedNote(key: Ed25519Key, noteKey: NoteKey) throws -> String {
        let signature = try key.sign(Array(body.utf8))
        return body + "\n" + "\u{2014} \(noteKey.name) \(Base64.encode(noteKey.keyID + signature))\n"
    }

    /// A signature line of a note.
    public struct Signature: Equatable, Sendable {
        public var name: String
        public var keyID: [UInt8]
        public var signature: [UInt8]
    }

    /// Parses a signed note holding a checkpoint; the signatures are returned unchecked.
    /// - Throws: `CheckpointError.malformed` naming what is wrong.
    public static func parse(_ note: String) throws -> (Checkpoint, [Signature]) {
        let scalars = Array(note.utf8)
        guard let blank = (1..<max(1, scalars.count)).first(where: { scalars[$0] == 0x0A && scalars[$0 - 1] == 0x0A }) else {
            throw CheckpointError.malformed("no blank line before the signatures")
        }
        let body = String(decoding: scalars[0..<blank], as: UTF8.self)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3 else { throw CheckpointError.malformed("the body needs an origin, a size and a root hash") }
        let origin = String(lines[0])
        guard !origin.isEmpty, let size = UInt64(lines[1]), String(size) == lines[1] else {
            throw CheckpointError.malformed("line 2 '\(lines[1])' is not a tree size")
        }
        guard let raw = Base64.decode(String(lines[2])), let root = Digest(raw) else {
            throw CheckpointError.malformed("line 3 is not a base64 SHA-256 root hash")
        }
        var signatures: [Signature] = []
        let rest = String(decoding: scalars[(blank + 1)...], as: UTF8.self)
        guard rest.hasSuffix("\n") else { throw CheckpointError.malformed("the note does not end with a newline") }
        for line in rest.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "\u{2014}", let blob = Base64.decode(String(parts[2])), blob.count > 4 else {
                throw CheckpointError.malformed("'\(line.prefix(60))' is not a signature line")
            }
            signatures.append(Signature(name: String(parts[1]), keyID: Array(blob[0..<4]), signature: Array(blob[4...])))
        }
        guard !signatures.isEmpty else { throw CheckpointError.malformed("the note has no signature") }
        return (Checkpoint(origin: origin, size: size, root: root), signatures)
    }

    /// Parses `note` and checks that one of its signatures is a valid Ed25519 signature by one of `keys`.
    /// - Returns: the checkpoint and the key that signed it.
    /// - Throws: `CheckpointError.malformed`, or `.badSignature` when no known key signed it.
    public static func verify(_ note: String, keys: [NoteKey]) throws -> (Checkpoint, NoteKey) {
        let (checkpoint, signatures) = try parse(note)
        let message = Array(checkpoint.body.utf8)
        for s in signatures {
            for key in keys where key.name == s.name && key.keyID == s.keyID {
                if Ed25519Key.verify(signature: s.signature, of: message, publicKey: key.publicKey) { return (checkpoint, key) }
            }
        }
        throw CheckpointError.badSignature(origin: checkpoint.origin)
    }
}

/// A C2SP signed-note verifier key: `name+keyid+base64(0x01 || public key)`, where the key ID is the
/// first four bytes of `SHA-256(name || "\n" || 0x01 || public key)`.
public struct NoteKey: Equatable, Sendable {
    public var name: String
    public var publicKey: [UInt8]

    /// The verifier key named `name` for a raw 32-byte Ed25519 public key.
    public init(name: String, publicKey: [UInt8]) {
        self.name = name
        self.publicKey = publicKey
    }

    /// The 4-byte key ID.
    public var keyID: [UInt8] {
        let hashed = Array(name.utf8) + [0x0A, 0x01] + publicKey
        return Array(hashed.withUnsafeBytes { SHA256Hasher().digest($0) }.rawBytes.prefix(4))
    }

    /// The verifier key text.
    public var text: String {
        let hex = keyID.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return "\(name)+\(hex)+\(Base64.encode([0x01] + publicKey))"
    }

    /// Parses a verifier key text; nil when it is not an Ed25519 note key whose key ID matches.
    public init?(text: String) {
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].count == 8,
              let blob = Base64.decode(String(parts[2])), blob.count == 33, blob[0] == 0x01 else { return nil }
        self.init(name: String(parts[0]), publicKey: Array(blob[1...]))
        let hex = keyID.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        guard hex == parts[1].lowercased() else { return nil }
    }
}

/// Why a checkpoint was refused.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not a signed checkpoint (exit 2).
    case malformed(String)
    /// No signature on it verifies under a key of this log (exit 4).
    case badSignature(origin: String)
    /// It names another log (exit 4).
    case otherLog(origin: String, expected: String)

    public var description: String {
        switch self {
        case .malformed(let why): return "not a signed checkpoint: \(why)"
        case .badSignature(let origin): return "the checkpoint for '\(origin)' is not signed by any key of this log"
        case let .otherLog(origin, expected): return "the checkpoint is for the log '\(origin)', not this log '\(expected)'"
        }
    }
}
