import Foundation
import SQLiteSupport

/// The file key store: `keys.sqlite` beside the log, readable by its owner only.
///
/// One row per data subject: its key ID and 32 key bytes, or, once destroyed, a tombstone (key
/// bytes NULL). SQLite runs with `secure_delete=ON` (freed content is overwritten with zeros) and a
/// rollback journal that is deleted after each commit, never a WAL: a destroyed key is in no page
/// nor journal that stays in the directory. The digest secret lives in the same file.
///
/// Opened lazily, on the first key asked for: a log read without its key store simply has no keys.
public final class SQLiteKeyStore: PersonalDataKeyStore, @unchecked Sendable {
    /// The file name beside the log.
    public static let fileName = "keys.sqlite"

    /// The database file.
    public let path: String
    private let isWritable: Bool
    private var database: SQLiteDatabase?
    private var opened = false
    /// Held by every use of the connection: an import makes the next group's keys on another thread
    /// while this group's rows are sealed (`Registry.keyMakerAhead`), and one SQLite connection's
    /// transaction and statements must not be interleaved from two threads.
    private let lock = NSLock()

    /// A key store at `directory/keys.sqlite`.
    /// - Parameters:
    ///   - directory: the log directory.
    ///   - writable: create the file (mode 0600) and keys when needed; otherwise only read an existing file.
    public init(directory: String, writable: Bool) {
        path = directory + "/" + Self.fileName
        isWritable = writable
    }

    /// Whether the file exists.
    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    private func db() throws -> SQLiteDatabase? {
        if opened { return database }
        opened = true
        do {
            if isWritable {
                if !exists {
                    // Created owner-only before SQLite opens it; SQLite gives its journal the same mode.
                    let fd = Foundation.open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
                    if fd >= 0 { close(fd) }
                }
                let db = try SQLiteDatabase(path: path)
                try db.execute("""
                    PRAGMA secure_delete=ON; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;
                    CREATE TABLE IF NOT EXISTS subject_keys(subject TEXT PRIMARY KEY, key_id TEXT NOT NULL UNIQUE,
                        key BLOB, created INTEGER NOT NULL, destroyed INTEGER);
                    CREATE TABLE IF NOT EXISTS secrets(name TEXT PRIMARY KEY, value BLOB NOT NULL);
                    """)
                database = db
            } else if exists {
                let writable = DerivedFileAccess.isWritable(path)
                if writable { rollBackHotJournal() }
                let db = try SQLiteDatabase(path: path, readOnly: true, immutable: !writable)
                try db.execute("PRAGMA secure_delete=ON")
                database = db
            }
        } catch let error as SQLiteError {
            throw PersonalDataError.keyStore(path: path, reason: error.message)
        }
        return database
    }

    /// Rolls back the journal a writer killed inside a transaction left (an import's group of keys):
    /// a read-only connection cannot, and fails every read until the next writer opens the store.
    /// SQLite itself decides whether the journal is hot (no live writer holds the file), so a
    /// writer at work is left alone; if this fails, the read-only open reports what is wrong.
    private func rollBackHotJournal() {
        guard FileManager.default.fileExists(atPath: path + "-journal") else { return }
        // The first read of a connection that may write plays a hot journal back and deletes it.
        _ = try? SQLiteDatabase(path: path).query("SELECT count(*) FROM sqlite_master")
    }

    public func createKey(for subject: String) throws -> SubjectKey {
        lock.lock()
        defer { lock.unlock() }
        guard isWritable, let db = try db() else { throw PersonalDataError.noKeyStore }
        return try wrap {
            if let row = try db.query("SELECT key_id, key FROM subject_keys WHERE subject = ?", [.text(subject)]).first {
                guard case .text(let id) = row[0], case .blob(let bytes) = row[1] else { throw PersonalDataError.subjectErased(subject: subject) }
                return SubjectKey(id: id, subject: subject, bytes: bytes)
            }
            let key = SubjectKey(id: try SecureRandom.bytes(16).hex, subject: subject, bytes: try SecureRandom.bytes(32))
            try db.run("INSERT INTO subject_keys(subject, key_id, key, created) VALUES (?, ?, ?, ?)",
                       [.text(subject), .text(key.id), .blob(key.bytes), .integer(Int64(time(nil)))])
            return key
        }
    }

