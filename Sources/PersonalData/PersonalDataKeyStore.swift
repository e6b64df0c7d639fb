/// Where the keys of data subjects live, outside the log: a file beside it (`SQLiteKeyStore`) or a
/// table of a database store. The log keeps ciphertext only, so destroying a key erases what it sealed.
///
/// Implementations must make `destroyKey` final: after it returns, the key bytes are in no file the
/// store owns (SQLite: `secure_delete`, no WAL), and `createKey` for that subject fails.
public protocol PersonalDataKeyStore: AnyObject {
    /// The subject's live key, made (random, 32 bytes) and stored durably first when it has none.
    /// - Throws: `PersonalDataError.subjectErased` when the subject's key was destroyed; storage errors.
    func createKey(for subject: String) throws -> SubjectKey
    /// The key with `id`, or nil when it was destroyed or never stored here.
    func fetchKey(id: String) throws -> SubjectKey?
    /// Destroys the subject's key, keeping only a tombstone (subject, key ID, when) so that no new
    /// key is made for it. - Returns: `true` if a live key was destroyed.
    func destroyKey(of subject: String) throws -> Bool
    /// The registry's secret for keyed digests (HMAC-SHA-256 of ID-card numbers), made on first use;
    /// nil when the store is read-only and has none.
    func digestSecret() throws -> [UInt8]?
    /// Makes, durably, the key of each subject that has none (see the extension's default).
    /// - Returns: the live keys of the subjects (none for an erased one).
    func createKeys(for subjects: [String]) throws -> [SubjectKey]
    /// Calls `body` with the ID and bytes of every live key, in one pass, for a reader about to need
    /// most of them (a replay opens every enrolment).
    /// - Returns: false when the store cannot list its keys (the reader then asks key by key).
    func forEachLiveKey(_ body: (_ id: String, _ bytes: [UInt8]) -> Void) throws -> Bool
}

extension PersonalDataKeyStore {
    /// Makes a key, durably, for each subject of `subjects` that has none, leaving erased subjects
    /// alone (their own `createKey` then refuses them). A store that can, makes them all in one
    /// transaction (`SQLiteKeyStore`); this default makes them one by one.
    public func createKeys(for subjects: [String]) throws -> [SubjectKey] {
        var keys: [SubjectKey] = []
        for subject in subjects {
            do { keys.append(try createKey(for: subject)) } catch PersonalDataError.subjectErased { continue }
        }
        return keys
    }

    /// Lists nothing: a store without a listing is asked key by key (`fetchKey(id:)`).
    public func forEachLiveKey(_ body: (_ id: String, _ bytes: [UInt8]) -> Void) throws -> Bool { false }
}
