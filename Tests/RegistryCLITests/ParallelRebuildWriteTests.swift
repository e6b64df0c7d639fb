import Foundation
@testable import ReadModel
import RegistryService
import SQLiteSupport
import Testing

/// A large rebuild writes its tables on two threads: the largest into the new file, the others into
/// a scratch file that is then copied in (`ReadModelBuilder.write(to:parallelFrom:)`), in pages of
/// 16 KiB. The file must hold what the single-threaded write makes: every table's rows (with their
/// rowids, in tables that have them), the schema, the position; and nothing may be left beside it.
@Suite("A rebuild's tables written on two threads")
struct ParallelRebuildWriteTests {
    /// Every table's rows — with their rowids in rowid order, or in key order for a table without
    /// rowids — and the schema's statements.
    static func contents(_ path: String) throws -> [String: [[SQLiteValue]]] {
        let db = try SQLiteDatabase(path: path)
        var out: [String: [[SQLiteValue]]] = [:]
        out["sqlite_master"] = try db.query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        for row in try db.query("SELECT name, sql FROM sqlite_master WHERE type = 'table'") {
            guard case .text(let table)? = row.first, case .text(let sql)? = row.last else { continue }
            // A table without rowids is read in the order of its key, the only one it has.
            out[table] = try db.query(sql.hasSuffix("WITHOUT ROWID") ? "SELECT * FROM \(table)" : "SELECT rowid, * FROM \(table) ORDER BY rowid")
        }
        #expect(out.values.contains { !$0.isEmpty })
        return out
    }

    static func pageSize(_ path: String) throws -> SQLiteValue? {
        try SQLiteDatabase(path: path).query("PRAGMA page_size").first?.first
    }

    @Test func writingOnTwoThreadsMakesTheSameFileAsOne() throws {
        let cli = CLIHarness("parallel-rebuild")
        let generated = try cli.run(["--events", "6000", "--seed", "11", "--log", cli.logDirectory], tool: "registry-gen")
        #expect(generated.status == 0, "\(generated)")
        let registry = try Registry(directory: cli.logDirectory, forWriting: false)
        let one = cli.directory + "/one.sqlite", two = cli.directory + "/two.sqlite"
        let builder = try registry.build()
        let rows = builder.counts.values.reduce(0, +)
        #expect(rows > 1000)
        _ = try builder.write(to: one, parallelFrom: .max)
        // parallelFrom 0: the tables outside the larger half (`besideSet`) go to the second thread.
        _ = try registry.build().write(to: two, parallelFrom: 0)
        let a = try Self.contents(one), b = try Self.contents(two)
        #expect(a.keys.sorted() == b.keys.sorted())
        for table in a.keys.sorted() { #expect(a[table] == b[table], "table \(table)") }
        #expect(a["stipends"]?.isEmpty == false)
        // A large rebuild's file has larger pages (`ReadModelBuilder.largePageSize`); a small one keeps SQLite's.
        #expect(try Self.pageSize(one) == .integer(4096))
        #expect(try Self.pageSize(two) == .integer(Int64(ReadModelBuilder.largePageSize)))
        // Both equal the live read model, and the scratch file is gone.
        let live = try ReadModelStore(path: cli.logDirectory + "/" + ReadModelStore.fileName)
        #expect(try Replay.differences(live, ReadModelStore(path: two)).isEmpty)
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.directory).filter { $0.contains(".rebuilding") }
        #expect(left == [], "left beside the rebuild: \(left)")
    }

    /// The largest tables stay on the writing thread until it holds at least half the bytes; empty
    /// tables are written nowhere else; tables with secondary indexes go beside first, since the
    /// second thread builds their indexes while the writing thread is still busy.
    @Test func theWritingThreadKeepsTheLargerHalf() {
        #expect(ReadModelBuilder.besideSet([10, 500, 30, 0, 460], indexed: [1]) == [1])
        #expect(ReadModelBuilder.besideSet([10, 500, 30, 0, 460], indexed: [1, 4]) == [4])
        #expect(ReadModelBuilder.besideSet([10, 500, 30, 0, 460]) == [0, 2, 4])
        #expect(ReadModelBuilder.besideSet([100, 100]) == [1])
        #expect(ReadModelBuilder.besideSet([0, 0]) == [])
        #expect(ReadModelBuilder.besideSet([7]) == [])
        #expect(ReadModelBuilder.besideSet([300, 100, 100, 100]) == [1, 2, 3])
    }
}
