import CSQLite

/// An error reported by libsqlite3, with the statement or file it concerned.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The SQLite result code.
    public let code: Int32
    /// SQLite's own message.
    public let message: String
    /// What was being done: the SQL text or the file path.
    public let context: String

    /// SQLite's message and code, without the SQL text (which says nothing to a user and can run to
    /// many lines); `context` keeps it for a debugger.
    public var description: String { "SQLite error \(code) (\(message))" }
}

/// A value bound to or read from an SQLite statement.
public enum SQLiteValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// One connection to an SQLite database file. Not thread-safe: one connection per thread.
public final class SQLiteDatabase {
    /// The underlying handle, for the few calls this wrapper does not cover.
    public let handle: OpaquePointer
    /// The file this connection opened.
    public let path: String
    private var statementCache: [String: SQLiteStatement] = [:]

    /// Library-wide settings, made once before the first connection: no memory statistics (they
    /// serialise every allocation on a global mutex, a tenth of a bulk insert's time).
    private static let configured: Bool = registry_sqlite3_disable_memstatus() == SQLITE_OK

    /// Opens (and by default creates) the database at `path`.
    /// - Parameters:
    ///   - path: the database file.
    ///   - readOnly: open without write access; the file must exist.
    /// - Throws: `SQLiteError` when the file cannot be opened.
    ///   - immutable: (with `readOnly`) tell SQLite the file cannot change, so it takes no locks and
    ///     needs no `-shm` or `-wal` file beside it: for a copy on read-only storage.
    public convenience init(path: String, readOnly: Bool = false, immutable: Bool = false) throws {
        try self.init(path: path, readOnly: readOnly, immutable: immutable, ownedDirectory: nil)
    }

