import CCurl
import Foundation

/// The server figures of `registry-bench --store …` (issue 14): durable commands/s and p50/p99 with
/// 1, 16 and 64 concurrent clients through the JSON API, first on one `registry serve` over a file
/// log, then on TWO `registry serve --store` processes sharing the database (clients alternate
/// between them), in one run on the same machine. Each client confirms distinct stipends with an
/// API token over its own kept-alive libcurl connection, as `registry-bench --server` does (URLSession,
/// used before, spent more CPU per command than a server: on two cores shared by the clients, both
/// servers and PostgreSQL, the clients' CPU counts). The database district goes into a fresh schema of
/// the given database (made with `psql`), so the append figures' rows never meet the registry's.
/// Beside each row: CPU microseconds per command of the servers (together), the clients (this
/// process), and the PostgreSQL backends serving the servers (found by their `application_name`).
///
/// Last, issue 14's p50 ratio measured a second way: one client, the file log's server and the first
/// database server taking turns in slices of `slice` commands, both servers up throughout. The rows
/// above measure the two stores minutes apart, and on this shared two-core machine either p50 moved
/// by a third from run to run with whatever else ran in that minute (a build, say, or in the
/// database an autovacuum or a checkpoint); alternating slices puts both under the same minutes.
/// Then, with the servers stopped, one command end to end on each store in turn: `registry stipend
/// confirm` as a new process (the command line's own catch-up, decision, append and exit), timed from
/// spawn to exit.
struct PostgresServerBench {
    let registry: String
    let conninfo: String
    let root: String
    let jsonPath: String
    let quick: Bool
    let environment: [String: String] = ["REGISTRY_NOW": "2026-06-01T08:00:00Z", "LANG": "C",
                                         "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                         "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp"]

    /// Where a setup's commands go: the file log's directory, or the database (with the command line's cache).
    enum Store {
        case file(String)
        case database(String, cache: String)

        var arguments: [String] {
            switch self {
            case .file(let log): return ["--log", log]
            case .database(let conninfo, _): return ["--store", conninfo]
            }
        }
    }

    struct Row {
        var label: String
        var clients: Int
        var commands: Int
        var failures: Int
        var seconds: Double
        var latencies: [Double]
        /// CPU seconds used during the row by the servers, the clients, and the database's backends (nil: not measured).
        var serverCPU: Double?
        var clientCPU: Double?
        var databaseCPU: Double?
        var rate: Double { seconds > 0 ? Double(commands - failures) / seconds : 0 }
        func perCommand(_ cpu: Double?) -> String {
            guard let cpu, commands > 0 else { return "        -" }
            return String(format: "%9.0f", cpu * 1e6 / Double(commands))
        }
        var line: String {
            label.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "%7d  %8d  %8d  %11.0f  %7.1f  %7.1f", clients, commands, failures, rate,
                         quantile(latencies, 0.5) * 1000, quantile(latencies, 0.99) * 1000)
                + "  " + perCommand(serverCPU) + "  " + perCommand(clientCPU) + "  " + perCommand(databaseCPU)
        }
    }