    /// Makes the missing keys of `subjects` in one transaction: one durable commit (a few syncs)
    /// however many subjects, where `createKey` commits each. Erased subjects keep their tombstone.
    public func createKeys(for subjects: [String]) throws -> [SubjectKey] {
        lock.lock()
        defer { lock.unlock() }
        guard isWritable, let db = try db() else { throw PersonalDataError.noKeyStore }
        guard !subjects.isEmpty else { return [] }
        return try wrap {
            try db.transaction {
                let insert = try db.prepare("INSERT OR IGNORE INTO subject_keys(subject, key_id, key, created) VALUES (?, ?, ?, ?)")
                let select = try db.prepare("SELECT key_id, key FROM subject_keys WHERE subject = ?")
                let created = Int64(time(nil))
                var keys: [SubjectKey] = []
                // One draw from the generator for every key ID and key of the transaction: each
                // `RAND_bytes` call takes the generator's lock and reseed checks, which cost more
                // than the 48 bytes a key needs.
                let random = try SecureRandom.bytes(48 * subjects.count)
                for (n, subject) in subjects.enumerated() {
                    let id = Array(random[(48 * n)..<(48 * n + 16)]).hex, bytes = Array(random[(48 * n + 16)..<(48 * n + 48)])
                    try insert.bind([.text(subject), .text(id), .blob(bytes), .integer(created)])
                    while try insert.step() {}
                    insert.reset()
                    // The insert made the key: no need to read it back.
                    if db.changes == 1 {
                        keys.append(SubjectKey(id: id, subject: subject, bytes: bytes))
                        continue
                    }
                    try select.bind([.text(subject)])
                    // An erased subject's row holds no key: it gets none.
                    if try select.step(), case .text(let id) = select.value(at: 0), case .blob(let bytes) = select.value(at: 1) {
                        keys.append(SubjectKey(id: id, subject: subject, bytes: bytes))
                    }
                    select.reset()
                }
                return keys
            }
        }
    }

    public func fetchKey(id: String) throws -> SubjectKey? {
        lock.lock()
        defer { lock.unlock() }
        guard let db = try db() else { return nil }
        return try wrap {
            guard let row = try db.query("SELECT subject, key FROM subject_keys WHERE key_id = ?", [.text(id)]).first,
                  case .text(let subject) = row[0], case .blob(let bytes) = row[1] else { return nil }
            return SubjectKey(id: id, subject: subject, bytes: bytes)
        }
    }

    /// One query over the table: a replay of a million events asked `fetchKey(id:)` a hundred
    /// thousand times, each a statement prepared, bound and run.
    public func forEachLiveKey(_ body: (_ id: String, _ bytes: [UInt8]) -> Void) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let db = try db() else { return true }
        return try wrap {
            let select = try db.prepare("SELECT key_id, key FROM subject_keys WHERE key IS NOT NULL")
            while try select.step() {
                guard let id = select.text(at: 0) else { continue }
                body(id, select.blob(at: 1))
            }
            return true
        }
    }

    public func destroyKey(of subject: String) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard isWritable, let db = try db() else { throw PersonalDataError.noKeyStore }
        return try wrap {
            try db.run("UPDATE subject_keys SET key = NULL, destroyed = ? WHERE subject = ? AND key IS NOT NULL",
                       [.integer(Int64(time(nil))), .text(subject)])
            let destroyed = db.changes > 0
            if !destroyed, try db.query("SELECT 1 FROM subject_keys WHERE subject = ?", [.text(subject)]).isEmpty {
                // No key was ever made here (a log written before encryption, or a lost key store):
                // the tombstone still stops a new key from being made for the subject.
                try db.run("INSERT INTO subject_keys(subject, key_id, key, created, destroyed) VALUES (?, ?, NULL, ?, ?)",
                           [.text(subject), .text(try SecureRandom.bytes(16).hex), .integer(Int64(time(nil))), .integer(Int64(time(nil)))])
            }
            return destroyed
        }
    }

    public func digestSecret() throws -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        guard let db = try db() else { return nil }
        return try wrap {
            if case .blob(let secret)? = try db.query("SELECT value FROM secrets WHERE name = 'id-card-hmac'").first?.first {
                return secret
            }
            guard isWritable else { return nil }
            let secret = try SecureRandom.bytes(32)
            try db.run("INSERT INTO secrets(name, value) VALUES ('id-card-hmac', ?)", [.blob(secret)])
            return secret
        }
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SQLiteError {
            throw PersonalDataError.keyStore(path: path, reason: error.message)
        }
    }
}

/// Whether this process may write a file (a key store on read-only storage is opened immutable).
enum DerivedFileAccess {
    static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }
}
