import EventStore
import Foundation
import RegistryService

struct BenchConfig {
    var quick: Bool
    var sizes: [Int]
    var runs: Int
    var seed: UInt64
    var root: String
    var jsonPath: String
    var registryPath: String
    /// Appends measured at each batch size: (batch size, events).
    var appendPlan: [(batch: Int, events: Int)]
    var fsyncSamples: Int
    /// The parts to run (`--only`): appends, replay, verify, commands.
    var parts: Set<String>
    static let allParts: Set<String> = ["appends", "replay", "verify", "commands", "proofs", "imports", "scale"]
    /// Parts run only when named: `tree` is the appends-with-the-tree comparison of `proofs` by itself.
    static let extraParts: Set<String> = ["tree"]

    init(quick: Bool, values: [String: String]) {
        self.quick = quick
        sizes = values["--sizes"].map { $0.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) } }
            ?? (quick ? [1_000, 5_000, 20_000] : [10_000, 100_000, 1_000_000, 10_000_000])
        runs = values["--runs"].flatMap(Int.init) ?? (quick ? 10 : 40)
        seed = values["--seed"].flatMap(UInt64.init) ?? 1
        root = values["--dir"] ?? "/tmp/registry-bench"
        jsonPath = values["--json"] ?? "registry-bench.json"
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        registryPath = values["--registry"] ?? (URL(fileURLWithPath: exe).deletingLastPathComponent().path + "/registry")
        appendPlan = quick ? [(1, 200), (100, 5_000), (1000, 20_000)] : [(1, 1_000), (100, 20_000), (1000, 50_000)]
        fsyncSamples = quick ? 100 : 500
        parts = values["--only"].map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) } ?? Self.allParts
    }
}

struct CommandFigures {
    var events: Int
    var runs: [Double]
    var peakBytes: Int
    var failures: Int
    /// The `sqlite3` shell's durable inserts, alternated with `runs` (empty when there is no shell).
    var sqliteRuns: [Double] = []
}

struct Results {
    var table = ""
    var json = Data()
}

final class Bench {
    let config: BenchConfig
    var appendLog: [AppendFigures] = []
    var appendSQLite: [AppendFigures] = []
    /// Per batch size: seconds the stream index alone took for the same appends (`StreamIndexFloor`).
    var appendIndexFloor: [Double] = []
    var fsync: [Double] = []
    var fsyncBatchExtend: [Double] = []
    var fsyncBatchOverwrite: [Double] = []
    var rebuildSeconds = 0.0
    var rebuildWall = 0.0
    var rebuildPeak = 0
    /// The rebuild's two steps (`RebuildRun.fold`, `.write`).
    var rebuildSteps = RebuildRun()
    var rebuildEvents = 0
    var commands: [CommandFigures] = []
    var verifySeconds = 0.0
    var verifyBytes = 0
    var verifyEvents = 0
    var shaRaw = 0.0
    var shaChained = 0.0
    var recordSize = 0
    /// Reading the largest log's segments and chaining SHA-256 over its records, nothing else (issue 17):
    /// the floor under the rebuild, and the verifier's ceiling over the same records.
    var replayFloor: ChainFloor.Walk?
    var verifyFloor: ChainFloor.Walk?

    init(_ config: BenchConfig) { self.config = config }

    func run() throws -> Results {
        let work = config.root + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        guard FileManager.default.isExecutableFile(atPath: config.registryPath) else {
            throw EventStoreError.invalidAppend("no registry executable at \(config.registryPath); build it or pass --registry PATH")
        }
        let needsLogs = !config.parts.isDisjoint(with: ["replay", "verify", "commands", "proofs", "scale"])
        let logs = needsLogs ? try config.sizes.map { try generatedLog(root: config.root + "/logs", events: $0, seed: config.seed) } : []
        // Rebuild, verify and proofs are judged on the largest log of at most 1M events (their targets
        // are set for 1M); a larger one (the 10M province-year) is the scale part's.
        let targetIndex = config.sizes.lastIndex { $0 <= 1_000_000 } ?? config.sizes.indices.last
        let targetLog = targetIndex.flatMap { logs.indices.contains($0) ? logs[$0] : nil }
        if config.parts.contains("appends") { try runAppends(work: work) }
        if config.parts.contains("replay"), let targetLog { try runReplay(targetLog, work: work) }
        if config.parts.contains("verify"), let targetLog { try runVerify(targetLog) }
        if config.parts.contains("commands") { try runCommands(logs, work: work) }
        var proofs = config.parts.contains("proofs") ? try targetLog.map { try runProofs($0, work: work) } : nil
        if config.parts.contains("tree") && proofs == nil {
            var figures = ProofFigures()
            try runTreeAppends(into: &figures, work: work)
            proofs = figures
        }
        let imports = config.parts.contains("imports") ? try runImports(work: work) : nil
        var scale: ScaleFigures?
        if config.parts.contains("scale"), let targetIndex, let last = config.sizes.indices.last, last > targetIndex {
            scale = try runScale(logs[last], events: config.sizes[last], work: work)
        }
        var results = report()
        if let proofs { results.table += proofs.table }
        if let imports { results.table += imports.table }
        if let scale { results.table += scale.table }
        results.table += issue17Summary(imports: imports, scale: scale)
        return results
    }

