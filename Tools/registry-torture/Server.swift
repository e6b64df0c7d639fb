import EventStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Scenario 9: `registry serve` under load and abuse (issue 15). Concurrent clients (schools with a
/// session cookie or an API token, enterprises confirming stipends) send distinct commands, each with
/// its own `Idempotency-Key`, through the JSON API; the server is killed with SIGKILL at a seeded
/// random moment and restarted, and the unanswered commands are sent again with their keys. After
/// every kill: `registry verify` exits 0, every command answered 2xx is in the log exactly once at the
/// positions it was given, a command whose answer was lost is in the log at most once (its retry
/// finds it, 200, or appends it, 201), and nothing was appended that no client sent. Then hostile
/// HTTP against a running server (`ServerHostile.swift`).
struct ServerScenario {
    let ctx: TortureContext

    /// Placements per enterprise whose stipends the enterprise clients confirm, six months each.
    private var placementsPerEnterprise: Int { ctx.isQuick ? 6 : 20 }
    private var rounds: Int { ctx.isQuick ? 3 : 40 }
    private var schoolClients: Int { ctx.isQuick ? 6 : 14 }

    func run() -> ScenarioResult {
        let result = ScenarioResult("9 server: SIGKILL under load, hostile HTTP", outcome: "survived")
        signal(SIGPIPE, SIG_IGN)
        let runner = ctx.runner
        let log = ctx.freshPath("server")
        Fixture.build(runner, log)
        var accounts = ServerAccounts()
        for (user, role) in [("s01", "school:S01"), ("s02", "school:S02"), ("e01", "enterprise:E01"), ("e02", "enterprise:E02")] {
            let r = runner.registry(["account", "add", user, "--role", role, "--name", "测试人员", "--as", "bureau:EDU"], log: log)
            guard r.status == 0, let password = r.stdout.split(separator: " ").last.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) else {
                result.fail("'registry account add \(user)' failed: \(r)")
                return result
            }
            accounts.passwords[user] = password
        }
        for user in ["s02", "e02"] {
            let r = runner.registry(["account", "token", user, "--as", "bureau:EDU"], log: log)
            guard r.status == 0, let token = r.stdout.split(separator: " ").last.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) else {
                result.fail("'registry account token \(user)' failed: \(r)")
                return result
            }
            accounts.tokens[user] = token
        }
        // Everything after this position must be a command some client sent.
        let baseline = (try? loadEvents(log).last?.position) ?? 0

        guard var server = ServerProcess.start(ctx, log: log, result: result) else { return result }
        let load = ServerLoad()
        guard let queues = setUp(server.port, accounts: accounts, load: load, result: result) else {
            server.kill(ctx)
            return result
        }

        for round in 1...rounds {
            guard let clients = clients(round: round, port: server.port, accounts: accounts, queues: queues, result: result) else { break }
            let killAfter = ctx.int(5...(ctx.isQuick ? 120 : 300))
            let jitter = UInt32(ctx.int(0..<5_000))
            load.beginRound()
            let group = DispatchGroup()
            for client in clients {
                group.enter()
                Thread.detachNewThread {
                    client.run(load)
                    group.leave()
                }
            }
            let started = Date()
            while load.acknowledgedThisRound < killAfter && Date().timeIntervalSince(started) < 30 && !load.allClientsDone(clients.count) {
                usleep(500)
            }
            usleep(jitter)
            server.kill(ctx)
            load.stop()
            if group.wait(timeout: .now() + 60) == .timedOut { result.fail("round \(round): a client still waits 60 s after the server was killed") }
            result.tried += 1
            result.add("kills")
            let ok = checkAfterKill(round: round, log: log, baseline: baseline, load: load, result: result)

            // Restart, and send every unanswered command again with its key: 200 if it was made durable, 201 if not.
            guard let restarted = ServerProcess.start(ctx, log: log, result: result) else { return result }
            server = restarted
            if ok && retryUnanswered(port: server.port, accounts: accounts, load: load, result: result) { result.good += 1 }
        }
        let stopped = server.terminate(ctx)
        if stopped.status != 0 { result.fail("SIGTERM after the last round: the server ended \(stopped)") }
        let (v, _) = runner.verify(log)
        if v.status != 0 { result.fail("registry verify after the load: \(v)") }
        checkLog(log, baseline: baseline, load: load, label: "after the last round", result: result)
        let compare = runner.compareReadModel(log)
        if !compare.ok { result.fail("after the load the read model differs from a rebuild: \(compare.result)") }
        let counts = load.counts
        result.add("commands sent (set-up, load, retries by key)", counts.sent)
        result.add("answered 2xx in the end", counts.acknowledged)
        result.add("answered 2xx under load", counts.underLoad)

        ServerHostileScenario(ctx: ctx, log: log, accounts: accounts, result: result).run()
        return result
    }

    // MARK: Set-up

    /// Placements at both enterprises, enrolled, registered, insured and started through the API as
    /// school S01; returns the enterprises' stipend queues (each placement's months in order).
    private func setUp(_ port: UInt16, accounts: ServerAccounts, load: ServerLoad, result: ScenarioResult) -> [String: CommandQueue]? {
        let (school, refused) = Credentials.logIn(port: port, user: "s01", password: accounts.passwords["s01"] ?? "")
        guard let school else {
            result.fail("logging in as s01 failed: \(refused)")
            return nil
        }
        var queues: [String: CommandQueue] = [:]
        let months = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
        let paidOn = ["2025-10-10", "2025-11-10", "2025-12-10", "2026-01-10", "2026-02-10", "2026-03-10"]
        for enterprise in ["E01", "E02"] {
            var stipends: [ServerCommand] = []
            for k in 0..<placementsPerEnterprise {
                let student = "SVS-\(enterprise)-\(k)", placement = "SVP-\(enterprise)-\(k)"
                let steps: [(String, [String: Any])] = [
                    ("/api/v1/students", ["id": student, "name": "学生 \(k)", "major": "数控技术", "birth": "2005-01-01", "enrolled": "2023-09-01"]),
                    ("/api/v1/placements", ["id": placement, "student": student, "enterprise": enterprise, "kind": "post", "start": "2025-09-01",
                                            "end": "2026-02-28", "stipend": "3000", "post": "车工", "agreement": "AG-\(placement)", "majorRelevant": true]),
                    ("/api/v1/placements/\(placement)/insurance", ["policy": "INS-\(placement)", "insurer": "中国人保", "cover": "liability,accident",
                                                                   "from": "2025-09-01", "to": "2026-02-28", "paidBy": "school"]),
                    ("/api/v1/placements/\(placement)/start", ["on": "2025-09-01"]),
                ]
                for (i, (path, body)) in steps.enumerated() {
                    let command = ServerCommand(key: "srv-setup-\(placement)-\(i)", path: path, body: RawHTTP.json(body))
                    load.sent(command)
                    let answer = command.send(port: port, credentials: school)
                    guard answer.status == 201, let positions = answer.positions else {
                        result.fail("set-up through the API: POST \(path) answered \(answer)")
                        return nil
                    }
                    load.acknowledge(command.key, positions)
                }
                for m in months.indices {
                    stipends.append(ServerCommand(key: "srv-stipend-\(placement)-\(months[m])", path: "/api/v1/placements/\(placement)/stipends",
                                                  body: RawHTTP.json(["month": months[m], "amount": "3000", "paidOn": paidOn[m]])))
                }
            }
            queues[enterprise] = CommandQueue(stipends)
        }
        return queues
    }

    /// This round's clients: schools enrolling students (s01 by session cookie, s02 by API token) and
    /// the two enterprises confirming stipends (e01 by cookie, e02 by token). Sessions are logged in
    /// anew: a restarted server has forgotten them; tokens are stored and outlive it.
    private func clients(round: Int, port: UInt16, accounts: ServerAccounts, queues: [String: CommandQueue],
                         result: ScenarioResult) -> [LoadClient]? {
        guard let s01 = accounts.credentials("s01", port: port, result: result),
              let s02 = accounts.credentials("s02", port: port, result: result),
              let e01 = accounts.credentials("e01", port: port, result: result),
              let e02 = accounts.credentials("e02", port: port, result: result) else { return nil }
        var clients: [LoadClient] = []
        for c in 0..<schoolClients {
            let queue = CommandQueue { i in
                let id = "SV\(round)-\(c)-\(i)"
                return ServerCommand(key: "srv-r\(round)-c\(c)-\(i)", path: "/api/v1/students",
                                     body: RawHTTP.json(["id": id, "name": "学生 \(id)", "major": "数控技术", "birth": "2006-01-01", "enrolled": "2025-09-01"]))
            }
            clients.append(LoadClient(port: port, credentials: c % 2 == 0 ? s01 : s02, queue: queue))
        }
        // Forced: both queues were made in setUp.
        clients.append(LoadClient(port: port, credentials: e01, queue: queues["E01"]!))
        clients.append(LoadClient(port: port, credentials: e02, queue: queues["E02"]!))
        return clients
    }

    // MARK: Checks

    /// The checks while the server is down after a kill; false (with failures recorded) if any fails.
    private func checkAfterKill(round: Int, log: String, baseline: UInt64, load: ServerLoad, result: ScenarioResult) -> Bool {
        let failuresBefore = result.failures.count
        let (v, _) = ctx.runner.verify(log)
        if v.status != 0 { result.fail("round \(round): registry verify after SIGKILL: \(v)") }
        if v.stderr.contains("torn tail") { result.add("torn tails found") }
        checkLog(log, baseline: baseline, load: load, label: "round \(round) after SIGKILL", result: result)
        for refusal in load.takeRefusals() { result.fail("round \(round): a valid command was refused: \(refusal)") }
        return result.failures.count == failuresBefore
    }

    /// Every acknowledged command exactly once at its positions; every command in the log after the
    /// baseline sent by a client, once (its positions one run); the unanswered ones noted as found or not.
    private func checkLog(_ log: String, baseline: UInt64, load: ServerLoad, label: String, result: ScenarioResult) {
        let events: [EventEnvelope]
        do { events = try loadEvents(log) } catch {
            result.fail("\(label): the log does not read: \(error)")
            return
        }
        let byCommand = positionsByCommand(events.filter { $0.position > baseline })
        let sent = load.sentKeys
        for (key, positions) in byCommand {
            if !sent.contains(key) { result.fail("\(label): the log holds command '\(key)' at \(positions), which no client sent") }
            if positions != Array(positions[0]...positions[positions.count - 1]) {
                result.fail("\(label): command '\(key)' is in the log more than once, at \(positions)")
            }
        }
        for (key, positions) in load.acknowledged where byCommand[key] != Array(positions) {
            result.fail("\(label): command '\(key)' was answered 2xx at \(positions) but the log holds it at \(byCommand[key] ?? [])")
        }
        load.noteFound(byCommand)
    }

    /// Sends the commands whose answers the kill lost again, with their keys; false on any surprise.
    private func retryUnanswered(port: UInt16, accounts: ServerAccounts, load: ServerLoad, result: ScenarioResult) -> Bool {
        let failuresBefore = result.failures.count
        var sessions: [String: Credentials] = [:]
        for (command, user, found) in load.takeUnanswered() {
            if sessions[user] == nil { sessions[user] = accounts.credentials(user, port: port, result: result) }
            guard let credentials = sessions[user] else { return false }
            let answer = command.send(port: port, credentials: credentials)
            guard let status = answer.status, status == 200 || status == 201, let positions = answer.positions else {
                result.fail("retry of '\(command.key)' after the restart: \(answer)")
                continue
            }
            if let found {
                result.add("lost answers, command durable (retry 200)")
                if status != 200 || Array(positions) != found {
                    result.fail("retry of '\(command.key)': the log held it at \(found); the retry answered \(status) at \(positions)")
                }
            } else {
                result.add(answer.status == 201 ? "lost answers, command not durable (retry 201)" : "retry 200 for a command not in the log")
                if status != 201 { result.fail("retry of '\(command.key)': not in the log, yet the retry answered \(status) (duplicate)") }
            }
            load.acknowledge(command.key, positions)
        }
        return result.failures.count == failuresBefore
    }
}

