import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer.
struct HTTPAnswer: CustomStringConvertible {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var description: String { "HTTP \(status) \(text)" }
}

/// A `registry serve` process on a free loopback port over a harness's log, and a small HTTP client.
final class ServerHarness: @unchecked Sendable {
    let cli: CLIHarness
    let process = Process()
    private(set) var port = 0
    private let output = Pipe()
    private let session: URLSession

    /// Starts `registry serve --listen 127.0.0.1:0` and waits for its "listening on" line.
    init(_ cli: CLIHarness, arguments: [String] = []) throws {
        self.cli = cli
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = 60
        configuration.httpMaximumConnectionsPerHost = 128
        session = URLSession(configuration: configuration)
        process.executableURL = URL(fileURLWithPath: CLIHarness.executable)
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--log", cli.logDirectory, "--lang", "en"] + arguments
        process.environment = cli.environment
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var seen = ""
        while !seen.contains("listening on http://") || !seen.contains(")") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = seen.range(of: "http://127.0.0.1:"),
              let port = Int(seen[range.upperBound...].prefix { $0.isNumber }) else {
            throw HarnessFailure(message: "the server did not start: \(seen)")
        }
        self.port = port
        // Keep draining its output, so that a full pipe never blocks it.
        let handle = output.fileHandleForReading
        Thread.detachNewThread { while !handle.availableData.isEmpty {} }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    /// Sends a signal and waits for the exit status.
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// One request; `headers` add to the defaults (JSON, English).
    func request(_ method: String, _ path: String, json: Any? = nil, body: Data? = nil, headers: [String: String] = [:]) -> HTTPAnswer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)  // A literal URL with a number: cannot fail.
        request.httpMethod = method
        request.setValue("en", forHTTPHeaderField: "Accept-Language")
        if let json {
            request.httpBody = try? JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let box = AnswerBox()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            let http = response as? HTTPURLResponse
            var headers: [String: String] = [:]
            for (name, value) in http?.allHeaderFields ?? [:] { headers["\(name)".lowercased()] = "\(value)" }
            box.answer = HTTPAnswer(status: http?.statusCode ?? (error == nil ? 0 : -1), headers: headers, body: data ?? Data(error.map { "\($0)" }?.utf8 ?? "".utf8))
            done.signal()
        }.resume()
        done.wait()
        return box.answer!  // Set before the semaphore is signalled.
    }

    /// Creates an account with the command line and returns its one-time password.
    func addAccount(_ user: String, role: String) throws -> String {
        try Self.addAccount(cli, user, role: role)
    }

    static func addAccount(_ cli: CLIHarness, _ user: String, role: String) throws -> String {
        let result = try cli.run(["account", "add", user, "--role", role, "--name", "测试人员", "--as", "bureau:EDU"])
        try #require(result.status == 0, "\(result)")
        return String(result.stdout.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Logs in and returns the headers a browser's script would then send (cookie and CSRF token).
    func logIn(_ user: String, _ password: String) throws -> [String: String] {
        let answer = request("POST", "/api/v1/session", json: ["user": user, "password": password])
        try #require(answer.status == 200, "\(answer)")
        let cookie = try #require(answer.headers["set-cookie"]).split(separator: ";")[0]
        let token = try #require(answer.json["csrfToken"] as? String)
        return ["Cookie": String(cookie), "X-CSRF-Token": token]
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

private final class AnswerBox: @unchecked Sendable {
    var answer: HTTPAnswer?
}
