import Foundation
import SQLiteSupport
import Testing

/// The stream index's rows are bound from packed arguments (`SQLitePackedArguments`): the rows read
/// back must be the values given, whatever the number of rows against the 32 a statement takes.
@Suite("Packed bulk inserts")
struct PackedInsertTests {
    private func table() throws -> (TemporaryDirectory, SQLiteDatabase) {
        let dir = TemporaryDirectory()
        let db = try SQLiteDatabase(path: dir.path + "/t.sqlite")
        try db.execute("CREATE TABLE t(n INTEGER PRIMARY KEY, s TEXT, b BLOB, m INTEGER)")
        return (dir, db)
    }

    private func row(_ i: Int) -> (text: String, blob: [UInt8], more: Int64) {
        // Empty text and an empty blob among them, and text that is not ASCII.
        (i % 5 == 0 ? "" : "stream-\(i)-é\u{301}", i % 7 == 0 ? [] : (0..<(i % 40)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) },
         Int64(i) * -1_000_003)
    }

    @Test(arguments: [1, 31, 32, 33, 64, 100])
    func rowsReadBackAsGiven(count: Int) throws {
        let (dir, db) = try table()
        _ = dir
        try db.transaction {
            try db.insertRows(into: "t", columns: ["n", "s", "b", "m"], count: count) { i, values in
                let r = row(i)
                values.append(Int64(i))
                values.append(text: r.text)
                r.blob.withUnsafeBytes { values.append(blob: $0) }
                values.append(r.more)
            }
        }
        let rows = try db.query("SELECT n, s, b, m, typeof(b) FROM t ORDER BY n")
        #expect(rows.count == count)
        for (i, values) in rows.enumerated() {
            let r = row(i)
            #expect(values[0] == .integer(Int64(i)))
            #expect(values[1] == .text(r.text))
            // Bytes as given: the two spellings of é stay apart.
            if case .text(let s) = values[1] { #expect(Array(s.utf8) == Array(r.text.utf8)) }
            #expect(values[2] == .blob(r.blob))
            #expect(values[3] == .integer(r.more))
            #expect(values[4] == .text("blob"))  // an empty blob is a blob, not NULL
        }
    }

    @Test func aDuplicateFailsTheStatementOrIsIgnored() throws {
        let (dir, db) = try table()
        _ = dir
        let keys: [Int64] = [1, 2, 2, 3]
        #expect(throws: SQLiteError.self) {
            try db.transaction {
                try db.insertRows(into: "t", columns: ["n", "m"], count: keys.count) { i, values in
                    values.append(keys[i])
                    values.append(Int64(i))
                }
            }
        }
        #expect(try db.query("SELECT COUNT(*) FROM t") == [[.integer(0)]])
        try db.transaction {
            try db.insertRows(into: "t", columns: ["n", "m"], count: keys.count, ignoringDuplicates: true) { i, values in
                values.append(keys[i])
                values.append(Int64(i))
            }
        }
        // The first of each key stays.
        #expect(try db.query("SELECT n, m FROM t ORDER BY n") == [[.integer(1), .integer(0)], [.integer(2), .integer(1)], [.integer(3), .integer(3)]])
    }

    @Test func noRowsRunsNoStatement() throws {
        let (dir, db) = try table()
        _ = dir
        try db.insertRows(into: "t", columns: ["n"], count: 0) { _, _ in Issue.record("no row to give") }
        #expect(try db.query("SELECT COUNT(*) FROM t") == [[.integer(0)]])
    }
}
