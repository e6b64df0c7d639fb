import Foundation
@testable import ReadModel
import RegistryDomain
import SQLiteSupport
import Testing

/// A schema script runs once per file (`SQLiteDatabase.createSchema`): the file's `user_version` keeps
/// the script's mark, so later opens parse none of it; a changed script runs again, and a file whose
/// tables were dropped is told to forget the mark.
@Suite("Schema scripts run once per file")
struct SchemaMarkTests {
    private static func scratch() -> String {
        NSTemporaryDirectory() + "schema-mark-\(UUID().uuidString).sqlite"
    }

    private static func tables(_ db: SQLiteDatabase) throws -> [String] {
        try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap {
            if case .text(let name)? = $0.first { return name }
            return nil
        }
    }

    /// The mark is the script's 32-bit FNV-1a, positive: the same in every process (not a seeded hash).
    private static func fnv1a(_ text: String) -> Int64 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in Array(text.utf8) { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return Int64(hash & 0x7fff_ffff)
    }

    @Test func aScriptRunsOnceAndAgainWhenItChanges() throws {
        let path = Self.scratch()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = "CREATE TABLE IF NOT EXISTS t(x INTEGER);"
        let db = try SQLiteDatabase(path: path)
        #expect(try !db.hasSchema(first))
        try db.createSchema(first)
        #expect(try db.hasSchema(first))
        #expect(try Self.tables(db) == ["t"])
        #expect(try db.query("PRAGMA user_version").first?.first == .integer(Self.fnv1a(first)))

        // Dropped behind the mark's back: the script is not run again, so `t` stays missing.
        try db.execute("DROP TABLE t")
        try db.createSchema(first)
        #expect(try Self.tables(db).isEmpty)

        // Another script (one more table) has another mark and runs.
        let second = first + "\nCREATE TABLE IF NOT EXISTS u(y TEXT);"
        #expect(try !db.hasSchema(second))
        try db.createSchema(second)
        #expect(try Self.tables(db) == ["t", "u"])
        #expect(try db.hasSchema(second) && !db.hasSchema(first))

        // After tables are dropped on purpose, forgetting the mark makes the next call run the script.
        try db.execute("DROP TABLE t; DROP TABLE u")
        try db.forgetSchema()
        #expect(try !db.hasSchema(second))
        try db.createSchema(second)
        #expect(try Self.tables(db) == ["t", "u"])
    }

    /// A read model opened again finds its tables without running the script, and one made by an
    /// older schema version is dropped and made again (the mark forgotten with its tables).
    @Test func aReadModelIsMadeOnceAndRemadeForAnotherVersion() throws {
        let path = Self.scratch()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let store = try ReadModelStore(path: path)
            try store.apply([(1, .registryInitialized(RegistryInitialized(jurisdiction: "三门峡市", on: CalendarDate("2025-01-02")!)))])
        }
        let db = try SQLiteDatabase(path: path)
        #expect(try db.hasSchema(ReadModelSchema.create))
        let made = try Self.tables(db)
        #expect(made.contains("teachers") && made.contains("projection_state"))
        try db.execute("UPDATE projection_state SET schema = \(ReadModelSchema.version - 1)")
        _ = try ReadModelStore(path: path)
        #expect(try Self.tables(db) == made)
        #expect(try db.query("SELECT count(*) FROM registry").first?.first == .integer(0))
        #expect(try db.hasSchema(ReadModelSchema.create))
    }

    /// Version 3 kept every table in a rowid B-tree; a read model of version 3 is emptied and made
    /// again in version 4's shape, its tables keyed by text without rowids, to be rebuilt from the log.
    @Test func aVersion3ReadModelIsRemadeWithoutRowids() throws {
        let path = Self.scratch()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let db = try SQLiteDatabase(path: path)
            try db.execute("""
                CREATE TABLE projection_state(name TEXT PRIMARY KEY, position INTEGER NOT NULL, schema INTEGER NOT NULL);
                INSERT INTO projection_state VALUES ('registry', 42, 3);
                CREATE TABLE stipends(placement TEXT NOT NULL, month TEXT NOT NULL, amount_fen INTEGER NOT NULL,
                    paid_on TEXT NOT NULL, corrections INTEGER NOT NULL, PRIMARY KEY (placement, month));
                INSERT INTO stipends VALUES ('P1', '2025-03', 180000, '2025-04-10', 0);
                PRAGMA user_version = 7;
                """)
        }
        let store = try ReadModelStore(path: path)
        #expect(store.position == 0)
        let db = try SQLiteDatabase(path: path)
        let sql = try db.query("SELECT sql FROM sqlite_master WHERE name = 'stipends'").first?.first
        guard case .text(let text)? = sql else { Issue.record("no stipends table"); return }
        #expect(text.hasSuffix("WITHOUT ROWID"))
        #expect(try db.query("SELECT count(*) FROM stipends").first?.first == .integer(0))
        #expect(try db.query("SELECT schema FROM projection_state").first?.first == nil
                    || db.query("SELECT schema FROM projection_state").first?.first == .integer(Int64(ReadModelSchema.version)))
    }
}
