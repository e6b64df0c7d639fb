import Foundation
import HTTPServer

/// A failure a handler answers with, and its HTTP status.
public enum APIError: Error, Equatable {
    /// 400: malformed input, naming the field when there is one.
    case badRequest(field: String?, message: String)
    /// 401: not logged in (or a wrong user or password, one message for both).
    case unauthorized(message: String)
    /// 403: not permitted (Auth_01, or a missing CSRF token).
    case forbidden(rule: String?, message: String)
    /// 404: no such record or route.
    case notFound(message: String)
    /// 409: a conflict (a stream moved on, the lock).
    case conflict(message: String)
    /// 422: a rule rejected the command.
    case rejected(rule: String?, message: String)
    /// 429: too many failed logins.
    case tooManyRequests(message: String)
    /// 500: an integrity or storage failure.
    case internalError(message: String)
    /// 415: a body that is not declared as JSON sent to an endpoint that reads JSON.
    case unsupportedMediaType(message: String)

    /// The HTTP status.
    public var status: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .rejected: 422
        case .tooManyRequests: 429
        case .internalError: 500
        case .unsupportedMediaType: 415
        }
    }

    /// The message.
    public var message: String {
        switch self {
        case .badRequest(_, let m), .unauthorized(let m), .forbidden(_, let m), .notFound(let m), .conflict(let m),
             .rejected(_, let m), .tooManyRequests(let m), .internalError(let m), .unsupportedMediaType(let m): m
        }
    }

    /// The JSON body: `{"rule": …, "message": …}` for rules, `{"field": …, "message": …}` for input.
    public var jsonBody: [String: Any] {
        var body: [String: Any] = ["message": message]
        switch self {
        case .badRequest(let field, _): if let field { body["field"] = field }
        case .forbidden(let rule, _), .rejected(let rule, _): if let rule { body["rule"] = rule }
        default: break
        }
        return body
    }

    /// The JSON response.
    public var response: HTTPResponse { HTTPResponse.json(status, jsonBody) }
}

extension HTTPResponse {
    /// A JSON response from a JSON-serialisable value.
    public static func json(_ status: Int, _ value: Any) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(data) + [10])
    }

    /// A JSON response whose body is already JSON text.
    public static func jsonText(_ status: Int, _ text: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: text)
    }

    /// An HTML page.
    public static func html(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/html; charset=utf-8", text: text)
    }

    /// A redirect (303 See Other, so that a form's POST is followed by a GET).
    public static func redirect(to location: String) -> HTTPResponse {
        HTTPResponse(status: 303, headers: [("Location", location)])
    }
}
