import EventStore
import Foundation
import HTTPServer
import PostgresStore
import RegistryCLI
import RegistryDomain
import RegistryService

/// How the server runs.
public struct ServerConfiguration: Sendable {
    /// The log directory; on PostgreSQL the directory under which this server keeps its local
    /// derived files (`store-<ID>/`, its read-model cache; `ServerStore`).
    public var logDirectory: String
    /// The PostgreSQL connection string (`--store`, `REGISTRY_STORE`); nil for the file log.
    public var store: String?
    /// Where to listen.
    public var http: HTTPServerConfiguration
    /// TLS ends at a proxy in front: cookies are marked `Secure`.
    public var isBehindProxy = false
    /// The environment commands run with (REGISTRY_NOW fixes the clock for tests and demos).
    public var environment: [String: String] = [:]
    /// Idle time after which a session ends: 8 hours (issue 15). A session last used exactly this long
    /// ago still works; one idle longer is ended, answered 401, and the person logs in again.
    /// `registry serve` takes a shorter one from `REGISTRY_SESSION_IDLE_SECONDS` (1 to 28800), for
    /// tests and the torture run, which cannot wait 8 hours.
    public var sessionIdleSeconds: Double = 8 * 3600
    /// The clock of sessions' idle time and of failed logins' 15-minute windows, in seconds. Nil: the
    /// store's own (beside a file log the system's uptime, so that a wall-clock step neither ends nor
    /// prolongs a session). Injected, so that tests move it past the 8-hour and 15-minute boundaries.
    public var sessionClock: (@Sendable () -> Double)?

    /// Creates a configuration.
    public init(logDirectory: String, http: HTTPServerConfiguration) {
        self.logDirectory = logDirectory
        self.http = http
    }
}

/// The registry on the web: routes, authentication, CSRF, and the command line's commands run for
/// the authenticated account through one group-commit writer.
///
/// Middleware order for every request (`handle`): route → 404/405; authentication (session cookie
/// or bearer token) → 401; CSRF for state-changing requests with a cookie → 403; the handler; its
/// error → the JSON answer of `APIError`.
public final class RegistryServer: @unchecked Sendable {
    /// The configuration.
    public let configuration: ServerConfiguration
    /// The route table: the API's routes, and whatever pages add before `start`.
    public let router = Router()
    /// The accounts' credentials.
    public let credentials: CredentialStore
    /// The one writer.
    public let writer: GroupCommitWriter
    let sessions: SessionStore
    let throttle: LoginThrottle
    /// The database store's connection string and this server's read-model cache; nil on a file log.
    let database: (conninfo: String, cacheDirectory: String)?
    /// Bearer tokens met before, on a database store (`BearerCheck`); nil beside a file log, whose
    /// token lookup is a local read.
    let bearerTokens: BearerTokenCache?
    private var http: HTTPServer?

    /// The name of the session cookie.
    public static let sessionCookie = "registry_session"