    static let months = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]

    func run() throws {
        let plan = quick ? [(1, 100), (16, 480), (64, 960)] : [(1, 300), (16, 1920), (64, 3840)]
        // The alternated one-client comparison: `slices` turns of `slice` commands on each store.
        let (slices, slice) = quick ? (4, 25) : (8, 50)
        // Then one command end to end (a new `registry` process each), the stores taking turns.
        let processRuns = quick ? 6 : 20
        let commandsPerStore = plan.map(\.1).reduce(0, +) + slices * slice + processRuns
        let placements = (commandsPerStore + Self.months.count - 1) / Self.months.count
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)

        say("server bench: setting up \(placements) placements on a file log …")
        let file = Store.file(root + "/file-log")
        let fileToken = try setUp(file, placements: placements)
        var rows: [Row] = []
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        defer { curl_global_cleanup() }

        let scratch = try ScratchSchema.create(prefix: "bench_", in: conninfo, namingApplication: true)
        // Dropped when the run ends, after the servers below are stopped: schemas left by earlier runs,
        // each with its district's events and read model, slowed later runs on the same database
        // (64 clients: 967-1,078 commands/s with 37 left, 1,446-1,473 once they were dropped).
        defer { scratch.drop() }
        let schema = scratch.name, database = scratch.conninfo
        let store = Store.database(database, cache: root + "/cli-cache")
        let used = plan.map(\.1).reduce(0, +)
        let work = Self.work(commandsPerStore)
        let alternatedRatio: Double
        do {
            // The servers are up until the end of this block (the file log's for the alternated comparison).
            let fileServer = try startServer(file, cache: nil)
            defer { stop(fileServer.process) }
            rows += try load(ports: [fileServer.port], servers: [fileServer.process.processIdentifier], token: fileToken, plan: plan,
                             label: "file log, 1 server", application: nil)

            say("server bench: setting up \(placements) placements in schema \(schema) …")
            let token = try setUp(store, placements: placements)
            let a = try startServer(store, cache: root + "/server-a")
            defer { stop(a.process) }
            let b = try startServer(store, cache: root + "/server-b")
            defer { stop(b.process) }
            rows += try load(ports: [a.port, b.port], servers: [a.process.processIdentifier, b.process.processIdentifier], token: token,
                             plan: plan, label: "PostgreSQL, 2 servers", application: String(schema))

            // The same placement-months on both stores, after those the rows above used.
            let turns = Array(work[used..<(used + slices * slice)])
            var fileTurns = Row(label: "file log, 1 client, alternated", clients: 1, commands: 0, failures: 0, seconds: 0, latencies: [])
            var databaseTurns = Row(label: "PostgreSQL, 1 client, alternated", clients: 1, commands: 0, failures: 0, seconds: 0, latencies: [])
            for turn in 0..<slices {
                let batch = Array(turns[(turn * slice)..<((turn + 1) * slice)])
                fileTurns.add(oneClient(port: fileServer.port, token: fileToken, batch: batch))
                databaseTurns.add(oneClient(port: a.port, token: token, batch: batch))
            }
            say(fileTurns.line)
            say(databaseTurns.line)
            rows += [fileTurns, databaseTurns]
            alternatedRatio = quantile(databaseTurns.latencies, 0.5) / max(quantile(fileTurns.latencies, 0.5), 1e-9)
        }

        // One command end to end: `registry stipend confirm` as a new process on each store in turn,
        // timed from spawn to exit (the servers are stopped: the file log's held its writer lock).
        var fileProcesses = Row(label: "file log, one command (process)", clients: 1, commands: 0, failures: 0, seconds: 0, latencies: [])
        var databaseProcesses = Row(label: "PostgreSQL, one command (process)", clients: 1, commands: 0, failures: 0, seconds: 0, latencies: [])
        for (placement, month) in work[(used + slices * slice)...] {
            for (target, onStore) in [(0, file), (1, store)] {
                // Spawned with posix_spawn, as the command part of `registry-bench` spawns its commands.
                let run = runChild(registry, ["stipend", "confirm", placement, "--month", month, "--amount", "3400",
                                              "--paid-on", ServerBench.nextMonthTenth(month), "--as", "enterprise:E01"] + onStore.arguments,
                                   environment: environment(for: onStore))
                if target == 0 { fileProcesses.add(run.seconds, ok: run.exitStatus == 0) } else { databaseProcesses.add(run.seconds, ok: run.exitStatus == 0) }
            }
        }
        say(fileProcesses.line)
        say(databaseProcesses.line)
        rows += [fileProcesses, databaseProcesses]
        let processRatio = quantile(databaseProcesses.latencies, 0.5) / max(quantile(fileProcesses.latencies, 0.5), 1e-9)

        var load = "?"
        if let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) { load = text.split(separator: " ").prefix(3).joined(separator: " ") }
        var table = "registry serve: durable stipend confirmations through the JSON API (load average \(load) at the end)\n"
        table += "what                                clients  commands  failures   commands/s   p50 ms   p99 ms"
            + "  CPU µs/cmd: servers  clients  database\n"
        for row in rows { table += row.line + "\n" }
        table += String(format: "one client, the stores taking turns in %d slices of %d: PostgreSQL p50 ÷ file log p50 = %.2f (issue 14: ≤ 2)\n",
                        slices, slice, alternatedRatio)
        table += String(format: "one command end to end (a new process each, the stores in turn): PostgreSQL p50 ÷ file log p50 = %.2f\n", processRatio)
        print(table)
        let json = rows.map { r in
            "{\"what\":\"\(r.label)\",\"clients\":\(r.clients),\"commands\":\(r.commands),\"failures\":\(r.failures),"
                + "\"commandsPerSecond\":\(Int(r.rate)),\"p50Ms\":\(quantile(r.latencies, 0.5) * 1000),\"p99Ms\":\(quantile(r.latencies, 0.99) * 1000)"
                + [("serverCPUMicrosecondsPerCommand", r.serverCPU), ("clientCPUMicrosecondsPerCommand", r.clientCPU),
                   ("databaseCPUMicrosecondsPerCommand", r.databaseCPU)].compactMap { name, cpu in
                    cpu.map { ",\"\(name)\":\(Int(($0 * 1e6 / Double(max(1, r.commands))).rounded()))" }
                }.joined() + "}"
        }
        try ("{\"servers\":[" + json.joined(separator: ",") + "],\"alternatedP50Ratio\":\(alternatedRatio),\"processP50Ratio\":\(processRatio),\"loadAverage\":\"\(load)\"}\n")
            .write(toFile: jsonPath, atomically: true, encoding: .utf8)
        say("wrote \(jsonPath)")
    }

    /// The district, `placements` started placements at E01, and an API token for E01's account.
    func setUp(_ store: Store, placements: Int) throws -> String {
        try setUpStipendDistrict(placements: placements, files: root) { try cli($0, store) }
        try cli(["account", "add", "hr", "--role", "enterprise:E01", "--as", "bureau:EDU"], store)
        let line = try cli(["account", "token", "hr", "--as", "bureau:EDU"], store)
        return String(line.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func cli(_ arguments: [String], _ store: Store) throws -> String {
        let result = try runCapturing(registry, arguments + store.arguments, environment: environment(for: store))
        guard result.status == 0 else { throw BenchFailure("registry \(arguments.prefix(3).joined(separator: " ")) exited \(result.status): \(result.output.suffix(300))") }
        return result.output
    }

    /// The environment a command line on `store` runs with: a database store's command lines share one cache.
    func environment(for store: Store) -> [String: String] {
        var environment = self.environment
        if case .database(_, let cache) = store { environment["REGISTRY_CACHE"] = cache }
        return environment
    }

    /// Starts `registry serve` on a free port; a database server keeps its cache in `cache`.
    func startServer(_ store: Store, cache: String?) throws -> (process: Process, port: Int) {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: registry)
        var arguments = ["serve", "--listen", "127.0.0.1:0", "--max-connections", "512"]
        switch store {
        case .file(let log): arguments += ["--log", log]
        case .database(let conninfo, _): arguments += ["--store", conninfo, "--log", cache ?? root + "/server"]
        }
        server.arguments = arguments
        server.environment = environment
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.standardError
        try server.run()
        var seen = ""
        while !seen.contains("listening on") {
            let d = out.fileHandleForReading.availableData
            if d.isEmpty { break }
            seen += String(decoding: d, as: UTF8.self)
        }
        guard let range = seen.range(of: "http://127.0.0.1:"), let port = Int(seen[range.upperBound...].prefix { $0.isNumber }) else {
            throw BenchFailure("the server did not start: \(seen)")
        }
        let handle = out.fileHandleForReading
        Thread.detachNewThread { while !handle.availableData.isEmpty {} }
        return (server, port)
    }

    func stop(_ process: Process) {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    /// The PostgreSQL backends whose `application_name` is `application`, and their CPU seconds so far.
    func databaseCPU(_ application: String) -> [Int32: Double] {
        guard let result = try? runCapturing(psqlExecutable, [conninfo, "-XAtc", "SELECT pid FROM pg_stat_activity WHERE application_name = '\(application)'"],
                                        environment: environment), result.status == 0 else { return [:] }
        var cpu: [Int32: Double] = [:]
        for line in result.output.split(separator: "\n") {
            if let pid = Int32(line.trimmingCharacters(in: .whitespaces)), let seconds = ServerBench.processCPU(pid) { cpu[pid] = seconds }
        }
        return cpu
    }

    /// Each step of `plan` (clients, commands) on distinct placement-months; client c uses server c mod n.
    /// Each client has its own libcurl handle, whose connection is kept alive from one request to the next.
    func load(ports: [Int], servers: [Int32], token: String, plan: [(Int, Int)], label: String, application: String?) throws -> [Row] {
        var work = Self.work(plan.map(\.1).reduce(0, +))
        var rows: [Row] = []
        func serversCPU() -> Double? {
            let each = servers.compactMap(ServerBench.processCPU)
            return each.count == servers.count ? each.reduce(0, +) : nil
        }
        for (clients, commands) in plan {
            let batch = Array(work.prefix(commands))
            work.removeFirst(commands)
            let results = Latencies()
            let group = DispatchGroup()
            let (serversBefore, clientBefore) = (serversCPU(), ServerBench.ownCPU())
            let databaseBefore = application.map(databaseCPU)
            let start = now()
            for client in 0..<clients {
                group.enter()
                let port = ports[client % ports.count]
                Thread.detachNewThread {
                    defer { group.leave() }
                    ServerBench.confirmStipends(port: port, token: token, batch: batch, client: client, of: clients,
                                                paidOn: ServerBench.nextMonthTenth) { results.add($0, ok: $1) }
                }
            }
            group.wait()
            var row = Row(label: label, clients: clients, commands: batch.count, failures: results.failures, seconds: now() - start,
                          latencies: results.values)
            if let serversBefore, let after = serversCPU() { row.serverCPU = after - serversBefore }
            row.clientCPU = ServerBench.ownCPU() - clientBefore
            if let application, let databaseBefore {
                // A backend that started during the row counts from zero; one that ended is lost.
                let after = databaseCPU(application)
                row.databaseCPU = after.reduce(0) { $0 + $1.value - (databaseBefore[$1.key] ?? 0) }
            }
            say(row.line)
            rows.append(row)
        }
        return rows
    }
}

extension PostgresServerBench {
    /// At least `commands` distinct placement-months, in the order every part of the run takes them.
    static func work(_ commands: Int) -> [(String, String)] {
        (0..<((commands + months.count - 1) / months.count)).flatMap { i in months.map { ("P-B\(i)", $0) } }
    }

    /// `batch` confirmed by one client on `port`: its requests' latencies, and how long it took.
    func oneClient(port: Int, token: String, batch: [(String, String)]) -> (Latencies, Double) {
        let results = Latencies()
        let start = now()
        ServerBench.confirmStipends(port: port, token: token, batch: batch, client: 0, of: 1,
                                    paidOn: ServerBench.nextMonthTenth) { results.add($0, ok: $1) }
        return (results, now() - start)
    }
}

extension PostgresServerBench.Row {
    /// Adds one command run on its own (a process), which took `seconds`.
    mutating func add(_ seconds: Double, ok: Bool) {
        commands += 1
        failures += ok ? 0 : 1
        latencies.append(seconds)
        self.seconds += seconds
    }

    /// Adds one slice's requests and time to the row.
    mutating func add(_ slice: (results: Latencies, seconds: Double)) {
        commands += slice.results.values.count
        failures += slice.results.failures
        latencies += slice.results.values
        seconds += slice.seconds
    }
}

final class Latencies: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Double] = []
    private(set) var failures = 0
    func add(_ latency: Double, ok: Bool) { lock.withLock { values.append(latency); if !ok { failures += 1 } } }
}
