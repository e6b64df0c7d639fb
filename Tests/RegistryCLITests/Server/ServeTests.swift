import Foundation
import Testing

/// `registry serve` end to end (issue 15): the built binary on a free loopback port, spoken to over HTTP.
@Suite(.serialized) struct ServeTests {
    /// The rules scenario's district, with the clock in late November so that October's stipends may be confirmed.
    static func district(_ label: String) throws -> CLIHarness {
        try Scenario.make("serve-\(label)", Scenario.rulesSetup, now: "2025-11-20T08:00:00Z")
    }

    static func segmentBytes(_ cli: CLIHarness) -> [String: Data] { cli.logBytes() }

    @Test func logInAnswersTheCookieTheCSRFTokenAndTheActorAndACommandRecordsThePerson() throws {
        let cli = try Self.district("login")
        let password = try ServerHarness.addAccount(cli, "zhang", role: "enterprise:E01")
        let server = try ServerHarness(cli)
        let login = server.request("POST", "/api/v1/session", json: ["user": "zhang", "password": password])
        #expect(login.status == 200)
        let cookie = try #require(login.headers["set-cookie"])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
        #expect(login.json["actor"] as? String == "enterprise:E01")
        #expect((login.json["csrfToken"] as? String)?.count ?? 0 >= 32)
        let headers = try server.logIn("zhang", password)
        let confirmed = server.request("POST", "/api/v1/placements/P-1/stipends",
                                       json: ["month": "2025-10", "amount": "3400", "paidOn": "2025-11-10"], headers: headers)
        #expect(confirmed.status == 201, "\(confirmed)")
        let positions = try #require(confirmed.json["positions"] as? [Int])
        #expect(positions.count == 2 && positions[0] == positions[1])
        let changed = server.request("POST", "/api/v1/session/password", json: ["current": password, "new": "a-new-long-password"], headers: headers)
        #expect(changed.status == 200, "\(changed)")
        #expect(server.request("POST", "/api/v1/session", json: ["user": "zhang", "password": "a-new-long-password"]).status == 200)
        let loggedOut = server.request("DELETE", "/api/v1/session", headers: headers)
        #expect(loggedOut.status == 200)
        #expect(server.request("GET", "/api/v1/session", headers: headers).status == 401)
        #expect(server.stop() == 0)
        let history = try cli.run(["history", "placement-P-1", "--as", "inspector:INSP", "--format", "json"])
        #expect(history.stdout.contains("enterprise:E01 zhang"), "\(history)")
        // The display name is personal data: kept in the credentials file, never in the log.
        let log = cli.logBytes().values.reduce(Data(), +)
        #expect(log.range(of: Data("测试人员".utf8)) == nil)
        // Accounts are events: the bureau's creation, and the person's own password change below.
        let accountHistory = try cli.run(["history", "account-zhang", "--as", "inspector:INSP"])
        #expect(accountHistory.stdout.contains("AccountRecorded"), "\(accountHistory)")
        #expect(try cli.run(["account", "add", "x1", "--role", "school:S01", "--as", "school:S01"]).status == 5)
    }

    @Test func aWrongUserOrPasswordIs401WithOneMessageAndTenFailuresLockTheUser() throws {
        let cli = try Self.district("401")
        let password = try ServerHarness.addAccount(cli, "li", role: "school:S01")
        let server = try ServerHarness(cli)
        let unknownUser = server.request("POST", "/api/v1/session", json: ["user": "nobody", "password": password])
        let wrongPassword = server.request("POST", "/api/v1/session", json: ["user": "li", "password": "wrong-password"])
        #expect(unknownUser.status == 401 && wrongPassword.status == 401)
        #expect(unknownUser.json["message"] as? String == wrongPassword.json["message"] as? String)
        for _ in 0..<9 { _ = server.request("POST", "/api/v1/session", json: ["user": "li", "password": "wrong-password"]) }
        let locked = server.request("POST", "/api/v1/session", json: ["user": "li", "password": password])
        #expect(locked.status == 429, "\(locked)")
        #expect(server.request("GET", "/api/v1/students").status == 401)
    }