// MARK: - The server process

/// A `registry serve` child on a free loopback port.
struct ServerProcess {
    let child: Child
    let port: UInt16

    /// Starts `registry serve --listen 127.0.0.1:0` on `log` and waits for its "listening on" line.
    static func start(_ ctx: TortureContext, log: String, arguments: [String] = [], environment: [String: String] = [:],
                      result: ScenarioResult) -> ServerProcess? {
        do {
            return try launch(ctx, ["--log", log, "--lang", "en"] + arguments, environment: environment)
        } catch {
            result.fail("\(error)")
            return nil
        }
    }

    /// Starts `registry serve --listen 127.0.0.1:0` with `arguments` and waits for its "listening on" line.
    /// - Throws: `TortureFailure` when it exits first, or says nothing within 60 s (it is then killed).
    static func launch(_ ctx: TortureContext, _ arguments: [String], environment: [String: String]) throws -> ServerProcess {
        let child = ctx.runner.spawn(ctx.runner.registryPath, ["serve", "--listen", "127.0.0.1:0"] + arguments, environment: environment)
        while Date().timeIntervalSince(child.started) < 60 {
            let text = String(decoding: FileManager.default.contents(atPath: child.stdoutPath) ?? Data(), as: UTF8.self)
            if let range = text.range(of: "http://127.0.0.1:"), let port = UInt16(text[range.upperBound...].prefix { $0.isNumber }) {
                return ServerProcess(child: child, port: port)
            }
            if let ended = ctx.runner.poll(child) { throw TortureFailure("registry serve did not start: \(ended)") }
            usleep(5_000)
        }
        Glibc.kill(child.pid, SIGKILL)
        throw TortureFailure("registry serve did not say it was listening within 60 s: \(ctx.runner.wait(child))")
    }

