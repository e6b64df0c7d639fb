import Foundation

/// Sealed personal fields as an event payload carries them (FORMAT.md §17): the key's ID, a random
/// nonce and the AES-256-GCM ciphertext (tag appended) of a JSON object of the fields, and the
/// fields' names so that a reader knows what is missing when it cannot open them.
public struct SealedFields: Codable, Equatable, Sendable {
    /// The key ID (32 hex digits).
    public var key: String
    /// The 12-byte nonce, base64.
    public var nonce: String
    /// Ciphertext and 16-byte tag, base64.
    public var ciphertext: String
    /// The sealed fields' names, sorted.
    public var fields: [String]

    /// Creates the value.
    public init(key: String, nonce: String, ciphertext: String, fields: [String]) {
        self.key = key
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.fields = fields
    }
}

/// Seals and opens the personal fields of a data subject with the subject's key from a key store.
///
/// The plaintext is the JSON object of the fields (string values, keys sorted); the additional
/// authenticated data is `context` (the event type) and the key ID, so sealed fields cannot be moved
/// to another event type or subject unnoticed. Keys are cached for the sealer's life.
///
/// Any record holding a person's name can use it: `seal(["name": …], subject: "account:alice",
/// context: "AccountCreated")` before writing, `open(_:context:)` after reading, and
/// `destroyKey(of:)` to erase.
public final class PersonalDataSealer {
    /// The key store, nil when there is none (every sealed field reads as unavailable).
    public let keyStore: (any PersonalDataKeyStore)?
    private var keysByID: [String: SubjectKey] = [:]
    private var keysBySubject: [String: SubjectKey] = [:]
    private var missing: Set<String> = []
    /// Every live key, listed from the store in one query once this sealer has asked it for
    /// `listingThreshold` keys one by one (a replay; a command asks for a few).
    private var liveKeys: LiveKeyTable?
    private var storeLookups = 0
    private var listed = false
    private static let listingThreshold = 256
    private lazy var opener = AESGCMOpener()
    private var nonceBytes: [UInt8] = []
    private var sealedBytes: [UInt8] = []
    private var aadBytes: [UInt8] = []
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// A sealer over `keyStore`.
    public init(keyStore: (any PersonalDataKeyStore)?) {
        self.keyStore = keyStore
    }

    /// Makes the keys of `subjects` ahead of sealing, in one durable write where the store can (an
    /// import of many students): each key is then durable before any record sealed with it is
    /// written, as when `seal` makes it. Subjects already known or erased are left as they are.
    /// - Throws: `PersonalDataError` (no key store, storage).
    public func prepareKeys(for subjects: [String]) throws {
        guard let keyStore else { throw PersonalDataError.noKeyStore }
        let unknown = subjects.filter { keysBySubject[$0] == nil }
        guard !unknown.isEmpty else { return }
        adopt(try keyStore.createKeys(for: unknown))
    }

    /// Takes keys made durably outside this sealer (by `createKeys` of its key store, on another
    /// thread: `Registry.keyMakerAhead`) as its own, so that sealing with them asks the store nothing.
    public func adopt(_ keys: [SubjectKey]) {
        for key in keys {
            keysBySubject[key.subject] = key
            keysByID[key.id] = key
        }
    }

    /// Seals `fields` with `subject`'s key (made on first use).
    /// - Throws: `PersonalDataError` (no key store, subject erased, libcrypto, storage).
    public func seal(_ fields: [String: String], subject: String, context: String) throws -> SealedFields {
        try seal(plaintext: Array(try encoder.encode(fields)), names: fields.keys.sorted(), subject: subject, context: context)
    }

    /// Seals fields already written as their plaintext: the JSON object of `names` with string
    /// values, keys sorted, exactly as `seal(_:subject:context:)` writes it (a writer that makes
    /// those bytes itself spares the JSON encoder; the tests compare the two).
    /// - Throws: `PersonalDataError` (no key store, subject erased, libcrypto, storage).
    public func seal(plaintext: [UInt8], names: [String], subject: String, context: String) throws -> SealedFields {
        guard let keyStore else { throw PersonalDataError.noKeyStore }
        let key: SubjectKey
        if let cached = keysBySubject[subject] { key = cached } else {
            key = try keyStore.createKey(for: subject)
            keysBySubject[subject] = key
            keysByID[key.id] = key
        }
        let nonce = try nextNonce()
        let sealed = try AESGCM.seal(plaintext, key: key.bytes, nonce: nonce, aad: Self.aad(context: context, keyID: key.id))
        return SealedFields(key: key.id, nonce: Data(nonce).base64EncodedString(), ciphertext: Data(sealed).base64EncodedString(),
                            fields: names)
    }

    /// Random bytes drawn ahead for nonces, and how many of them are used.
    private var noncePool: [UInt8] = []
    private var noncePoolUsed = 0

    /// A fresh random nonce: drawn from the generator 256 at a time, since a `RAND_bytes` call
    /// costs several times what 12 bytes of its output do (an import seals one record a row).
    /// Each nonce is used once, as when drawn one by one.
    private func nextNonce() throws -> [UInt8] {
        if noncePoolUsed + AESGCM.nonceLength > noncePool.count {
            noncePool = try SecureRandom.bytes(AESGCM.nonceLength * 256)
            noncePoolUsed = 0
        }
        defer { noncePoolUsed += AESGCM.nonceLength }
        return Array(noncePool[noncePoolUsed..<(noncePoolUsed + AESGCM.nonceLength)])
    }