    @Test func aStateChangingRequestWithACookieButNoCSRFTokenIs403AndAppendsNothing() throws {
        let cli = try Self.district("csrf")
        let password = try ServerHarness.addAccount(cli, "wang", role: "school:S01")
        let server = try ServerHarness(cli)
        var headers = try server.logIn("wang", password)
        headers["X-CSRF-Token"] = nil
        let before = cli.logBytes()
        let refused = server.request("POST", "/api/v1/placements/P-5/start", json: ["on": "2025-09-01"], headers: headers)
        #expect(refused.status == 403, "\(refused)")
        headers["X-CSRF-Token"] = "forged"
        #expect(server.request("POST", "/api/v1/placements/P-5/start", json: ["on": "2025-09-01"], headers: headers).status == 403)
        #expect(server.stop() == 0)
        #expect(cli.logBytes() == before)
    }

    @Test func anotherSchoolsRecordsAre403WithTheAuth01MessageAsOnTheCommandLine() throws {
        let cli = try Self.district("auth")
        let password = try ServerHarness.addAccount(cli, "s02clerk", role: "school:S02")
        let server = try ServerHarness(cli)
        let headers = try server.logIn("s02clerk", password)
        let before = cli.logBytes()
        let write = server.request("POST", "/api/v1/placements/P-5/start", json: ["on": "2025-09-01"], headers: headers)
        #expect(write.status == 403, "\(write)")
        #expect(write.json["rule"] as? String == "Auth_01")
        let read = server.request("GET", "/api/v1/students/2023001", headers: headers)
        #expect(read.status == 403, "\(read)")
        // While the server holds the log, a command-line write waits for the lock and gives up with exit 3; reads work.
        let waiting = try cli.run(["placement", "start", "P-5", "--on", "2025-09-01", "--as", "school:S01"],
                                  extraEnvironment: ["REGISTRY_LOCK_TIMEOUT_MS": "200"])
        #expect(waiting.status == 3, "\(waiting)")
        #expect(try cli.run(["show", "student", "2023001", "--as", "school:S01"]).status == 0)
        #expect(server.stop() == 0)
        #expect(cli.logBytes() == before)
        let cliAnswer = try cli.run(["placement", "start", "P-5", "--on", "2025-09-01", "--as", "school:S02"])
        #expect(cliAnswer.status == 5)
        #expect(cliAnswer.stderr.contains(write.json["message"] as? String ?? "(none)"), "\(cliAnswer)")
    }

    @Test func ruleRejectionsAre422MalformedInputIs400NamingTheFieldUnknownIDsAre404() throws {
        let cli = try Self.district("422")
        let password = try ServerHarness.addAccount(cli, "zhao", role: "school:S01")
        let server = try ServerHarness(cli)
        let headers = try server.logIn("zhao", password)
        let uninsured = server.request("POST", "/api/v1/placements/P-3/start", json: ["on": "2025-09-01"], headers: headers)
        #expect(uninsured.status == 422, "\(uninsured)")
        #expect(uninsured.json["rule"] as? String == "Insurance_01")
        let badDate = server.request("POST", "/api/v1/placements/P-5/start", json: ["on": "2025-13-01"], headers: headers)
        #expect(badDate.status == 400, "\(badDate)")
        #expect(badDate.json["field"] as? String == "on")
        let zh = server.request("POST", "/api/v1/placements/P-3/start", json: ["on": "2025-09-01"],
                                headers: headers.merging(["Accept-Language": "zh-CN,zh;q=0.9"]) { _, new in new })
        #expect((zh.json["message"] as? String)?.unicodeScalars.contains { $0.value >= 0x4E00 } == true, "\(zh)")
        #expect(server.request("GET", "/api/v1/students/NOPE-1", headers: headers).status == 404)
        // An ID that reads as an option is refused, not passed on as one.
        let injected = server.request("POST", "/api/v1/placements/--as=bureau:EDU/start", json: ["on": "2025-09-01"], headers: headers)
        #expect(injected.status == 400, "\(injected)")
        let reserved = server.request("POST", "/api/v1/placements/P-5/start", json: ["on": "2025-09-01", "as": "bureau:EDU"], headers: headers)
        #expect(reserved.status == 400, "\(reserved)")
    }

