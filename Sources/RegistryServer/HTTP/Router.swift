import HTTPServer

/// Who may reach a route.
public enum RouteAccess: Sendable {
    /// Anyone (login, the OpenAPI document, the login page).
    case open
    /// A logged-in account (session cookie or bearer token).
    case account
}

/// A route's handler: one small function per route (as Go's `net/http` handlers are).
public typealias RouteHandler = @Sendable (RequestContext) throws -> HTTPResponse

/// The method-and-path table. Pages register their GET/POST handlers here beside the API's.
///
/// A pattern is a path whose `{name}` segments match one segment and are handed to the handler as
/// `context.parameters[name]`; a trailing `{name...}` matches the rest of the path.
public final class Router: @unchecked Sendable {
    struct Route {
        let method: String
        let segments: [String]
        let access: RouteAccess
        let bodyLimit: Int
        let handler: RouteHandler
        /// Ends in `{name...}`, so it matches paths of any length from its own.
        var matchesLongerPaths: Bool
        /// A command of the JSON API whose only effects go through the writer, which confirms a bearer
        /// token met before (`BearerCheck`): such a request may skip the token's own lookup.
        let writerConfirmsBearer: Bool
        /// Whether a path of `count` segments could match (checked before comparing any segment: most
        /// of the table is ruled out by length alone).
        func couldMatch(count: Int) -> Bool { count == segments.count || (matchesLongerPaths && count >= segments.count) }
    }
    private(set) var routes: [Route] = []

    /// Creates an empty table.
    public init() {}

    /// Adds a route. A body larger than `bodyLimit` is answered 413 before the handler runs.
    public func add(_ method: String, _ pattern: String, access: RouteAccess = .account, bodyLimit: Int = 64 * 1024,
                    _ handler: @escaping RouteHandler) {
        add(method, pattern, access: access, bodyLimit: bodyLimit, writerConfirmsBearer: false, handler)
    }

    func add(_ method: String, _ pattern: String, access: RouteAccess = .account, bodyLimit: Int = 64 * 1024,
             writerConfirmsBearer: Bool, _ handler: @escaping RouteHandler) {
        let segments = Self.split(pattern)
        routes.append(Route(method: method, segments: segments, access: access, bodyLimit: bodyLimit, handler: handler,
                            matchesLongerPaths: segments.last.map { $0.hasPrefix("{") && $0.hasSuffix("...}") } ?? false,
                            writerConfirmsBearer: writerConfirmsBearer))
    }

    /// Adds a GET route.
    public func get(_ pattern: String, access: RouteAccess = .account, _ handler: @escaping RouteHandler) {
        add("GET", pattern, access: access, handler)
    }

    /// Adds a POST route.
    public func post(_ pattern: String, access: RouteAccess = .account, bodyLimit: Int = 64 * 1024, _ handler: @escaping RouteHandler) {
        add("POST", pattern, access: access, bodyLimit: bodyLimit, handler)
    }

    /// Adds a DELETE route.
    public func delete(_ pattern: String, access: RouteAccess = .account, _ handler: @escaping RouteHandler) {
        add("DELETE", pattern, access: access, handler)
    }

    static func split(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// The route for a method and path, with its parameters; `methodAllowed` is false when only the method is wrong.
    func match(_ method: String, _ path: String) -> (route: Route, parameters: [String: String])? {
        let parts = Self.split(path)
        for route in routes where route.couldMatch(count: parts.count) && (route.method == method || (method == "HEAD" && route.method == "GET")) {
            if let parameters = Self.match(route.segments, parts) { return (route, parameters) }
        }
        return nil
    }

    /// Whether any route matches the path with another method (405 rather than 404).
    func hasPath(_ path: String) -> Bool {
        let parts = Self.split(path)
        return routes.contains { $0.couldMatch(count: parts.count) && Self.match($0.segments, parts) != nil }
    }

    /// The body limit for a request (the largest limit of the routes its path could reach).
    func bodyLimit(_ method: String, _ path: String) -> Int {
        match(method, path)?.route.bodyLimit ?? 64 * 1024
    }

    private static func match(_ pattern: [String], _ parts: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (i, segment) in pattern.enumerated() {
            if segment.hasPrefix("{") && segment.hasSuffix("...}") {
                guard i < parts.count else { return nil }
                parameters[String(segment.dropFirst().dropLast(4))] = parts[i...].joined(separator: "/")
                return parameters
            }
            guard i < parts.count else { return nil }
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                parameters[String(segment.dropFirst().dropLast())] = parts[i]
            } else if segment != parts[i] {
                return nil
            }
        }
        return parts.count == pattern.count ? parameters : nil
    }
}
