import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What came back on one raw connection: the status line's code, headers and body, or why nothing did.
struct RawAnswer: CustomStringConvertible, Sendable {
    /// The status, or nil when the connection failed or closed before a whole answer.
    var status: Int?
    /// Header names lower-cased; a repeated header keeps its last value.
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    /// Why there is no answer (refused, reset, closed, timed out).
    var failure: String?

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    var description: String {
        if let status { return "HTTP \(status) \(text.prefix(200).debugDescription)" }
        return "no answer (\(failure ?? "?"))"
    }
}

/// A hand-written HTTP/1.1 client over POSIX sockets, one connection per request (`Connection:
/// close`). The server's side is libmicrohttpd; this side must be able to send what no well-behaved
/// client library would (oversized headers, NUL bytes, lies about the length, silence).
enum RawHTTP {
    /// Connects to 127.0.0.1:`port`; reads and writes give up after `timeout` seconds.
    static func connect(port: UInt16, timeout: Double) -> (fd: Int32?, failure: String?) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return (nil, "socket: \(String(cString: strerror(errno)))") }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            return (nil, "connect: \(reason)")
        }
        return (fd, nil)
    }

    /// Sends all of `bytes` (no SIGPIPE: a server that closed early is an answer, not a crash).
    @discardableResult
    static func send(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                return "send: \(String(cString: strerror(errno)))"
            }
            sent += n
        }
        return nil
    }

    /// Reads one answer: up to the end of its body by Content-Length, or to the connection's end.
    static func receive(_ fd: Int32) -> RawAnswer {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var failure: String?
        while true {
            if let answer = parse(data, complete: false) { return answer }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failure = errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : "recv: \(String(cString: strerror(errno)))" }
            break
        }
        if let answer = parse(data, complete: true) { return answer }
        return RawAnswer(status: nil, failure: failure ?? (data.isEmpty ? "closed without an answer" : "closed in the middle of the answer"))
    }

    /// The answer in `data`, once its headers and (by Content-Length, or at the end of the data) its body are there.
    private static func parse(_ data: [UInt8], complete: Bool) -> RawAnswer? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard data.count >= 4, let end = (0...(data.count - 4)).first(where: { Array(data[$0..<$0 + 4]) == separator }) else { return nil }
        let head = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusWords = head[0].split(separator: " ")
        guard statusWords.count >= 2, statusWords[0].hasPrefix("HTTP/"), let status = Int(statusWords[1]) else {
            return complete ? RawAnswer(status: nil, failure: "not an HTTP answer: \(head[0].prefix(80).debugDescription)") : nil
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(data[(end + 4)...])
        if let length = headers["content-length"].flatMap(Int.init) {
            if body.count >= length { return RawAnswer(status: status, headers: headers, body: Array(body.prefix(length))) }
            return complete ? RawAnswer(status: nil, failure: "closed after \(body.count) of \(length) body bytes") : nil
        }
        return complete ? RawAnswer(status: status, headers: headers, body: body) : nil
    }

    /// Sends raw bytes on a fresh connection and reads the answer.
    static func exchange(port: UInt16, _ bytes: [UInt8], timeout: Double = 30) -> RawAnswer {
        let (fd, failure) = connect(port: port, timeout: timeout)
        guard let fd else { return RawAnswer(status: nil, failure: failure) }
        defer { close(fd) }
        let sendFailure = send(fd, bytes)
        var answer = receive(fd)
        // A server may answer (431, 413) before it has read everything and close: its answer counts.
        if answer.status == nil, let sendFailure { answer.failure = sendFailure + "; " + (answer.failure ?? "") }
        return answer
    }

    /// A well-formed request's bytes: Host, Connection: close, Content-Length when there is a body.
    static func requestBytes(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept-Language: en\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// One well-formed request.
    static func request(port: UInt16, _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = [],
                        timeout: Double = 30) -> RawAnswer {
        exchange(port: port, requestBytes(method, path, headers: headers, body: body), timeout: timeout)
    }

    /// A JSON body's bytes (keys sorted, so that a retry sends the same bytes).
    static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }
}

/// How a client proves who it is: a session cookie with its CSRF token, or an API token.
struct Credentials: Sendable {
    /// The account's user name.
    var user: String
    var headers: [(String, String)]

    static func bearer(_ token: String, user: String) -> Credentials { Credentials(user: user, headers: [("Authorization", "Bearer " + token)]) }

    /// Logs in with `POST /api/v1/session`; nil (with the answer) when the server refused.
    static func logIn(port: UInt16, user: String, password: String) -> (Credentials?, RawAnswer) {
        let answer = RawHTTP.request(port: port, "POST", "/api/v1/session", headers: [("Content-Type", "application/json")],
                                     body: RawHTTP.json(["user": user, "password": password]))
        guard answer.status == 200, let cookie = answer.headers["set-cookie"]?.split(separator: ";").first,
              let token = answer.json["csrfToken"] as? String else { return (nil, answer) }
        return (Credentials(user: user, headers: [("Cookie", String(cookie)), ("X-CSRF-Token", token)]), answer)
    }

    /// The session cookie's value, for tampering with it.
    var sessionID: String? {
        headers.first { $0.0 == "Cookie" }.map { String($0.1.split(separator: "=", maxSplits: 1).last ?? "") }
    }
}
