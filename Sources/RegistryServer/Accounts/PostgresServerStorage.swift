import EventStore
import Foundation
import PostgresStore
import RegistryDomain

/// Credentials, sessions and login throttling in the database (`PostgresServerTables`, schema
/// migration 5), shared by every `registry serve` of the database. A session is stored under the
/// SHA-256 of its ID, as a token is: whoever reads the table (or a backup of it) cannot present it.
private func wrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as PostgresServerTablesError { throw AccountError.storage(error.message) }
}

extension Account {
    /// The account of a row of `server_accounts`; nil when its actor does not parse.
    init?(_ row: PostgresServerTables.AccountRow) {
        guard let actor = Actor(row.actor) else { return nil }
        self.init(user: row.user, actor: actor, displayName: row.displayName, isDisabled: row.isDisabled, mustChangePassword: row.mustChangePassword)
    }
}

/// Accounts and token hashes in `server_accounts` and `server_tokens`.
struct PostgresCredentialStorage: CredentialStorage, @unchecked Sendable {
    let tables: PostgresServerTables

    private static func account(_ row: PostgresServerTables.AccountRow?) -> Account? { row.flatMap(Account.init) }

    private static func row(_ password: StoredPassword) -> PostgresServerTables.PasswordRow {
        PostgresServerTables.PasswordRow(salt: password.salt, n: Int64(password.parameters.n), r: Int64(password.parameters.r),
                                         p: Int64(password.parameters.p), hash: password.hash)
    }

    func insert(_ account: Account, password: StoredPassword) throws -> Bool {
        try wrap {
            try tables.insertAccount(.init(user: account.user, actor: account.actor.description, displayName: account.displayName,
                                           isDisabled: account.isDisabled, mustChangePassword: account.mustChangePassword),
                                     password: Self.row(password))
        }
    }

    func account(_ user: String) throws -> Account? { try wrap { Self.account(try tables.account(user)) } }

    func accounts() throws -> [Account] { try wrap { try tables.accounts().compactMap(Self.account) } }

    func password(of user: String) throws -> StoredPassword? {
        try wrap {
            try tables.password(of: user).map {
                StoredPassword(salt: $0.salt, parameters: ScryptParameters(n: UInt64($0.n), r: UInt64($0.r), p: UInt64($0.p)), hash: $0.hash)
            }
        }
    }

    func setPassword(_ password: StoredPassword, mustChange: Bool, of user: String) throws -> Bool {
        try wrap { try tables.setPassword(Self.row(password), mustChange: mustChange, of: user) }
    }

    func disable(_ user: String) throws -> Bool { try wrap { try tables.disable(user) } }

    func remove(_ user: String) throws { try wrap { try tables.remove(user) } }

    func insertToken(hash: String, user: String) throws -> Bool { try wrap { try tables.insertToken(hash: hash, user: user) } }

    func account(forTokenHash hash: String) throws -> Account? { try wrap { Self.account(try tables.account(forTokenHash: hash)) } }

}

/// Sessions in `server_sessions`, under their IDs' SHA-256.
struct PostgresSessionStorage: SessionStorage, @unchecked Sendable {
    let tables: PostgresServerTables

    private static func idHash(_ id: String) -> String { ContentHash.sha256Hex(Array(id.utf8)) }

    func save(_ session: Session, id: String) throws {
        try wrap {
            try tables.saveSession(.init(user: session.user, actor: session.actor.description, csrfToken: session.csrfToken, lastSeen: session.lastSeen),
                                   idHash: Self.idHash(id))
        }
    }

    func load(_ id: String) throws -> Session? {
        try wrap {
            guard let row = try tables.session(idHash: Self.idHash(id)), let actor = Actor(row.actor) else { return nil }
            return Session(user: row.user, actor: actor, csrfToken: row.csrfToken, lastSeen: row.lastSeen)
        }
    }

    func remove(_ id: String) throws { try wrap { try tables.removeSession(idHash: Self.idHash(id)) } }

    func removeAll(user: String) throws { try wrap { try tables.removeSessions(user: user) } }
}

/// Failed logins in `server_login_throttle`.
struct PostgresLoginThrottleStorage: LoginThrottleStorage, @unchecked Sendable {
    let tables: PostgresServerTables

    func state(of user: String) throws -> (failures: [Double], lockedUntil: Double?) { try wrap { try tables.throttle(of: user) } }

    func setState(of user: String, failures: [Double], lockedUntil: Double?) throws {
        try wrap { try tables.setThrottle(of: user, failures: failures, lockedUntil: lockedUntil) }
    }
}
