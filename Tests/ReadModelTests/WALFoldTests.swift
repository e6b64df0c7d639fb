import Foundation
import SQLiteSupport
import Testing

/// A derived file's connection leaves a small WAL on close (no checkpoint, no syncs), but folds in
/// a WAL grown past `SQLiteDatabase.walFoldBytes`: every later process would otherwise read and
/// checksum all of it again when it opens the file (issue 17, one command end to end).
@Suite struct WALFoldTests {
    private func scratch() throws -> String {
        let directory = NSTemporaryDirectory() + "wal-fold-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    private func size(_ path: String) -> UInt64 { DerivedFile.size(path) ?? 0 }

    /// Writes `rows` rows of about 2 KB each (two to a page) through a connection that leaves its WAL.
    private func write(rows: Int, to path: String) throws {
        let db = try SQLiteDatabase(path: path)
        db.leaveWALOnClose()
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, body TEXT)")
        try db.transaction {
            for _ in 0..<rows { try db.run("INSERT INTO t(body) VALUES (?)", [.text(String(repeating: "x", count: 2000))]) }
        }
    }

    @Test func aSmallWALIsLeftAsItIs() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/derived.sqlite"
        try write(rows: 4, to: path)
        #expect(size(path + "-wal") > 0)
        #expect(size(path + "-wal") <= SQLiteDatabase.walFoldBytes)
    }

    @Test func aWALPastTheLimitIsFoldedInOnClose() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/derived.sqlite"
        try write(rows: 4, to: path)
        // 200 rows of 2 KB: about 100 pages, past the 64-frame limit.
        try write(rows: 200, to: path)
        #expect(size(path + "-wal") == 0)
        // The file alone (as a copy without its WAL would be) holds every row.
        try FileManager.default.copyItem(atPath: path, toPath: directory + "/copy.sqlite")
        let copy = try SQLiteDatabase(path: directory + "/copy.sqlite")
        #expect(try copy.query("SELECT count(*) FROM t").first?.first == .integer(204))
    }

    @Test func theNextCloseBelowTheLimitLeavesTheWALAgain() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/derived.sqlite"
        try write(rows: 200, to: path)
        #expect(size(path + "-wal") == 0)
        try write(rows: 2, to: path)
        #expect(size(path + "-wal") > 0)
        let db = try SQLiteDatabase(path: path)
        #expect(try db.query("SELECT count(*) FROM t").first?.first == .integer(202))
    }
}