    /// SIGKILL, and the process reaped.
    func kill(_ ctx: TortureContext) {
        Glibc.kill(child.pid, SIGKILL)
        _ = ctx.runner.wait(child)
    }

    /// SIGTERM, and how it ended (it must exit 0 after finishing the requests in flight).
    func terminate(_ ctx: TortureContext) -> RunResult {
        Glibc.kill(child.pid, SIGTERM)
        return ctx.runner.wait(child, timeout: 60)
    }
}

/// The accounts made for the run: one-time passwords (used as they are; the server does not force a
/// change before commands) and API tokens.
struct ServerAccounts {
    var passwords: [String: String] = [:]
    var tokens: [String: String] = [:]

    /// A token when the user has one, else a fresh session.
    func credentials(_ user: String, port: UInt16, result: ScenarioResult) -> Credentials? {
        if let token = tokens[user] { return .bearer(token, user: user) }
        let (credentials, answer) = Credentials.logIn(port: port, user: user, password: passwords[user] ?? "")
        if credentials == nil { result.fail("logging in as \(user) failed: \(answer)") }
        return credentials
    }
}

// MARK: - Commands and clients

/// One command sent as `POST path` with a JSON body and its own `Idempotency-Key`.
struct ServerCommand: Sendable {
    let key: String
    let path: String
    let body: [UInt8]