    /// Opens `path`; `ownedDirectory`, if given, is a private directory removed when the connection closes.
    init(path: String, readOnly: Bool, immutable: Bool, ownedDirectory: String?) throws {
        _ = Self.configured
        var db: OpaquePointer?
        var flags = readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        var name = path
        if readOnly && immutable {
            flags |= SQLITE_OPEN_URI
            name = "file:" + Self.uriEscaped(path) + "?immutable=1"
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, context: path)
        }
        self.handle = db
        self.path = path
        self.ownedDirectory = ownedDirectory
        sqlite3_busy_timeout(db, Self.busyMilliseconds)
    }

    deinit {
        statementCache.removeAll()
        if let limit = walFoldLimit, (DerivedFile.size(path + "-wal") ?? 0) > limit { foldWALIn() }
        sqlite3_close_v2(handle)
        if let ownedDirectory { DerivedFile.removeTree(ownedDirectory) }
    }

    /// Set by `leaveWALOnClose`: the `-wal` size above which closing folds the WAL in after all.
    private var walFoldLimit: UInt64?

    /// The `-wal` size (in bytes) above which a connection that leaves its WAL on close folds it in
    /// instead: 64 frames of 4 KiB pages. Every process that opens a WAL database first, after the
    /// last one closed, rebuilds the WAL index by reading and checksumming every frame of the WAL,
    /// so the WAL a command leaves behind is paid for again by each later command until a
    /// checkpoint: up to 1000 frames (4 MB, the automatic checkpoint's threshold), a few
    /// milliseconds per file, which is most of what a command on a 10M-event log spent more than
    /// one on a 10k-event log. Folding in at 64 frames costs a checkpoint (two fdatasyncs) once in
    /// some twenty commands and keeps the recovery under a quarter of a millisecond.
    public static let walFoldBytes: UInt64 = 64 * (4096 + 24) + 32

    /// A checkpoint that moves the whole WAL into the file and truncates the WAL to nothing, so the
    /// next open has no frames to recover. It waits for no one: with another process reading (a
    /// server), it does what it can without blocking and leaves the rest to a later close.
    private func foldWALIn() {
        sqlite3_busy_timeout(handle, 0)
        _ = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
    }

    /// A private temporary directory this connection's file lives in, removed on close.
    private let ownedDirectory: String?

    /// `path` for a `file:` URI: every byte but unreserved characters and `/` percent-escaped.
    private static func uriEscaped(_ path: String) -> String {
        path.utf8.map { byte -> String in
            let c = Unicode.Scalar(byte)
            if byte < 0x80 && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "/-._~".unicodeScalars.contains(c)) {
                return String(c)
            }
            return "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }.joined()
    }

    /// Runs one or more SQL statements that return no rows.
    /// - Throws: `SQLiteError`.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc, message: message, context: sql)
        }
    }

    /// A prepared statement for `sql`, reused across calls on this connection.
    /// - Throws: `SQLiteError` when the SQL does not compile.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), context: sql)
        }
        let prepared = SQLiteStatement(statement: statement, database: self, sql: sql)
        statementCache[sql] = prepared
        return prepared
    }

    /// Runs `sql` with `arguments` and returns no rows.
    /// - Throws: `SQLiteError`.
    public func run(_ sql: String, _ arguments: [SQLiteValue] = []) throws {
        try prepare(sql).execute(arguments)
    }

    /// Inserts `rows` into `table`, many per statement: a statement's step has a fixed cost that,
    /// for small rows, is a large part of inserting one. `values` appends one row's values, in
    /// `columns` order, to the statement's arguments.
    ///
    /// The statements are `INSERT OR FAIL` (or `OR IGNORE`): a plain multi-row `INSERT` would make
    /// SQLite keep a statement journal, a copy of every page the statement changes so that it can
    /// undo the statement's earlier rows when a later one fails, which wrote ten times the bytes of
    /// the inserts themselves. With `OR FAIL` a failing row stops the statement and the error
    /// reaches the caller, whose transaction is then rolled back.
    /// - Parameter ignoringDuplicates: skip rows that would violate a uniqueness constraint.
    /// - Throws: `SQLiteError`.
    @inlinable  // specialised for its caller's rows, which it walks one by one
    public func insertRows<Rows: Sequence>(into table: String, columns: [String], _ rows: Rows, ignoringDuplicates: Bool = false,
                                           perStatement: Int = 32,
                                           values: (Rows.Element, inout [SQLiteValue]) -> Void) throws {
        func statement(rows: Int) throws -> SQLiteStatement {
            try insertStatement(into: table, columns: columns, rows: rows, ignoringDuplicates: ignoringDuplicates)
        }
        let full = try statement(rows: perStatement)
        var arguments: [SQLiteValue] = []
        arguments.reserveCapacity(perStatement * columns.count)
        var inArguments = 0
        for row in rows {
            values(row, &arguments)
            inArguments += 1
            if inArguments == perStatement {
                try full.execute(arguments)
                arguments.removeAll(keepingCapacity: true)
                inArguments = 0
            }
        }
        if inArguments > 0 { try statement(rows: inArguments).execute(arguments) }
    }

    /// The prepared multi-row insert both `insertRows` run: `rows` rows of `columns`, `INSERT OR FAIL`
    /// or `OR IGNORE` (see there why not a plain `INSERT`).
    @usableFromInline
    func insertStatement(into table: String, columns: [String], rows: Int, ignoringDuplicates: Bool) throws -> SQLiteStatement {
        let verb = ignoringDuplicates ? "INSERT OR IGNORE" : "INSERT OR FAIL"
        let one = "(" + Array(repeating: "?", count: columns.count).plainJoined(", ") + ")"
        return try prepare("\(verb) INTO \(table)(\(columns.plainJoined(", "))) VALUES "
                           + Array(repeating: one, count: rows).plainJoined(", "))
    }

    /// `insertRows` for rows given by position, whose values go into `SQLitePackedArguments`
    /// rather than an array of `SQLiteValue`: no allocation, enum or string copy per value, and text
    /// and blobs bound from the packed bytes without SQLite copying them. The statements, and so what
    /// the rows do and how a failure surfaces, are `insertRows`'s.
    /// - Parameters:
    ///   - count: the number of rows.
    ///   - row: appends row `i`'s values, in `columns` order.
    /// - Throws: `SQLiteError`.
    public func insertRows(into table: String, columns: [String], count: Int, ignoringDuplicates: Bool = false,
                           perStatement: Int = 32, row: (Int, inout SQLitePackedArguments) -> Void) throws {
        guard count > 0 else { return }
        func statement(rows: Int) throws -> SQLiteStatement {
            try insertStatement(into: table, columns: columns, rows: rows, ignoringDuplicates: ignoringDuplicates)
        }
        let full = try statement(rows: min(perStatement, count))
        var arguments = SQLitePackedArguments()
        var inArguments = 0
        for i in 0..<count {
            row(i, &arguments)
            inArguments += 1
            if inArguments == perStatement {
                try full.execute(arguments)
                arguments.removeAll()
                inArguments = 0
            }
        }
        if inArguments > 0 { try statement(rows: inArguments).execute(arguments) }
    }

    /// Runs `sql` with `arguments` and hands the statement to `body`, which steps through as many rows
    /// as it wants; the statement is reset afterwards. A statement left on a row keeps its read
    /// snapshot open, so this connection would not see what other connections commit meanwhile.
    /// - Throws: `SQLiteError`, or what `body` throws.
    public func select<T>(_ sql: String, _ arguments: [SQLiteValue], _ body: (SQLiteStatement) throws -> T) throws -> T {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        return try body(statement)
    }

    /// Runs `sql` with `arguments` and collects every row.
    /// - Throws: `SQLiteError`.
    public func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var rows: [[SQLiteValue]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.value(at: $0) })
        }
        return rows
    }

    /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
    public static let busyMilliseconds: Int32 = 5_000

    /// Runs `body` inside one transaction: committed if it returns, rolled back if it throws.
    /// - Parameters:
    ///   - waitingUpTo: how long to wait for another connection's write transaction to end before
    ///     this one can begin (`busyMilliseconds` when nil), for a transaction that waits on purpose
    ///     for a long one elsewhere.
    ///   - waiting: called once, before waiting, when another connection's write transaction is
    ///     under way (so that a person can be told why nothing happens); not called otherwise.
    /// - Throws: what `body` throws, or `SQLiteError`.
    public func transaction<T>(waitingUpTo milliseconds: Int32? = nil, waiting: (() -> Void)? = nil,
                               _ body: () throws -> T) throws -> T {
        try begin(waitingUpTo: milliseconds ?? Self.busyMilliseconds, waiting: waiting)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// `BEGIN IMMEDIATE`, waiting up to `milliseconds` for another connection's write transaction
    /// (first without waiting when `waiting` is given, to call it before waiting); the statements
    /// after it wait `busyMilliseconds` again.
    private func begin(waitingUpTo milliseconds: Int32, waiting: (() -> Void)?) throws {
        defer { sqlite3_busy_timeout(handle, Self.busyMilliseconds) }
        if let waiting {
            sqlite3_busy_timeout(handle, 0)
            do {
                try execute("BEGIN IMMEDIATE")
                return
            } catch let error as SQLiteError where error.code & 0xFF == SQLITE_BUSY {
                waiting()
            }
        }
        sqlite3_busy_timeout(handle, milliseconds)
        try execute("BEGIN IMMEDIATE")
    }

    /// Runs `body` inside one read transaction: the statements in it see one snapshot and take the
    /// database's locks once rather than once each (in WAL mode, each statement on its own takes and
    /// releases the shared-memory locks with system calls).
    /// - Throws: what `body` throws, or `SQLiteError`.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// Makes closing this connection leave its WAL file as it is. Closing the last connection to a
    /// WAL database otherwise checkpoints the WAL into the database file and deletes it: four
    /// fdatasyncs (WAL, directory, database, and the WAL again) on every process that wrote, most
    /// of what a one-command process spends syncing. For a derived file (`synchronous=NORMAL`) the
    /// WAL left behind is as safe as the checkpointed file: the next writer's automatic checkpoint
    /// (every 1000 pages) moves it in, and SQLite replays it on the next open after a crash. Code
    /// that must not leave data in a WAL (an erasure) checkpoints with `TRUNCATE` itself.
    ///
    /// Unless the WAL has grown past `walFoldBytes`: then closing folds it in (`foldWALIn`), so that the
    /// WAL each later process must recover when it opens the file stays small.
    public func leaveWALOnClose() {
        _ = registry_sqlite3_no_checkpoint_on_close(handle)
        walFoldLimit = Self.walFoldBytes
    }

    /// The schema cookie (`PRAGMA schema_version`): it changes whenever a table or index is made or dropped.
    /// - Throws: `SQLiteError`.
    public func schemaVersion() throws -> Int64 {
        if case .integer(let version)? = try query("PRAGMA schema_version").first?.first { return version }
        return 0
    }

    /// Runs `script`, statements that make a schema where it is missing (`CREATE … IF NOT EXISTS`,
    /// `INSERT OR IGNORE`), unless this file records that it ran this very script before:
    /// `PRAGMA user_version` then holds the script's mark (`schemaMark`), set once the script has run
    /// whole. Parsing the stream index's and the read model's forty statements at every open was 5–10%
    /// of one command's instructions (BENCHMARKS.md, issue 17). Any change to the script changes its
    /// mark, so it runs again.
    /// - Throws: `SQLiteError`.
    public func createSchema(_ script: String) throws {
        if try hasSchema(script) { return }
        try execute(script)
        try execute("PRAGMA user_version = \(Self.schemaMark(script))")
    }

    /// Whether this file records that `createSchema(script)` ran whole on it.
    /// - Throws: `SQLiteError`.
    public func hasSchema(_ script: String) throws -> Bool {
        if case .integer(let version)? = try query("PRAGMA user_version").first?.first { return version == Int64(Self.schemaMark(script)) }
        return false
    }

    /// Forgets which schema script ran (after tables were dropped), so that the next `createSchema` runs it.
    /// - Throws: `SQLiteError`.
    public func forgetSchema() throws {
        try execute("PRAGMA user_version = 0")
    }

    /// A script's mark: 32-bit FNV-1a over its UTF-8 bytes, kept positive and never 0 (a new file's user_version).
    static func schemaMark(_ script: String) -> Int32 {
        var text = script
        // Over the contiguous bytes: iterating `utf8` cost 100 instructions a byte here.
        let hash = text.withUTF8 { bytes in
            bytes.reduce(UInt32(0x811c_9dc5)) { ($0 ^ UInt32($1)) &* 0x0100_0193 }
        }
        let mark = Int32(bitPattern: hash & 0x7fff_ffff)
        return mark == 0 ? 1 : mark
    }

    /// After `body` changed the schema (a new file, or a migration), moves the WAL into the database
    /// file at once (`PRAGMA wal_checkpoint(PASSIVE)`): a connection that `leaveWALOnClose` would
    /// otherwise leave the new tables in the WAL only, and a copy of the database file alone (an
    /// inspector's copy of a log directory, a backup of `*.sqlite`) would have no tables at all
    /// rather than being merely behind. Costs a checkpoint only when the schema changed.
    /// - Throws: what `body` throws, or `SQLiteError`.
    public func checkpointingSchemaChanges(_ body: () throws -> Void) throws {
        let before = try schemaVersion()
        try body()
        if try schemaVersion() != before { try execute("PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// Hands the memory the allocator holds free back to the system (glibc's `malloc_trim`; elsewhere
    /// nothing): for a process that frees, on one thread, much memory that another thread allocated
    /// (a rebuild's rows), and goes on to allocate on the first (SQLite's page cache).
    public static func releaseFreeMemory() {
        registry_release_free_memory()
    }

    /// The rowid of the most recent insert on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The number of rows the most recent statement changed.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    func error(_ rc: Int32, _ context: String) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), context: context)
    }
}

/// A compiled statement; obtained from `SQLiteDatabase.prepare(_:)`.
public final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase
    private let sql: String

    init(statement: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.statement = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(statement) }

    /// Resets the statement so it can be bound and stepped again.
    public func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    /// Binds `values` to the parameters 1...n.
    /// - Throws: `SQLiteError`.
    public func bind(_ values: [SQLiteValue]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let v): rc = sqlite3_bind_int64(statement, index, v)
            case .real(let v): rc = sqlite3_bind_double(statement, index, v)
            case .text(var v):
                // Straight from the string's UTF-8 storage, with its length: no C string is made.
                rc = v.withUTF8 { utf8 -> Int32 in
                    guard let base = utf8.baseAddress, !utf8.isEmpty else {
                        return sqlite3_bind_text(statement, index, "", 0, SQLITE_TRANSIENT)
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        sqlite3_bind_text(statement, index, $0, Int32(utf8.count), SQLITE_TRANSIENT)
                    }
                }
            case .blob(let v):
                rc = v.withUnsafeBytes { raw in
                    sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), SQLITE_TRANSIENT)
                }
            }
            guard rc == SQLITE_OK else { throw database.error(rc, sql) }
        }
    }

    /// Binds `values` to the parameters 1...n, steps the statement to completion and resets it: for
    /// bulk inserts. Text and blobs are bound in place (`SQLITE_STATIC`) rather than copied, which is
    /// safe because the statement is done with them before this returns.
    /// - Throws: `SQLiteError`.
    public func execute(_ values: [SQLiteValue]) throws {
        defer { reset() }
        try bindInPlace(values, from: 0)
    }

    /// Binds `arguments` to the parameters 1...n, text and blobs straight from their packed bytes
    /// (`SQLITE_STATIC`: the statement is done with them before this returns), steps the statement to
    /// completion and resets it.
    /// - Throws: `SQLiteError`.
    public func execute(_ arguments: SQLitePackedArguments) throws {
        defer { reset() }
        func check(_ rc: Int32) throws { guard rc == SQLITE_OK else { throw database.error(rc, sql) } }
        try arguments.bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<arguments.kinds.count {
                let index = Int32(i + 1), value = arguments.integers[i], length = arguments.lengths[i]
                switch arguments.kinds[i] {
                case .integer:
                    try check(sqlite3_bind_int64(statement, index, value))
                case .text:
                    guard length > 0, let base = bytes.baseAddress else {
                        try check(sqlite3_bind_text(statement, index, "", 0, SQLITE_TRANSIENT))
                        continue
                    }
                    let start = UnsafeRawPointer(base + Int(value)).assumingMemoryBound(to: CChar.self)
                    try check(sqlite3_bind_text(statement, index, start, length, SQLITE_STATIC))
                case .blob:
                    guard length > 0, let base = bytes.baseAddress else {
                        try check(sqlite3_bind_zeroblob(statement, index, 0))
                        continue
                    }
                    try check(sqlite3_bind_blob(statement, index, base + Int(value), length, SQLITE_STATIC))
                case .null:
                    try check(sqlite3_bind_null(statement, index))
                case .real:
                    try check(sqlite3_bind_double(statement, index, Double(bitPattern: UInt64(bitPattern: value))))
                }
            }
            while try step() {}
        }
    }

    private func bindInPlace(_ values: [SQLiteValue], from offset: Int) throws {
        guard offset < values.count else {
            while try step() {}
            return
        }
        let index = Int32(offset + 1)
        func check(_ rc: Int32) throws { guard rc == SQLITE_OK else { throw database.error(rc, sql) } }
        switch values[offset] {
        case .null: try check(sqlite3_bind_null(statement, index))
        case .integer(let v): try check(sqlite3_bind_int64(statement, index, v))
        case .real(let v): try check(sqlite3_bind_double(statement, index, v))
        case .text(var v):
            return try v.withUTF8 { utf8 in
                guard let base = utf8.baseAddress, !utf8.isEmpty else {
                    try check(sqlite3_bind_text(statement, index, "", 0, SQLITE_TRANSIENT))
                    return try bindInPlace(values, from: offset + 1)
                }
                try base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    try check(sqlite3_bind_text(statement, index, $0, Int32(utf8.count), SQLITE_STATIC))
                }
                try bindInPlace(values, from: offset + 1)
            }
        case .blob(let v):
            return try v.withUnsafeBytes { raw in
                try check(sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), SQLITE_TRANSIENT))
                try bindInPlace(values, from: offset + 1)
            }
        }
        try bindInPlace(values, from: offset + 1)
    }

    /// Advances to the next row.
    /// - Returns: `true` when a row is available, `false` when the statement is done.
    /// - Throws: `SQLiteError`.
    public func step() throws -> Bool {
        let rc = sqlite3_step(statement)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, sql)
        }
    }

    /// The number of result columns.
    public var columnCount: Int { Int(sqlite3_column_count(statement)) }

    /// The value of column `index` in the current row.
    public func value(at index: Int) -> SQLiteValue {
        let column = Int32(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(text(at: index) ?? "")
        case SQLITE_BLOB: return .blob(blob(at: index))
        default: return .null
        }
    }

    /// Column `index` as an integer (0 when NULL).
    public func int64(at index: Int) -> Int64 { sqlite3_column_int64(statement, Int32(index)) }

    /// Column `index` as text, or nil when NULL.
    public func text(at index: Int) -> String? {
        guard let pointer = sqlite3_column_text(statement, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes (empty when NULL).
    public func blob(at index: Int) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, Int32(index)))
        guard count > 0, let pointer = sqlite3_column_blob(statement, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Whether column `index` is NULL in the current row.
    public func isNull(at index: Int) -> Bool { sqlite3_column_type(statement, Int32(index)) == SQLITE_NULL }
}

