import EventStore
import Foundation
import PostgresStore

/// `registry-bench --store postgresql://… [--seconds S] [--quick] [--only servers] [--dir DIR] [--registry PATH] [--json FILE]`:
/// the PostgreSQL store's append figures, then the servers' (`PostgresServerBench`). The store must
/// be a scratch database or schema (its schema is created if missing): the bench appends to it.
/// Durable appends at batch 1, 100 and 1000 from one writer, then one-event commands from 1, 8 and
/// 32 concurrent writers (threads, each with its own connection, as separate servers would have).
enum PostgresBench {
    /// Runs the appends and the servers' figures; `arguments` are the command line's after the connection string.
    static func main(conninfo: String, arguments: [String]) throws {
        func value(_ name: String) -> String? { arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } }
        let quick = arguments.contains("--quick")
        // `--only servers` skips the append figures (for comparing servers' builds quickly).
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let registry = value("--registry") ?? URL(fileURLWithPath: exe).deletingLastPathComponent().path + "/registry"
        if value("--only") != "servers" {
            var rows = try run(conninfo: conninfo, seconds: value("--seconds").flatMap(Double.init) ?? (quick ? 1 : 3))
            // The history: copied in, rebuilt and verified on both stores (the logs kept where the other parts keep theirs).
            rows += try PostgresHistoryBench(registry: registry, conninfo: conninfo, logsRoot: (value("--logs") ?? "/tmp/registry-bench") + "/logs",
                                             events: quick ? 20_000 : 1_000_000).run()
            let width = rows.map(\.0.count).max() ?? 0
            for (label, value) in rows {
                print(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(format: "%10.2f", value))
            }
            print("{" + rows.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
        }
        try PostgresServerBench(registry: registry, conninfo: conninfo, root: value("--dir") ?? "/tmp/registry-bench-postgres",
                                jsonPath: value("--json") ?? "registry-bench-postgres.json", quick: quick).run()
    }

    /// The append figures and the store's own verify, labelled.
    static func run(conninfo: String, seconds: Double) throws -> [(String, Double)] {
        let store = try PostgresEventStore.create(conninfo: conninfo).store
        let run = UUID().uuidString.prefix(8)
        let payload = Array(String(repeating: "x", count: 200).utf8)
        var rows: [(String, Double)] = []
        for batch in [1, 100, 1000] {
            var events = 0
            let started = now()
            var round = 0
            while now() - started < seconds || round == 0 {
                let requests = (0..<batch).map { i in
                    AppendRequest(streamID: "bench-\(run)-b\(batch)-\(i % 50)", events: [NewEvent(type: "Bench", payload: payload)],
                                  expectedVersion: .any, commandID: "bench-\(run)-b\(batch)-\(round)-\(i)", actor: "bench:b")
                }
                _ = try store.append(requests)
                events += batch
                round += 1
            }
            rows.append(("durable appends, batch \(batch) (events/s)", Double(events) / (now() - started)))
        }
        for writers in [1, 8, 32] {
            let counter = Tally()
            let started = now()
            DispatchQueue.concurrentPerform(iterations: writers) { w in
                guard let mine = try? PostgresEventStore(conninfo: conninfo) else { return }
                var i = 0
                while now() - started < seconds {
                    let ok = try? mine.append([NewEvent(type: "Bench", payload: payload)], to: "bench-\(run)-w\(w)-\(i % 20)",
                                              expectingVersion: .any, commandID: "bench-\(run)-w\(writers)-\(w)-\(i)", actor: "bench:w")
                    if ok != nil { counter.add() }
                    i += 1
                }
            }
            rows.append(("one-event commands, \(writers) writers (appends/s)", Double(counter.value) / (now() - started)))
        }
        let report = try PostgresEventStore(conninfo: conninfo)
        let verifyStarted = now()
        let verified = try report.verify()
        rows.append(("verify (events/s over \(verified.eventCount) events)", Double(verified.eventCount) / (now() - verifyStarted)))
        return rows
    }
}

final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
