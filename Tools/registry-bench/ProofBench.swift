import EventStore
import Foundation

/// Figures of issue 16: proofs and checkpoints on the largest log, end to end through the
/// `registry` binary, and what keeping the Merkle tree costs appends at batch 1000.
struct ProofFigures {
    /// The first `registry checkpoint` on a log without `merkle.tree`: the whole tree is built.
    var firstCheckpointSeconds = 0.0
    var events = 0
    /// `registry prove inclusion POSITION --format json`, end to end, per run.
    var proveInclusion: [Double] = []
    /// `registry verify --checkpoint FILE` against a checkpoint 1,000 records back, per run.
    var verifyCheckpoint: [Double] = []
    /// Batch-1000 appends without the tree, with the tree kept by the writer (`keepMerkleTree`), and
    /// with a tree caught up from the log after every batch (`catchUpWithLog`, the earlier way).
    var appendsWithout: AppendFigures?
    var appendsWith: AppendFigures?
    var appendsCatchingUp: AppendFigures?
    /// Each round's seconds, per side (without, kept, caught up), and each side's process CPU seconds over all rounds.
    var treeRounds: [[Double]] = []
    var treeCPU: [Double] = []
    var failures = 0

    var table: String {
        var t = events > 0 ? "\nProofs (issue 16) on \(si(events)) events\n" : "\nThe Merkle tree and appends (issue 16)\n"
        if events > 0 {
            t += "  first checkpoint (builds merkle.tree):  \(fmt(firstCheckpointSeconds, 2)) s\n"
            t += "  prove inclusion, end to end:            p50 \(fmt(quantile(proveInclusion, 0.5) * 1000)) ms, p99 \(fmt(quantile(proveInclusion, 0.99) * 1000)) ms\n"
            t += "  verify --checkpoint, end to end:        p50 \(fmt(quantile(verifyCheckpoint, 0.5) * 1000)) ms, p99 \(fmt(quantile(verifyCheckpoint, 0.99) * 1000)) ms\n"
        }
        if let without = appendsWithout, let with = appendsWith {
            let change = (with.seconds / without.seconds - 1) * 100
            t += "  appends at batch 1000, without tree:    \(Int(without.eventsPerSecond)) events/s\n"
            t += "  appends at batch 1000, tree kept:       \(Int(with.eventsPerSecond)) events/s (\(change >= 0 ? "+" : "")\(fmt(change))% time)\n"
        }
        if let without = appendsWithout, let catching = appendsCatchingUp {
            let change = (catching.seconds / without.seconds - 1) * 100
            t += "  ... tree caught up from the log instead: \(Int(catching.eventsPerSecond)) events/s (\(change >= 0 ? "+" : "")\(fmt(change))% time)\n"
        }
        if treeRounds.count == 3 && treeCPU.count == 3 {
            let names = ["without", "kept", "caught up"]
            for side in 0..<3 {
                t += "    \(names[side]): rounds \(treeRounds[side].map { fmt($0, 3) }.joined(separator: ", ")) s; process CPU \(fmt(treeCPU[side], 2)) s\n"
            }
        }
        if failures > 0 { t += "  failed runs: \(failures)\n" }
        return t
    }
}

extension Bench {
    /// 5. Proofs: tree build, `prove inclusion`, `verify --checkpoint`, appends with and without the tree.
    func runProofs(_ largest: String, work: String) throws -> ProofFigures {
        var figures = ProofFigures()
        let head = try FileEventLog(directory: largest, mode: .read).head.position
        figures.events = Int(head)
        say("proofs on \(si(Int(head))) events ...")
        try? FileManager.default.removeItem(atPath: largest + "/" + MerkleTree.fileName)
        if !CheckpointKeys(directory: largest).hasKey {
            _ = runChild(config.registryPath, ["checkpoint", "--init-key", "--as", "bureau:BENCH", "--log", largest])
        }
        let first = runChild(config.registryPath, ["checkpoint", "--log", largest])
        figures.firstCheckpointSeconds = first.seconds
        if first.exitStatus != 0 { figures.failures += 1 }

        var generator = SystemRandomNumberGenerator()
        for i in 0..<(config.runs + 2) {
            let position = UInt64.random(in: 1...max(head, 1), using: &generator)
            let run = runChild(config.registryPath, ["prove", "inclusion", String(position), "--log", largest, "--format", "json"])
            if run.exitStatus != 0 { figures.failures += 1; continue }
            if i >= 2 { figures.proveInclusion.append(run.seconds) }
        }
        let saved = work + "/checkpoint.txt"
        _ = runChild(config.registryPath, ["checkpoint", "--tree-size", String(max(head, 1001) - 1000), "--log", largest], stdoutPath: saved)
        for i in 0..<(config.runs + 2) {
            let run = runChild(config.registryPath, ["verify", "--checkpoint", saved, "--log", largest])
            if run.exitStatus != 0 { figures.failures += 1; continue }
            if i >= 2 { figures.verifyCheckpoint.append(run.seconds) }
        }
        say("  prove inclusion p50 \(fmt(quantile(figures.proveInclusion, 0.5) * 1000)) ms, verify --checkpoint p50 \(fmt(quantile(figures.verifyCheckpoint, 0.5) * 1000)) ms")

        try runTreeAppends(into: &figures, work: work)
        return figures
    }

