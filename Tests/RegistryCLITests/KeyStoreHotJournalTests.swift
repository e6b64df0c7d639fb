import Foundation
import PersonalData
import SQLiteSupport
import Testing

/// A writer killed inside a key-store transaction (an import's group of keys) leaves a hot
/// rollback journal beside `keys.sqlite`. A reader opened the store read-only, which cannot roll
/// the journal back, so every sealed record read as an integrity failure (exit 4) until the next
/// write command: seen in the import crash test, where `show` after the kill failed.
@Suite("A key store left with a hot journal by a killed writer")
struct KeyStoreHotJournalTests {
    @Test func aReaderRollsTheJournalBackAndReadsTheKeys() throws {
        let root = FileManager.default.temporaryDirectory.path + "/hot-journal-\(UUID().uuidString)"
        let live = root + "/live", crashed = root + "/crashed"
        for directory in [live, crashed] { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let key = try SQLiteKeyStore(directory: live, writable: true).createKey(for: "student:K1")
        // A transaction in flight, its journal on disk: a copy of the files now is a writer killed mid-transaction.
        let writer = try SQLiteDatabase(path: live + "/" + SQLiteKeyStore.fileName)
        // More pages than the cache holds: SQLite syncs the journal's header and writes pages into the
        // database file before the commit, as a large group's transaction does.
        try writer.execute("""
            PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA cache_size=2; BEGIN IMMEDIATE;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
            INSERT INTO secrets(name, value) SELECT 't' || i, randomblob(2000) FROM n;
            UPDATE subject_keys SET key = randomblob(32);
            """)
        for suffix in ["", "-journal"] {
            let from = live + "/" + SQLiteKeyStore.fileName + suffix
            try #require(FileManager.default.fileExists(atPath: from), "no \(suffix) file to copy")
            try FileManager.default.copyItem(atPath: from, toPath: crashed + "/" + SQLiteKeyStore.fileName + suffix)
        }
        try writer.execute("ROLLBACK")
        let reader = SQLiteKeyStore(directory: crashed, writable: false)
        #expect(try reader.fetchKey(id: key.id) == key)
        #expect(!FileManager.default.fileExists(atPath: crashed + "/" + SQLiteKeyStore.fileName + "-journal"))
    }
}
