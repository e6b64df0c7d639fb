import PersonalData

extension PostgresKeyStore {
    /// Loads the rows of a file key store, in one transaction, into a database that has just received
    /// the same log's events (`registry migrate`, `registry-gen --store`): without its keys the
    /// copied history's names would read as unavailable. Tombstones come too, so an erased subject
    /// gets no new key; the digest secret replaces any made before, so ID-card digests still match.
    /// A subject already in the table keeps its row.
    /// - Returns: how many subjects' rows were added.
    /// - Throws: `PersonalDataError.keyStore` naming the database.
    @discardableResult
    public func load(_ contents: KeyStoreContents) throws -> Int {
        try withConnection { db in
            try db.run("BEGIN")
            do {
                var added = 0
                for row in contents.rows {
                    added += try db.run("""
                        INSERT INTO personal_keys (subject, key_id, key, created, destroyed) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (subject) DO NOTHING RETURNING 1
                        """, [.text(row.subject), .text(row.keyID), row.key.map { .bytes($0) } ?? .null, .int(row.created),
                              row.destroyed.map { .int($0) } ?? .null]).count
                }
                for secret in contents.secrets {
                    try db.run("INSERT INTO personal_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
                               [.text(secret.name), .bytes(secret.value)])
                }
                try db.run("COMMIT")
                return added
            } catch {
                _ = try? db.run("ROLLBACK")
                throw error
            }
        }
    }
}
