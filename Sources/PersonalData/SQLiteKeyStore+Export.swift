import SQLiteSupport

/// Every row of a key store, for carrying it to another store with the events (`registry migrate`,
/// `registry-gen --store`): live keys, tombstones of destroyed ones, and the digest secret.
public struct KeyStoreContents: Sendable {
    /// One data subject's row: its key bytes, or nil once destroyed.
    public struct Row: Sendable {
        public let subject: String
        public let keyID: String
        public let key: [UInt8]?
        public let created: Int64
        public let destroyed: Int64?
    }
    /// The subjects' rows.
    public let rows: [Row]
    /// Named secrets (the ID-card digest secret), by name.
    public let secrets: [(name: String, value: [UInt8])]
}

extension SQLiteKeyStore {
    /// Every row of `keys.sqlite`; empty when the file does not exist.
    /// - Throws: `PersonalDataError.keyStore` when it cannot be read.
    public func contents() throws -> KeyStoreContents {
        guard exists else { return KeyStoreContents(rows: [], secrets: []) }
        do {
            let db = try SQLiteDatabase(path: path, readOnly: true)
            let rows = try db.query("SELECT subject, key_id, key, created, destroyed FROM subject_keys ORDER BY rowid").map { row in
                guard case .text(let subject) = row[0], case .text(let id) = row[1], case .integer(let created) = row[3] else {
                    throw PersonalDataError.keyStore(path: path, reason: "a row of subject_keys is malformed")
                }
                var key: [UInt8]?
                if case .blob(let bytes) = row[2] { key = bytes }
                var destroyed: Int64?
                if case .integer(let when) = row[4] { destroyed = when }
                return KeyStoreContents.Row(subject: subject, keyID: id, key: key, created: created, destroyed: destroyed)
            }
            let secrets = try db.query("SELECT name, value FROM secrets ORDER BY name").compactMap { row -> (name: String, value: [UInt8])? in
                guard case .text(let name) = row[0], case .blob(let value) = row[1] else { return nil }
                return (name, value)
            }
            return KeyStoreContents(rows: rows, secrets: secrets)
        } catch let error as SQLiteError {
            throw PersonalDataError.keyStore(path: path, reason: error.message)
        }
    }
}
