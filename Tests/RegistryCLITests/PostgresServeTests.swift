import Foundation
import HTTPServer
@testable import RegistryServer
import Testing

/// Several `registry serve --store …` processes on one database (issue 14): accounts, sessions and
/// login throttling live in the database, so a browser may be sent to either server; commands through
/// both land in one verifiable history. Each server keeps its read-model cache in its own `--log`.
@Suite("PostgreSQL store, several servers", .enabled(if: PostgresScratch.isConfigured), .serialized)
struct PostgresServeTests {
    /// The bureau's setup and S01's student 2023001, on a scratch schema.
    static func district(_ scratch: PostgresScratch, _ label: String) throws -> CLIHarness {
        let cli = scratch.harness(label)
        for command in Scenario.bureauSetup + [Scenario.enroll("2023001", "王芳", born: "2005-03-14")] {
            let result = try cli.run(command)
            try #require(result.status == 0, "\(command)\n\(result)")
        }
        return cli
    }

    /// Two servers on the scratch schema, each with its own cache directory (`--log`).
    static func twoServers(_ scratch: PostgresScratch, _ label: String) throws -> (ServerHarness, ServerHarness) {
        (try ServerHarness(scratch.harness(label + "-a")), try ServerHarness(scratch.harness(label + "-b")))
    }

