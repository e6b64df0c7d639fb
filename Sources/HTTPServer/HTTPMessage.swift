/// One HTTP request as libmicrohttpd parsed it: method, path, headers, query arguments, cookies and body.
///
/// Header names are lower-cased (HTTP header names are case-insensitive); the path and query values
/// are percent-decoded by libmicrohttpd.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, `DELETE` …
    public var method: String
    /// The path without the query, e.g. `/api/v1/placements/P-17`.
    public var path: String
    /// Request headers, names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    /// Query arguments (`?on=2026-03-31`), in order.
    public var query: [(name: String, value: String)]
    /// Cookies by name.
    public var cookies: [String: String]
    /// The body, whole (bounded by the server's body limits).
    public var body: [UInt8]

    /// Creates a request (the server does; tests and pages may too).
    public init(method: String, path: String, headers: [String: String] = [:], query: [(name: String, value: String)] = [],
                cookies: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.query = query
        self.cookies = cookies
        self.body = body
    }

    /// A header's value by its (case-insensitive) name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The last value of a query argument.
    public func queryValue(_ name: String) -> String? { query.last { $0.name == name }?.value }
}

/// An HTTP response: status, headers and body bytes.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Headers in order (`Set-Cookie` may repeat).
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a text body of the given content type.
    public init(status: Int, contentType: String, text: String) {
        self.init(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// Adds a header.
    public mutating func addHeader(_ name: String, _ value: String) { headers.append((name, value)) }
}
