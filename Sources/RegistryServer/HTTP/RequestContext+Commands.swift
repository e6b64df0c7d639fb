import Foundation
import HTTPServer
import RegistryDomain

/// The registry's language type, named for pages that import only this module.
public typealias RegistryDomainLanguage = Language

/// What a command run for a page answered: the HTTP status the JSON API would give, its JSON body,
/// and the failure (rule, field, message) for the page to show beside the field it concerns.
public struct CommandAnswer: Sendable {
    /// 200/201 on success; 4xx/5xx as the JSON API answers.
    public let status: Int
    /// The JSON body (the read records, `{"positions": …}`, or the error).
    public let body: [UInt8]
    /// The failure, when there is one.
    public let failure: APIError?

    /// Whether the command succeeded.
    public var isSuccess: Bool { failure == nil && status < 300 }
    /// The JSON body decoded (objects and arrays as Foundation values).
    public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
}

extension RequestContext {
    /// Runs a command of the command line for the logged-in account, exactly as the JSON API does:
    /// `words` name it (`["placement", "start"]`), `arguments` are its positional arguments, `options`
    /// its options by command-line name (`["--on": "2025-09-01"]`; a nil value is a flag). For pages:
    /// the answer's `failure` carries the rule's message and the field (`on`, `paidOn` …).
    public func runCommand(_ words: [String], arguments: [String] = [], options: [(String, String?)] = [],
                           idempotencyKey: String? = nil) -> CommandAnswer {
        guard account != nil else {
            let failure = APIError.unauthorized(message: t("log in first.", "请先登录。"))
            return CommandAnswer(status: failure.status, body: failure.response.body, failure: failure)
        }
        var line = words
        for argument in arguments {
            guard !argument.hasPrefix("-") else {
                let failure = APIError.badRequest(field: "id", message: t("'\(argument)' is not a valid ID.", "'\(argument)' 不是有效的编号。"))
                return CommandAnswer(status: failure.status, body: failure.response.body, failure: failure)
            }
            line.append(argument)
        }
        for (name, value) in options where !APIRoutes.reservedOptions.contains(name) {
            line.append(value.map { name + "=" + $0 } ?? name)
        }
        line += ["--format", "json", "--lang", language.rawValue, "--as", account!.actor.description,  // Checked above.
                 "--log", server.configuration.logDirectory,
                 "--command-id=" + (idempotencyKey ?? "http-" + UUID().uuidString.lowercased())]
        let (response, failure) = APIRoutes.executeForAnswer(line, self)
        return CommandAnswer(status: response.status, body: response.body, failure: failure)
    }
}

extension RegistryServer {
    /// Logs a person in (for a page's login form): the `Set-Cookie` value and the session, or the
    /// failure (401 wrong user or password, 429 locked) with its message.
    public func logIn(user: String, password: String, language: RegistryDomainLanguage) throws(APIError) -> (cookie: String, session: Session) {
        let t = { (en: String, zh: String) in language == .zh ? zh : en }
        if throttle.isLocked(user) {
            throw APIError.tooManyRequests(message: t("too many failed logins for this user; try again in 15 minutes.", "该用户登录失败次数过多；请 15 分钟后再试。"))
        }
        let account: Account?
        do { account = try credentials.verify(user: user, password: password) } catch { throw APIError.internalError(message: "\(error)") }
        guard let account else {
            _ = throttle.recordFailure(user)
            throw APIError.unauthorized(message: t("wrong user name or password.", "用户名或密码错误。"))
        }
        throttle.recordSuccess(user)
        let started: (id: String, session: Session)
        do { started = try sessions.start(user: account.user, actor: account.actor) } catch { throw APIError.internalError(message: "\(error)") }
        return (sessionCookie(started.id), started.session)
    }

    /// The `Set-Cookie` value that ends a session (for a page's log-out), after ending it.
    public func logOut(sessionID: String?) -> String {
        if let sessionID { sessions.end(sessionID) }
        return sessionCookie(nil)
    }
}
