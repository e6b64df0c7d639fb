import Foundation

extension Bench {
    /// The processor, as /proc/cpuinfo names it (with its family and model, since a virtual machine's
    /// name can be as short as "AMD EPYC"): the same code ran a rebuild 1.5 times as long on one kind
    /// of host as on another (BENCHMARKS.md, fourteenth round), so a figure says where it was measured.
    func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.isEmpty { break }  // the first processor's block is enough
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        guard let name = fields["model name"] else { return "unknown" }
        guard let family = fields["cpu family"], let model = fields["model"] else { return name }
        return "\(name) (family \(family), model \(model))"
    }

    func gitCommit() -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The executable lives under the package's build directory, inside the repository.
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        p.arguments = ["git", "-C", URL(fileURLWithPath: exe).deletingLastPathComponent().path, "describe", "--always", "--dirty"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "unknown" }
        p.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return p.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
    }

    func report() -> Results {
        let date = ISO8601DateFormatter().string(from: Date())
        let commit = gitCommit()
        let cpu = cpuModel()
        var t = ""
        func line(_ s: String = "") { t += s + "\n" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

        let partial = config.parts == BenchConfig.allParts ? "" : "(only \(config.parts.sorted().joined(separator: ","))) "
        line("registry-bench \(config.quick ? "(quick) " : "")\(partial)— \(date), commit \(commit), \(ProcessInfo.processInfo.activeProcessorCount) cores of \(cpu), work dir \(config.root)")
        line()
        let floor = quantile(fsync, 0.5)
        let batch1 = appendLog.first { $0.batchSize == 1 }.map { quantile($0.latencies, 0.5) } ?? .nan
        let flatness = commands.count >= 2 ? quantile(commands.last!.runs, 0.5) / quantile(commands.first!.runs, 0.5) : .nan
        let verifyRate = Double(verifyBytes) / verifySeconds
        if config.parts.contains("appends") {
            line("Durable appends (realistic events, ~\(recordSize) bytes/record; one fdatasync per batch)")
            line("  " + pad("batch", 7) + lpad("events", 8) + lpad("log ev/s", 12) + lpad("SQLite ev/s", 13) + lpad("ratio", 8)
                 + lpad("log p50 ms", 12) + lpad("SQLite p50 ms", 15) + lpad("log CPU ms", 12) + lpad("SQLite CPU ms", 15))
            for (a, s) in zip(appendLog, appendSQLite) {
                line("  " + pad("\(a.batchSize)", 7) + lpad("\(a.events)", 8) + lpad("\(Int(a.eventsPerSecond))", 12)
                     + lpad("\(Int(s.eventsPerSecond))", 13) + lpad(fmt(a.eventsPerSecond / s.eventsPerSecond, 2) + "×", 8)
                     + lpad(fmt(quantile(a.latencies, 0.5) * 1000, 2), 12) + lpad(fmt(quantile(s.latencies, 0.5) * 1000, 2), 15)
                     + lpad(fmt(a.cpuSeconds * 1000 / Double(max(a.batches, 1)), 2), 12)
                     + lpad(fmt(s.cpuSeconds * 1000 / Double(max(s.batches, 1)), 2), 15))
            }
            line("  (CPU ms: the appending thread's CPU time per batch, on average; the rest of a batch is waiting on the disk)")
            line("  (ev/s: from the first append until the store is closed; after the last append, the log finished its index and closed in "
                 + appendLog.map { fmt($0.finishingSeconds * 1000, 1) }.joined(separator: "/") + " ms, SQLite closed (a WAL checkpoint) in "
                 + appendSQLite.map { fmt($0.finishingSeconds * 1000, 1) }.joined(separator: "/") + " ms)")
            if appendIndexFloor.count == appendLog.count, let log = appendLog.last, let sqlite = appendSQLite.last, let index = appendIndexFloor.last {
                let each = zip(appendLog, appendIndexFloor).map { "\($0.batchSize): \(fmt($1 * 1000, 1)) ms" }.joined(separator: ", ")
                let perEvent = fmt(index * 1e6 / Double(max(log.events, 1)), 2)
                line("  stream index alone (the same entries into a fresh index.sqlite in one transaction, one thread): \(each); "
                     + "at batch \(log.batchSize) \(perEvent) µs an event. The log is complete only once its index is, so it can "
                     + "reach about \(fmt(sqlite.seconds / index, 2))× SQLite at most (issue 17 asks 3×)")
            }
            line("  fsync floor: write+fdatasync of 400 bytes p50 \(fmt(floor * 1000, 3)) ms, p99 \(fmt(quantile(fsync, 0.99) * 1000, 3)) ms "
                 + "(\(fsync.count) samples); batch-1 append p50 \(fmt(batch1 * 1000, 3)) ms = \(fmt(batch1 / floor, 2))× the floor")
            line("  fdatasync after a \(recordSize * 1000 / 1000) KB write (one batch of 1000): extending the file p50 "
                 + "\(fmt(quantile(fsyncBatchExtend, 0.5) * 1000, 3)) ms, over bytes already written p50 "
                 + "\(fmt(quantile(fsyncBatchOverwrite, 0.5) * 1000, 3)) ms (\(fsyncBatchExtend.count) samples each)")
            line()
        }
        if config.parts.contains("replay") {
            line("Full replay (rebuild every projection into a fresh read model)")
            line("  \(rebuildEvents) events in \(fmt(rebuildSeconds, 2)) s = \(Int(Double(rebuildEvents) / rebuildSeconds)) events/s "
                 + "(process wall \(fmt(rebuildWall, 2)) s); peak memory \(mb(rebuildPeak)) MB")
            if let phases = rebuildSteps.phases { line("  " + phases) }
            if let f = replayFloor {
                let floorSeconds = f.readSeconds + f.hashSeconds
                line("  floor: reading the segments \(fmt(f.readSeconds, 2)) s + chaining SHA-256 over \(f.records) records "
                     + "\(fmt(f.hashSeconds, 2)) s = \(fmt(floorSeconds, 2)) s (\(Int(Double(f.records) / floorSeconds)) events/s); "
                     + "rebuild = \(fmt(rebuildSeconds / floorSeconds, 1))× the floor (issue 17: ≤ 2 s per 1M events, peak ≤ 250 MB)")
            }
            line()
        }
        if config.parts.contains("commands") {
            line("One command end to end (registry stipend confirm, process start to exit)")
            line("  " + pad("log", 10) + lpad("runs", 6) + lpad("p50 ms", 9) + lpad("p99 ms", 9) + lpad("min ms", 9) + lpad("peak MB", 9)
                 + lpad("sqlite3 p50", 13) + lpad("ratio", 8))
            for c in commands {
                let shell = quantile(c.sqliteRuns, 0.5)
                line("  " + pad(si(c.events), 10) + lpad("\(c.runs.count)", 6) + lpad(fmt(quantile(c.runs, 0.5) * 1000, 1), 9)
                     + lpad(fmt(quantile(c.runs, 0.99) * 1000, 1), 9) + lpad(fmt((c.runs.min() ?? .nan) * 1000, 1), 9)
                     + lpad(mb(c.peakBytes), 9) + lpad(c.sqliteRuns.isEmpty ? "-" : fmt(shell * 1000, 1), 13)
                     + lpad(c.sqliteRuns.isEmpty ? "-" : fmt(quantile(c.runs, 0.5) / shell, 2) + "×", 8)
                     + (c.failures > 0 ? "  (\(c.failures) failed)" : ""))
            }
            line("  (sqlite3 p50: the sqlite3 shell's durable insert into a WAL table with synchronous=FULL, spawned the same way, "
                 + "alternated run by run; ratio: command p50 ÷ sqlite3 p50)")
            line("  (warm runs: each log's files are read into the page cache before the runs, and the first 2 runs are not counted;"
                 + " the sizes take turns run by run)")
            if commands.count >= 2 {
                line("  p50 at \(si(commands.last!.events)) / p50 at \(si(commands.first!.events)) = \(fmt(flatness, 2))×")
            }
            line()
        }
        if config.parts.contains("verify") {
            line("Verify (\(verifyEvents) events, \(mb(verifyBytes)) MB: CRC32C, SHA-256 chain, groups, versions)")
            line("  verify \(fmt(verifyRate / 1_048_576)) MB/s; libcrypto SHA-256 \(fmt(shaRaw / 1_048_576)) MB/s over one buffer "
                 + "(\(fmt(100 * verifyRate / shaRaw, 0))%), \(fmt(shaChained / 1_048_576)) MB/s chained per \(recordSize)-byte record "
                 + "(\(fmt(100 * verifyRate / shaChained, 0))%)")
            if let f = verifyFloor {
                line("  libcrypto SHA-256 chained over the log's own \(f.records) records (in memory, one context): "
                     + "\(fmt(Double(f.bytes) / f.hashSeconds / 1_048_576)) MB/s; verify = \(fmt(100 * (verifyShareOfChainedHash ?? .nan), 0))% of it (issue 17: ≥ 80%)")
            }
            line()
        }
        let batch1000 = batch1000Ratio
        let p50 = quantile(commands.last?.runs ?? [], 0.5)
        let full = !config.quick
        line("Targets (SPEC.md section 7)\(full ? "" : " — quick run, sizes too small to judge")")
        if config.parts.contains("appends") {
            line("  batch-1000 appends ≥ 1.5× SQLite: \(fmt(batch1000, 2))× \(batch1000 >= 1.5 ? "holds" : "does not hold")")
        }
        if config.parts.contains("replay") {
            line("  1M-event rebuild ≤ 5 s: \(fmt(rebuildSecondsPerMillion, 2)) s per 1M events "
                 + "\(rebuildSecondsPerMillion <= 5 ? "holds" : "does not hold")")
        }
        if config.parts.contains("commands") {
            line("  command p50 ≤ 30 ms: \(fmt(p50 * 1000, 1)) ms at \(si(commands.last?.events ?? 0)) \(p50 <= 0.030 ? "holds" : "does not hold"); "
                 + "flat within 1.25×: \(fmt(flatness, 2))× \(flatness <= 1.25 ? "holds" : "does not hold")")
            if let largest = commands.last, !largest.sqliteRuns.isEmpty {
                let ratio = p50 / quantile(largest.sqliteRuns, 0.5)
                line("  command p50 ≤ 2× the sqlite3 shell's durable insert (issue 17): \(fmt(ratio, 2))× at \(si(largest.events)) "
                     + "\(ratio <= 2 ? "holds" : "does not hold")")
            }
        }

        var json: [String: Any] = [
            "date": date, "commit": commit, "quick": config.quick, "cores": ProcessInfo.processInfo.activeProcessorCount, "cpu": cpu,
            "seed": config.seed, "recordBytes": recordSize, "parts": config.parts.sorted(),
        ]
        json["appends"] = zip(appendLog, appendSQLite).enumerated().map { i, pair in
            let (a, s) = pair
            return [
                "batch": a.batchSize, "events": a.events, "logEventsPerSecond": a.eventsPerSecond,
                "sqliteEventsPerSecond": s.eventsPerSecond, "ratio": a.eventsPerSecond / s.eventsPerSecond,
                "logBatchP50Ms": quantile(a.latencies, 0.5) * 1000, "logBatchP99Ms": quantile(a.latencies, 0.99) * 1000,
                "sqliteBatchP50Ms": quantile(s.latencies, 0.5) * 1000, "sqliteBatchP99Ms": quantile(s.latencies, 0.99) * 1000,
                "logCPUMsPerBatch": a.cpuSeconds * 1000 / Double(max(a.batches, 1)),
                "sqliteCPUMsPerBatch": s.cpuSeconds * 1000 / Double(max(s.batches, 1)),
                "logFinishingMs": a.finishingSeconds * 1000, "sqliteFinishingMs": s.finishingSeconds * 1000,
            ].merging(i < appendIndexFloor.count ? ["indexAloneMs": appendIndexFloor[i] * 1000] : [:]) { a, _ in a } as [String: Any]
        }
        json["fsync"] = ["samples": fsync.count, "p50Ms": floor * 1000, "p99Ms": quantile(fsync, 0.99) * 1000,
                         "batch1P50Ms": batch1 * 1000, "batch1OverFloor": batch1 / floor,
                         "batch1000ExtendP50Ms": quantile(fsyncBatchExtend, 0.5) * 1000,
                         "batch1000OverwriteP50Ms": quantile(fsyncBatchOverwrite, 0.5) * 1000]
        var replay: [String: Any] = ["events": rebuildEvents, "seconds": rebuildSeconds, "wallSeconds": rebuildWall,
                                     "eventsPerSecond": Double(rebuildEvents) / rebuildSeconds, "peakBytes": rebuildPeak]
        if let fold = rebuildSteps.fold, let write = rebuildSteps.write {
            replay["foldSeconds"] = fold.seconds
            replay["foldCPUSeconds"] = fold.cpu
            replay["writeSeconds"] = write.seconds
            replay["writeCPUSeconds"] = write.cpu
        }
        json["replay"] = replay
        if let f = replayFloor {
            json["replayFloor"] = ["events": f.records, "bytes": f.bytes, "readSeconds": f.readSeconds, "hashSeconds": f.hashSeconds]
        }
        json["command"] = [
            "name": "stipend confirm --correction",
            "sizes": commands.map { c in
                ["events": c.events, "runs": c.runs.count, "p50Ms": quantile(c.runs, 0.5) * 1000, "p99Ms": quantile(c.runs, 0.99) * 1000,
                 "minMs": (c.runs.min() ?? 0) * 1000, "peakBytes": c.peakBytes, "failures": c.failures,
                 "sqlite3Runs": c.sqliteRuns.count, "sqlite3P50Ms": quantile(c.sqliteRuns, 0.5) * 1000,
                 "overSqlite3P50": quantile(c.runs, 0.5) / quantile(c.sqliteRuns, 0.5)] as [String: Any]
            },
            "largestOverSmallestP50": flatness,
        ] as [String: Any]
        json["verify"] = ["events": verifyEvents, "bytes": verifyBytes, "seconds": verifySeconds, "mbPerSecond": verifyRate / 1_048_576,
                          "sha256RawMBPerSecond": shaRaw / 1_048_576, "sha256ChainedMBPerSecond": shaChained / 1_048_576]
        if let f = verifyFloor {
            json["verifyFloor"] = ["events": f.records, "bytes": f.bytes, "hashSeconds": f.hashSeconds,
                                   "sha256ChainedOverRecordsMBPerSecond": Double(f.bytes) / f.hashSeconds / 1_048_576]
        }
        json["targets"] = ["appendRatioBatch1000": batch1000, "rebuildSecondsPer1M": rebuildSecondsPerMillion,
                           "commandP50MsLargest": p50 * 1000, "commandFlatness": flatness]
        for (part, keys) in ["appends": ["appends", "fsync"], "replay": ["replay"], "commands": ["command"], "verify": ["verify"]]
        where !config.parts.contains(part) {
            for key in keys { json[key] = nil }
        }
        let data = (try? JSONSerialization.data(withJSONObject: finite(json), options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return Results(table: t, json: data)
    }

    /// `value` with every NaN or infinite number (a figure of a part not run) as JSON null.
    private func finite(_ value: Any) -> Any {
        switch value {
        case let d as Double: return d.isFinite ? d : NSNull()
        case let dict as [String: Any]: return dict.mapValues(finite)
        case let array as [Any]: return array.map(finite)
        default: return value
        }
    }
}

extension Bench {
    /// Log events per second over SQLite's at batch 1000 (NaN when that batch was not run).
    var batch1000Ratio: Double {
        zip(appendLog, appendSQLite).first { $0.0.batchSize == 1000 }.map { $0.0.eventsPerSecond / $0.1.eventsPerSecond } ?? .nan
    }

    /// The rebuild's seconds scaled to a million events.
    var rebuildSecondsPerMillion: Double { rebuildSeconds * 1_000_000 / Double(max(rebuildEvents, 1)) }

    /// Verify's speed as a share of libcrypto's SHA-256 chained over the same records; nil without both.
    var verifyShareOfChainedHash: Double? {
        guard let f = verifyFloor, verifySeconds > 0 else { return nil }
        return (Double(verifyBytes) / verifySeconds) / (Double(f.bytes) / f.hashSeconds)
    }

    /// Issue 17's targets, each beside the figure this run measured and whether it held, so that a
    /// run's verdict is read in one place rather than gathered from its tables. Only the parts run
    /// are judged; a quick run's sizes are too small to judge anything.
    func issue17Summary(imports: ImportFigures?, scale: ScaleFigures?) -> String {
        var t = "\nIssue 17's targets\(config.quick ? " — quick run, sizes too small to judge" : "")\n"
        func verdict(_ held: Bool) -> String { held ? "holds" : "does not hold" }
        if config.parts.contains("appends"), !batch1000Ratio.isNaN {
            t += "  batch-1000 appends ≥ 3× SQLite: \(fmt(batch1000Ratio, 2))× \(verdict(batch1000Ratio >= 3))\n"
        }
        if config.parts.contains("replay"), rebuildEvents > 0 {
            t += "  rebuild ≤ 2 s per 1M events: \(fmt(rebuildSecondsPerMillion, 2)) s \(verdict(rebuildSecondsPerMillion <= 2)); "
                + "peak ≤ 250 MB: \(mb(rebuildPeak)) MB \(verdict(rebuildPeak <= 250 * 1_048_576))\n"
        }
        if config.parts.contains("verify"), let share = verifyShareOfChainedHash {
            t += "  verify ≥ 80% of chained SHA-256: \(fmt(100 * share, 0))% \(verdict(share >= 0.8))\n"
        }
        let timed = commands.filter { !$0.runs.isEmpty && !$0.sqliteRuns.isEmpty }
        if config.parts.contains("commands"), let first = timed.first, let last = timed.last {
            let ratios = timed.map { quantile($0.runs, 0.5) / quantile($0.sqliteRuns, 0.5) }
            let worst = ratios.max() ?? .nan
            let flat = quantile(last.runs, 0.5) / quantile(first.runs, 0.5)
            t += "  command p50 ≤ 2× the sqlite3 shell at every size: worst \(fmt(worst, 2))× \(verdict(worst <= 2)); "
                + "p50 at \(si(last.events)) ÷ \(si(first.events)) ≤ 1.25×: \(fmt(flat, 2))× \(verdict(flat <= 1.25)); "
                + "peak ≤ 30 MB at \(si(last.events)): \(mb(last.peakBytes)) MB \(verdict(last.peakBytes <= 30 * 1_048_576))\n"
        }
        if let imports, !imports.importSeconds.isEmpty {
            let rate = Double(imports.rows) / quantile(imports.importSeconds, 0.5)
            t += "  import ≥ 20,000 rows/s: \(Int(rate)) rows/s \(verdict(rate >= 20_000))\n"
        }
        if let scale, let seconds = scale.generationSeconds {
            t += "  registry-gen of the \(si(scale.events))-event log < 10 min: \(fmt(seconds / 60, 1)) min \(verdict(seconds < 600))\n"
        }
        return t
    }
}
