import Foundation

/// Why a server table operation failed: the database's message (connection string redacted).
public struct PostgresServerTablesError: Error, Equatable, CustomStringConvertible {
    /// The failure as libpq reported it.
    public let message: String
    public var description: String { message }
}

/// The tables `registry serve` keeps beside the events in the database (schema migration 5):
/// accounts with their scrypt hashes, API token hashes, sessions and login throttling, shared by
/// every server of the database. This type only moves rows; what they mean (hashing, expiry,
/// throttling) is the server's (`Sources/RegistryServer/Accounts`).
///
/// Safe to use from many threads: a pool of at most `poolLimit` connections, since every
/// authenticated request reads here. A caller that finds them all busy waits for one rather than
/// opening another: each operation is one short statement, and a new connection costs PostgreSQL a
/// backend process (a fork and its start-up, several milliseconds of CPU). The pool used to open a
/// connection for every caller beyond the idle ones and close it afterwards, so with 32 requests in
/// flight per server it started and ended a backend for about every second request. A connection
/// lost (the database restarted) is replaced and the statement run again: each operation is one
/// statement, so running it again is harmless.
public final class PostgresServerTables: @unchecked Sendable {
    /// An account's row, without its password.
    public struct AccountRow: Equatable, Sendable {
        public var user: String
        public var actor: String
        public var displayName: String?
        public var isDisabled: Bool
        public var mustChangePassword: Bool
        public init(user: String, actor: String, displayName: String?, isDisabled: Bool, mustChangePassword: Bool) {
            self.user = user
            self.actor = actor
            self.displayName = displayName
            self.isDisabled = isDisabled
            self.mustChangePassword = mustChangePassword
        }
    }

    /// A password's scrypt salt, parameters and hash.
    public struct PasswordRow: Equatable, Sendable {
        public var salt: [UInt8]
        public var n: Int64
        public var r: Int64
        public var p: Int64
        public var hash: [UInt8]
        public init(salt: [UInt8], n: Int64, r: Int64, p: Int64, hash: [UInt8]) {
            self.salt = salt
            self.n = n
            self.r = r
            self.p = p
            self.hash = hash
        }
    }

    /// A session's row (the ID itself is never stored, only its hash).
    public struct SessionRow: Equatable, Sendable {
        public var user: String
        public var actor: String
        public var csrfToken: String
        public var lastSeen: Double
        public init(user: String, actor: String, csrfToken: String, lastSeen: Double) {
            self.user = user
            self.actor = actor
            self.csrfToken = csrfToken
            self.lastSeen = lastSeen
        }
    }

    private let conninfo: String
    private var idle: [PGConnection] = []
    /// Connections open (idle or in use); never more than `poolLimit`.
    private var open = 0
    private let available = NSCondition()
    private let poolLimit: Int

    /// The tables in the database of `store` (which must have been migrated to version 5 or later),
    /// through at most `poolLimit` connections at once.
    public init(store: PostgresEventStore, poolLimit: Int = 16) {
        conninfo = store.conninfo
        self.poolLimit = max(1, poolLimit)
    }

    /// An idle connection, or nil when the caller may open one (counted as open); waits while all are busy.
    private func checkOut() -> PGConnection? {
        available.lock()
        defer { available.unlock() }
        while idle.isEmpty && open >= poolLimit { available.wait() }
        if let db = idle.popLast() { return db }
        open += 1
        return nil
    }

    /// Returns a connection to the pool, or (nil: it was lost or never opened) frees its place.
    private func checkIn(_ db: PGConnection?) {
        available.lock()
        if let db, !db.isBroken { idle.append(db) } else { open -= 1 }
        available.signal()
        available.unlock()
    }

    /// Runs `body` on a pooled connection (waiting for one while `poolLimit` are in use).
    func with<T>(_ body: (PGConnection) throws -> T) throws -> T {
        var attempt = 0
        while true {
            var connection = checkOut()
            do {
                if connection == nil { connection = try PGConnection(conninfo) }
                let result = try body(connection!)  // Set just above.
                checkIn(connection)
                return result
            } catch let error as PGError {
                checkIn(connection)
                if error.isConnectionLost && attempt < 3 {
                    attempt += 1
                    usleep(useconds_t(100_000 * attempt))
                    continue
                }
                throw PostgresServerTablesError(message: PostgresEventStore.redacted(error.description))
            } catch {
                checkIn(connection)
                throw error
            }
        }
    }

