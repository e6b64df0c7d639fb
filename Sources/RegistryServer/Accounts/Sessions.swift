import Foundation
import RegistryDomain

/// A logged-in browser: who, and the CSRF token its state-changing requests must carry.
public struct Session: Sendable {
    /// The account's user name.
    public let user: String
    /// The role and organisation it acts for.
    public let actor: Actor
    /// The token a form or `X-CSRF-Token` header must repeat.
    public let csrfToken: String
    var lastSeen: Double
}

/// Sessions by a random ID sent as an `HttpOnly; SameSite=Strict` cookie, kept in `storage`: in
/// memory beside a file log (a restart of the server logs everyone out: sessions are not worth
/// persisting there), in the database on PostgreSQL (shared by the servers; `SessionStorage`).
final class SessionStore: @unchecked Sendable {
    private let storage: any SessionStorage
    private let lock = NSLock()
    /// Idle time after which a session ends (8 hours).
    let idleSeconds: Double
    private let now: @Sendable () -> Double

    /// - Parameter now: seconds on a clock every server of `storage` shares (wall-clock time when
    ///   the storage is a database; the process's uptime is enough in memory).
    init(idleSeconds: Double = 8 * 3600, storage: any SessionStorage = MemorySessionStorage(),
         now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.idleSeconds = idleSeconds
        self.storage = storage
        self.now = now
    }

    /// Starts a session and returns its ID.
    /// - Throws: `AccountError.storage` when the session cannot be stored.
    func start(user: String, actor: Actor) throws -> (id: String, session: Session) {
        let id = PasswordHasher.randomToken()
        let session = Session(user: user, actor: actor, csrfToken: PasswordHasher.randomToken(), lastSeen: now())
        try lock.withLock { try storage.save(session, id: id) }
        return (id, session)
    }

    /// The live session with this ID (touching it), or nil when unknown, idle too long, or unreadable.
    func session(_ id: String) -> Session? {
        lock.withLock {
            guard var session = try? storage.load(id) else { return nil }
            let time = now()
            guard time - session.lastSeen <= idleSeconds else {
                try? storage.remove(id)
                return nil
            }
            session.lastSeen = time
            try? storage.save(session, id: id)
            return session
        }
    }

    /// Ends a session.
    func end(_ id: String) { lock.withLock { try? storage.remove(id) } }

    /// Ends every session of a user (disabled account).
    func endAll(user: String) { lock.withLock { try? storage.removeAll(user: user) } }
}

/// Failed logins per user: 10 within 15 minutes lock the user for 15 minutes (answered 429), whatever
/// the password then given. Kept in `storage`: in memory beside a file log (a restart forgets them,
/// as it forgets sessions), in the database on PostgreSQL, counted across the servers
/// (`LoginThrottleStorage`; two servers' failures at the same instant may count once: throttling
/// needs the order of magnitude, not every guess).
final class LoginThrottle: @unchecked Sendable {
    static let maxFailures = 10
    static let window: Double = 15 * 60
    private let storage: any LoginThrottleStorage
    private let lock = NSLock()
    private let now: @Sendable () -> Double

    init(storage: any LoginThrottleStorage = MemoryLoginThrottleStorage(),
         now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.storage = storage
        self.now = now
    }

    /// Whether the user is locked now.
    func isLocked(_ user: String) -> Bool {
        lock.withLock {
            guard let state = try? storage.state(of: user), let until = state.lockedUntil else { return false }
            if now() < until { return true }
            try? storage.setState(of: user, failures: state.failures, lockedUntil: nil)
            return false
        }
    }

    /// Records a failure; returns whether the user is now locked.
    func recordFailure(_ user: String) -> Bool {
        lock.withLock {
            let time = now()
            let state: (failures: [Double], lockedUntil: Double?) = (try? storage.state(of: user)) ?? ([], nil)
            var recent = state.failures.filter { time - $0 < Self.window }
            recent.append(time)
            if recent.count >= Self.maxFailures {
                try? storage.setState(of: user, failures: [], lockedUntil: time + Self.window)
                return true
            }
            try? storage.setState(of: user, failures: recent, lockedUntil: state.lockedUntil)
            return false
        }
    }

    /// Forgets the failures after a successful login.
    func recordSuccess(_ user: String) {
        lock.withLock {
            guard let state = try? storage.state(of: user), !state.failures.isEmpty else { return }
            try? storage.setState(of: user, failures: [], lockedUntil: state.lockedUntil)
        }
    }
}
