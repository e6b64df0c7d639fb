#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite

extension SQLiteError {
    /// Whether the error says the file itself is damaged (not a database, or a malformed one), as
    /// opposed to a busy lock, a full disk or a permission.
    public var isDamage: Bool {
        let primary = code & 0xFF
        return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_FORMAT
    }
}

/// The SQLite files next to a log that are derived from it (the stream index, the read model): they
/// can always be rebuilt, so a damaged one is set aside rather than allowed to block the log, and
/// evidence on read-only storage is opened without writing beside it.
///
/// The integrity check is chosen for its cost: every open runs `cheapDamage` (the file's length
/// against the page count its header claims, and `PRAGMA quick_check` only while the file is at
/// most `quickCheckLimit`, about a millisecond); a larger file is treated as damaged only when
/// SQLite reports damage while it is used, and the caller then sets it aside, rebuilds it and
/// retries. `quick_check` reads every page: about 15 ms for the 1.4 MB index of a 10k-event log,
/// most of a second for a 1M-event one, on every command — more than a command costs in all.
public enum DerivedFile {
    /// Files up to this size (256 KiB; `REGISTRY_QUICK_CHECK_BYTES` overrides it, for tests of the
    /// heal-on-error path) get `PRAGMA quick_check` on every open.
    public static let quickCheckLimit: UInt64 =
        getenv("REGISTRY_QUICK_CHECK_BYTES").flatMap { UInt64(String(cString: $0)) } ?? 256 << 10

    /// Whether this process may create and rename files in `directory`.
    public static func isWritable(directory: String) -> Bool { access(directory, W_OK) == 0 }

    /// The directory part of a path ("." when there is none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The size of a file, or nil when it does not exist.
    public static func size(_ path: String) -> UInt64? {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        return UInt64(s.st_size)
    }

    /// Opens an existing derived file for reading without writing anything next to it when that is
    /// not allowed: on writable storage, an ordinary read-only connection; on read-only storage, an
    /// `immutable=1` connection to the file, or, when a non-empty `-wal` holds transactions not yet
    /// in the file, a connection to a copy of both in a private temporary directory (removed when
    /// the connection closes), where SQLite may replay the WAL.
    /// - Throws: `SQLiteError` when the file cannot be opened or copied.
    public static func openForReading(path: String) throws -> SQLiteDatabase {
        let directory = directory(of: path)
        if isWritable(directory: directory) && access(path, W_OK) == 0 {
            return try SQLiteDatabase(path: path, readOnly: true)
        }
        if size(path + "-wal") != nil && size(path + "-shm") != nil,
           let live = try? SQLiteDatabase(path: path, readOnly: true), (try? live.query("SELECT count(*) FROM sqlite_master")) != nil {
            // A live log (a writer's -wal and -shm are there): SQLite reads it without writing them,
            // and sees what the writer commits, which an immutable connection would not.
            return live
        }
        guard (size(path + "-wal") ?? 0) > 0 else { return try SQLiteDatabase(path: path, readOnly: true, immutable: true) }
        let scratch = try makePrivateDirectory()
        let name = path.split(separator: "/").last.map(String.init) ?? "derived.sqlite"
        guard copyFile(path, to: scratch + "/" + name), copyFile(path + "-wal", to: scratch + "/" + name + "-wal") else {
            removeTree(scratch)
            throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot copy it to a private directory", context: path)
        }
        return try SQLiteDatabase(path: scratch + "/" + name, readOnly: false, immutable: false, ownedDirectory: scratch)
    }

