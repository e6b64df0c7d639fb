import Foundation

/// The `postgres` scenario (issue 14): two `registry serve --store …` processes on one database of
/// the torture's own cluster (`PostgresCluster`), concurrent clients each issuing distinct commands
/// (student enrolments) with an `Idempotency-Key`, retrying on the other server after any answer
/// that is not final; mid-load the database is killed (`pg_ctl stop -m immediate`) and restarted,
/// and later one server is SIGKILLed and started again. At the end every acknowledged (2xx) command
/// is in the database exactly once with the positions it was acknowledged with, nothing appended
/// comes from anywhere but the fixture, the account and the keys the clients sent, and
/// `registry verify --store` exits 0. Skipped, with one line saying why, when no PostgreSQL server
/// binaries are installed.
struct PostgresServersScenario {
    let ctx: TortureContext
    var keep = false

    func run() -> ScenarioResult {
        let result = ScenarioResult("postgres", outcome: "present once")
        guard let binaries = PostgresCluster.findBinaries() else {
            let line = "skipped: no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin or PG_BIN; install postgresql to run it"
            result.notes.append(line)
            ctx.progress("  " + line)
            return result
        }
        let directory = ctx.freshPath("postgres")
        let cluster: PostgresCluster
        do {
            cluster = try PostgresCluster(runner: ctx.runner, binaries: binaries, directory: directory + "/cluster")
            try cluster.start()
        } catch {
            result.fail("the throwaway cluster did not start: \(error)")
            return result
        }
        defer { cluster.destroy(keep: keep) }
        do { try load(cluster, directory, result) } catch { result.fail("\(error)") }
        return result
    }

    private func load(_ cluster: PostgresCluster, _ directory: String, _ result: ScenarioResult) throws {
        let runner = ctx.runner
        let environment = ["REGISTRY_STORE": cluster.conninfo, "REGISTRY_CACHE": directory + "/cli-cache"]
        Fixture.build(runner, directory + "/unused-log", environment: environment)
        let added = runner.registry(["account", "add", "clerk", "--role", "school:S01", "--as", "bureau:EDU"], log: directory + "/unused-log",
                                    environment: environment)
        guard added.status == 0 else { throw TortureFailure("account add failed: \(added)") }
        let issued = runner.registry(["account", "token", "clerk", "--as", "bureau:EDU"], log: directory + "/unused-log", environment: environment)
        guard issued.status == 0, let token = issued.stdout.split(separator: " ").last.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) else {
            throw TortureFailure("account token failed: \(issued)")
        }

        let servers = [StoreServerProcess(ctx, environment, cache: directory + "/server-a"), StoreServerProcess(ctx, environment, cache: directory + "/server-b")]
        for server in servers { try server.start() }
        defer { for server in servers { server.stop() } }

        let clients = ctx.isQuick ? 8 : 16
        let perClient = ctx.isQuick ? 30 : 120
        let total = clients * perClient
        let ledger = Ledger()
        let deadline = Date().addingTimeInterval(ctx.isQuick ? 60 : 240)
        let group = DispatchGroup()
        for client in 0..<clients {
            group.enter()
            Thread.detachNewThread { [servers] in
                defer { group.leave() }
                var which = client % 2
                for i in 0..<perClient {
                    let key = "pg-\(client)-\(i)"
                    let body = "{\"id\":\"PG\(client)X\(i)\",\"name\":\"学生\(client)-\(i)\",\"major\":\"数控技术\",\"birth\":\"2005-01-01\",\"enrolled\":\"2023-09-01\"}"
                    ledger.issued(key)
                    while Date() < deadline {
                        let answer = RawHTTP.request(port: servers[which].port, "POST", "/api/v1/students",
                                                     headers: [("Authorization", "Bearer " + token), ("Content-Type", "application/json"),
                                                               ("Idempotency-Key", key)],
                                                     body: Array(body.utf8), timeout: 20)
                        let status = answer.status ?? 0
                        if (200..<300).contains(status) {
                            let json = answer.json
                            ledger.acknowledged(key, positions: json["positions"] as? [Int], duplicate: json["duplicate"] as? Bool ?? false)
                            break
                        }
                        if [400, 401, 403, 404, 422].contains(status) {
                            ledger.refused(key, "HTTP \(status) \(answer.text.prefix(200))")
                            break
                        }
                        // No answer, 409 (the store unavailable), 5xx: the same command again, on the other server.
                        ledger.retried()
                        which = 1 - which
                        usleep(useconds_t(50_000 + 150_000 * Int.random(in: 0...1)))
                    }
                }
            }
        }

        // The database killed a third of the way in, and restarted a second later.
        ledger.waitFor(acknowledged: total / 3, until: deadline)
        ctx.progress("  killing the database (pg_ctl stop -m immediate) at \(ledger.count) acknowledged …")
        try cluster.crash()
        sleep(1)
        try cluster.start()
        result.add("database kills")
        // One server SIGKILLed two thirds of the way in, and started again on its cache.
        ledger.waitFor(acknowledged: 2 * total / 3, until: deadline)
        ctx.progress("  SIGKILL to server B at \(ledger.count) acknowledged …")
        servers[1].kill()
        result.add("server kills")
        try servers[1].start()
        group.wait()
        for server in servers { server.stop() }

