import EventStore
import Foundation
import RegistryDomain

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

/// Accounts' credentials: password hashes with their scrypt salt and parameters, API token hashes,
/// and display names. Beside a file log they live in `credentials.sqlite`; on PostgreSQL in the
/// database's `server_accounts` and `server_tokens` tables (schema migration 5), shared by every
/// server (`CredentialStorage`). They are not derived from the log (the log never holds a hash or a
/// name), so they are backed up with the log or the database, not rebuilt from it.
public final class CredentialStore: @unchecked Sendable {
    /// The file's name in the log directory.
    public static let fileName = "credentials.sqlite"
    private let storage: any CredentialStorage
    /// Tokens looked up in the storage so far (tests count a path's lookups).
    private(set) var tokenLookups = 0
    private let lookupLock = NSLock()
    /// A salt and hash for unknown users, so that a wrong user costs the same scrypt as a wrong password.
    private let decoySalt = PasswordHasher.randomBytes(ScryptParameters.saltLength)

    /// Opens (creating if needed) the credentials file in `directory`.
    public convenience init(directory: String) throws {
        self.init(storage: try SQLiteCredentialStorage(path: directory + "/" + Self.fileName))
    }

    /// Credentials kept in `storage`.
    init(storage: any CredentialStorage) {
        self.storage = storage
    }

    /// Creates an account with a random one-time password, which is returned (and stored only hashed).
    public func add(user: String, actor: Actor, displayName: String?) throws -> String {
        let password = PasswordHasher.randomPassword()
        let account = Account(user: user, actor: actor, displayName: displayName, isDisabled: false, mustChangePassword: true)
        guard try storage.insert(account, password: Self.derive(password)) else { throw AccountError.exists(user: user) }
        return password
    }

    private static func derive(_ password: String) -> StoredPassword {
        let salt = PasswordHasher.randomBytes(ScryptParameters.saltLength)
        let parameters = ScryptParameters()
        return StoredPassword(salt: salt, parameters: parameters, hash: PasswordHasher.hash(password, salt: salt, parameters: parameters))
    }

    /// The account, if there is one.
    public func account(_ user: String) throws -> Account? {
        try storage.account(user)
    }

    /// Every account, by user name.
    public func all() throws -> [Account] {
        try storage.accounts()
    }

    /// The enabled account whose password this is, or nil; an unknown user costs one scrypt as a
    /// known one does, so that the answer's time does not tell which was wrong.
    public func verify(user: String, password: String) throws -> Account? {
        let stored = try storage.password(of: user)
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
        guard try storage.setPassword(Self.derive(password), mustChange: mustChange, of: user) else { throw AccountError.unknown(user: user) }
    }

    /// Removes an account whose creation could not be recorded in the log.
    func remove(user: String) throws {
        try storage.remove(user)
    }

    /// Disables the account (and with it its tokens).
    public func disable(user: String) throws {
        guard try storage.disable(user) else { throw AccountError.unknown(user: user) }
    }

    /// Issues an API token for the account: returned once, stored as its SHA-256 (a random 256-bit
    /// token needs no slow hash: it cannot be guessed from a dictionary).
    public func issueToken(user: String) throws -> String {
        let token = "rgt_" + PasswordHasher.randomToken()
        guard try storage.insertToken(hash: Self.tokenHash(token), user: user) else { throw AccountError.unknown(user: user) }
        return token
    }

    /// The enabled account a token belongs to, or nil.
    public func account(forToken token: String) throws -> Account? {
        try account(forTokenHash: Self.tokenHash(token))
    }

    /// The enabled account a token's hash (`tokenHash`) belongs to, or nil.
    func account(forTokenHash hash: String) throws -> Account? {
        lookupLock.withLock { tokenLookups += 1 }
        guard let account = try storage.account(forTokenHash: hash), !account.isDisabled else { return nil }
        return account
    }

    /// What a token is stored as: its SHA-256, in hex.
    static func tokenHash(_ token: String) -> String { ContentHash.sha256Hex(Array(token.utf8)) }
}
