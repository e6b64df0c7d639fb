import CMicroHTTPD
import Foundation

/// What the server needs to know to listen: where, how many connections, how long, how big.
public struct HTTPServerConfiguration: Sendable {
    /// IPv4 address to bind, e.g. `127.0.0.1`.
    public var host: String
    /// TCP port (0: any free port, see `HTTPServer.port`).
    public var port: UInt16
    /// At most this many connections at once; more are refused by libmicrohttpd.
    public var connectionLimit: Int = 256
    /// An idle or slow connection is closed after this many seconds.
    public var connectionTimeoutSeconds: Int = 30
    /// Memory for one connection's request line and headers (libmicrohttpd answers larger headers with 431).
    public var headerMemoryBytes: Int = 32 * 1024
    /// The largest body accepted for a request, by its path; larger bodies are answered 413.
    public var bodyLimit: @Sendable (_ method: String, _ path: String) -> Int = { _, _ in 64 * 1024 }

    /// Creates a configuration.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }
}

/// Why the server could not start.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
    /// The host is not an IPv4 address.
    case badAddress(String)
    /// libmicrohttpd could not start (port in use, no permission …).
    case cannotListen(host: String, port: UInt16)

    public var description: String {
        switch self {
        case .badAddress(let host): "'\(host)' is not an IPv4 address"
        case .cannotListen(let host, let port): "cannot listen on \(host):\(port) (in use, or not permitted)"
        }
    }
}

/// A thin owner of one libmicrohttpd daemon: libmicrohttpd parses HTTP and runs one thread per
/// connection (so that a handler may block, e.g. until its command is durable); the handler turns an
/// `HTTPRequest` into an `HTTPResponse`.
public final class HTTPServer: @unchecked Sendable {
    /// Turns a request into a response; called on libmicrohttpd's threads, concurrently.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    let configuration: HTTPServerConfiguration
    let handler: Handler
    private var daemon: OpaquePointer?
    private let inFlight = InFlightCounter()

    /// Creates a server; `start` listens.
    public init(configuration: HTTPServerConfiguration, handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// The port actually bound (useful with port 0).
    public private(set) var port: UInt16 = 0

    /// Starts listening.
    /// - Throws: `HTTPServerError`.
    public func start() throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        guard inet_pton(AF_INET, configuration.host, &address.sin_addr) == 1 else { throw HTTPServerError.badAddress(configuration.host) }
        let context = Unmanaged.passRetained(self).toOpaque()
        let flags = MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_ITC.rawValue
            | MHD_USE_POLL.rawValue
        let started: OpaquePointer? = withUnsafeMutablePointer(to: &address) { addressPointer in
            var options: [MHD_OptionItem] = [
                MHD_OptionItem(option: MHD_OPTION.SOCK_ADDR, value: 0, ptr_value: UnsafeMutableRawPointer(addressPointer)),
                MHD_OptionItem(option: MHD_OPTION.CONNECTION_LIMIT, value: configuration.connectionLimit, ptr_value: nil),
                MHD_OptionItem(option: MHD_OPTION.CONNECTION_TIMEOUT, value: configuration.connectionTimeoutSeconds, ptr_value: nil),
                MHD_OptionItem(option: MHD_OPTION.CONNECTION_MEMORY_LIMIT, value: configuration.headerMemoryBytes, ptr_value: nil),
                MHD_OptionItem(option: MHD_OPTION.NOTIFY_COMPLETED, value: unsafeBitCast(requestCompleted, to: Int.self), ptr_value: context),
                MHD_OptionItem(option: MHD_OPTION.END, value: 0, ptr_value: nil),
            ]
            return registry_mhd_start(flags, configuration.port, accessHandler, context, &options)
        }
        guard let started else {
            Unmanaged<HTTPServer>.fromOpaque(context).release()
            throw HTTPServerError.cannotListen(host: configuration.host, port: configuration.port)
        }
        daemon = started
        let bound = registry_mhd_bound_port(started)
        port = bound != 0 ? bound : configuration.port
    }

    /// Stops accepting new connections; connections already open are served to the end.
    public func stopAccepting() {
        guard let daemon else { return }
        let socket = MHD_quiesce_daemon(daemon)
        if socket >= 0 { close(socket) }
    }

    /// Waits until no request is being handled, then stops the daemon.
    public func stop() {
        inFlight.waitUntilIdle()
        guard let daemon else { return }
        MHD_stop_daemon(daemon)
        self.daemon = nil
    }

    /// Runs the handler for a complete request, counting it as in flight.
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        inFlight.enter()
        defer { inFlight.leave() }
        return handler(request)
    }
}

/// Counts requests being handled, so that a shutdown can wait for them.
final class InFlightCounter: @unchecked Sendable {
    private let condition = NSCondition()
    private var count = 0

    func enter() { condition.lock(); count += 1; condition.unlock() }

    func leave() {
        condition.lock()
        count -= 1
        if count == 0 { condition.broadcast() }
        condition.unlock()
    }

    func waitUntilIdle() {
        condition.lock()
        while count > 0 { condition.wait() }
        condition.unlock()
    }
}