    func send(port: UInt16, credentials: Credentials) -> RawAnswer {
        RawHTTP.request(port: port, "POST", path,
                        headers: credentials.headers + [("Content-Type", "application/json"), ("Idempotency-Key", key)], body: body)
    }
}

extension RawAnswer {
    /// `{"positions": [from, to]}` of an appended (201) or repeated (200) command.
    var positions: ClosedRange<UInt64>? {
        let numbers = (json["positions"] as? [Any])?.compactMap { ($0 as? NSNumber)?.uint64Value } ?? []
        return numbers.count == 2 && numbers[0] <= numbers[1] ? numbers[0]...numbers[1] : nil
    }
}

/// A client's commands: a fixed list (an enterprise's stipends, in order) kept across rounds, or
/// made on demand (a school's new students).
final class CommandQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [ServerCommand]
    private let make: (@Sendable (Int) -> ServerCommand)?
    private var made = 0

    init(_ commands: [ServerCommand]) {
        pending = commands
        make = nil
    }

    init(making: @escaping @Sendable (Int) -> ServerCommand) {
        pending = []
        make = making
    }

    convenience init(_ making: @escaping @Sendable (Int) -> ServerCommand) { self.init(making: making) }

    func next() -> ServerCommand? {
        lock.withLock {
            if let make {
                made += 1
                return make(made)
            }
            return pending.isEmpty ? nil : pending.removeFirst()
        }
    }
}