    /// Row `i`'s account, from `accountColumns` starting at column `first`.
    private static func row(_ rows: PGRows, _ i: Int, from first: Int = 0) -> AccountRow {
        AccountRow(user: rows.text(i, first), actor: rows.text(i, first + 1), displayName: rows.isNull(i, first + 2) ? nil : rows.text(i, first + 2),
                   isDisabled: rows.bytes(i, first + 3) == [1], mustChangePassword: rows.bytes(i, first + 4) == [1])
    }

    private static let accountColumns = "user_name, actor, display_name, disabled, must_change"

    // MARK: Accounts

    /// Inserts an account; false when the user exists.
    public func insertAccount(_ account: AccountRow, password: PasswordRow) throws -> Bool {
        try with { db in
            try db.run("""
                INSERT INTO server_accounts (user_name, actor, display_name, salt, scrypt_n, scrypt_r, scrypt_p, hash, disabled, must_change)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::boolean, $10::boolean) ON CONFLICT (user_name) DO NOTHING RETURNING 1
                """, [.text(account.user), .text(account.actor), account.displayName.map(PGParam.text) ?? .null, .bytes(password.salt),
                      .int(password.n), .int(password.r), .int(password.p), .bytes(password.hash),
                      .text(account.isDisabled ? "true" : "false"), .text(account.mustChangePassword ? "true" : "false")]).count == 1
        }
    }

    /// The account's row, if there is one.
    public func account(_ user: String) throws -> AccountRow? {
        try with { db in
            let rows = try db.run("SELECT \(Self.accountColumns) FROM server_accounts WHERE user_name = $1", [.text(user)])
            return rows.count == 1 ? Self.row(rows, 0) : nil
        }
    }

    /// Every account, by user name.
    public func accounts() throws -> [AccountRow] {
        try with { db in
            let rows = try db.run("SELECT \(Self.accountColumns) FROM server_accounts ORDER BY user_name")
            return (0..<rows.count).map { Self.row(rows, $0) }
        }
    }

    /// The account's password, if there is one.
    public func password(of user: String) throws -> PasswordRow? {
        try with { db in
            let rows = try db.run("SELECT salt, scrypt_n, scrypt_r, scrypt_p, hash FROM server_accounts WHERE user_name = $1", [.text(user)])
            guard rows.count == 1 else { return nil }
            return PasswordRow(salt: rows.bytes(0, 0), n: rows.int(0, 1), r: rows.int(0, 2), p: rows.int(0, 3), hash: rows.bytes(0, 4))
        }
    }

    /// Replaces the account's password; false when there is no such account.
    public func setPassword(_ password: PasswordRow, mustChange: Bool, of user: String) throws -> Bool {
        try with { db in
            try db.run("""
                UPDATE server_accounts SET salt = $1, scrypt_n = $2, scrypt_r = $3, scrypt_p = $4, hash = $5, must_change = $6::boolean
                WHERE user_name = $7 RETURNING 1
                """, [.bytes(password.salt), .int(password.n), .int(password.r), .int(password.p), .bytes(password.hash),
                      .text(mustChange ? "true" : "false"), .text(user)]).count == 1
        }
    }

    /// Disables the account; false when there is no such account.
    public func disable(_ user: String) throws -> Bool {
        try with { db in
            try db.run("UPDATE server_accounts SET disabled = true WHERE user_name = $1 RETURNING 1", [.text(user)]).count == 1
        }
    }

    /// Removes the account with its tokens and sessions.
    public func remove(_ user: String) throws {
        try with { db in _ = try db.run("DELETE FROM server_accounts WHERE user_name = $1", [.text(user)]) }
    }

    // MARK: Tokens

    /// Records a token's hash for the account; false when there is no such account.
    public func insertToken(hash: String, user: String) throws -> Bool {
        try with { db in
            try db.run("INSERT INTO server_tokens (token_hash, user_name) SELECT $1, user_name FROM server_accounts WHERE user_name = $2 RETURNING 1",
                       [.text(hash), .text(user)]).count == 1
        }
    }

    /// The account a token's hash belongs to (one statement: a bearer request asks it unless the
    /// token was met before and the request is a command, which the decision lock's round trip checks).
    public func account(forTokenHash hash: String) throws -> AccountRow? {
        try with { db in
            let (sql, params) = Self.tokenAccountsLookup([hash])
            return try Self.tokenAccounts(db.run(sql, params))[hash]
        }
    }