    @Test func aBodyOver64KBIs413AndAnImportMayBeLarger() throws {
        let cli = try Self.district("413")
        let password = try ServerHarness.addAccount(cli, "sun", role: "school:S01")
        let server = try ServerHarness(cli)
        let headers = try server.logIn("sun", password)
        var csv = "学号,姓名,专业,出生日期,入学日期\n"
        for i in 0..<2000 { csv += "20259\(String(format: "%04d", i)),学生\(i),数控技术,2006-01-01,2025-09-01\n" }
        #expect(csv.utf8.count > 64 * 1024)
        let imported = server.request("POST", "/api/v1/imports/students?file=students.csv", body: Data(csv.utf8),
                                      headers: headers.merging(["Content-Type": "text/csv"]) { _, new in new })
        #expect(imported.status == 200, "\(imported)")
        #expect(imported.json["imported"] as? Int == 2000, "\(imported)")
        #expect(imported.json["file"] as? String == "students.csv")
        // Refused once its body is read and thrown away, so the client reads the 413 rather than a reset.
        let big = Data(("{\"on\":\"2025-09-01\",\"x\":\"" + String(repeating: "a", count: 70_000) + "\"}").utf8)
        let refused = server.request("POST", "/api/v1/placements/P-5/start", body: big,
                                     headers: headers.merging(["Content-Type": "application/json"]) { _, new in new })
        #expect(refused.status == 413, "\(refused.status)")
    }