    /// Opens sealed fields.
    /// - Returns: the fields, or nil when their key is not in the store (destroyed by an erase, or the store is missing).
    /// - Throws: `PersonalDataError.tampered` when the key is there but the bytes do not open; `.malformed`.
    public func open(_ sealed: SealedFields, context: String) throws -> [String: String]? {
        guard let key = try key(id: sealed.key) else { return nil }
        guard let nonce = Data(base64Encoded: sealed.nonce), let ciphertext = Data(base64Encoded: sealed.ciphertext) else {
            throw PersonalDataError.malformed("nonce or ciphertext is not base64")
        }
        guard let plaintext = try AESGCM.open(Array(ciphertext), key: key.bytes, nonce: Array(nonce),
                                              aad: Self.aad(context: context, keyID: sealed.key)) else {
            throw PersonalDataError.tampered(keyID: sealed.key)
        }
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(plaintext))
        } catch {
            throw PersonalDataError.malformed("the opened fields are not a JSON object of strings")
        }
    }

    /// Opens sealed fields given as the bytes their payload carries (the `sealed` member's `key`,
    /// `nonce` and `ciphertext` strings, without quotes), appending the plaintext (the JSON object of
    /// the fields) to `out`: the replay's way, with no `SealedFields`, base64 `Data`, context or
    /// JSON decoder per event.
    /// - Returns: false whenever this way cannot open them (a key not known, or erased; anything but
    ///   strict base64; bytes that do not open), with `out` as it was: `open(_:context:)` then
    ///   decides, and says why.
    public func appendOpened(keyID: ArraySlice<UInt8>, nonce: ArraySlice<UInt8>, ciphertext: ArraySlice<UInt8>,
                             context: String, to out: inout [UInt8]) -> Bool {
        guard let id = LiveKeyTable.ID(hex: keyID),
              StrictBase64.decode(nonce, into: &nonceBytes), nonceBytes.count == AESGCM.nonceLength,
              StrictBase64.decode(ciphertext, into: &sealedBytes) else { return false }
        aadBytes.removeAll(keepingCapacity: true)
        aadBytes.append(contentsOf: "personal-data/v1\u{0}".utf8)
        aadBytes.append(contentsOf: context.utf8)
        aadBytes.append(0)
        aadBytes.append(contentsOf: keyID)
        func decrypt(_ key: UnsafePointer<UInt8>) -> Bool {
            sealedBytes.withUnsafeBufferPointer { sealed in
                nonceBytes.withUnsafeBufferPointer { nonce in
                    aadBytes.withUnsafeBufferPointer { aad in
                        opener.open(sealed, key: key, nonce: nonce.baseAddress!, aad: aad, appendingTo: &out)
                    }
                }
            }
        }
        if liveKeys == nil, !listed, storeLookups >= Self.listingThreshold { listLiveKeys() }
        if let opened = liveKeys?.withKey(id, decrypt) { return opened }
        // Not listed: a key made since the listing (or by this sealer), or one never listed.
        guard let key = try? key(id: String(decoding: keyID, as: UTF8.self)), key.bytes.count == 32 else { return false }
        return key.bytes.withUnsafeBufferPointer { decrypt($0.baseAddress!) }
    }

    private func listLiveKeys() {
        listed = true
        var table = LiveKeyTable()
        guard let listedAll = try? keyStore?.forEachLiveKey({ id, bytes in table.add(id: id, key: bytes) }), listedAll else { return }
        liveKeys = table
    }

    /// Destroys `subject`'s key in the store and forgets it here.
    /// - Returns: `true` if a live key was destroyed.
    public func destroyKey(of subject: String) throws -> Bool {
        guard let keyStore else { throw PersonalDataError.noKeyStore }
        // The listing does not know subjects: it is dropped, and made again if a replay needs it.
        liveKeys = nil
        listed = false
        storeLookups = 0
        if let key = keysBySubject.removeValue(forKey: subject) { keysByID[key.id] = nil }
        keysByID = keysByID.filter { $0.value.subject != subject }
        return try keyStore.destroyKey(of: subject)
    }

    /// The key ID `subject` has (made now if it has none), for a pseudonym that says nothing of the person.
    public func keyID(of subject: String) throws -> String? {
        guard let keyStore else { return nil }
        if let cached = keysBySubject[subject] { return cached.id }
        let key = try keyStore.createKey(for: subject)
        keysBySubject[subject] = key
        keysByID[key.id] = key
        return key.id
    }

    /// HMAC-SHA-256 of `value` under the registry's digest secret, hex; nil without a key store.
    public func keyedDigest(of value: String) throws -> String? {
        guard let secret = try keyStore?.digestSecret() else { return nil }
        return try KeyedDigest.hmacSHA256(key: secret, message: Array(value.utf8))
    }

    private func key(id: String) throws -> SubjectKey? {
        if let cached = keysByID[id] { return cached }
        if missing.contains(id) { return nil }
        storeLookups += 1
        guard let key = try keyStore?.fetchKey(id: id) else { missing.insert(id); return nil }
        keysByID[id] = key
        return key
    }

    /// `personal-data/v1` NUL context NUL key ID, as bytes.
    static func aad(context: String, keyID: String) -> [UInt8] {
        Array("personal-data/v1\u{0}\(context)\u{0}\(keyID)".utf8)
    }
}
