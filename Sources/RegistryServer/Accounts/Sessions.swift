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

/// Sessions in memory, by a random ID sent as an `HttpOnly; SameSite=Strict` cookie. A restart of the
/// server logs everyone out (sessions are not worth persisting; accounts and tokens are).
final class SessionStore: @unchecked Sendable {
    private var sessions: [String: Session] = [:]
    private let lock = NSLock()
    /// Idle time after which a session ends (8 hours).
    let idleSeconds: Double
    private let now: @Sendable () -> Double

    init(idleSeconds: Double = 8 * 3600, now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.idleSeconds = idleSeconds
        self.now = now
    }

    /// Starts a session and returns its ID.
    func start(user: String, actor: Actor) -> (id: String, session: Session) {
        let id = PasswordHasher.randomToken()
        let session = Session(user: user, actor: actor, csrfToken: PasswordHasher.randomToken(), lastSeen: now())
        lock.withLock { sessions[id] = session }
        return (id, session)
    }

    /// The live session with this ID (touching it), or nil when unknown or idle too long.
    func session(_ id: String) -> Session? {
        lock.withLock {
            guard var session = sessions[id] else { return nil }
            let time = now()
            guard time - session.lastSeen <= idleSeconds else {
                sessions[id] = nil
                return nil
            }
            session.lastSeen = time
            sessions[id] = session
            return session
        }
    }

    /// Ends a session.
    func end(_ id: String) { lock.withLock { sessions[id] = nil } }

    /// Ends every session of a user (disabled account).
    func endAll(user: String) { lock.withLock { sessions = sessions.filter { $0.value.user != user } } }
}

/// Failed logins per user: 10 within 15 minutes lock the user for 15 minutes (answered 429), whatever
/// the password then given. Kept in memory: a restart forgets them, as it forgets sessions.
final class LoginThrottle: @unchecked Sendable {
    static let maxFailures = 10
    static let window: Double = 15 * 60
    private var failures: [String: [Double]] = [:]
    private var lockedUntil: [String: Double] = [:]
    private let lock = NSLock()
    private let now: @Sendable () -> Double

    init(now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.now = now
    }

    /// Whether the user is locked now.
    func isLocked(_ user: String) -> Bool {
        lock.withLock {
            guard let until = lockedUntil[user] else { return false }
            if now() < until { return true }
            lockedUntil[user] = nil
            return false
        }
    }

    /// Records a failure; returns whether the user is now locked.
    func recordFailure(_ user: String) -> Bool {
        lock.withLock {
            let time = now()
            var recent = (failures[user] ?? []).filter { time - $0 < Self.window }
            recent.append(time)
            if recent.count >= Self.maxFailures {
                lockedUntil[user] = time + Self.window
                failures[user] = nil
                return true
            }
            failures[user] = recent
            return false
        }
    }

    /// Forgets the failures after a successful login.
    func recordSuccess(_ user: String) { lock.withLock { failures[user] = nil } }
}