    @Test func aRepeatedIdempotencyKeyAnswers200WithTheFirstPositionsAndABearerTokenNeedsNoCSRF() throws {
        let cli = try Self.district("idem")
        _ = try ServerHarness.addAccount(cli, "hr", role: "enterprise:E01")
        let token = try cli.run(["account", "token", "hr", "--as", "bureau:EDU"])
        #expect(token.status == 0)
        let secret = String(token.stdout.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try cli.run(["account", "token", "hr", "--as", "school:S01"])
        #expect(refused.status == 5, "\(refused)")
        let server = try ServerHarness(cli)
        let headers = ["Authorization": "Bearer " + secret, "Idempotency-Key": "hr-2025-10-P-1"]
        let body = ["month": "2025-10", "amount": "3400", "paidOn": "2025-11-10"]
        let first = server.request("POST", "/api/v1/placements/P-1/stipends", json: body, headers: headers)
        #expect(first.status == 201, "\(first)")
        let again = server.request("POST", "/api/v1/placements/P-1/stipends", json: body, headers: headers)
        #expect(again.status == 200, "\(again)")
        #expect(again.json["positions"] as? [Int] == first.json["positions"] as? [Int])
        #expect(server.request("GET", "/api/v1/students", headers: ["Authorization": "Bearer wrong"]).status == 401)
    }

    @Test func theOpenAPIDocumentNamesEveryCommandOfTheCommandLine() throws {
        let cli = try Scenario.make("serve-openapi", Scenario.bureauSetup)
        let server = try ServerHarness(cli)
        let document = server.request("GET", "/api/v1/openapi.json")
        #expect(document.status == 200)
        #expect(document.json["openapi"] as? String == "3.0.3")
        var named = Set((document.json["x-cli-only"] as? [String: Any] ?? [:]).keys)
        for case let operations as [String: Any] in (document.json["paths"] as? [String: Any] ?? [:]).values {
            for case let operation as [String: Any] in operations.values {
                if let command = operation["x-cli-command"] as? String { named.insert(command) }
            }
        }
        let help = try cli.run(["help"])
        let commands = help.stdout.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard words.first == "registry", words.count > 1 else { return nil }
            let path = words.dropFirst().prefix { $0.first?.isLowercase == true }
            guard !path.isEmpty else { return nil }
            return "registry " + path.joined(separator: " ")
        }
        #expect(commands.count > 40)
        for command in commands { #expect(named.contains(command), "\(command) is not in the OpenAPI document") }
    }

    @Test func theServerRefusesANonLoopbackAddressWithoutBehindProxy() throws {
        let cli = try Scenario.make("serve-proxy", Scenario.bureauSetup)
        let refused = try cli.run(["serve", "--listen", "0.0.0.0:0"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--behind-proxy"))
    }

    @Test func sigtermFinishesAndExits0AndSigkillUnderLoadLosesNoAcknowledgedCommand() throws {
        let cli = try Self.district("kill")
        let password = try ServerHarness.addAccount(cli, "load", role: "school:S01")
        let server = try ServerHarness(cli)
        let headers = try server.logIn("load", password)
        let acknowledged = Acknowledged()
        let stop = Flag()
        let group = DispatchGroup()
        for client in 0..<16 {
            group.enter()
            Thread.detachNewThread {
                var i = 0
                while !stop.isSet {
                    let id = "K\(client)-\(i)"
                    i += 1
                    let answer = server.request("POST", "/api/v1/students",
                                                json: ["id": id, "name": "学生", "major": "数控技术", "birth": "2006-01-01", "enrolled": "2025-09-01"],
                                                headers: headers)
                    if answer.status == 201 { acknowledged.add(id) } else if answer.status <= 0 { break }
                }
                group.leave()
            }
        }
        while acknowledged.count < 300 { usleep(10_000) }
        _ = server.stop(SIGKILL)
        stop.set()
        group.wait()
        let ids = acknowledged.all
        // Every acknowledged enrolment is in the log once; the log reopens and verifies.
        #expect(try cli.run(["verify"]).status == 0)
        let listed = try cli.run(["list", "students", "--school", "S01", "--search", "K", "--per-page", "1000", "--format", "json", "--as", "school:S01"])
        let rows = ((try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8))) as? [String: Any])?["rows"] as? [[String: Any]] ?? []
        let found = rows.compactMap { $0["id"] as? String }
        #expect(Set(found).isSuperset(of: ids), "\(Set(ids).subtracting(found).sorted().prefix(10))")
        #expect(found.count == Set(found).count)

        // A restarted server takes the lock again, and SIGTERM with requests in flight exits 0.
        let again = try ServerHarness(cli)
        let headers2 = try again.logIn("load", password)
        let late = DispatchGroup()
        for client in 0..<4 {
            late.enter()
            Thread.detachNewThread {
                _ = again.request("POST", "/api/v1/students",
                                  json: ["id": "T\(client)", "name": "学生", "major": "数控技术", "birth": "2006-01-01", "enrolled": "2025-09-01"],
                                  headers: headers2)
                late.leave()
            }
        }
        #expect(again.stop(SIGTERM) == 0)
        late.wait()
        #expect(try cli.run(["verify"]).status == 0)
    }
}

private final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    func add(_ id: String) { lock.withLock { ids.append(id) } }
    var count: Int { lock.withLock { ids.count } }
    var all: [String] { lock.withLock { ids } }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// The bureau's policy page (`/bureau/policy`): the adoption in force today, folded from the registry
/// stream alone (not the whole log).
@Suite(.serialized) struct BureauPolicyPageTests {
    @Test func thePolicyPageShowsTheAdoptionInForceTodayAndOnlyToTheBureauAndInspectors() throws {
        let cli = try ServeTests.district("policy-page")
        let adopted = try cli.run(["policy", "adopt", "huyi", "--from", "2025-06-01", "--as", "bureau:EDU"])
        #expect(adopted.status == 0, "\(adopted)")
        let later = try cli.run(["policy", "adopt", "shaoxing", "--from", "2026-01-01", "--as", "bureau:EDU"])
        #expect(later.status == 0, "\(later)")
        let bureau = try ServerHarness.addAccount(cli, "wang", role: "bureau:EDU")
        let clerk = try ServerHarness.addAccount(cli, "li", role: "school:S01")
        let server = try ServerHarness(cli)
        let page = server.request("GET", "/bureau/policy", headers: try server.logIn("wang", bureau))
        #expect(page.status == 200, "\(page)")
        // Today is 2025-11-20 (REGISTRY_NOW): huyi, adopted from 2025-06-01, not the later shaoxing.
        #expect(page.text.contains("<strong>huyi</strong>") && page.text.contains("2025-06-01"), "\(page.text.prefix(2000))")
        #expect(!page.text.contains("<strong>shaoxing</strong>") && !page.text.contains("<strong>sanmenxia</strong>"))
        #expect(page.text.contains("quotaTargetRate"))
        #expect(server.request("GET", "/bureau/policy", headers: try server.logIn("li", clerk)).status == 403)
        #expect(server.stop() == 0)
    }
}
