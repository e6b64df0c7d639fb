import CCurl
import Foundation

/// `registry-bench --server`: the server part of SPEC.md section 7. N concurrent clients on loopback
/// (N = 1, 16, 64), each confirming distinct stipends through the JSON API with an API token over
/// its own kept-alive connection (libcurl: URLSession on Linux spent more CPU than the server); then
/// the same kind of commands as separate command-line processes (1 and 16 at once), in the same run.
/// Reports durable commands/s and p50/p99 latency as a table and as JSON.
struct ServerBench {
    let registry: String
    let root: String
    let jsonPath: String
    let quick: Bool
    let environment: [String: String] = ["REGISTRY_NOW": "2026-06-01T08:00:00Z", "LANG": "C",
                                         "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    var log: String { root + "/server-log" }

    struct Figures {
        var label: String
        var clients: Int
        var commands: Int
        var failures: Int
        var seconds: Double
        var latencies: [Double]
        /// CPU seconds the server process and this process (the clients) used in the run: on a shared
        /// machine, CPU per command is steadier than commands per second.
        var serverCPU: Double? = nil
        var clientCPU: Double? = nil
    }

    /// CPU seconds (user + system) a process has used so far, from /proc; nil when unreadable.
    static func processCPU(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU seconds this process has used so far.
    static func ownCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    @discardableResult
    func cli(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: registry)
        process.arguments = arguments + ["--log", log]
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure("registry \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Months 2025-09 … 2026-02 of each placement: the distinct stipend confirmations to issue.
    static let months = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]

    func setUp(placements: Int) throws {
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try setUpStipendDistrict(placements: placements, files: root) { try cli($0) }
        try cli(["account", "add", "hr", "--role", "enterprise:E01", "--as", "bureau:EDU"])
    }

    func run() throws {
        // Other work on the machine takes CPU from both the server and its clients: say how much there was.
        let loadAverage = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
        let plan = quick ? [(1, 100), (16, 480), (64, 960)] : [(1, 300), (16, 1920), (64, 3840)]
        let cliPlan = quick ? [(1, 20), (16, 64)] : [(1, 60), (16, 192)]
        let total = plan.map(\.1).reduce(0, +) + cliPlan.map(\.1).reduce(0, +)
        let placements = (total + Self.months.count - 1) / Self.months.count
        say("server bench: setting up \(placements) placements …")
        try setUp(placements: placements)
        let tokenLine = try cli(["account", "token", "hr", "--as", "bureau:EDU"])
        let token = String(tokenLine.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var work = (0..<placements).flatMap { i in Self.months.map { ("P-B\(i)", $0) } }

        let server = Process()
        server.executableURL = URL(fileURLWithPath: registry)
        server.arguments = ["serve", "--listen", "127.0.0.1:0", "--log", log, "--max-connections", "512"]
        server.environment = environment
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        var seen = ""
        while !seen.contains("listening on") { let d = out.fileHandleForReading.availableData; if d.isEmpty { break }; seen += String(decoding: d, as: UTF8.self) }
        guard let range = seen.range(of: "http://127.0.0.1:"), let port = Int(seen[range.upperBound...].prefix { $0.isNumber }) else {
            throw BenchFailure("the server did not start: \(seen)")
        }
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        defer { curl_global_cleanup() }

        var figures: [Figures] = []
        for (clients, commands) in plan {
            let batch = Array(work.prefix(commands))
            work.removeFirst(commands)
            let (serverBefore, clientBefore) = (Self.processCPU(server.processIdentifier), Self.ownCPU())
            var run = try httpRun(port: port, token: token, clients: clients, batch: batch)
            if let serverBefore, let serverAfter = Self.processCPU(server.processIdentifier) { run.serverCPU = serverAfter - serverBefore }
            run.clientCPU = Self.ownCPU() - clientBefore
            figures.append(run)
            say(figures.last!.line)
        }
        kill(server.processIdentifier, SIGTERM)
        // "stopped; N commands in G durable groups": the mean group size, for the fdatasync floor.
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        server.waitUntilExit()
        let stopped = String(decoding: rest, as: UTF8.self).split(separator: "\n").first { $0.contains("durable groups") }.map(String.init)
        for (clients, commands) in cliPlan {
            let batch = Array(work.prefix(commands))
            work.removeFirst(commands)
            figures.append(try cliRun(clients: clients, batch: batch))
            say(figures.last!.line)
        }
        var table = "registry serve: durable stipend confirmations (group commit) beside command-line processes\n"
        table += "load average at the start: \(loadAverage)\n"
        table += "what                          clients  commands  failures   commands/s   p50 ms   p99 ms  server CPU µs/cmd  client CPU µs/cmd\n"
        for f in figures { table += f.line + "\n" }
        if let stopped { table += "(the server at SIGTERM: \(stopped.trimmingCharacters(in: .whitespaces)))\n" }
        print(table)
        let json = figures.map { f in
            "{\"what\":\"\(f.label)\",\"clients\":\(f.clients),\"commands\":\(f.commands),\"failures\":\(f.failures),"
                + "\"commandsPerSecond\":\(f.rate),\"p50Ms\":\(f.p50),\"p99Ms\":\(f.p99)"
                + (f.serverCPU.map { ",\"serverCPUMicrosecondsPerCommand\":\(f.perCommand($0))" } ?? "")
                + (f.clientCPU.map { ",\"clientCPUMicrosecondsPerCommand\":\(f.perCommand($0))" } ?? "") + "}"
        }
        try ("{\"server\":[" + json.joined(separator: ",") + "]}\n").write(toFile: jsonPath, atomically: true, encoding: .utf8)
        say("wrote \(jsonPath)")
    }

    func httpRun(port: Int, token: String, clients: Int, batch: [(String, String)]) throws -> Figures {
        let results = Collector()
        let group = DispatchGroup()
        let start = now()
        for client in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                Self.confirmStipends(port: port, token: token, batch: batch, client: client, of: clients,
                                     paidOn: { $0 == "2026-02" ? "2026-03-10" : Self.nextMonthTenth($0) }) { results.add($0, ok: $1) }
            }
        }
        group.wait()
        return Figures(label: "server, JSON API", clients: clients, commands: batch.count, failures: results.failures,
                       seconds: now() - start, latencies: results.latencies)
    }

    /// One client's share of `batch` (every `clients`-th placement-month from `client`), each month's
    /// stipend confirmed through the JSON API on `port`. One libcurl handle per client: it keeps its
    /// connection open from one request to the next.
    /// - Parameter record: each request's latency and whether it was answered 201 (every request
    ///   fails when libcurl gives no handle).
    static func confirmStipends(port: Int, token: String, batch: [(String, String)], client: Int, of clients: Int,
                                paidOn: (String) -> String, record: (Double, Bool) -> Void) {
        guard let handle = registry_curl_client(120) else {
            for _ in stride(from: client, to: batch.count, by: clients) { record(0, false) }
            return
        }
        defer { curl_easy_cleanup(handle) }
        var headers: UnsafeMutablePointer<curl_slist>?
        for header in ["Authorization: Bearer " + token, "Content-Type: application/json"] {
            headers = curl_slist_append(headers, header)
        }
        defer { curl_slist_free_all(headers) }
        for index in stride(from: client, to: batch.count, by: clients) {
            let (placement, month) = batch[index]
            let url = "http://127.0.0.1:\(port)/api/v1/placements/\(placement)/stipends"
            let body = "{\"month\":\"\(month)\",\"amount\":\"3400\",\"paidOn\":\"\(paidOn(month))\"}"
            let t = now()
            let status = registry_curl_post(handle, url, body, headers)
            record(now() - t, status == 201)
        }
    }

    func cliRun(clients: Int, batch: [(String, String)]) throws -> Figures {
        let results = Collector()
        let group = DispatchGroup()
        let start = now()
        for client in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                for index in stride(from: client, to: batch.count, by: clients) {
                    let (placement, month) = batch[index]
                    let t = now()
                    let ok = (try? cli(["stipend", "confirm", placement, "--month", month, "--amount", "3400",
                                        "--paid-on", Self.nextMonthTenth(month), "--as", "enterprise:E01"])) != nil
                    results.add(now() - t, ok: ok)
                }
                group.leave()
            }
        }
        group.wait()
        return Figures(label: "command-line processes", clients: clients, commands: batch.count, failures: results.failures,
                       seconds: now() - start, latencies: results.latencies)
    }

    static func nextMonthTenth(_ month: String) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        let (y, m) = parts[1] == 12 ? (parts[0] + 1, 1) : (parts[0], parts[1] + 1)
        return String(format: "%04d-%02d-10", y, m)
    }
}

