import Foundation
import RegistryCLI
import RegistryDomain

/// The bureau's account operations, shared by `registry account …` and `/api/v1/accounts`.
/// Only the bureau manages accounts (Auth_01 as for any command).
public struct AccountService {
    let credentials: CredentialStore
    let actor: Actor
    let language: Language
    /// Appends an account's event to the log (through the server's writer, or the command line's own lock).
    let record: (AccountRecorded) throws -> Void

    /// The one-sentence refusal for another role.
    static func notPermitted(_ actor: Actor, _ language: Language) -> String {
        language == .zh ? "'\(actor)' 不能管理账户：只有主管部门（bureau）可以。" : "'\(actor)' cannot manage accounts: only the bureau may."
    }

    func requireBureau() throws(APIError) {
        guard actor.role == .bureau else { throw APIError.forbidden(rule: "Auth_01", message: Self.notPermitted(actor, language)) }
    }

    func t(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    /// Creates an account; returns its one-time password.
    func add(user: String, role: String, name: String?) throws(APIError) -> String {
        try requireBureau()
        guard let target = Actor(role), Actor(role) != nil else {
            throw APIError.badRequest(field: "role", message: t("role '\(role)' is not ROLE:ID (bureau, school, enterprise or inspector).",
                                                               "角色 '\(role)' 不是 角色:编号（bureau、school、enterprise 或 inspector）。"))
        }
        try checkUser(user)
        let password: String
        do {
            password = try credentials.add(user: user, actor: target, displayName: name)
        } catch AccountError.exists {
            throw APIError.conflict(message: t("account '\(user)' exists already.", "账户 '\(user)' 已存在。"))
        } catch {
            throw APIError.internalError(message: "\(error)")
        }
        do {
            try record(AccountRecorded(user: user, actor: target.description, change: .created))
        } catch {
            // Not in the log, so not an account: take the credentials back.
            try? credentials.remove(user: user)
            throw Self.failure(error, language)
        }
        return password
    }

    func checkUser(_ user: String) throws(APIError) {
        guard !user.isEmpty, user.count <= 64, !user.hasPrefix("-"),
              user.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0) }) else {
            throw APIError.badRequest(field: "user", message: t("user name '\(user)' is not valid; use 1 to 64 letters, digits, '.', '_', '-' or '@'.",
                                                               "用户名 '\(user)' 无效；请用 1 至 64 个字母、数字、'.'、'_'、'-' 或 '@'。"))
        }
    }

    private func known(_ body: () throws -> Void, user: String, change: AccountRecorded.Change) throws(APIError) {
        let account: Account?
        do { account = try credentials.account(user) } catch { throw APIError.internalError(message: "\(error)") }
        guard let account else { throw APIError.notFound(message: t("no account '\(user)'.", "没有账户 '\(user)'。")) }
        // The event first: a change the log does not hold did not happen.
        do { try record(AccountRecorded(user: user, actor: account.actor.description, change: change)) } catch { throw Self.failure(error, language) }
        do { try body() } catch AccountError.unknown {
            throw APIError.notFound(message: t("no account '\(user)'.", "没有账户 '\(user)'。"))
        } catch {
            throw APIError.internalError(message: "\(error)")
        }
    }

    /// A log failure (lock held by the server, I/O) as the command line words it.
    static func failure(_ error: Error, _ language: Language) -> APIError {
        let (code, message) = RegistryCLI.exitCodeAndMessage(for: error, language: language)
        return code == 3 ? .conflict(message: message) : .internalError(message: message)
    }

    /// Disables an account.
    func disable(user: String) throws(APIError) {
        try requireBureau()
        try known({ try credentials.disable(user: user) }, user: user, change: .disabled)
    }

    /// A new one-time password.
    func resetPassword(user: String) throws(APIError) -> String {
        try requireBureau()
        var password = ""
        try known({ password = try credentials.resetPassword(user: user) }, user: user, change: .passwordReset)
        return password
    }

    /// A new API token.
    func token(user: String) throws(APIError) -> String {
        try requireBureau()
        var token = ""
        try known({ token = try credentials.issueToken(user: user) }, user: user, change: .tokenIssued)
        return token
    }

    /// Every account.
    func list() throws(APIError) -> [Account] {
        try requireBureau()
        do { return try credentials.all() } catch { throw APIError.internalError(message: "\(error)") }
    }
}
