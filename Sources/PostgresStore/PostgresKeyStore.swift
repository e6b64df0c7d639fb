import Foundation
import PersonalData

/// The personal-data key store of a database store: tables `personal_keys` and `personal_secrets`
/// (schema migration 4), shared by every server of the database as the events are, so that a key
/// made by one server opens the name on another.
///
/// Like the file key store (`SQLiteKeyStore`), one row per data subject holds its key ID and 32 key
/// bytes, or, once destroyed, a tombstone (key NULL) that stops a new key from being made. An erase
/// sets the key to NULL and then runs `VACUUM` on the table, so the old row version is gone from the
/// table's pages; the database's write-ahead log and its backups keep the old bytes until they are
/// recycled or expire (README, "Personal data"). The tables are not granted to the inspector's or
/// the organisations' database roles.
public final class PostgresKeyStore: PersonalDataKeyStore {
    private let conninfo: String
    private var connection: PGConnection?

    /// The key store in the database of `store`, over a connection of its own.
    public init(store: PostgresEventStore) {
        conninfo = store.conninfo
    }

    private func db() throws -> PGConnection {
        if let connection, !connection.isBroken { return connection }
        let made = try PGConnection(conninfo)
        connection = made
        return made
    }

    /// Runs `body` on the store's connection; a database error becomes `PersonalDataError.keyStore`.
    func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T { try wrap(body) }

    private func wrap<T>(_ body: (PGConnection) throws -> T) throws -> T {
        var attempt = 0
        while true {
            do { return try body(try db()) } catch let error as PGError {
                connection = nil
                // A database restarted since the last use: each operation is one statement (or an
                // idempotent pair), so it runs again on a new connection, as an append does.
                if error.isConnectionLost && attempt < 3 {
                    attempt += 1
                    usleep(useconds_t(100_000 * attempt))
                    continue
                }
                throw PersonalDataError.keyStore(path: PostgresEventStore.redacted(conninfo), reason: error.description)
            }
        }
    }

    public func createKey(for subject: String) throws -> SubjectKey {
        try wrap { db in
            // Two servers may make a subject's first key at once: the first insert wins, both read it.
            let made = SubjectKey(id: try SecureRandom.bytes(16).map { String(format: "%02x", $0) }.joined(),
                                  subject: subject, bytes: try SecureRandom.bytes(32))
            try db.run("INSERT INTO personal_keys (subject, key_id, key, created) VALUES ($1, $2, $3, $4) ON CONFLICT (subject) DO NOTHING",
                       [.text(subject), .text(made.id), .bytes(made.bytes), .int(Int64(time(nil)))])
            let rows = try db.run("SELECT key_id, key FROM personal_keys WHERE subject = $1", [.text(subject)])
            guard rows.count == 1, !rows.isNull(0, 1) else { throw PersonalDataError.subjectErased(subject: subject) }
            return SubjectKey(id: rows.text(0, 0), subject: subject, bytes: rows.bytes(0, 1))
        }
    }

    public func fetchKey(id: String) throws -> SubjectKey? {
        try wrap { db in
            let rows: PGRows
            do {
                rows = try db.run("SELECT subject, key FROM personal_keys WHERE key_id = $1 AND key IS NOT NULL", [.text(id)])
            } catch let error as PGError where error.sqlState == "42501" {
                // A role not granted the keys (an inspector's) reads as a log without its key store: names unavailable.
                return nil
            }
            guard rows.count == 1 else { return nil }
            return SubjectKey(id: id, subject: rows.text(0, 0), bytes: rows.bytes(0, 1))
        }
    }

    public func destroyKey(of subject: String) throws -> Bool {
        try wrap { db in
            let now = Int64(time(nil))
            let destroyed = try db.run("UPDATE personal_keys SET key = NULL, destroyed = $1 WHERE subject = $2 AND key IS NOT NULL RETURNING 1",
                                       [.int(now), .text(subject)]).count > 0
            if !destroyed {
                // No key was ever made here: the tombstone still stops a new key for the subject.
                try db.run("INSERT INTO personal_keys (subject, key_id, key, created, destroyed) VALUES ($1, $2, NULL, $3, $3) ON CONFLICT (subject) DO NOTHING",
                           [.text(subject), .text(try SecureRandom.bytes(16).map { String(format: "%02x", $0) }.joined()), .int(now)])
            }
            // The old row version goes from the table's pages now rather than at the next autovacuum.
            try db.run("VACUUM personal_keys")
            return destroyed
        }
    }

    public func digestSecret() throws -> [UInt8]? {
        try wrap { db in
            try db.run("INSERT INTO personal_secrets (name, value) VALUES ('id-card-hmac', $1) ON CONFLICT (name) DO NOTHING",
                       [.bytes(try SecureRandom.bytes(32))])
            let rows = try db.run("SELECT value FROM personal_secrets WHERE name = 'id-card-hmac'")
            return rows.count == 1 ? rows.bytes(0, 0) : nil
        }
    }
}
