import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The hostile half of scenario 9: malformed and abusive HTTP against a running `registry serve`
/// (`--timeout 2 --max-connections 8`, sessions ending after 5 s idle through
/// `REGISTRY_SESSION_IDLE_SECONDS`). Each request gets the status documented beside it and the log's
/// segments stay byte-for-byte the same; never a 500, never a crash or a hang. Where the status is
/// libmicrohttpd's rather than ours (oversized headers: 431; a request line too long: 414 or 431; an
/// unknown HTTP version: 505) the case says so, and the run prints what it got.
struct ServerHostileScenario {
    let ctx: TortureContext
    let log: String
    let accounts: ServerAccounts
    let result: ScenarioResult

    static let idleSeconds = 5
    static let timeoutSeconds = 2
    static let maxConnections = 8

    func run() {
        guard let server = ServerProcess.start(ctx, log: log,
                                               arguments: ["--timeout", String(Self.timeoutSeconds), "--max-connections", String(Self.maxConnections)],
                                               environment: ["REGISTRY_SESSION_IDLE_SECONDS": String(Self.idleSeconds)], result: result) else { return }
        let port = server.port
        let untouched = Files.segmentBytes(log)
        var serial = 0
        /// A valid new student for school S01: what each hostile request would append if it got through.
        func student() -> [UInt8] {
            serial += 1
            return RawHTTP.json(["id": "HOST-\(serial)", "name": "学生", "major": "数控技术", "birth": "2006-01-01", "enrolled": "2025-09-01"])
        }
        func session() -> Credentials {
            let (credentials, answer) = Credentials.logIn(port: port, user: "s01", password: accounts.passwords["s01"] ?? "")
            if credentials == nil { result.fail("hostile HTTP: logging in as s01 failed: \(answer)") }
            return credentials ?? Credentials(user: "s01", headers: [])
        }
        let json = [("Content-Type", "application/json")]

        // Headers and request lines.
        let filler = String(repeating: "a", count: 64 * 1024)
        check("a 64 KB header (libmicrohttpd's memory limit is 32 KB)", [431, 413, 400], note: true) {
            RawHTTP.request(port: port, "GET", "/api/v1/session", headers: session().headers + [("X-Filler", filler)])
        }
        check("2,000 headers", [431, 413, 400], note: true) {
            RawHTTP.request(port: port, "POST", "/api/v1/students",
                            headers: session().headers + json + (0..<2000).map { ("X-H\($0)", "value") }, body: student())
        }
        check("a 100 KB request line", [414, 431, 400], note: true) {
            RawHTTP.request(port: port, "GET", "/api/v1/students/" + String(repeating: "A", count: 100_000), headers: session().headers)
        }

        // Bodies.
        check("bad JSON", [400], mention: "JSON") {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: session().headers + json, body: Array(#"{"id": "HOST-X", "name": "#.utf8))
        }
        check("a JSON array instead of an object", [400], mention: "JSON") {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: session().headers + json, body: Array("[1,2,3]".utf8))
        }
        check("JSON with invalid UTF-8", [400]) {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: session().headers + json,
                            body: Array(#"{"id":"HOST-U","name":""#.utf8) + [0xFF, 0xFE] + Array(#"","major":"x","birth":"2006-01-01","enrolled":"2025-09-01"}"#.utf8))
        }
        check("JSON nested 20,000 deep", [400]) {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: session().headers + json,
                            body: Array(("{\"id\":" + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "}").utf8))
        }
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            check("a JSON body sent as \(type)", [415], mention: "application/json") {
                RawHTTP.request(port: port, "POST", "/api/v1/students", headers: session().headers + [("Content-Type", type)], body: student())
            }
        }
        check("a JSON body with no Content-Type", [415]) {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: session().headers, body: student())
        }
        check("a body over 64 KB", [413]) {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: session().headers + json,
                            body: Array(("{\"id\":\"HOST-BIG\",\"name\":\"" + String(repeating: "x", count: 70_000) + "\"}").utf8))
        }
        check("Content-Length 1 GB with no body", [413]) {
            RawHTTP.exchange(port: port, Array(("POST /api/v1/students HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                                + session().headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "Content-Length: 1000000000\r\n\r\n").utf8))
        }
        check("Content-Length -1", [400]) {
            RawHTTP.exchange(port: port, Array(("POST /api/v1/students HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                                + session().headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "Content-Length: -1\r\n\r\n").utf8))
        }
        check("a chunked body with a bad chunk size", [400], closedIsRight: true) {
            RawHTTP.exchange(port: port, Array(("POST /api/v1/students HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                                + session().headers.map { "\($0.0): \($0.1)\r\n" }.joined()
                                                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").utf8))
        }
        check("a body shorter than its Content-Length, then silence (timed out)", [400, 408], closedIsRight: true) {
            let started = Date()
            let answer = RawHTTP.exchange(port: port, Array(("POST /api/v1/students HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                                             + session().headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "Content-Length: 500\r\n\r\n{\"id\":").utf8),
                                          timeout: 20)
            return timedOut(answer, after: started)
        }

        // Who is asking.
        check("no credentials (GET)", [401]) { RawHTTP.request(port: port, "GET", "/api/v1/students") }
        check("no credentials (POST)", [401]) { RawHTTP.request(port: port, "POST", "/api/v1/students", headers: json, body: student()) }
        check("a wrong API token", [401]) {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: json + [("Authorization", "Bearer " + String(repeating: "0", count: 64))],
                            body: student())
        }
        check("a forged session cookie", [401]) {
            let token = session().headers.first { $0.0 == "X-CSRF-Token" }?.1 ?? ""
            let forged = (0..<32).map { _ in String(format: "%02x", ctx.int(0..<256)) }.joined()
            return RawHTTP.request(port: port, "POST", "/api/v1/students",
                                   headers: json + [("Cookie", "registry_session=" + forged), ("X-CSRF-Token", token)], body: student())
        }
        check("a tampered session cookie (one digit changed)", [401]) {
            let real = session()
            let id = real.sessionID ?? ""
            let tampered = String(id.dropLast()) + (id.last == "0" ? "1" : "0")
            let token = real.headers.first { $0.0 == "X-CSRF-Token" }?.1 ?? ""
            return RawHTTP.request(port: port, "POST", "/api/v1/students",
                                   headers: json + [("Cookie", "registry_session=" + tampered), ("X-CSRF-Token", token)], body: student())
        }
        check("a session cookie without X-CSRF-Token", [403], mention: "CSRF") {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: session().headers.filter { $0.0 != "X-CSRF-Token" } + json, body: student())
        }
        check("a session cookie with another session's CSRF token", [403], mention: "CSRF") {
            let mine = session(), other = session()
            return RawHTTP.request(port: port, "POST", "/api/v1/students",
                                   headers: mine.headers.filter { $0.0 != "X-CSRF-Token" } + other.headers.filter { $0.0 == "X-CSRF-Token" } + json,
                                   body: student())
        }
        // The pages' forms: the hidden csrf_token field plays the header's part.
        let form = "id=HOST-FORM&name=%E5%AD%A6%E7%94%9F&major=%E6%95%B0%E6%8E%A7%E6%8A%80%E6%9C%AF&birth=2006-01-01&enrolled=2025-09-01"
        check("a page's form posted with the session cookie and no csrf_token", [403]) {
            RawHTTP.request(port: port, "POST", "/school/students/new", headers: session().headers.filter { $0.0 != "X-CSRF-Token" }
                            + [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8))
        }
        check("a page's form posted with a forged csrf_token", [403]) {
            RawHTTP.request(port: port, "POST", "/school/students/new", headers: session().headers.filter { $0.0 != "X-CSRF-Token" }
                            + [("Content-Type", "application/x-www-form-urlencoded")], body: Array((form + "&csrf_token=" + String(repeating: "ab", count: 32)).utf8))
        }
        let idle = session()
        usleep(1_000_000)
        check("a session idle 1 s of \(Self.idleSeconds) s", [200]) { RawHTTP.request(port: port, "GET", "/api/v1/session", headers: idle.headers) }
        usleep(UInt32(Self.idleSeconds) * 1_000_000 + 1_500_000)
        check("an expired session (idle \(Self.idleSeconds + 1).5 s of \(Self.idleSeconds) s)", [401]) {
            RawHTTP.request(port: port, "POST", "/api/v1/students", headers: idle.headers + json, body: student())
        }
        check("logging in again after the session expired", [200]) {
            RawHTTP.request(port: port, "GET", "/api/v1/session", headers: session().headers)
        }

        // Paths and IDs.
        let traversals = ["/api/v1/placements/..%2F..%2Fetc%2Fpasswd/stipends", "/api/v1/placements/../../etc/passwd/stipends",
                          "/api/v1/placements/SVP-E01-0%00/stipends", "/api/v1/placements/%2E%2E/stipends",
                          "/api/v1/placements/--log=%2Ftmp%2Fx/start", "/%2E%2E/%2E%2E/etc/passwd", "/api/v1/../../../etc/passwd"]
        for path in traversals {
            check("POST \(path)", [400, 404, 405]) {
                RawHTTP.request(port: port, "POST", path, headers: session().headers + json,
                                body: RawHTTP.json(["month": "2025-09", "amount": "3000", "paidOn": "2025-10-10", "on": "2025-09-01"]))
            }
        }
        for path in ["/api/v1/students/..%2F..%2Fetc%2Fpasswd", "/api/v1/history/..%2F..%2Fcredentials.sqlite", "/api/v1/students/%2E%2E",
                     "/api/v1/students/%C0%AE%C0%AE%2F", "/api/v1/students/A%00B", "/api/v1/history/student-..%2F..%2F00000001.seg"] {
            check("GET \(path)", [400, 404]) { RawHTTP.request(port: port, "GET", path, headers: session().headers) }
        }
        // libmicrohttpd reads the request line up to the NUL: the ID is cut there ("A"), and unknown.
        check("a NUL byte in the request line", [400, 404], closedIsRight: true, note: true) {
            RawHTTP.exchange(port: port, Array("GET /api/v1/students/A".utf8) + [0]
                             + Array(("B HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + session().headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n").utf8))
        }
        check("a NUL byte in a POST's path", [400, 404, 405], closedIsRight: true) {
            RawHTTP.exchange(port: port, Array("POST /api/v1/placements/SVP-E01-0".utf8) + [0]
                             + Array(("/stipends HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                      + session().headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "Content-Length: 2\r\n\r\n{}").utf8))
        }
        check("an upload named '..'", [400], mention: "file") {
            RawHTTP.request(port: port, "POST", "/api/v1/imports/students?file=..", headers: session().headers + [("Content-Type", "text/csv")],
                            body: Array("id,name,major,birth,enrolled\nHOST-CSV,学生,数控技术,2006-01-01,2025-09-01\n".utf8))
        }

        // The protocol.
        check("an unknown method", [400, 404, 405, 501], note: true) { RawHTTP.request(port: port, "BREW", "/api/v1/students", headers: session().headers) }
        check("a request line that is not HTTP", [400], closedIsRight: true) {
            RawHTTP.exchange(port: port, Array("HELLO THERE\r\n\r\n".utf8))
        }
        // RFC 9112 asks for 400; libmicrohttpd answers it as any GET unless made strict, which its
        // authors advise against in production. A read, and nothing appended: either is accepted.
        check("HTTP/1.1 without Host", [200, 400], note: true) {
            RawHTTP.exchange(port: port, Array("GET /api/v1/openapi.json HTTP/1.1\r\nConnection: close\r\n\r\n".utf8))
        }
        check("HTTP/2.0 in the request line", [400, 505], closedIsRight: true, note: true) {
            RawHTTP.exchange(port: port, Array("GET /api/v1/openapi.json HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        }

        // Connections.
        check("an idle connection (--timeout \(Self.timeoutSeconds))", [408], closedIsRight: true) {
            let started = Date()
            let (fd, failure) = RawHTTP.connect(port: port, timeout: 20)
            guard let fd else { return RawAnswer(status: nil, failure: failure) }
            defer { close(fd) }
            return timedOut(RawHTTP.receive(fd), after: started)
        }
        check("headers sent slowly and never finished (--timeout \(Self.timeoutSeconds))", [408], closedIsRight: true) {
            let started = Date()
            let (fd, failure) = RawHTTP.connect(port: port, timeout: 20)
            guard let fd else { return RawAnswer(status: nil, failure: failure) }
            defer { close(fd) }
            for piece in ["GET /api/v1/ses", "sion HTTP/1.1\r\n", "Host: x\r\n"] {
                RawHTTP.send(fd, Array(piece.utf8))
                usleep(300_000)
            }
            return timedOut(RawHTTP.receive(fd), after: started)
        }
        check("one connection more than --max-connections \(Self.maxConnections)", [503], closedIsRight: true) {
            var held: [Int32] = []
            defer { held.forEach { close($0) } }
            for _ in 0..<Self.maxConnections {
                if let fd = RawHTTP.connect(port: port, timeout: 10).fd { held.append(fd) }
            }
            usleep(200_000)
            var answer = RawHTTP.request(port: port, "GET", "/api/v1/openapi.json", timeout: 10)
            if answer.status == 200 { answer.failure = "served although \(held.count) connections were open" ; answer.status = -200 }
            return answer
        }
        usleep(300_000)
        check("a request once the connections are closed again", [200]) { RawHTTP.request(port: port, "GET", "/api/v1/openapi.json") }

        if ctx.runner.poll(server.child) != nil { result.fail("hostile HTTP: the server is no longer running") }
        let stopped = server.terminate(ctx)
        if stopped.status != 0 { result.fail("hostile HTTP: SIGTERM: the server ended \(stopped)") }
        if stopped.stderr.lowercased().contains("fatal error") { result.fail("hostile HTTP: the server printed a crash: \(stopped.stderr.prefix(300))") }
        if Files.segmentBytes(log) != untouched { result.fail("hostile HTTP: the log changed over the hostile requests") }
        let (v, _) = ctx.runner.verify(log)
        if v.status != 0 { result.fail("hostile HTTP: registry verify afterwards: \(v)") }
    }

    /// The answer to a request the server should give up on: closed (or 408) within the timeout and a
    /// margin; still open at the client's own 20 s is a hang.
    private func timedOut(_ answer: RawAnswer, after started: Date) -> RawAnswer {
        let seconds = Date().timeIntervalSince(started)
        if answer.failure == "timed out" || seconds > Double(Self.timeoutSeconds) + 10 {
            return RawAnswer(status: -1, failure: "still open after \(String(format: "%.1f", seconds)) s (--timeout \(Self.timeoutSeconds))")
        }
        return answer
    }

    /// Sends one hostile request: its status must be one of `expected` (or the connection closed
    /// without an answer, where that is right), never 5xx but the ones named, the message naming
    /// `mention`, and the log unchanged.
    private func check(_ label: String, _ expected: Set<Int>, mention: String? = nil, closedIsRight: Bool = false, note: Bool = false,
                       _ send: () -> RawAnswer) {
        result.tried += 1
        let before = Files.segmentBytes(log)
        let answer = send()
        var problems: [String] = []
        if let status = answer.status {
            if !expected.contains(status) { problems.append("answered \(answer), expected \(expected.sorted().map(String.init).joined(separator: " or "))") }
            if let mention, !answer.text.contains(mention) { problems.append("the message does not name '\(mention)': \(answer.text.prefix(200).debugDescription)") }
        } else if !closedIsRight {
            problems.append("\(answer), expected \(expected.sorted().map(String.init).joined(separator: " or "))")
        }
        if Files.segmentBytes(log) != before { problems.append("the log changed") }
        if note { result.notes.append("\(label): \(answer.status.map { "HTTP \($0)" } ?? "closed")") }
        ctx.log("hostile HTTP: \(label): \(answer)")
        if problems.isEmpty {
            result.good += 1
            result.add("hostile HTTP cases")
        } else {
            result.fail("hostile HTTP: \(label): \(problems.joined(separator: "; "))")
        }
    }
}
