import EventStore
import Foundation

/// Issue 17's scale: a province-year of history (10M events by default) beside the 1M log the
/// rebuild and verify targets are set for. The command part times commands on it with the other
/// sizes; this part adds how long `registry-gen` took to write it, its rebuild (time and peak
/// memory: growing no faster than the final state) and its verify.
struct ScaleFigures {
    var events = 0
    var segmentBytes = 0
    /// From the log's `generated` marker: the generator's seconds and the load average then.
    var generationSeconds: Double?
    var generationLoad: String?
    var rebuild = RebuildRun()
    var verifySeconds = 0.0
    var verifyBytes = 0
    /// The same figures at the replayed size, for the ratios.
    var baseEvents = 0
    var baseRebuild = RebuildRun()

    var table: String {
        var t = "\nScale (issue 17): a \(si(events))-event history (\(mb(segmentBytes)) MB of segments)\n"
        if let generationSeconds {
            t += "  registry-gen wrote it in \(fmt(generationSeconds, 0)) s (\(fmt(generationSeconds / 60, 1)) min; "
                + "load average then \(generationLoad ?? "unknown")); target under 10 min\n"
        } else {
            t += "  registry-gen time: not recorded (the log was generated before the bench kept it)\n"
        }
        let rate = Double(rebuild.events) / max(rebuild.seconds, 1e-9)
        t += "  rebuild: \(rebuild.events) events in \(fmt(rebuild.seconds, 2)) s = \(Int(rate)) events/s; peak memory \(mb(rebuild.peakBytes)) MB"
        if baseRebuild.events > 0, baseRebuild.peakBytes > 0 {
            let growth = Double(rebuild.peakBytes) / Double(baseRebuild.peakBytes)
            t += " (\(fmt(growth, 1))× the \(si(baseEvents))-event rebuild's, for \(fmt(Double(rebuild.events) / Double(baseRebuild.events), 1))× the events)"
        }
        t += "\n"
        if let phases = rebuild.phases { t += "    " + phases + "\n" }
        t += "  verify: \(fmt(Double(verifyBytes) / max(verifySeconds, 1e-9) / 1_048_576)) MB/s (\(fmt(verifySeconds, 1)) s)\n"
        return t
    }
}

/// One rebuild in a child process: its own seconds, events, process wall time and peak memory.
struct RebuildRun {
    var events = 0
    var seconds = 0.0
    var wall = 0.0
    var peakBytes = 0
    /// Wall and process CPU seconds of its two steps: reading and folding the log, then writing the rows.
    var fold: (seconds: Double, cpu: Double)?
    var write: (seconds: Double, cpu: Double)?

    /// The two steps as a sentence: how long each took and how many of the machine's cores it kept busy.
    var phases: String? {
        guard let fold, let write else { return nil }
        func step(_ name: String, _ s: (seconds: Double, cpu: Double)) -> String {
            "\(name) \(fmt(s.seconds, 2)) s (\(fmt(s.cpu, 2)) s of CPU: \(fmt(s.cpu / max(s.seconds, 1e-9), 2)) cores busy)"
        }
        return step("reading, checking, decoding and folding", fold) + "; " + step("writing the rows", write)
    }
}

extension Bench {
    /// 7. The largest log, when it is larger than the one the rebuild and verify targets use.
    func runScale(_ largest: String, events: Int, work: String) throws -> ScaleFigures {
        var figures = ScaleFigures()
        figures.events = events
        figures.segmentBytes = directorySize(largest, suffix: ".seg")
        (figures.generationSeconds, figures.generationLoad) = generationRecord(largest)
        say("scale: replay of \(si(events)) events ...")
        figures.rebuild = try rebuildInChild(largest, work: work)
        say("  \(fmt(figures.rebuild.seconds, 2)) s, peak \(mb(figures.rebuild.peakBytes)) MB")
        say("scale: verify of \(si(events)) events ...")
        warmPageCache(largest)
        let t = now()
        let verification = try LogVerifier.verify(directory: largest)
        figures.verifySeconds = now() - t
        figures.verifyBytes = Int(verification.byteCount)
        figures.baseEvents = rebuildEvents
        figures.baseRebuild = RebuildRun(events: rebuildEvents, seconds: rebuildSeconds, wall: rebuildWall, peakBytes: rebuildPeak)
        return figures
    }

    /// Rebuilds `log` into a scratch read model in a child process (`--child-rebuild`), so that the
    /// peak memory measured is the rebuild's own.
    func rebuildInChild(_ log: String, work: String) throws -> RebuildRun {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let out = work + "/rebuild.sqlite"
        let resultFile = work + "/rebuild.result"
        try? FileManager.default.removeItem(atPath: resultFile)
        let child = runChild(exe, ["--child-rebuild", log, out, resultFile])
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: out + suffix) } }
        guard child.exitStatus == 0, let text = try? String(contentsOfFile: resultFile, encoding: .utf8) else {
            throw EventStoreError.invalidAppend("the rebuild child failed with status \(child.exitStatus)")
        }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        var run = RebuildRun(events: parts.count > 1 ? Int(parts[1]) ?? 0 : 0, seconds: Double(parts.first ?? "") ?? 0,
                             wall: child.seconds, peakBytes: parts.count > 2 ? Int(parts[2]) ?? 0 : 0)
        let steps = parts.dropFirst(3).compactMap { Double($0) }
        if steps.count == 4 { (run.fold, run.write) = ((steps[0], steps[1]), (steps[2], steps[3])) }
        return run
    }
}

/// The generator's seconds and the load average at the time, as `generatedLog` recorded them in the
/// log's `generated` marker ("events seconds load"); nil for a marker from before it kept them.
func generationRecord(_ directory: String) -> (Double?, String?) {
    guard let text = try? String(contentsOfFile: directory + "/generated", encoding: .utf8) else { return (nil, nil) }
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard parts.count >= 2, let seconds = Double(parts[1]) else { return (nil, nil) }
    return (seconds, parts.count >= 3 ? String(parts[2]) : nil)
}
