#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The log's checkpoint signing keys, in two files beside the segments (FORMAT.md section 14):
/// `checkpoint-key.pem`, the current Ed25519 private key (PKCS#8 PEM, mode 0600), and
/// `checkpoint-keys.txt`, the note verifier key of every key the log has signed with, oldest
/// first, one per line, so checkpoints signed before a rotation stay verifiable.
public struct CheckpointKeys {
    /// The current private key's file name.
    public static let privateKeyFile = "checkpoint-key.pem"
    /// The file name of the verifier keys, oldest first.
    public static let publicKeysFile = "checkpoint-keys.txt"

    /// The log directory.
    public let directory: String

    /// For a store other than the file log: the origin, made from its record 1's chain hash.
    private var fixedOrigin: String?
    private var isOtherStore = false

    /// The keys of the log in `directory` (nothing is read until asked).
    public init(directory: String) { self.directory = directory }

    /// The keys of another store's history (PostgreSQL), kept in `directory`, whose record 1 has the
    /// chain hash `firstHash` (nil while it has no record).
    public init(directory: String, firstHash: Digest?) {
        self.directory = directory
        isOtherStore = true
        fixedOrigin = firstHash.map { "placement-registry/" + $0.hex.prefix(16) }
    }

    private var privatePath: String { directory + "/" + Self.privateKeyFile }
    private var publicPath: String { directory + "/" + Self.publicKeysFile }

    /// Whether the log has a signing key.
    public var hasKey: Bool { PosixFile.exists(privatePath) }

    /// The log's origin line: `placement-registry/` and the first 16 hex digits of the chain hash of
    /// record 1, which names this log and no other.
    /// - Throws: `EventStoreError.notALog` when the log has no record yet.
    public func origin() throws -> String {
        if isOtherStore {
            guard let fixedOrigin else { throw EventStoreError.notALog(path: directory) }
            return fixedOrigin
        }
        let f = try PosixFile(path: directory + "/" + SegmentFormat.fileName(segment: 1), flags: O_RDONLY)
        let prefix = try f.read(count: 4, at: UInt64(SegmentFormat.headerSize))
        guard prefix.count == 4 else { throw EventStoreError.notALog(path: directory) }
        let length = UInt64(prefix[0]) | UInt64(prefix[1]) << 8 | UInt64(prefix[2]) << 16 | UInt64(prefix[3]) << 24
        let hash = try f.read(count: 32, at: UInt64(SegmentFormat.headerSize) + 4 + length)
        guard let digest = Digest(hash) else { throw EventStoreError.notALog(path: directory) }
        return "placement-registry/" + digest.hex.prefix(16)
    }

    /// Creates the first key pair.
    /// - Returns: its verifier key.
    /// - Throws: `SigningError.badKey` when the log already has a key.
    @discardableResult
    public func create() throws -> NoteKey {
        guard !hasKey else { throw SigningError.badKey("the log already has a signing key (\(privatePath))") }
        return try install(Ed25519Key.generate())
    }

    /// Makes a new key pair ready for a rotation without installing it: the caller records the
    /// rotation in the log, then calls `install`.
    public func prepareRotation() throws -> (key: Ed25519Key, noteKey: NoteKey) {
        let key = try Ed25519Key.generate()
        return (key, NoteKey(name: try origin(), publicKey: try key.rawPublicKey()))
    }

    /// Makes `key` the signing key: its PEM replaces the private key file (written to a temporary
    /// file with mode 0600, synced, renamed), and its verifier key is appended to the public keys.
    @discardableResult
    public func install(_ key: Ed25519Key) throws -> NoteKey {
        let noteKey = NoteKey(name: try origin(), publicKey: try key.rawPublicKey())
        let temporary = privatePath + ".new"
        if PosixFile.exists(temporary) { try PosixFile.remove(temporary) }
        let f = try PosixFile(path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        try f.write(try key.privateKeyPEM(), at: 0)
        try f.sync()
        let known = try verifierKeys()
        if !known.contains(noteKey) {
            let keys = try PosixFile(path: publicPath, flags: O_WRONLY | O_CREAT | O_APPEND)
            try keys.write(Array((noteKey.text + "\n").utf8), at: try keys.size())
            try keys.sync()
        }
        guard rename(temporary, privatePath) == 0 else { throw PosixFile.error("rename", temporary) }
        try PosixFile.syncDirectory(directory)
        return noteKey
    }

    /// The current signing key and its verifier key.
    /// - Throws: `SigningError.noKey` when the log has none.
    public func current() throws -> (key: Ed25519Key, noteKey: NoteKey) {
        guard hasKey else { throw SigningError.noKey(path: privatePath) }
        let f = try PosixFile(path: privatePath, flags: O_RDONLY)
        let key = try Ed25519Key(privateKeyPEM: try f.read(count: Int(try f.size()), at: 0))
        return (key, NoteKey(name: try origin(), publicKey: try key.rawPublicKey()))
    }

    /// Every verifier key the log has signed with, oldest first.
    public func verifierKeys() throws -> [NoteKey] {
        guard PosixFile.exists(publicPath) else { return [] }
        let f = try PosixFile(path: publicPath, flags: O_RDONLY)
        let text = String(decoding: try f.read(count: Int(try f.size()), at: 0), as: UTF8.self)
        return text.split(separator: "\n").compactMap { NoteKey(text: String($0)) }
    }
}