    /// Opens the log for writing (holding its lock from now on) and the credentials beside it, and
    /// registers the API's routes. On PostgreSQL (`configuration.store`): opens the database (bringing
    /// its schema up to this binary's), holds this server's read-model cache's lock, and keeps
    /// credentials, sessions and login throttling in the database, shared with the other servers.
    /// - Throws: `EventStoreError` (no log, lock held by another writer), `AccountError`.
    public init(configuration: ServerConfiguration) throws {
        if let conninfo = configuration.store {
            let store = try ServerStore.openDatabase(conninfo, environment: configuration.environment)
            let cache = store.cacheDirectory(base: configuration.logDirectory)
            let registry = try ServerStore.registry(store, cacheDirectory: cache, forWriting: true, environment: configuration.environment)
            var configuration = configuration
            // The command lines the server runs in-process (reads, pages) read the same database and cache.
            configuration.environment["REGISTRY_STORE"] = conninfo
            configuration.environment["REGISTRY_CACHE"] = configuration.logDirectory
            self.configuration = configuration
            database = (conninfo, cache)
            bearerTokens = BearerTokenCache()
            writer = GroupCommitWriter(registry: registry)
            let tables = PostgresServerTables(store: store)
            credentials = CredentialStore(storage: PostgresCredentialStorage(tables: tables))
            // Sessions and failures are compared across machines: wall-clock seconds, not this process's uptime.
            let wallClock: @Sendable () -> Double = configuration.sessionClock ?? { Date().timeIntervalSince1970 }
            sessions = SessionStore(idleSeconds: configuration.sessionIdleSeconds, storage: PostgresSessionStorage(tables: tables), now: wallClock)
            throttle = LoginThrottle(storage: PostgresLoginThrottleStorage(tables: tables), now: wallClock)
            // Sessions abandoned without logging out would otherwise stay in the table; expiry itself is checked on use.
            try? tables.removeSessions(idleSince: wallClock() - configuration.sessionIdleSeconds)
            registerRoutes()
            return
        }
        self.configuration = configuration
        database = nil
        bearerTokens = nil
        var options = FileEventLog.Options()
        if let fixed = configuration.environment["REGISTRY_NOW"].flatMap(Timestamp.parse) { options.clock = { fixed } }
        if let wait = configuration.environment["REGISTRY_LOCK_TIMEOUT_MS"].flatMap(Int.init) { options.lockTimeoutMilliseconds = wait }
        guard FileManager.default.fileExists(atPath: configuration.logDirectory + "/00000001.seg") else {
            throw EventStoreError.notALog(path: configuration.logDirectory)
        }
        let registry = try Registry(directory: configuration.logDirectory, forWriting: true, options: options)
        writer = GroupCommitWriter(registry: registry)
        credentials = try CredentialStore(directory: configuration.logDirectory)
        let clock = configuration.sessionClock ?? { ProcessInfo.processInfo.systemUptime }
        sessions = SessionStore(idleSeconds: configuration.sessionIdleSeconds, now: clock)
        throttle = LoginThrottle(now: clock)
        registerRoutes()
    }

    private func registerRoutes() {
        SessionRoutes.register(on: router)
        AccountRoutes.register(on: router)
        APIRoutes.register(on: router)
        OpenAPIRoute.register(on: router)
        // The HTML pages (Sources/RegistryServer/Pages), over the same commands as the API.
        PageRoutes.register(on: router)
    }

    /// A read-only registry over the server's store, as the command line's reads open it while the server writes.
    func openReader() throws -> Registry {
        guard let database else { return try Registry(directory: configuration.logDirectory, forWriting: false) }
        let store = try PostgresEventStore(conninfo: database.conninfo, options: ServerStore.databaseOptions(configuration.environment))
        return try ServerStore.registry(store, cacheDirectory: database.cacheDirectory, forWriting: false, environment: configuration.environment)
    }

    /// Starts listening; returns the port bound.
    public func start() throws -> UInt16 {
        var httpConfiguration = configuration.http
        let router = self.router
        httpConfiguration.bodyLimit = { method, path in router.bodyLimit(method, path) }
        let server = HTTPServer(configuration: httpConfiguration) { [unowned self] request in self.handle(request) }
        try server.start()
        http = server
        return server.port
    }

    /// Stops accepting, finishes the requests in flight, makes everything durable and releases the log.
    public func shutDown() {
        http?.stopAccepting()
        http?.stop()
        writer.stop()
    }