/// One client thread: sends its queue's commands one after another until told to stop or the server
/// is gone.
struct LoadClient: Sendable {
    let port: UInt16
    let credentials: Credentials
    let queue: CommandQueue

    func run(_ load: ServerLoad) {
        defer { load.clientDone() }
        while !load.isStopped, let command = queue.next() {
            load.sent(command)
            let answer = command.send(port: port, credentials: credentials)
            load.answered(command, answer, credentials: credentials)
            if answer.status == nil { return }
        }
    }
}

/// What the clients sent and what they were answered, shared by the client threads.
final class ServerLoad: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<String> = []
    private var acked: [String: ClosedRange<UInt64>] = [:]
    /// Commands whose answer never came, with the user who sent them and, once checked, where the log holds them.
    private var unanswered: [String: (command: ServerCommand, user: String, found: [UInt64]?)] = [:]
    private var refusals: [String] = []
    private var stopped = false
    private var done = 0
    private var roundAcks = 0
    private var loadAcks = 0
    private var sentCount = 0

    func beginRound() { lock.withLock { stopped = false; done = 0; roundAcks = 0 } }
    func stop() { lock.withLock { stopped = true } }
    var isStopped: Bool { lock.withLock { stopped } }
    func clientDone() { lock.withLock { done += 1 } }
    func allClientsDone(_ count: Int) -> Bool { lock.withLock { done >= count } }
    var acknowledgedThisRound: Int { lock.withLock { roundAcks } }
    var sentKeys: Set<String> { lock.withLock { keys } }
    var acknowledged: [String: ClosedRange<UInt64>] { lock.withLock { acked } }
    var counts: (sent: Int, acknowledged: Int, underLoad: Int) { lock.withLock { (sentCount, acked.count, loadAcks) } }

    func sent(_ command: ServerCommand) {
        lock.withLock {
            if keys.insert(command.key).inserted { sentCount += 1 }
        }
    }

    func acknowledge(_ key: String, _ positions: ClosedRange<UInt64>) {
        lock.withLock {
            acked[key] = positions
            unanswered[key] = nil
        }
    }

    func answered(_ command: ServerCommand, _ answer: RawAnswer, credentials: Credentials) {
        lock.withLock {
            if let status = answer.status, status == 200 || status == 201, let positions = answer.positions {
                acked[command.key] = positions
                roundAcks += 1
                loadAcks += 1
            } else if answer.status == nil {
                unanswered[command.key] = (command, credentials.user, nil)
            } else {
                refusals.append("'\(command.key)' (POST \(command.path)): \(answer)")
            }
        }
    }

    func takeRefusals() -> [String] { lock.withLock { defer { refusals = [] }; return refusals } }

    /// Records where the log holds each unanswered command (nil: not there).
    func noteFound(_ byCommand: [String: [UInt64]]) {
        lock.withLock {
            for key in unanswered.keys { unanswered[key]?.found = byCommand[key] }
        }
    }

    /// The unanswered commands, in key order, with the user to send them as and where the log held them.
    func takeUnanswered() -> [(ServerCommand, String, [UInt64]?)] {
        lock.withLock {
            defer { unanswered = [:] }
            return unanswered.sorted { $0.key < $1.key }.map { ($0.value.command, $0.value.user, $0.value.found) }
        }
    }
}
