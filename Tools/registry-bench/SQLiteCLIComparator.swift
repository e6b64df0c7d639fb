import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The yardstick for one command end to end (issue 17): the `sqlite3` command-line shell making one
/// durable insert into a WAL table with `synchronous=FULL`, spawned as a process and timed from
/// spawn to exit, exactly as the `registry` command is. Each run is a new process that opens the
/// database, sets the pragmas, inserts one row of about a record's size, commits (one fdatasync of
/// the WAL) and closes (as the last connection, SQLite checkpoints the WAL into the database).
///
/// The bench alternates the two, one `registry` run then one `sqlite3` run, so that both see the
/// same moments of a shared, noisy machine.
struct SQLiteCLIComparator {
    /// The `sqlite3` executable.
    let executable: String
    /// The database file, created by `prepare`.
    let database: String

    /// The shell on the `PATH` (the Debian package `sqlite3`), or nil when there is none: the bench
    /// then says so and skips the comparison rather than failing.
    static func find(workDirectory: String) -> SQLiteCLIComparator? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = String(directory) + "/sqlite3"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return SQLiteCLIComparator(executable: candidate, database: workDirectory + "/sqlite3-cli.sqlite")
            }
        }
        return nil
    }

    /// Makes a fresh database with the table (WAL mode is persistent in the file).
    /// - Returns: false when the shell cannot do it.
    func prepare() -> Bool {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let run = runChild(executable, [database, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE t(id INTEGER PRIMARY KEY, stream TEXT NOT NULL, payload TEXT NOT NULL);
            """])
        return run.exitStatus == 0
    }

    /// One durable insert in a new process, from spawn to exit. `n` makes each row different; the
    /// payload is about as long as one of the log's records (~280 bytes).
    func insert(_ n: Int) -> ChildRun {
        let payload = String(repeating: "x", count: 240)
        return runChild(executable, [database, """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
            INSERT INTO t(stream, payload) VALUES ('placement-\(n)', '\(n) \(payload)');
            """])
    }

    /// Removes the database and its side files.
    func remove() {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: database + suffix) }
    }
}