    /// Appends at batch 1000 without the tree, with the tree kept by the writer, and with the tree
    /// caught up from the log after each batch: each on a fresh log, in alternating rounds so that
    /// the disk's moods fall on every side; the figures are each side's median round.
    func runTreeAppends(into figures: inout ProofFigures, work: String) throws {
        let events = config.appendPlan.first { $0.batch == 1000 }?.events ?? 20_000
        let workloadLog = try generatedLog(root: config.root + "/logs", events: max(events, 20_000), seed: config.seed)
        let list = batches(try workload(from: workloadLog, count: events), size: 1000)
        let without = work + "/append-tree-without", with = work + "/append-tree-with", catching = work + "/append-tree-catching"
        var rounds: [[AppendFigures]] = [[], [], []]
        // CPU of the whole process (the hashing and index threads too), per side, over all rounds.
        var cpu = [0.0, 0.0, 0.0]
        func timed(_ side: Int, _ run: () throws -> AppendFigures) rethrows {
            let before = processCPU()
            rounds[side].append(try run())
            cpu[side] += processCPU() - before
        }
        for _ in 0..<(config.quick ? 1 : 5) {
            for dir in [without, with, catching] { try? FileManager.default.removeItem(atPath: dir) }
            try timed(0) { try benchLogAppends(list, directory: without, batchSize: 1000) }
            try timed(1) { try benchLogAppendsKeepingTree(list, directory: with) }
            try timed(2) { try benchLogAppendsWithTree(list, directory: catching) }
        }
        figures.treeRounds = rounds.map { $0.map(\.seconds) }
        figures.treeCPU = cpu
        for dir in [without, with, catching] { try? FileManager.default.removeItem(atPath: dir) }
        func median(_ runs: [AppendFigures]) -> AppendFigures { runs.sorted { $0.seconds < $1.seconds }[runs.count / 2] }
        figures.appendsWithout = median(rounds[0])
        figures.appendsWith = median(rounds[1])
        figures.appendsCatchingUp = median(rounds[2])
        say("  appends at batch 1000: \(Int(figures.appendsWithout!.eventsPerSecond)) events/s without the tree, \(Int(figures.appendsWith!.eventsPerSecond)) with it kept, \(Int(figures.appendsCatchingUp!.eventsPerSecond)) caught up from the log")
    }
}

/// CPU seconds used by every thread of this process so far.
func processCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// `benchLogAppends` with the Merkle tree kept by the writer (`FileEventLog.keepMerkleTree`): each
/// append hashes its leaves while its records are synced, and writes them once they are durable.
func benchLogAppendsKeepingTree(_ batchList: [[AppendRequest]], directory: String) throws -> AppendFigures {
    try benchLogAppends(batchList, directory: directory, batchSize: 1000, setUp: { _ = try $0.keepMerkleTree() })
}

/// `benchLogAppends` with the Merkle tree kept up to date after every batch (`catchUpWithLog`), the
/// way a long-running writer that hands out receipts would keep it.
func benchLogAppendsWithTree(_ batchList: [[AppendRequest]], directory: String) throws -> AppendFigures {
    var tree: MerkleTree?
    return try benchLogAppends(batchList, directory: directory, batchSize: 1000, afterEach: { _ in
        if let tree { try tree.catchUpWithLog() } else { tree = try MerkleTree(directory: directory) }
    })
}
