import Foundation
import RegistryDomain

/// Where `SessionStore` keeps sessions: in the server's memory beside a file log (one server, so a
/// restart logs everyone out), or in the database's `server_sessions` table on PostgreSQL, so that a
/// session begun on one server is honoured by every other server of the database. Rows only: the
/// idle expiry stays in `SessionStore`.
protocol SessionStorage: Sendable {
    /// Stores (or replaces) the session under its ID.
    func save(_ session: Session, id: String) throws
    /// The session stored under the ID, expired or not.
    func load(_ id: String) throws -> Session?
    /// Ends one session.
    func remove(_ id: String) throws
    /// Ends every session of a user.
    func removeAll(user: String) throws
}

/// Where `LoginThrottle` keeps failed logins: in memory beside a file log, in the database's
/// `server_login_throttle` table on PostgreSQL, so that several servers count one user's failures
/// together (otherwise each server behind a load balancer would allow its own ten guesses).
protocol LoginThrottleStorage: Sendable {
    /// The user's recent failures and the end of its lock, if any.
    func state(of user: String) throws -> (failures: [Double], lockedUntil: Double?)
    /// Replaces the user's state.
    func setState(of user: String, failures: [Double], lockedUntil: Double?) throws
}

/// Sessions in the server's memory.
final class MemorySessionStorage: SessionStorage, @unchecked Sendable {
    private var sessions: [String: Session] = [:]
    private let lock = NSLock()

    func save(_ session: Session, id: String) { lock.withLock { sessions[id] = session } }
    func load(_ id: String) -> Session? { lock.withLock { sessions[id] } }
    func remove(_ id: String) { lock.withLock { sessions[id] = nil } }
    func removeAll(user: String) { lock.withLock { sessions = sessions.filter { $0.value.user != user } } }
}

/// Failed logins in the server's memory.
final class MemoryLoginThrottleStorage: LoginThrottleStorage, @unchecked Sendable {
    private var failures: [String: [Double]] = [:]
    private var lockedUntil: [String: Double] = [:]
    private let lock = NSLock()

    func state(of user: String) -> (failures: [Double], lockedUntil: Double?) { lock.withLock { (failures[user] ?? [], lockedUntil[user]) } }
    func setState(of user: String, failures: [Double], lockedUntil: Double?) {
        lock.withLock {
            self.failures[user] = failures.isEmpty ? nil : failures
            self.lockedUntil[user] = lockedUntil
        }
    }
}
