import RegistryDomain
import SQLiteSupport

extension ReadModelStore {
    /// Rewrites the database so that no freed page or WAL frame keeps content that was overwritten
    /// (a name replaced by a pseudonym at an erase): `VACUUM` builds the file afresh, and a truncating
    /// checkpoint empties the WAL.
    /// - Throws: `SQLiteError`.
    public func scrubFreedPages() throws {
        try db.execute("PRAGMA secure_delete=ON; VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")
    }

    /// The student's placements still registered or active and apprenticeships still contracted,
    /// as `placement 'ID'` / `apprenticeship 'ID'` (Privacy_02).
    /// - Throws: `SQLiteError`.
    public func openRecords(ofStudent student: String) throws -> [String] {
        let placements = try db.query("SELECT id FROM placements WHERE student = ? AND status IN ('registered', 'active') ORDER BY id",
                                      [.text(student)])
        let apprenticeships = try db.query("SELECT id FROM apprenticeships WHERE student = ? AND status = 'contracted' ORDER BY id",
                                           [.text(student)])
        func ids(_ rows: [[SQLiteValue]]) -> [String] { rows.compactMap { if case .text(let t)? = $0.first { t } else { nil } } }
        return ids(placements).map { "placement '\($0)'" } + ids(apprenticeships).map { "apprenticeship '\($0)'" }
    }

    /// The student whose ID-card number has the keyed digest `digest`, if any.
    /// - Throws: `SQLiteError`.
    public func student(withIDCardDigest digest: String) throws -> String? {
        if case .text(let id)? = try db.query("SELECT student FROM student_id_cards WHERE digest = ? ORDER BY student LIMIT 1",
                                               [.text(digest)]).first?.first { return id }
        return nil
    }
}