/// SQLite's "copy the bytes now" destructor, which the C macro does not export to Swift.
private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
private let SQLITE_STATIC: sqlite3_destructor_type? = nil

/// One statement's arguments for a bulk insert (`SQLiteDatabase.insertRows(into:columns:count:...)`),
/// packed: integers as they are, text and blobs as bytes in one buffer that is reused from statement
/// to statement.
public struct SQLitePackedArguments {
    enum Kind { case integer, text, blob, null, real }
    var kinds: [Kind] = []
    /// An integer's value, a real's bit pattern, or where a text's or blob's bytes start in `bytes`.
    var integers: [Int64] = []
    var lengths: [Int32] = []
    var bytes: [UInt8] = []

    public init() {}

    /// How many values have been appended.
    public var count: Int { kinds.count }

    public mutating func append(_ value: Int64) {
        kinds.append(.integer)
        integers.append(value)
        lengths.append(0)
    }

    /// Appends text as its UTF-8 bytes, unchanged.
    public mutating func append(text: String) {
        var text = text
        text.withUTF8 { append(.text, $0) }
    }

    /// Appends text given as its UTF-8 bytes, which must be valid UTF-8 (bound as they are).
    public mutating func append(utf8 text: UnsafeBufferPointer<UInt8>) {
        append(.text, text)
    }

    public mutating func appendNull() {
        kinds.append(.null)
        integers.append(0)
        lengths.append(0)
    }

    public mutating func append(real value: Double) {
        kinds.append(.real)
        integers.append(Int64(bitPattern: value.bitPattern))
        lengths.append(0)
    }

    /// Appends a blob (an empty one is bound as a zero-length blob, not NULL).
    public mutating func append(blob: UnsafeRawBufferPointer) {
        append(.blob, UnsafeBufferPointer(start: blob.baseAddress?.assumingMemoryBound(to: UInt8.self), count: blob.count))
    }

    private mutating func append(_ kind: Kind, _ raw: UnsafeBufferPointer<UInt8>) {
        kinds.append(kind)
        integers.append(Int64(bytes.count))
        lengths.append(Int32(raw.count))
        bytes.append(contentsOf: raw)
    }

    /// Empties it, keeping its capacity.
    public mutating func removeAll() {
        kinds.removeAll(keepingCapacity: true)
        integers.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }
}