extension ServerBench.Figures {
    var rate: Double { seconds > 0 ? Double(commands - failures) / seconds : 0 }
    var p50: Double { quantile(latencies, 0.5) * 1000 }
    var p99: Double { quantile(latencies, 0.99) * 1000 }
    /// CPU microseconds per command.
    func perCommand(_ seconds: Double) -> Double { commands > 0 ? (seconds * 1e6 / Double(commands)).rounded() : 0 }
    var line: String {
        label.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%7d  %8d  %8d  %11.0f  %7.1f  %7.1f", clients, commands, failures, rate, p50, p99)
            + (serverCPU.map { String(format: "  %17.0f", perCommand($0)) } ?? "")
            + (clientCPU.map { String(format: "  %17.0f", perCommand($0)) } ?? "")
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var latencies: [Double] = []
    private(set) var failures = 0
    func add(_ latency: Double, ok: Bool) { lock.withLock { latencies.append(latency); if !ok { failures += 1 } } }
}


/// The bench district through the command line (`cli` runs one `registry` command on the store under
/// test): a school, an above-size enterprise of 200,000 employees, and `placements` started post
/// placements there, imported from CSV files written into `files`.
func setUpStipendDistrict(placements: Int, files: String, cli: ([String]) throws -> String) throws {
    _ = try cli(["init", "--as", "bureau:EDU", "--jurisdiction", "三门峡市", "--policy", "sanmenxia", "--from", "2024-01-01"])
    _ = try cli(["school", "register", "S01", "--name", "三门峡职业技术学院", "--level", "higher", "--as", "bureau:EDU"])
    _ = try cli(["enterprise", "register", "E01", "--name", "豫西精工机械有限公司", "--above-scale", "--as", "bureau:EDU"])
    _ = try cli(["enterprise", "workforce", "E01", "--headcount", "200000", "--as-of", "2025-01-01", "--as", "enterprise:E01"])
    var students = "id,name,major,birth,enrolled\n", register = "id,student,enterprise,kind,start,end,stipend,agreement\n"
    var insurance = "placement,policy_number,insurer,covers,from,to,paid_by\n", starts = "placement,start_date\n"
    for i in 0..<placements {
        students += "B\(i),学生\(i),数控技术,2005-01-01,2023-09-01\n"
        register += "P-B\(i),B\(i),E01,post,2025-09-01,2026-02-28,3400,SF-B\(i)\n"
        insurance += "P-B\(i),PICC-B\(i),中国人保,liability;accident,2025-09-01,2026-02-28,school\n"
        starts += "P-B\(i),2025-09-01\n"
    }
    for (name, text) in [("students", students), ("placements", register), ("insurance", insurance), ("starts", starts)] {
        let path = files + "/\(name).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try cli(["import", name, path, "--as", "school:S01"])
    }
}
