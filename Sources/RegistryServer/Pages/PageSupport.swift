import Foundation
import HTTPServer
import RegistryCLI
import RegistryDomain
import RegistryService
import WebPages

/// What the page routes share: the page context of a request, running the command line's commands
/// for the signed-in account (the same code path as the JSON API, so rules, messages and Auth_01
/// are the command line's), placing a failure beside its form field, and one-time flash messages.
enum PageSupport {
    /// The cookie that carries a flash message across the redirect after a successful form.
    static let flashCookie = "registry_flash"

    /// The page context of a request.
    static func context(_ c: RequestContext, form: FormState = FormState(), flash extra: [PageContext.Flash] = []) -> PageContext {
        var notes = flash(c.request) + extra
        // A one-time password (a new or reset account) is a secret another person has seen: ask for a new one on every page until then.
        if c.account?.mustChangePassword == true && c.request.path != "/password" {
            notes.append(.init(.error, c.t("You signed in with a one-time password: choose your own under “Change password”.",
                                           "您使用的是一次性密码：请在“修改密码”中设置自己的密码。")))
        }
        return PageContext(language: c.language, actor: c.actor, user: c.account?.user, csrfToken: c.csrfToken ?? "",
                           flash: notes, form: form, path: c.request.path, today: today(c))
    }

    /// The registry's business date: REGISTRY_NOW's day when the clock is fixed (tests and demos), else the system's (UTC).
    static func today(_ c: RequestContext) -> CalendarDate {
        let micros = c.server.configuration.environment["REGISTRY_NOW"].flatMap(Timestamp.parse)
            ?? Int64(Date().timeIntervalSince1970 * 1_000_000)
        // `Timestamp.format` writes ISO 8601, whose first ten characters are the date.
        return CalendarDate(String(Timestamp.format(micros).prefix(10))) ?? CalendarDate(year: 2000, month: 1, day: 1)!
    }

    /// An HTML page; a flash shown on it is cleared.
    static func page(_ c: RequestContext, _ html: String, status: Int = 200) -> HTTPResponse {
        var response = HTTPResponse.html(status, html)
        if c.request.cookies[flashCookie] != nil { response.addHeader("Set-Cookie", "\(flashCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict") }
        return response
    }

    /// A 303 to `location` carrying `message` to be shown once there.
    static func redirect(_ c: RequestContext, to location: String, flash message: String? = nil) -> HTTPResponse {
        var response = HTTPResponse.redirect(to: location)
        if let message {
            let value = Data(message.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            var cookie = "\(flashCookie)=\(value); Path=/; Max-Age=60; HttpOnly; SameSite=Strict"
            if c.server.configuration.isBehindProxy { cookie += "; Secure" }
            response.addHeader("Set-Cookie", cookie)
        }
        return response
    }

    /// The flash message a request's cookie carries.
    static func flash(_ request: HTTPRequest) -> [PageContext.Flash] {
        guard var value = request.cookies[flashCookie], !value.isEmpty else { return [] }
        value = value.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        value += String(repeating: "=", count: (4 - value.count % 4) % 4)
        guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8) else { return [] }
        return [.init(.success, text)]
    }

    /// A GET page's guard: nil when signed in with one of `roles`, else the answer (to the sign-in page, or a 403 page).
    static func gate(_ c: RequestContext, _ roles: Set<Role>) -> HTTPResponse? {
        guard let actor = c.actor else {
            return .redirect(to: "/login?next=" + HTML.query(c.request.path))
        }
        guard roles.contains(actor.role) else {
            let message = c.t("this page is for \(roles.map(\.rawValue).sorted().joined(separator: ", ")) accounts; you are signed in as \(actor).",
                              "此页面供 \(roles.map(\.rawValue).sorted().joined(separator: "、")) 账户使用；您以 \(actor) 身份登录。")
            return page(c, Layout.page(c.t("Not permitted", "无权访问"), context(c, flash: [.init(.error, message)]), content: ""), status: 403)
        }
        return nil
    }