    /// The statement that finds the accounts of some tokens' hashes, and its parameter; the token's
    /// hash is the first column. One hash is asked with `=` (planned once per connection, as
    /// `upcomingCommandsLookup` is for the same reason), several with `= ANY`.
    static func tokenAccountsLookup(_ hashes: [String]) -> (sql: String, params: [PGParam]) {
        let columns = "SELECT t.token_hash, a.user_name, a.actor, a.display_name, a.disabled, a.must_change FROM server_tokens t JOIN server_accounts a USING (user_name)"
        if hashes.count == 1 { return (columns + " WHERE t.token_hash = $1", [.text(hashes[0])]) }
        return (columns + " WHERE t.token_hash = ANY($1::text[])", [.text(PGConnection.textArrayLiteral(hashes))])
    }

    /// `tokenAccountsLookup`'s rows by token hash.
    static func tokenAccounts(_ rows: PGRows) -> [String: AccountRow] {
        var accounts: [String: AccountRow] = [:]
        for i in 0..<rows.count {
            accounts[rows.text(i, 0)] = row(rows, i, from: 1)
        }
        return accounts
    }

    // MARK: Sessions

    /// Stores (or replaces) a session under its ID's hash.
    public func saveSession(_ session: SessionRow, idHash: String) throws {
        try with { db in
            _ = try db.run("""
                INSERT INTO server_sessions (id_hash, user_name, actor, csrf_token, last_seen) VALUES ($1, $2, $3, $4, $5::double precision)
                ON CONFLICT (id_hash) DO UPDATE SET last_seen = EXCLUDED.last_seen
                """, [.text(idHash), .text(session.user), .text(session.actor), .text(session.csrfToken), .text(String(session.lastSeen))])
        }
    }

    /// The session stored under an ID's hash.
    public func session(idHash: String) throws -> SessionRow? {
        try with { db in
            let rows = try db.run("SELECT user_name, actor, csrf_token, last_seen::text FROM server_sessions WHERE id_hash = $1", [.text(idHash)])
            guard rows.count == 1, let lastSeen = Double(rows.text(0, 3)) else { return nil }
            return SessionRow(user: rows.text(0, 0), actor: rows.text(0, 1), csrfToken: rows.text(0, 2), lastSeen: lastSeen)
        }
    }

    /// Ends one session.
    public func removeSession(idHash: String) throws {
        try with { db in _ = try db.run("DELETE FROM server_sessions WHERE id_hash = $1", [.text(idHash)]) }
    }

    /// Ends every session of a user.
    public func removeSessions(user: String) throws {
        try with { db in _ = try db.run("DELETE FROM server_sessions WHERE user_name = $1", [.text(user)]) }
    }

    /// Ends the sessions idle since before `cutoff` (housekeeping; expiry itself is checked on use).
    public func removeSessions(idleSince cutoff: Double) throws {
        try with { db in _ = try db.run("DELETE FROM server_sessions WHERE last_seen < $1::double precision", [.text(String(cutoff))]) }
    }

    // MARK: Login throttling

    /// A user's recent failed logins and the time its lock ends, if any.
    public func throttle(of user: String) throws -> (failures: [Double], lockedUntil: Double?) {
        try with { db in
            let rows = try db.run("SELECT failures, locked_until::text FROM server_login_throttle WHERE user_name = $1", [.text(user)])
            guard rows.count == 1 else { return ([], nil) }
            let failures = rows.text(0, 0).split(separator: ",").compactMap { Double(String($0)) }
            return (failures, rows.isNull(0, 1) ? nil : Double(rows.text(0, 1)))
        }
    }

    /// Replaces a user's throttling state (no failures and no lock removes the row).
    public func setThrottle(of user: String, failures: [Double], lockedUntil: Double?) throws {
        try with { db in
            if failures.isEmpty && lockedUntil == nil {
                _ = try db.run("DELETE FROM server_login_throttle WHERE user_name = $1", [.text(user)])
                return
            }
            _ = try db.run("""
                INSERT INTO server_login_throttle (user_name, failures, locked_until) VALUES ($1, $2, $3::double precision)
                ON CONFLICT (user_name) DO UPDATE SET failures = EXCLUDED.failures, locked_until = EXCLUDED.locked_until
                """, [.text(user), .text(failures.map { String($0) }.joined(separator: ",")), lockedUntil.map { .text(String($0)) } ?? .null])
        }
    }
}
