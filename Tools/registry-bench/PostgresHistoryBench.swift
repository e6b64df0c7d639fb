import Foundation

/// The history figures of `registry-bench --store …` (issue 14), beside the file log's in the same
/// run: a generated district history (1M events; 20k with `--quick`; the log is kept with the other
/// parts' logs and reused) copied into a fresh schema with `registry migrate` (timed), then the read
/// model rebuilt from each store with `registry-replay rebuild` and each store checked with `registry
/// verify`, each a new process timed from spawn to exit, the stores in turn.
struct PostgresHistoryBench {
    let registry: String
    let conninfo: String
    let logsRoot: String
    let events: Int

    /// The figures, labelled, in seconds (and events/s for verify).
    func run() throws -> [(String, Double)] {
        let log = try generatedLog(root: logsRoot, events: events, seed: 1)
        let scratch = try ScratchSchema.create(prefix: "hist_", in: conninfo)
        defer { scratch.drop() }
        let schema = scratch.name, database = scratch.conninfo
        let work = NSTemporaryDirectory() + "registry-bench-" + schema
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let replay = URL(fileURLWithPath: registry).deletingLastPathComponent().path + "/registry-replay"
        let n = si(events)
        say("history bench: copying the \(n)-event log into schema \(schema) (registry migrate) …")
        var rows = [("copy of \(n) events into PostgreSQL, registry migrate (s)", try timed(registry, ["migrate", "--from", log, "--to", database]))]
        let stores: [(name: String, arguments: [String])] = [("file log", ["--log", log]), ("PostgreSQL", ["--store", database])]
        for (name, arguments) in stores {
            rows.append(("rebuild of \(n) events, \(name), registry-replay rebuild (s)",
                         try timed(replay, ["rebuild", "--out", work + "/rebuilt-\(name.prefix(4)).sqlite"] + arguments)))
        }
        for (name, arguments) in stores {
            rows.append(("verify of \(n) events, \(name) (events/s)", Double(events) / (try timed(registry, ["verify"] + arguments))))
        }
        return rows
    }

    /// Seconds from spawn to exit of a run that must succeed.
    private func timed(_ executable: String, _ arguments: [String]) throws -> Double {
        let started = now()
        try run(executable, arguments)
        return now() - started
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["REGISTRY_CACHE"] = NSTemporaryDirectory() + "registry-bench-history-cache"
        let result = try runCapturing(executable, arguments, environment: environment)
        guard result.status == 0 else {
            throw BenchFailure("\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.prefix(2).joined(separator: " ")) exited \(result.status): \(result.output.suffix(300))")
        }
    }
}
