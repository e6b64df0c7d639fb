import EventStore
import Foundation
import RegistryDomain
import SQLiteSupport

/// One account as the server knows it.
public struct Account: Equatable, Sendable {
    /// The user name (the person recorded with every event the account writes).
    public let user: String
    /// The role and organisation it acts for.
    public let actor: Actor
    /// The person's display name (personal data: kept here, never in the log).
    public let displayName: String?
    /// A disabled account cannot log in, and its sessions and tokens stop working.
    public let isDisabled: Bool
    /// The password was set by the bureau (initial or reset) and should be changed by its person.
    public let mustChangePassword: Bool
}

/// Why an account operation failed.
public enum AccountError: Error, Equatable {
    case exists(user: String)
    case unknown(user: String)
    case weakPassword
    case storage(String)
}

/// The credentials file beside the log (`credentials.sqlite`): accounts' password hashes with their
/// scrypt salt and parameters, API token hashes, and display names. It is not derived from the log
/// (the log never holds a hash or a name), so it is backed up with the log, not rebuilt from it.
///
/// One connection serialised by a lock: account operations are rare next to commands.
public final class CredentialStore: @unchecked Sendable {
    /// The file's name in the log directory.
    public static let fileName = "credentials.sqlite"
    private let database: SQLiteDatabase
    private let lock = NSLock()
    /// A salt and hash for unknown users, so that a wrong user costs the same scrypt as a wrong password.
    private let decoySalt = PasswordHasher.randomBytes(ScryptParameters.saltLength)

    /// Opens (creating if needed) the credentials file in `directory`.
    public init(directory: String) throws {
        let path = directory + "/" + Self.fileName
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

    /// Creates an account with a random one-time password, which is returned (and stored only hashed).
    public func add(user: String, actor: Actor, displayName: String?) throws -> String {
        let password = PasswordHasher.randomPassword()
        try locked {
            guard try database.query("SELECT 1 FROM accounts WHERE user = ?", [.text(user)]).isEmpty else { throw AccountError.exists(user: user) }
            let (salt, parameters, hash) = Self.derive(password)
            try database.run("INSERT INTO accounts(user, actor, display_name, salt, scrypt_n, scrypt_r, scrypt_p, hash) VALUES (?,?,?,?,?,?,?,?)",
                             [.text(user), .text(actor.description), displayName.map(SQLiteValue.text) ?? .null, .blob(salt),
                              .integer(Int64(parameters.n)), .integer(Int64(parameters.r)), .integer(Int64(parameters.p)), .blob(hash)])
        }
        return password
    }

    private static func derive(_ password: String) -> ([UInt8], ScryptParameters, [UInt8]) {
        let salt = PasswordHasher.randomBytes(ScryptParameters.saltLength)
        let parameters = ScryptParameters()
        return (salt, parameters, PasswordHasher.hash(password, salt: salt, parameters: parameters))
    }

    /// The account, if there is one.
    public func account(_ user: String) throws -> Account? {
        try locked { try accountUnlocked(user) }
    }

    private func accountUnlocked(_ user: String) throws -> Account? {
        guard let row = try database.query("SELECT actor, display_name, disabled, must_change FROM accounts WHERE user = ?", [.text(user)]).first,
              case .text(let actorText) = row[0], let actor = Actor(actorText) else { return nil }
        var name: String?
        if case .text(let text) = row[1] { name = text }
        return Account(user: user, actor: actor, displayName: name, isDisabled: row[2] == .integer(1), mustChangePassword: row[3] == .integer(1))
    }

    /// Every account, by user name.
    public func all() throws -> [Account] {
        try locked {
            try database.query("SELECT user FROM accounts ORDER BY user").compactMap { row in
                guard case .text(let user) = row[0] else { return nil }
                return try accountUnlocked(user)
            }
        }
    }

    /// The enabled account whose password this is, or nil; an unknown user costs one scrypt as a
    /// known one does, so that the answer's time does not tell which was wrong.
    public func verify(user: String, password: String) throws -> Account? {
        let stored: (salt: [UInt8], parameters: ScryptParameters, hash: [UInt8])? = try locked {
            guard let row = try database.query("SELECT salt, scrypt_n, scrypt_r, scrypt_p, hash FROM accounts WHERE user = ?", [.text(user)]).first,
                  case .blob(let salt) = row[0], case .integer(let n) = row[1], case .integer(let r) = row[2], case .integer(let p) = row[3],
                  case .blob(let hash) = row[4] else { return nil }
            return (salt, ScryptParameters(n: UInt64(n), r: UInt64(r), p: UInt64(p)), hash)
        }
        let parameters = stored?.parameters ?? ScryptParameters()
        let derived = PasswordHasher.hash(password, salt: stored?.salt ?? decoySalt, parameters: parameters)
        guard let stored, PasswordHasher.equal(derived, stored.hash), let account = try account(user), !account.isDisabled else { return nil }
        return account
    }

    /// Sets a new password chosen by the account's person.
    public func setPassword(user: String, to password: String) throws {
        guard password.count >= 10 else { throw AccountError.weakPassword }
        try store(password, for: user, mustChange: false)
    }

    /// Gives the account a new random one-time password, returned once.
    public func resetPassword(user: String) throws -> String {
        let password = PasswordHasher.randomPassword()
        try store(password, for: user, mustChange: true)
        return password
    }

    private func store(_ password: String, for user: String, mustChange: Bool) throws {
        let (salt, parameters, hash) = Self.derive(password)
        try locked {
            try database.run("UPDATE accounts SET salt = ?, scrypt_n = ?, scrypt_r = ?, scrypt_p = ?, hash = ?, must_change = ? WHERE user = ?",
                             [.blob(salt), .integer(Int64(parameters.n)), .integer(Int64(parameters.r)), .integer(Int64(parameters.p)),
                              .blob(hash), .integer(mustChange ? 1 : 0), .text(user)])
            guard database.changes == 1 else { throw AccountError.unknown(user: user) }
        }
    }

    /// Removes an account whose creation could not be recorded in the log.
    func remove(user: String) throws {
        try locked {
            try database.run("DELETE FROM tokens WHERE user = ?", [.text(user)])
            try database.run("DELETE FROM accounts WHERE user = ?", [.text(user)])
        }
    }

    /// Disables the account (and with it its tokens).
    public func disable(user: String) throws {
        try locked {
            try database.run("UPDATE accounts SET disabled = 1 WHERE user = ?", [.text(user)])
            guard database.changes == 1 else { throw AccountError.unknown(user: user) }
        }
    }

    /// Issues an API token for the account: returned once, stored as its SHA-256 (a random 256-bit
    /// token needs no slow hash: it cannot be guessed from a dictionary).
    public func issueToken(user: String) throws -> String {
        let token = "rgt_" + PasswordHasher.randomToken()
        try locked {
            guard try accountUnlocked(user) != nil else { throw AccountError.unknown(user: user) }
            try database.run("INSERT INTO tokens(hash, user) VALUES (?, ?)", [.text(ContentHash.sha256Hex(Array(token.utf8))), .text(user)])
        }
        return token
    }

    /// The enabled account a token belongs to, or nil.
    public func account(forToken token: String) throws -> Account? {
        try locked {
            guard let row = try database.query("SELECT user FROM tokens WHERE hash = ?", [.text(ContentHash.sha256Hex(Array(token.utf8)))]).first,
                  case .text(let user) = row[0], let account = try accountUnlocked(user), !account.isDisabled else { return nil }
            return account
        }
    }
}