        let snapshot = ledger.snapshot()
        result.tried = snapshot.issued.count
        result.add("acknowledged", snapshot.acknowledged.count)
        result.add("retries", snapshot.retries)
        for (key, why) in snapshot.refused { result.fail("\(key) refused: \(why)") }
        for key in snapshot.issued where snapshot.acknowledged[key] == nil && snapshot.refused[key] == nil {
            result.fail("\(key) was never acknowledged before the deadline")
        }

        // Exactly once: the command's one row in `commands`, its events' count, the acknowledged positions.
        var committed: [String: (first: Int, last: Int)] = [:]
        for row in try cluster.query("SELECT command_id, first_position, last_position FROM commands") where row.count == 3 {
            committed[row[0]] = (Int(row[1]) ?? -1, Int(row[2]) ?? -1)
        }
        var eventCounts: [String: Int] = [:]
        for row in try cluster.query("SELECT command_id, count(*) FROM events GROUP BY command_id") where row.count == 2 {
            eventCounts[row[0]] = Int(row[1]) ?? -1
        }
        for (key, positions) in snapshot.acknowledged {
            guard let range = committed[key] else { result.fail("\(key) was acknowledged (\(positions.map { "\($0)" } ?? "without positions")) but is not in the database"); continue }
            if let positions, positions != [range.first, range.last] {
                result.fail("\(key) was acknowledged at \(positions) but is recorded at \(range.first)–\(range.last)")
            }
            if eventCounts[key] != range.last - range.first + 1 {
                result.fail("\(key) has \(eventCounts[key] ?? 0) events for positions \(range.first)–\(range.last)")
            } else {
                result.good += 1
            }
        }
        let issuedKeys = Set(snapshot.issued)
        var unacknowledgedButCommitted = 0
        for key in eventCounts.keys where !key.hasPrefix("fixture-") && !key.hasPrefix("account-") {
            if !issuedKeys.contains(key) { result.fail("events under command ID '\(key)', which no client sent") }
            if issuedKeys.contains(key) && snapshot.acknowledged[key] == nil { unacknowledgedButCommitted += 1 }
        }
        result.add("committed unacknowledged", unacknowledgedButCommitted)
        let verify = runner.registry(["verify", "--store", cluster.conninfo], log: directory + "/unused-log", environment: environment)
        if verify.status != 0 { result.fail("registry verify --store exited \(verify.code): \(verify)") }
    }
}

/// One `registry serve --store …` child, restartable on its own cache directory.
private final class StoreServerProcess: @unchecked Sendable {
    private let ctx: TortureContext
    private let environment: [String: String]
    private let cache: String
    private var server: ServerProcess?
    private let lock = NSLock()
    private var currentPort: UInt16 = 0

    var port: UInt16 { lock.withLock { currentPort } }

    init(_ ctx: TortureContext, _ environment: [String: String], cache: String) {
        self.ctx = ctx
        self.environment = environment
        self.cache = cache
    }

    func start() throws {
        let started = try ServerProcess.launch(ctx, ["--log", cache, "--max-connections", "128"], environment: environment)
        server = started
        lock.withLock { currentPort = started.port }
    }

    func kill() {
        server?.kill(ctx)
        server = nil
    }

    func stop() {
        guard let server else { return }
        Glibc.kill(server.child.pid, SIGTERM)
        _ = ctx.runner.wait(server.child, timeout: 30)
        self.server = nil
    }
}

/// What the clients sent and what they were told, shared by their threads.
private final class Ledger: @unchecked Sendable {
    private let lock = NSCondition()
    private var issuedKeys: [String] = []
    private var acknowledgedKeys: [String: [Int]?] = [:]
    private var refusedKeys: [String: String] = [:]
    private var retryCount = 0

    var count: Int { lock.withLock { acknowledgedKeys.count } }

    func issued(_ key: String) { lock.withLock { issuedKeys.append(key) } }

    func acknowledged(_ key: String, positions: [Int]?, duplicate: Bool) {
        lock.withLock {
            // A duplicate answer (a retry of a command whose first answer was lost) carries the original positions.
            acknowledgedKeys[key] = positions
            lock.broadcast()
        }
    }

    func refused(_ key: String, _ why: String) { lock.withLock { refusedKeys[key] = why; lock.broadcast() } }

    func retried() { lock.withLock { retryCount += 1 } }

    func waitFor(acknowledged target: Int, until deadline: Date) {
        lock.lock()
        while acknowledgedKeys.count + refusedKeys.count < target && Date() < deadline { _ = lock.wait(until: min(deadline, Date().addingTimeInterval(0.5))) }
        lock.unlock()
    }

    func snapshot() -> (issued: [String], acknowledged: [String: [Int]?], refused: [String: String], retries: Int) {
        lock.withLock { (issuedKeys, acknowledgedKeys, refusedKeys, retryCount) }
    }
}