    /// What running one command gave.
    struct Run {
        /// The exit code.
        var code: Int32
        /// Standard output (JSON).
        var output: [UInt8]
        /// The error that ended the command, with its facts (a `RegistryError.rejected` holds the rejection).
        var error: Error?
        /// The HTTP failure the JSON API would answer, when the command failed.
        var failure: APIError?
        /// Whether the command succeeded (or, for an import, ran to its report).
        var succeeded: Bool { failure == nil }
    }

    /// Runs `arguments` (a command line without the global options) for the signed-in account, as the JSON API does.
    static func run(_ arguments: [String], _ c: RequestContext) -> Run {
        // Forced: pages run commands only after `gate` (or on `.account` routes), so an account is signed in.
        let account = c.account!
        let (run, environment) = APIRoutes.embeddedRun(for: c)
        let full = arguments + ["--format", "json", "--lang", c.language.rawValue, "--as", account.actor.description,
                                "--log", c.server.configuration.logDirectory]
        let code = RegistryCLI.main(full, environment: environment, embeddedIn: run)
        let failed = !(code == 0 || (code == 1 && run.error == nil))
        return Run(code: code, output: run.standardOutput, error: run.error,
                   failure: failed ? APIRoutes.failure(code: code, run: run, c) : nil)
    }

    /// Runs a read and decodes its JSON.
    /// - Throws: the command's `APIError`, or a 500 when its JSON is not the record expected.
    static func read<T: Decodable>(_ type: T.Type, _ arguments: [String], _ c: RequestContext) throws -> T {
        let result = run(arguments, c)
        if let failure = result.failure { throw failure }
        do {
            // The command line writes its JSON keys in snake case (`per_page`), the records' properties are camel case.
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(T.self, from: Data(result.output))
        } catch {
            throw APIError.internalError(message: "the answer of '\(arguments.joined(separator: " "))' is not the record expected: \(error)")
        }
    }

    /// A failed command's message beside the field of `fields` it concerns.
    static func formState(_ result: Run, fields: [String], values: [String: String], language: Language) -> FormState {
        var form = FormState(values: values)
        if case RegistryError.rejected(let rejection)? = result.error {
            form.add(rejection, fields: fields, language: language)
        } else if let failure = result.failure {
            switch failure {
            case .badRequest(let field, let message): form.add(message, rule: nil, candidates: field.map { [$0] } ?? [], fields: fields)
            case .rejected(let rule, let message), .forbidden(let rule, let message): form.add(rule: rule, message: message, fields: fields)
            default: form.add(failure.message, rule: nil, candidates: [], fields: fields)
            }
        }
        return form
    }

    /// A page that shows a failed read (another school's record: Auth_01; an unknown ID: 404) with its message.
    static func failurePage(_ c: RequestContext, _ error: Error, title: String) -> HTTPResponse {
        let failure = error as? APIError ?? .internalError(message: "\(error)")
        var k = context(c)
        var rule = ""
        if case .forbidden(let r?, _) = failure { rule = "[\(r)] " }
        if case .rejected(let r?, _) = failure { rule = "[\(r)] " }
        k.flash.append(.init(.error, rule + failure.message))
        return page(c, Layout.page(title, k, content: ""), status: failure.status)
    }

    /// The form's fields by name (the last value of each).
    static func values(_ c: RequestContext, _ names: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in names { if let v = c.formValue(name) { out[name] = v.trimmingCharacters(in: .whitespaces) } }
        return out
    }

    /// `--name=value` for each non-empty value, in the order of `options` (field name → option name).
    static func options(_ values: [String: String], _ options: [(String, String)]) -> [String] {
        options.compactMap { field, option in values[field].flatMap { $0.isEmpty ? nil : "\(option)=\($0)" } }
    }
}