    /// Answers one request (called on libmicrohttpd's threads).
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        handle(request, trustingMetTokens: bearerTokens != nil)
    }

    /// Confirms a bearer token met before by its lookup now (`BearerCheck`).
    /// - Throws: `BearerTokenNoLongerHolds`, or `AccountError.storage` when the accounts cannot be read.
    func confirmNow(_ bearer: BearerCheck) throws {
        if bearer.held == true { return }
        bearer.held = bearer.holds(for: try credentials.account(forTokenHash: bearer.tokenHash))
        if bearer.held != true { throw BearerTokenNoLongerHolds() }
    }

    /// `handle`; with `trustingMetTokens`, a command of the JSON API runs on the account its bearer
    /// token had when this server last looked it up, confirmed before anything is answered (`BearerCheck`).
    private func handle(_ request: HTTPRequest, trustingMetTokens: Bool) -> HTTPResponse {
        let language = RequestContext.language(of: request)
        func t(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }
        guard let (route, parameters) = router.match(request.method, request.path) else {
            if router.hasPath(request.path) {
                return APIError.badRequest(field: nil, message: t("method \(request.method) is not allowed here.", "此处不允许 \(request.method) 方法。"))
                    .response.with(status: 405)
            }
            return APIError.notFound(message: t("no such resource: \(request.path).", "没有此资源：\(request.path)。")).response
        }
        var account: Account?
        var session: Session?
        var bearer: BearerCheck?
        let sessionID = request.cookies[Self.sessionCookie]
        // A credentials store that cannot be read (a database restarting) is a conflict to retry, not "log in first".
        let unavailable = { (error: Error) in
            APIError.conflict(message: t("the accounts cannot be read just now (\(error)); try again.", "暂时无法读取账户（\(error)）；请重试。")).response
        }
        if let sessionID, let found = sessions.session(sessionID) {
            let current: Account?
            do { current = try credentials.account(found.user) } catch { return unavailable(error) }
            if let current, !current.isDisabled {
                session = found
                account = current
            } else {
                sessions.end(sessionID)
            }
        } else if let authorization = request.header("authorization"), authorization.lowercased().hasPrefix("bearer ") {
            let hash = CredentialStore.tokenHash(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
            if trustingMetTokens, route.writerConfirmsBearer, let met = bearerTokens?.account(forHash: hash) {
                account = met
                bearer = BearerCheck(tokenHash: hash, account: met)
            } else {
                do { account = try credentials.account(forTokenHash: hash) } catch { return unavailable(error) }
                bearerTokens?.remember(account, hash: hash)
            }
        }
        if route.access == .account && account == nil {
            return APIError.unauthorized(message: t("log in first: POST /api/v1/session, or send Authorization: Bearer TOKEN.",
                                                    "请先登录：POST /api/v1/session，或发送 Authorization: Bearer 令牌。")).response
        }
        // A browser sends its cookie with any request, even one a hostile page makes it send; only a
        // request that repeats the session's token came from our own page or script.
        if let session, route.access == .account, !["GET", "HEAD", "OPTIONS"].contains(request.method) {
            let given = request.header("x-csrf-token") ?? (FormDecoding.isForm(request) ? FormDecoding.fields(request.body)["csrf_token"]?.last : nil)
            guard let given, PasswordHasher.equal(Array(given.utf8), Array(session.csrfToken.utf8)) else {
                return APIError.forbidden(rule: nil, message: t("missing or wrong CSRF token: send the X-CSRF-Token header (or the form's csrf_token field) that logging in returned.",
                                                               "缺少或错误的 CSRF 令牌：请发送登录时返回的 X-CSRF-Token 请求头（或表单的 csrf_token 字段）。")).response
            }
        }
        let context = RequestContext(request: request, parameters: parameters, language: language, account: account, session: session,
                                     sessionID: session == nil ? nil : sessionID, server: self, bearerCheck: bearer)
        var response: HTTPResponse
        do {
            response = try route.handler(context)
            response.addHeader("Cache-Control", "no-store")
        } catch let error as APIError {
            response = error.response
        } catch {
            response = APIError.internalError(message: "\(error)").response
        }
        if let bearer {
            // Nothing is answered on a token met before until it is confirmed: by the writer, or now.
            if bearer.held == nil {
                do { try confirmNow(bearer) } catch is BearerTokenNoLongerHolds {} catch { return unavailable(error) }
            }
            if bearer.held != true {
                // Nothing was decided on it: the request again, as if the token had never been met.
                bearerTokens?.remember(nil, hash: bearer.tokenHash)
                return handle(request, trustingMetTokens: false)
            }
        }
        return response
    }

    /// The `Set-Cookie` value for a session (or for ending one).
    func sessionCookie(_ id: String?) -> String {
        var cookie = "\(Self.sessionCookie)=\(id ?? "deleted"); Path=/; HttpOnly; SameSite=Strict"
        if id == nil { cookie += "; Max-Age=0" }
        if configuration.isBehindProxy { cookie += "; Secure" }
        return cookie
    }
}

extension HTTPResponse {
    func with(status: Int) -> HTTPResponse {
        var copy = self
        copy.status = status
        return copy
    }
}