    /// 1. Durable appends, log vs SQLite, and the fsync floor.
    func runAppends(work: String) throws {
        say("appends ...")
        let maxEvents = config.appendPlan.map(\.events).max() ?? 0
        let workloadLog = try generatedLog(root: config.root + "/logs", events: max(maxEvents, 20_000), seed: config.seed)
        let requests = try workload(from: workloadLog, count: maxEvents)
        // Let the writeback of the generated logs finish, so it does not weigh on the durable writes measured next.
        sync()
        sleep(2)
        fsync = fsyncLatencies(path: work + "/fsync.probe", count: config.fsyncSamples)
        for (batch, events) in config.appendPlan {
            let list = batches(requests, size: batch)
            var taken: [[AppendRequest]] = []
            var n = 0
            for b in list where n < events { taken.append(b); n += b.reduce(0) { $0 + $1.events.count } }
            let dir = work + "/append-\(batch)"
            try? FileManager.default.removeItem(atPath: dir)
            appendLog.append(try benchLogAppends(taken, directory: dir, batchSize: batch))
            if recordSize == 0 { recordSize = averageRecordSize(directory: dir, events: appendLog.last!.events) }
            try? FileManager.default.removeItem(atPath: dir)
            appendIndexFloor.append(try StreamIndexFloor.insert(taken, recordLength: recordSize, directory: dir, clock: now))
            try? FileManager.default.removeItem(atPath: dir)
            appendSQLite.append(try benchSQLiteAppends(taken, path: work + "/append-\(batch).sqlite", batchSize: batch))
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: work + "/append-\(batch).sqlite" + suffix) }
            say("  batch \(batch): log \(Int(appendLog.last!.eventsPerSecond)) events/s, SQLite \(Int(appendSQLite.last!.eventsPerSecond)) events/s")
        }
        // What a batch-1000 fdatasync costs on this disk when the write extends the file (as the log's
        // segment does) and when it goes over bytes already written (as SQLite's recycled WAL does).
        let batchBytes = max(recordSize, 1) * 1000
        let samples = max(config.fsyncSamples / 5, 20)
        fsyncBatchExtend = fsyncLatencies(path: work + "/fsync.probe", count: samples, size: batchBytes)
        fsyncBatchOverwrite = fsyncLatencies(path: work + "/fsync.probe", count: samples, size: batchBytes, overwrite: true)
    }

    /// 2. Full replay of the largest log, in a child process (its own peak memory).
    func runReplay(_ largest: String, work: String) throws {
        say("replay of \(largest) ...")
        let run = try rebuildInChild(largest, work: work)
        (rebuildSeconds, rebuildEvents, rebuildWall, rebuildPeak) = (run.seconds, run.events, run.wall, run.peakBytes)
        rebuildSteps = run
        say("  \(fmt(rebuildSeconds, 2)) s")
        // The floor, in the same run: the rebuild has just read the segments, so both read them from the page cache.
        replayFloor = try ChainFloor.walk(directory: largest, clock: now)

    }

    /// 3. Verify vs raw SHA-256.
    func runVerify(_ largest: String) throws {
        say("verify ...")
        warmPageCache(largest)
        // Verify and the chained hash over the same records take turns, three rounds, and each figure
        // is the median of its own: timed once each, the ratio read 73% in two of twelve runs while the
        // hash alone moved between 679 and 972 MB/s from run to run (BENCHMARKS.md, ninth round).
        var seconds: [Double] = [], walks: [ChainFloor.Walk] = []
        var verification: VerificationReport?
        for _ in 0..<(config.quick ? 1 : 3) {
            let t = now()
            verification = try LogVerifier.verify(directory: largest)
            seconds.append(now() - t)
            walks.append(try ChainFloor.walk(directory: largest, clock: now))
        }
        verifySeconds = seconds.sorted()[seconds.count / 2]
        verifyFloor = walks.sorted { $0.hashSeconds < $1.hashSeconds }[walks.count / 2]
        verifyBytes = Int(verification?.byteCount ?? 0)
        verifyEvents = Int(verification?.eventCount ?? 0)
        recordSize = verifyBytes / max(1, verifyEvents)
        shaRaw = sha256Throughput(megabytes: config.quick ? 64 : 256)
        shaChained = chainedSHA256Throughput(megabytes: config.quick ? 32 : 128, recordSize: recordSize)

    }

    /// 4. One command end to end on each log size. The sizes take turns run by run (the 10k log's
    /// run i, then the 1M log's, then the 10M log's, then run i + 1), each command followed by one
    /// durable insert of the `sqlite3` shell, so that the flatness ratio (10M or 1M ÷ 10k) and the
    /// shell's ratio compare runs made in the same seconds. Timed one size after the other, a slow
    /// minute on this shared machine fell on one size only (a run at `9c50aae` gave 1M ÷ 10k = 1.27:
    /// 10.2 against 8.0 ms, while the next two gave 1.02 and 0.94).
    func runCommands(_ logs: [String], work: String) throws {
        let comparator = SQLiteCLIComparator.find(workDirectory: work).flatMap { $0.prepare() ? $0 : nil }
        if comparator == nil { say("no working sqlite3 command line on the PATH (Debian: apt-get install sqlite3): its comparison is skipped") }
        defer { comparator?.remove() }
        func arguments(_ target: StipendTarget, _ log: String) -> [String] {
            ["stipend", "confirm", target.placement, "--month", target.month, "--amount", target.amountYuan,
             "--paid-on", target.paidOn, "--correction", "--log", log, "--as", "enterprise:\(target.enterprise)"]
        }
        // Warm runs, said so in the report: every file of each log read into the page cache first, so
        // that a 10M-event log (5 GB, its index 1.5 GB) is timed on the same footing as a 10k one.
        // Each run confirms a different placement's month, spread over the history.
        var targets: [[StipendTarget]] = []
        var figures: [CommandFigures] = []
        for (size, log) in zip(config.sizes, logs) {
            say("command on \(si(size)) events: choosing \(config.runs + 2) stipends, reading the log into the page cache ...")
            targets.append(try stipendTargets(in: log, count: config.runs + 2))
            warmPageCache(log)
            figures.append(CommandFigures(events: size, runs: [], peakBytes: 0, failures: 0))
        }
        say("commands: \(config.runs) runs on each size, the sizes taking turns ...")
        var insertions = 0
        for i in 0..<(config.runs + 2) {
            for k in logs.indices where i < targets[k].count {
                let run = runChild(config.registryPath, arguments(targets[k][i], logs[k]))
                if run.exitStatus != 0 { figures[k].failures += 1; continue }
                let insert = comparator?.insert(insertions)
                insertions += 1
                if i < 2 { continue }  // warm-up: page cache and dynamic loader
                figures[k].runs.append(run.seconds)
                if let insert, insert.exitStatus == 0 { figures[k].sqliteRuns.append(insert.seconds) }
            }
        }
        for k in logs.indices {
            // Peak memory from one more run under GNU time (see `peakBytesUnderTime`).
            if let target = targets[k].last {
                figures[k].peakBytes = peakBytesUnderTime(config.registryPath, arguments(target, logs[k]), scratch: work) ?? 0
            }
            commands.append(figures[k])
            say("  \(si(config.sizes[k])) events: p50 \(fmt(quantile(figures[k].runs, 0.5) * 1000)) ms"
                + (figures[k].sqliteRuns.isEmpty ? "" : ", sqlite3 shell's insert p50 \(fmt(quantile(figures[k].sqliteRuns, 0.5) * 1000)) ms"))
        }
    }
}

/// Segment bytes per event in a log directory (the framed record size, headers aside).
func averageRecordSize(directory: String, events: Int) -> Int {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let bytes = files.filter { $0.hasSuffix(".seg") }.reduce(0) { total, name in
        total + ((try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0)
    }
    return bytes / max(events, 1)
}
