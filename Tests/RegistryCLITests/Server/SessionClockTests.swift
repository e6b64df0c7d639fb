import Foundation
import HTTPServer
import RegistryServer
import Testing

/// A clock the test moves by hand, for the sessions' 8 hours idle and the logins' 15-minute windows.
private final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double = 1_000

    func now() -> Double { lock.withLock { seconds } }
    func advance(hours: Double = 0, minutes: Double = 0, seconds extra: Double = 0) {
        lock.withLock { seconds += hours * 3600 + minutes * 60 + extra }
    }
}

/// The server in this process over a harness's log, with an injected sessions' clock: requests go
/// straight to `RegistryServer.handle`, so that moving the clock 8 hours costs nothing.
private final class ClockedServer {
    let cli: CLIHarness
    let clock = ManualClock()
    let server: RegistryServer
    /// The one-time passwords of the accounts made before the server took the log.
    private(set) var passwords: [String: String] = [:]

    init(_ label: String, accounts: [(user: String, role: String)]) throws {
        cli = try Scenario.make("clock-\(label)", Scenario.rulesSetup, now: "2025-11-20T08:00:00Z")
        for (user, role) in accounts { passwords[user] = try ServerHarness.addAccount(cli, user, role: role) }
        var configuration = ServerConfiguration(logDirectory: cli.logDirectory, http: HTTPServerConfiguration(host: "127.0.0.1", port: 0))
        configuration.environment = cli.environment
        let clock = self.clock
        configuration.sessionClock = { clock.now() }
        server = try RegistryServer(configuration: configuration)
    }

    deinit { server.shutDown() }

    func request(_ method: String, _ path: String, json: String? = nil, session: (id: String, csrf: String)? = nil) -> HTTPResponse {
        var headers = ["accept-language": "en"]
        if json != nil { headers["content-type"] = "application/json" }
        if let session { headers["x-csrf-token"] = session.csrf }
        return server.handle(HTTPRequest(method: method, path: path, headers: headers,
                                         cookies: session.map { [RegistryServer.sessionCookie: $0.id] } ?? [:],
                                         body: Array((json ?? "").utf8)))
    }

    /// POST /api/v1/session: the answer's status, and the session when it is 200.
    func logIn(_ user: String, _ password: String) -> (status: Int, session: (id: String, csrf: String)?) {
        let body = String(decoding: try! JSONSerialization.data(withJSONObject: ["user": user, "password": password]), as: UTF8.self)
        let answer = request("POST", "/api/v1/session", json: body)
        guard answer.status == 200,
              let cookie = answer.headers.first(where: { $0.name == "Set-Cookie" })?.value,
              let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
              let csrf = object["csrfToken"] as? String else { return (answer.status, nil) }
        let id = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)[1]
        return (200, (String(id), csrf))
    }
}

/// Sessions end after 8 hours idle, and 10 failed logins within 15 minutes lock a user for 15 minutes
/// (issue 15): both sides of each boundary, with the clock moved rather than waited for.
@Suite(.serialized) struct SessionClockTests {
    @Test func aSessionIdleFor7h59mStillWorksAndOneIdleOver8HoursIs401UntilThePersonLogsInAgain() throws {
        let s = try ClockedServer("idle", accounts: [("zhou", "enterprise:E01")])
        let password = try #require(s.passwords["zhou"])
        let session = try #require(s.logIn("zhou", password).session)
        #expect(s.request("GET", "/api/v1/session", session: session).status == 200)

        s.clock.advance(hours: 7, minutes: 59)
        #expect(s.request("GET", "/api/v1/session", session: session).status == 200)
        // Idle time, not age: used at 7h59m, the session lives another 8 hours from then.
        s.clock.advance(hours: 7, minutes: 59, seconds: 59)
        #expect(s.request("GET", "/api/v1/session", session: session).status == 200)

        s.clock.advance(hours: 8, seconds: 1)
        let before = s.cli.logBytes()
        let expired = s.request("POST", "/api/v1/placements/P-1/stipends", json: #"{"month":"2025-10","amount":"3400","paidOn":"2025-11-10"}"#,
                                session: session)
        #expect(expired.status == 401, "\(expired.status) \(String(decoding: expired.body, as: UTF8.self))")
        #expect(s.cli.logBytes() == before)
        // Ended for good: the same cookie stays refused even when used again at once.
        #expect(s.request("GET", "/api/v1/session", session: session).status == 401)

        let again = try #require(s.logIn("zhou", password).session)
        #expect(again.id != session.id)
        let confirmed = s.request("POST", "/api/v1/placements/P-1/stipends", json: #"{"month":"2025-10","amount":"3400","paidOn":"2025-11-10"}"#,
                                  session: again)
        #expect(confirmed.status == 201, "\(confirmed.status) \(String(decoding: confirmed.body, as: UTF8.self))")
    }

    @Test func anIdleTimeThatIsNotACountOfSecondsStopsServeWithExit2() throws {
        let cli = try Scenario.make("clock-env", Scenario.bureauSetup)
        for value in ["0", "-5", "soon", "28801"] {
            let refused = try cli.run(["serve", "--listen", "127.0.0.1:0"], extraEnvironment: ["REGISTRY_SESSION_IDLE_SECONDS": value])
            #expect(refused.status == 2, "\(value): \(refused)")
            #expect(refused.stderr.contains("REGISTRY_SESSION_IDLE_SECONDS '\(value)'"), "\(refused)")
        }
    }

    @Test func nineFailedLoginsDoNotLockTheUserTenLockItFor15Minutes() throws {
        let s = try ClockedServer("lock", accounts: [("qian", "school:S01")])
        let password = try #require(s.passwords["qian"])
        for _ in 0..<9 { #expect(s.logIn("qian", "not-the-password").status == 401) }
        #expect(s.logIn("qian", password).status == 200)

        // The success forgot the nine: ten more are needed, and the tenth locks.
        for _ in 0..<9 { #expect(s.logIn("qian", "not-the-password").status == 401) }
        #expect(s.logIn("qian", "not-the-password").status == 401)
        #expect(s.logIn("qian", password).status == 429)
        s.clock.advance(minutes: 14, seconds: 59)
        #expect(s.logIn("qian", password).status == 429)
        s.clock.advance(seconds: 1)
        #expect(s.logIn("qian", password).status == 200)
    }

    @Test func aFailureOlderThan15MinutesNoLongerCountsTowardTheLock() throws {
        let s = try ClockedServer("window", accounts: [("sun", "school:S01"), ("zhao", "school:S02")])
        let password = try #require(s.passwords["sun"])
        let other = try #require(s.passwords["zhao"])

        // Ten failures within 14m59s: locked.
        #expect(s.logIn("zhao", "not-the-password").status == 401)
        s.clock.advance(minutes: 14, seconds: 59)
        for _ in 0..<9 { #expect(s.logIn("zhao", "not-the-password").status == 401) }
        #expect(s.logIn("zhao", other).status == 429)

        // The first failure 15 minutes old when the next nine come: only nine count, not locked.
        #expect(s.logIn("sun", "not-the-password").status == 401)
        s.clock.advance(minutes: 15)
        for _ in 0..<9 { #expect(s.logIn("sun", "not-the-password").status == 401) }
        #expect(s.logIn("sun", password).status == 200)
    }
}