    /// S01's clerk account `s01clerk`, and an API token issued for it on the command line.
    static func clerkWithToken(_ cli: CLIHarness, _ scratch: PostgresScratch) throws -> String {
        _ = try ServerHarness.addAccount(cli, "s01clerk", role: "school:S01")
        let issued = try cli.run(["account", "token", "s01clerk", "--store", scratch.conninfo, "--as", "bureau:EDU"])
        try #require(issued.status == 0, "\(issued)")
        return String(issued.stdout.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func enrolment(_ id: String) -> [String: Any] {
        ["id": id, "name": "学生" + id, "major": "数控技术", "birth": "2005-03-14", "enrolled": "2023-09-01"]
    }

    @Test func aSessionBegunOnOneServerWorksOnTheOtherAndCommandsThroughBothInterleaveIntoOneVerifiedHistory() throws {
        let scratch = try PostgresScratch()
        let cli = try Self.district(scratch, "pg-serve-session")
        let password = try ServerHarness.addAccount(cli, "s01clerk", role: "school:S01")
        let (a, b) = try Self.twoServers(scratch, "pg-serve-session")
        let headers = try a.logIn("s01clerk", password)
        let onB = b.request("GET", "/api/v1/session", headers: headers)
        #expect(onB.status == 200, "\(onB)")
        #expect(onB.json["actor"] as? String == "school:S01", "\(onB)")
        // Writes alternate between the servers with the same cookie and CSRF token; each is read back on the other.
        var positions: [Int] = []
        for i in 0..<8 {
            let (writer, reader) = i % 2 == 0 ? (a, b) : (b, a)
            let id = "20231\(i)0"
            let written = writer.request("POST", "/api/v1/students", json: Self.enrolment(id),
                                         headers: headers.merging(["Idempotency-Key": "enrol-\(id)"]) { $1 })
            #expect(written.status == 201, "\(written)")
            // [first, last] of the command's events: the two servers' appends interleave in one dense sequence.
            positions.append(((written.json["positions"] as? [Int]) ?? []).first ?? -1)
            let read = reader.request("GET", "/api/v1/students/\(id)", headers: headers)
            #expect(read.status == 200, "\(read)")
        }
        #expect(positions == Array((positions.first ?? 0)..<((positions.first ?? 0) + 8)), "\(positions)")
        // A retry with the same key on the other server appends nothing.
        let retry = b.request("POST", "/api/v1/students", json: Self.enrolment("2023100"),
                              headers: headers.merging(["Idempotency-Key": "enrol-2023100"]) { $1 })
        #expect(retry.status == 200 && retry.json["duplicate"] as? Bool == true, "\(retry)")
        // Logging out on one server ends the session on both.
        #expect(b.request("DELETE", "/api/v1/session", headers: headers).status == 200)
        #expect(a.request("GET", "/api/v1/session", headers: headers).status == 401)
        #expect(a.stop() == 0 && b.stop() == 0)
        let verify = try cli.run(["verify", "--store", scratch.conninfo])
        #expect(verify.status == 0, "\(verify)")
        let history = try cli.run(["history", "student-2023110", "--as", "inspector:INSP", "--format", "json"])
        #expect(history.stdout.contains("school:S01 s01clerk"), "\(history)")
    }

    @Test func anAccountAddedOnTheCommandLineLogsInOnBothServersAndAnotherSchoolIsRefusedAuth01OnBoth() throws {
        let scratch = try PostgresScratch()
        let cli = try Self.district(scratch, "pg-serve-account")
        let (a, b) = try Self.twoServers(scratch, "pg-serve-account")
        // Added while both servers run, with --store on the command line.
        let added = try cli.run(["account", "add", "s02clerk", "--role", "school:S02", "--name", "测试人员", "--store", scratch.conninfo, "--as", "bureau:EDU"])
        #expect(added.status == 0, "\(added)")
        let password = String(added.stdout.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        for server in [a, b] {
            let headers = try server.logIn("s02clerk", password)
            let read = server.request("GET", "/api/v1/students/2023001", headers: headers)
            #expect(read.status == 403, "\(read)")
            #expect(read.json["rule"] as? String == "Auth_01", "\(read)")
            let write = server.request("POST", "/api/v1/students/2023001/leave", json: ["reason": "withdrawn", "on": "2025-09-30"], headers: headers)
            #expect(write.status == 403, "\(write)")
            #expect(write.json["rule"] as? String == "Auth_01", "\(write)")
        }
        // Disabled on the command line: its sessions stop working on both servers.
        let headers = try a.logIn("s02clerk", password)
        #expect(try cli.run(["account", "disable", "s02clerk", "--store", scratch.conninfo, "--as", "bureau:EDU"]).status == 0)
        #expect(a.request("GET", "/api/v1/session", headers: headers).status == 401)
        #expect(b.request("GET", "/api/v1/session", headers: headers).status == 401)
        #expect(a.stop() == 0 && b.stop() == 0)
        #expect(try cli.run(["verify", "--store", scratch.conninfo]).status == 0)
    }

    /// A server runs a command on the account a bearer token had when it last looked the token up,
    /// without asking again; the writer confirms the token with the decision lock. So a token disabled
    /// elsewhere (here on the command line, as on another server) is refused by the very next request,
    /// appends nothing, and a request refused by its input is not answered on it either.
    @Test func aBearerTokenMetBeforeIsRefusedOnTheNextRequestOnceItsAccountIsDisabledElsewhere() throws {
        let scratch = try PostgresScratch()
        let cli = try Self.district(scratch, "pg-serve-bearer")
        let secret = try Self.clerkWithToken(cli, scratch)
        let (a, b) = try Self.twoServers(scratch, "pg-serve-bearer")
        let headers = ["Authorization": "Bearer " + secret]
        for id in ["2023201", "2023202"] {
            let written = a.request("POST", "/api/v1/students", json: Self.enrolment(id), headers: headers)
            #expect(written.status == 201, "\(written)")
        }
        // Met before, refused by its input: the token is confirmed, then the 400 answered.
        let malformed = a.request("POST", "/api/v1/students", json: ["id": "2023203", "birth": "2005-02-30"], headers: headers)
        #expect(malformed.status == 400, "\(malformed)")
        #expect(b.request("POST", "/api/v1/students", json: Self.enrolment("2023204"), headers: headers).status == 201)
        #expect(try cli.run(["account", "disable", "s01clerk", "--store", scratch.conninfo, "--as", "bureau:EDU"]).status == 0)
        // On a: first a request refused by its input (answered only once its token is confirmed); on b,
        // first a command (the writer finds the token disabled). Then the other kind, and a read.
        let malformed2 = a.request("POST", "/api/v1/students", json: ["id": "2023206", "birth": "2005-02-30"], headers: headers)
        #expect(malformed2.status == 401, "\(malformed2)")
        let refused = b.request("POST", "/api/v1/students", json: Self.enrolment("2023205"), headers: headers)
        #expect(refused.status == 401, "\(refused)")
        for server in [a, b] {
            #expect(server.request("POST", "/api/v1/students", json: Self.enrolment("2023207"), headers: headers).status == 401)
            #expect(server.request("POST", "/api/v1/students", json: ["id": "2023208", "birth": "2005-02-30"], headers: headers).status == 401)
            #expect(server.request("GET", "/api/v1/students/2023201", headers: headers).status == 401)
        }
        #expect(a.stop() == 0 && b.stop() == 0)
        #expect(try cli.run(["verify", "--store", scratch.conninfo]).status == 0)
        let students = try cli.run(["list", "students", "--as", "school:S01", "--format", "json"])
        #expect(students.stdout.contains("2023204") && !students.stdout.contains("2023205") && !students.stdout.contains("2023207"), "\(students)")
    }

    /// What a met token saves: a command on it asks for the token only with the decision lock (no
    /// lookup of its own); a command refused before the writer, and any read, look it up as before.
    @Test func aCommandOnABearerTokenMetBeforeMakesNoLookupOfItsOwn() throws {
        let scratch = try PostgresScratch()
        let cli = try Self.district(scratch, "pg-serve-bearer-lookups")
        let secret = try Self.clerkWithToken(cli, scratch)
        var configuration = ServerConfiguration(logDirectory: cli.directory + "/server-cache", http: HTTPServerConfiguration(host: "127.0.0.1", port: 0))
        configuration.store = scratch.conninfo
        configuration.environment = cli.environment
        let server = try RegistryServer(configuration: configuration)
        defer { server.shutDown() }
        func request(_ method: String, _ path: String, _ json: [String: Any]? = nil) -> Int {
            let body = json.map { Array(try! JSONSerialization.data(withJSONObject: $0)) } ?? []
            return server.handle(HTTPRequest(method: method, path: path, headers: ["authorization": "Bearer " + secret, "content-type": "application/json",
                                                                                   "accept-language": "en"], cookies: [:], body: body)).status
        }
        #expect(request("POST", "/api/v1/students", Self.enrolment("2023301")) == 201)
        #expect(server.credentials.tokenLookups == 1)
        #expect(request("POST", "/api/v1/students", Self.enrolment("2023302")) == 201)
        #expect(request("POST", "/api/v1/students", Self.enrolment("2023303")) == 201)
        #expect(server.credentials.tokenLookups == 1)
        #expect(request("POST", "/api/v1/students", ["id": "2023304", "birth": "2005-02-30"]) == 400)
        #expect(server.credentials.tokenLookups == 2)
        #expect(request("GET", "/api/v1/students/2023302") == 200)
        #expect(server.credentials.tokenLookups == 3)
    }

    @Test func failedLoginsAreCountedAcrossTheServers() throws {
        let scratch = try PostgresScratch()
        let cli = try Self.district(scratch, "pg-serve-throttle")
        let password = try ServerHarness.addAccount(cli, "li", role: "school:S01")
        let (a, b) = try Self.twoServers(scratch, "pg-serve-throttle")
        // Nine failures spread over the two servers leave the user unlocked; the tenth, on either, locks it on both.
        for i in 0..<9 {
            let wrong = (i % 2 == 0 ? a : b).request("POST", "/api/v1/session", json: ["user": "li", "password": "wrong-password"])
            #expect(wrong.status == 401, "\(wrong)")
        }
        _ = try b.logIn("li", password)
        for i in 0..<10 { _ = (i % 2 == 0 ? b : a).request("POST", "/api/v1/session", json: ["user": "li", "password": "wrong-password"]) }
        #expect(a.request("POST", "/api/v1/session", json: ["user": "li", "password": password]).status == 429)
        #expect(b.request("POST", "/api/v1/session", json: ["user": "li", "password": password]).status == 429)
    }
}