    /// A new private (mode 700) directory under `TMPDIR` or `/tmp`.
    /// - Throws: `SQLiteError` when none can be made.
    public static func makePrivateDirectory() throws -> String {
        let parent = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((parent + "/registry-derived-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw SQLiteError(code: SQLITE_CANTOPEN, message: String(cString: strerror(errno)), context: parent)
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Why an open connection's file is damaged, from checks cheap enough for every open; nil when
    /// they pass. Errors while checking count as damage only when SQLite says so.
    public static func cheapDamage(_ db: SQLiteDatabase) -> String? {
        if let problem = headerDamage(db.path) { return problem }
        do {
            let pageSize = try db.query("PRAGMA page_size").first?.first
            let pageCount = try db.query("PRAGMA page_count").first?.first
            let fileSize = size(db.path) ?? 0
            if case .integer(let ps)? = pageSize, case .integer(let pc)? = pageCount, (size(db.path + "-wal") ?? 0) == 0,
               UInt64(ps * pc) > fileSize {
                return "the file holds \(fileSize) bytes but its header claims \(pc) pages of \(ps)"
            }
            if fileSize <= quickCheckLimit, let problem = try quickCheck(db) { return problem }
            return nil
        } catch let error as SQLiteError {
            return error.isDamage ? error.message : nil
        } catch {
            return nil
        }
    }

    /// Whether a non-empty file lacks SQLite's 16-byte magic header. SQLite reads page 1 from the WAL
    /// while the WAL holds a newer copy of it (a writer leaves its WAL: `leaveWALOnClose`), so a
    /// file overwritten under a WAL would otherwise open cleanly and fail only at the next checkpoint.
    static func headerDamage(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 16)
        let n = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, 0) }
        guard n != 0 else { return nil }  // a new, empty file
        let magic = Array("SQLite format 3\u{0}".utf8)
        return n == 16 && header == magic ? nil : "the file does not begin with SQLite's header"
    }

    /// The error a derived file's check reports: SQLite's code for a malformed database, so that
    /// `isDamage` holds for it as for SQLite's own.
    public static func damage(_ reason: String, path: String) -> SQLiteError {
        SQLiteError(code: SQLITE_CORRUPT, message: reason, context: path)
    }

    /// `PRAGMA quick_check`: nil when it says "ok", else its first complaint.
    /// - Throws: `SQLiteError` when the check cannot run at all.
    public static func quickCheck(_ db: SQLiteDatabase) throws -> String? {
        let rows = try db.query("PRAGMA quick_check(1)")
        guard case .text(let first)? = rows.first?.first else { return "the integrity check returned nothing" }
        guard first != "ok" else { return nil }
        // One line for a one-line message: "*** in database main ***\nPage 28: ..." becomes "Page 28: ...".
        let lines = first.split(whereSeparator: \.isNewline).map { String($0.drop { $0 == " " || $0 == "\t" }) }
            .filter { !$0.isEmpty && !$0.hasPrefix("***") }
        return lines.isEmpty ? "the integrity check failed" : "integrity check: " + lines.joined(separator: "; ")
    }

    /// Renames a damaged file (and its `-wal` and `-shm`) to `NAME.damaged-YYYYMMDDTHHMMSSZ` beside
    /// it, never deleting it: the damage may be evidence.
    /// - Returns: the new path of the file.
    /// - Throws: `SQLiteError` (code `SQLITE_CANTOPEN`) when it cannot be renamed.
    public static func setAside(_ path: String, now: time_t = time(nil)) throws -> String {
        var t = now
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let stamp = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
        var target = path + ".damaged-" + stamp
        var n = 2
        while size(target) != nil { target = path + ".damaged-" + stamp + "-\(n)"; n += 1 }
        guard rename(path, target) == 0 else {
            throw SQLiteError(code: SQLITE_CANTOPEN, message: String(cString: strerror(errno)), context: path)
        }
        for suffix in ["-wal", "-shm"] where size(path + suffix) != nil {
            if rename(path + suffix, target + suffix) != 0 { unlink(path + suffix) }
        }
        return target
    }

    static func copyFile(_ from: String, to: String) -> Bool {
        let input = open(from, O_RDONLY)
        guard input >= 0 else { return false }
        defer { close(input) }
        let output = open(to, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard output >= 0 else { return false }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n == 0 { return true }
            guard n > 0 else { return false }
            let written = buffer.withUnsafeBytes { write(output, $0.baseAddress, n) }
            guard written == n else { return false }
        }
    }

    /// Removes a private directory and the files directly in it.
    public static func removeTree(_ directory: String) {
        if let dir = opendir(directory) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." { unlink(directory + "/" + name) }
            }
            closedir(dir)
        }
        rmdir(directory)
    }
}
