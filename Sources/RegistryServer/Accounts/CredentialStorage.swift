import EventStore
import Foundation
import RegistryDomain
import SQLiteSupport

/// A password as stored: scrypt salt, parameters and hash (never the password).
struct StoredPassword: Equatable, Sendable {
    var salt: [UInt8]
    var parameters: ScryptParameters
    var hash: [UInt8]
}

/// Where `CredentialStore` keeps accounts and token hashes: `credentials.sqlite` beside a file log
/// (`SQLiteCredentialStorage`), or the database's `server_accounts` and `server_tokens` tables on
/// PostgreSQL (`PostgresCredentialStorage`), shared by every server of the database. Rows only:
/// hashing and checking stay in `CredentialStore`. Failures are `AccountError.storage`.
protocol CredentialStorage: Sendable {
    /// Inserts an account; false when the user exists.
    func insert(_ account: Account, password: StoredPassword) throws -> Bool
    /// The account, if there is one.
    func account(_ user: String) throws -> Account?
    /// Every account, by user name.
    func accounts() throws -> [Account]
    /// The account's stored password, if there is one.
    func password(of user: String) throws -> StoredPassword?
    /// Replaces the password; false when there is no such account.
    func setPassword(_ password: StoredPassword, mustChange: Bool, of user: String) throws -> Bool
    /// Disables the account; false when there is no such account.
    func disable(_ user: String) throws -> Bool
    /// Removes the account and its tokens.
    func remove(_ user: String) throws
    /// Records a token's SHA-256 for the account; false when there is no such account.
    func insertToken(hash: String, user: String) throws -> Bool
    /// The account a token's SHA-256 belongs to.
    func account(forTokenHash hash: String) throws -> Account?
}

/// The credentials file beside a file log (`credentials.sqlite`): one connection serialised by a
/// lock, since account operations are rare next to commands.
final class SQLiteCredentialStorage: CredentialStorage, @unchecked Sendable {
    private let database: SQLiteDatabase
    private let lock = NSLock()

    /// Opens (creating if needed) `path`, readable by its owner only.
    init(path: String) throws {
        let isNew = !FileManager.default.fileExists(atPath: path)
        database = try SQLiteDatabase(path: path)
        if isNew { chmod(path, 0o600) }
        try database.execute("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS accounts(
                user TEXT PRIMARY KEY, actor TEXT NOT NULL, display_name TEXT,
                salt BLOB NOT NULL, scrypt_n INTEGER NOT NULL, scrypt_r INTEGER NOT NULL, scrypt_p INTEGER NOT NULL,
                hash BLOB NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, must_change INTEGER NOT NULL DEFAULT 1);
            CREATE TABLE IF NOT EXISTS tokens(hash TEXT PRIMARY KEY, user TEXT NOT NULL);
            """)
    }

    private func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do { return try body() } catch let error as SQLiteError { throw AccountError.storage(error.message) }
    }

    func insert(_ account: Account, password: StoredPassword) throws -> Bool {
        try locked {
            guard try database.query("SELECT 1 FROM accounts WHERE user = ?", [.text(account.user)]).isEmpty else { return false }
            let parameters = password.parameters
            try database.run("INSERT INTO accounts(user, actor, display_name, salt, scrypt_n, scrypt_r, scrypt_p, hash, disabled, must_change) VALUES (?,?,?,?,?,?,?,?,?,?)",
                             [.text(account.user), .text(account.actor.description), account.displayName.map(SQLiteValue.text) ?? .null,
                              .blob(password.salt), .integer(Int64(parameters.n)), .integer(Int64(parameters.r)), .integer(Int64(parameters.p)),
                              .blob(password.hash), .integer(account.isDisabled ? 1 : 0), .integer(account.mustChangePassword ? 1 : 0)])
            return true
        }
    }

    func account(_ user: String) throws -> Account? {
        try locked { try accountUnlocked(user) }
    }

    private func accountUnlocked(_ user: String) throws -> Account? {
        guard let row = try database.query("SELECT actor, display_name, disabled, must_change FROM accounts WHERE user = ?", [.text(user)]).first,
              case .text(let actorText) = row[0], let actor = Actor(actorText) else { return nil }
        var name: String?
        if case .text(let text) = row[1] { name = text }
        return Account(user: user, actor: actor, displayName: name, isDisabled: row[2] == .integer(1), mustChangePassword: row[3] == .integer(1))
    }

    func accounts() throws -> [Account] {
        try locked {
            try database.query("SELECT user FROM accounts ORDER BY user").compactMap { row in
                guard case .text(let user) = row[0] else { return nil }
                return try accountUnlocked(user)
            }
        }
    }

    func password(of user: String) throws -> StoredPassword? {
        try locked {
            guard let row = try database.query("SELECT salt, scrypt_n, scrypt_r, scrypt_p, hash FROM accounts WHERE user = ?", [.text(user)]).first,
                  case .blob(let salt) = row[0], case .integer(let n) = row[1], case .integer(let r) = row[2], case .integer(let p) = row[3],
                  case .blob(let hash) = row[4] else { return nil }
            return StoredPassword(salt: salt, parameters: ScryptParameters(n: UInt64(n), r: UInt64(r), p: UInt64(p)), hash: hash)
        }
    }

    func setPassword(_ password: StoredPassword, mustChange: Bool, of user: String) throws -> Bool {
        try locked {
            let parameters = password.parameters
            try database.run("UPDATE accounts SET salt = ?, scrypt_n = ?, scrypt_r = ?, scrypt_p = ?, hash = ?, must_change = ? WHERE user = ?",
                             [.blob(password.salt), .integer(Int64(parameters.n)), .integer(Int64(parameters.r)), .integer(Int64(parameters.p)),
                              .blob(password.hash), .integer(mustChange ? 1 : 0), .text(user)])
            return database.changes == 1
        }
    }

    func disable(_ user: String) throws -> Bool {
        try locked {
            try database.run("UPDATE accounts SET disabled = 1 WHERE user = ?", [.text(user)])
            return database.changes == 1
        }
    }

    func remove(_ user: String) throws {
        try locked {
            try database.run("DELETE FROM tokens WHERE user = ?", [.text(user)])
            try database.run("DELETE FROM accounts WHERE user = ?", [.text(user)])
        }
    }

    func insertToken(hash: String, user: String) throws -> Bool {
        try locked {
            guard try accountUnlocked(user) != nil else { return false }
            try database.run("INSERT INTO tokens(hash, user) VALUES (?, ?)", [.text(hash), .text(user)])
            return true
        }
    }

    func account(forTokenHash hash: String) throws -> Account? {
        try locked {
            guard let row = try database.query("SELECT user FROM tokens WHERE hash = ?", [.text(hash)]).first,
                  case .text(let user) = row[0] else { return nil }
            return try accountUnlocked(user)
        }
    }
}
