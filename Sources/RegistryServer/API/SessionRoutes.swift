import Foundation
import HTTPServer
import RegistryDomain

/// Logging in and out, and a person changing their own password.
enum SessionRoutes {
    static func register(on router: Router) {
        router.post("/api/v1/session", access: .open) { context in try logIn(context) }
        router.delete("/api/v1/session") { context in
            if let id = context.sessionID { context.server.sessions.end(id) }
            var response = HTTPResponse.json(200, ["loggedOut": true])
            response.addHeader("Set-Cookie", context.server.sessionCookie(nil))
            return response
        }
        router.get("/api/v1/session") { context in
            // Forced: `.account` routes are reached only with an account.
            let account = context.account!
            var body: [String: Any] = ["user": account.user, "actor": account.actor.description, "mustChangePassword": account.mustChangePassword]
            if let token = context.csrfToken { body["csrfToken"] = token }
            return .json(200, body)
        }
        router.post("/api/v1/session/password") { context in try changePassword(context) }
    }

    /// The credentials of a login: a JSON body `{"user", "password"}` or a form's `user` and `password` fields.
    static func credentials(_ context: RequestContext) throws -> (user: String, password: String) {
        if FormDecoding.isForm(context.request) {
            return (context.formValue("user") ?? "", context.formValue("password") ?? "")
        }
        let body = try context.jsonObject()
        guard case .string(let user)? = body["user"] else { throw APIError.badRequest(field: "user", message: context.t("missing user.", "缺少 user。")) }
        guard case .string(let password)? = body["password"] else {
            throw APIError.badRequest(field: "password", message: context.t("missing password.", "缺少 password。"))
        }
        return (user, password)
    }

    /// Logs in: 200 with the session cookie and `{"csrfToken", "actor"}`; 401 with one message for a
    /// wrong user or a wrong password (both cost one scrypt); 429 while the user is locked.
    static func logIn(_ context: RequestContext) throws -> HTTPResponse {
        let (user, password) = try credentials(context)
        let (cookie, session) = try context.server.logIn(user: user, password: password, language: context.language)
        let account = try context.server.credentials.account(user)
        var response = HTTPResponse.json(200, ["csrfToken": session.csrfToken, "actor": session.actor.description, "user": session.user,
                                               "mustChangePassword": account?.mustChangePassword ?? false])
        response.addHeader("Set-Cookie", cookie)
        return response
    }

    /// `{"current", "new"}` (or form fields `current`, `new`): the person sets their own password.
    static func changePassword(_ context: RequestContext) throws -> HTTPResponse {
        let account = context.account!  // Forced: an `.account` route.
        let current: String, new: String
        if FormDecoding.isForm(context.request) {
            (current, new) = (context.formValue("current") ?? "", context.formValue("new") ?? "")
        } else {
            let body = try context.jsonObject()
            guard case .string(let c)? = body["current"] else { throw APIError.badRequest(field: "current", message: context.t("missing current.", "缺少 current。")) }
            guard case .string(let n)? = body["new"] else { throw APIError.badRequest(field: "new", message: context.t("missing new.", "缺少 new。")) }
            (current, new) = (c, n)
        }
        guard try context.server.credentials.verify(user: account.user, password: current) != nil else {
            throw APIError.forbidden(rule: nil, message: context.t("the current password is wrong.", "当前密码错误。"))
        }
        guard new.count >= 10 else {
            throw APIError.badRequest(field: "new", message: context.t("the new password must have at least 10 characters.", "新密码至少需要 10 个字符。"))
        }
        let event = AccountRecorded(user: account.user, actor: account.actor.description, change: .passwordChanged)
        try context.server.writer.exclusive(person: account.user) { registry in try AccountLog.append(event, by: account.actor, to: registry) }
        do {
            try context.server.credentials.setPassword(user: account.user, to: new)
        } catch AccountError.weakPassword {
            throw APIError.badRequest(field: "new", message: context.t("the new password must have at least 10 characters.", "新密码至少需要 10 个字符。"))
        }
        return .json(200, ["changed": true])
    }
}
