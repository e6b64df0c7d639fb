import Foundation
import HTTPServer
import RegistryDomain

/// Everything a route handler needs: the request, its path parameters, the language, and the
/// authenticated account with its session (CSRF token) — and the server, to run commands as the account.
public struct RequestContext: Sendable {
    /// The request.
    public let request: HTTPRequest
    /// The `{name}` segments of the route's pattern.
    public let parameters: [String: String]
    /// The language of messages: `?lang=`, then a `lang` cookie, then `Accept-Language`, then Chinese.
    public let language: Language
    /// The logged-in account, for routes with `.account` access.
    public let account: Account?
    /// The browser session, when the request came with a session cookie (nil with a bearer token).
    public let session: Session?
    /// The session cookie's value, when there is one.
    public let sessionID: String?
    /// The server.
    public let server: RegistryServer
    /// A bearer token met before, used without its own lookup: the writer confirms it (`BearerCheck`).
    let bearerCheck: BearerCheck?

    /// The acting organisation (`school:S01`) of the logged-in account.
    public var actor: Actor? { account?.actor }

    /// The CSRF token a page must put in its forms (`csrf_token` hidden field).
    public var csrfToken: String? { session?.csrfToken }

    /// The form fields of an `application/x-www-form-urlencoded` body (a repeated field keeps every value).
    public var form: [String: [String]] { FormDecoding.fields(request.body) }

    /// A form field's last value.
    public func formValue(_ name: String) -> String? { form[name]?.last }

    /// The body as JSON, if it is a JSON object declared as JSON (`Content-Type: application/json`).
    /// Any other declared type is 415 before the body is looked at: a page on another site may send
    /// `text/plain` or a form without asking the browser first, so the type is part of the defence,
    /// and a body that is not what it says it is must not be guessed at.
    public func jsonObject() throws(APIError) -> [String: JSONValue] {
        if request.body.isEmpty { return [:] }
        guard Self.isJSON(request.header("content-type")) else {
            let given = request.header("content-type").map { "'\($0)'" } ?? t("none", "无")
            throw APIError.unsupportedMediaType(message: t("the body must be JSON sent with Content-Type: application/json (the request's Content-Type is \(given)).",
                                                           "请求体必须是 JSON，并以 Content-Type: application/json 发送（本请求的 Content-Type 为 \(given)）。"))
        }
        guard let dictionary = try? JSONDecoder().decode([String: JSONValue].self, from: Data(request.body)) else {
            throw APIError.badRequest(field: nil, message: language == .zh ? "请求体不是 JSON 对象。" : "the body is not a JSON object.")
        }
        return dictionary
    }

    /// Whether a Content-Type names JSON: `application/json` or a `+json` type, with any parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            .trimmingCharacters(in: .whitespaces).lowercased()
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// `en` or `zh`, by the request's language.
    public func t(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    /// Picks the language of a request.
    static func language(of request: HTTPRequest) -> Language {
        if let lang = request.queryValue("lang"), let chosen = Language(rawValue: lang) { return chosen }
        if let lang = request.cookies["lang"], let chosen = Language(rawValue: lang) { return chosen }
        if let accept = request.header("accept-language") {
            for part in accept.split(separator: ",") {
                let tag = part.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
                if tag.hasPrefix("zh") { return .zh }
                if tag.hasPrefix("en") { return .en }
            }
        }
        return .zh
    }
}

/// `application/x-www-form-urlencoded` decoding: `&`-separated `name=value` pairs, `+` for space,
/// percent-escapes decoded by Foundation; a pair that does not decode is left out.
enum FormDecoding {
    static func fields(_ body: [UInt8]) -> [String: [String]] {
        guard let text = String(bytes: body, encoding: .utf8) else { return [:] }
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? { part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { continue }
            fields[name, default: []].append(value)
        }
        return fields
    }

    /// Whether a request's body is a form (by its content type, unless the body is plainly JSON).
    static func isForm(_ request: HTTPRequest) -> Bool {
        request.header("content-type")?.hasPrefix("application/x-www-form-urlencoded") == true && request.body.first != UInt8(ascii: "{")
    }
}
