import EventStore
import Foundation
import SQLiteSupport
#if canImport(Glibc)
import Glibc
#endif

/// Figures of issue 17's imports: `registry import students` of a large file, end to end through the
/// binary into a fresh registry, beside inserting the same rows into SQLite in one transaction.
struct ImportFigures {
    var rows = 0
    /// The whole import, process start to exit, one run per round.
    var importSeconds: [Double] = []
    /// The same rows into an SQLite table (WAL, synchronous=FULL) in one transaction, per round.
    var sqliteSeconds: [Double] = []
    var failures = 0

    var table: String {
        let median = quantile(importSeconds, 0.5), sqlite = quantile(sqliteSeconds, 0.5)
        var t = "\nImports (issue 17): \(si(rows)) students, \(importSeconds.count) round\(importSeconds.count == 1 ? "" : "s") (median)\n"
        t += "  registry import students, end to end:  \(fmt(median, 2)) s (\(Int(Double(rows) / max(median, 1e-9))) rows/s)"
        t += importSeconds.count > 1 ? ", range \(fmt(importSeconds.min()!, 2))–\(fmt(importSeconds.max()!, 2)) s\n" : "\n"
        t += "  SQLite, same rows in one transaction:  \(fmt(sqlite, 2)) s (\(Int(Double(rows) / max(sqlite, 1e-9))) rows/s)\n"
        if failures > 0 { t += "  failed runs: \(failures)\n" }
        return t
    }
}

extension Bench {
    /// 6. A large student import into a fresh registry, beside SQLite.
    func runImports(work: String) throws -> ImportFigures {
        var figures = ImportFigures()
        figures.rows = config.quick ? 6_000 : 60_000
        say("import of \(si(figures.rows)) students ...")
        let file = work + "/students.csv"
        try studentFile(rows: figures.rows).write(to: URL(fileURLWithPath: file))
        let log = work + "/import-log"
        for _ in 0..<(config.quick ? 1 : 3) {
            try? FileManager.default.removeItem(atPath: log)
            for setup in [["init", "--as", "bureau:EDU", "--jurisdiction", "三门峡市", "--policy", "sanmenxia", "--from", "2024-01-01"],
                          ["school", "register", "S01", "--name", "三门峡职业技术学院", "--level", "higher", "--as", "bureau:EDU"]] {
                let run = runChild(config.registryPath, setup + ["--log", log])
                guard run.exitStatus == 0 else { throw EventStoreError.invalidAppend("registry \(setup[0]) failed with status \(run.exitStatus)") }
            }
            sync()
            let run = runChild(config.registryPath, ["import", "students", file, "--as", "school:S01", "--log", log, "--format", "json"],
                               stdoutPath: work + "/import.json")
            if run.exitStatus != 0 { figures.failures += 1 } else { figures.importSeconds.append(run.seconds) }
            figures.sqliteSeconds.append(try sqliteStudentInsert(rows: figures.rows, path: work + "/import.sqlite"))
            say("  import \(fmt(run.seconds, 2)) s, SQLite \(fmt(figures.sqliteSeconds.last!, 2)) s")
        }
        try? FileManager.default.removeItem(atPath: log)
        return figures
    }
}

/// The bench's student rows: distinct IDs and names, adults (no guardian consent needed).
func studentRow(_ i: Int) -> (id: String, name: String, major: String, birth: String, enrolled: String) {
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"], given = ["芳", "强", "敏", "洋", "静", "伟", "娜", "磊", "婷"]
    return (String(format: "B%06d", i), surnames[i % surnames.count] + given[(i / surnames.count) % given.count] + given[(i / 72) % given.count],
            ["数控技术", "机电一体化", "汽车检测与维修"][i % 3], String(format: "2005-%02d-%02d", 1 + i % 12, 1 + i % 28), "2023-09-01")
}

func studentFile(rows: Int) -> Data {
    var text = "id,name,major,birth,enrolled\n"
    for i in 1...rows {
        let r = studentRow(i)
        text += "\(r.id),\(r.name),\(r.major),\(r.birth),\(r.enrolled)\n"
    }
    return Data(text.utf8)
}

/// The comparator: the same rows into a students table (WAL, synchronous=FULL), in one transaction,
/// each insert checking the ID is new (the primary key), timed from open to close.
func sqliteStudentInsert(rows: Int, path: String) throws -> Double {
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
    let start = now()
    var db: SQLiteDatabase! = try SQLiteDatabase(path: path)
    try db.execute("""
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=FULL;
        CREATE TABLE students(id TEXT PRIMARY KEY, school TEXT NOT NULL, name TEXT NOT NULL, major TEXT NOT NULL,
            birth TEXT NOT NULL, enrolled TEXT NOT NULL);
        """)
    try db.transaction {
        let insert = try db.prepare("INSERT INTO students(id, school, name, major, birth, enrolled) VALUES (?, ?, ?, ?, ?, ?)")
        for i in 1...rows {
            let r = studentRow(i)
            try insert.bind([.text(r.id), .text("S01"), .text(r.name), .text(r.major), .text(r.birth), .text(r.enrolled)])
            while try insert.step() {}
            insert.reset()
        }
    }
    db = nil
    return now() - start
}
