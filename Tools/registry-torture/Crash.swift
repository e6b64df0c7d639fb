import EventStore
import Foundation

/// Scenario 1: several writer processes issue real CLI commands and are killed with SIGKILL at random
/// moments. After every kill: the log verifies, the killed command retried with its command ID either
/// finds its events (all of them) or appends them afresh, the read model catches up to exactly what a
/// rebuild gives, and every acknowledged command is in the log exactly once, at the positions it printed.
struct CrashScenario {
    let ctx: TortureContext
    let writers = 3

    func run() -> ScenarioResult {
        let result = ScenarioResult("1 crash: SIGKILL writers", outcome: "survived")
        let runner = ctx.runner
        let log = ctx.freshPath("crash")
        Fixture.build(runner, log)
        let fixtureHead = (try? loadEvents(log).count) ?? 0
        let targetKills = ctx.isQuick ? 40 : 400

        var queues = Array(repeating: [CLICommand](), count: writers)
        var units = Array(repeating: 0, count: writers)
        let state = CrashState()
        var averageSeconds = 0.03

        func nextCommand(_ w: Int) -> CLICommand {
            if queues[w].isEmpty {
                units[w] += 1
                let tag = "w\(w)-\(units[w])"
                if w == 0 && units[w] % 5 == 0 {
                    queues[w] = [Fixture.studentImport(tag, count: 25, path: ctx.scratch + "/crash-import-\(tag).csv")]
                } else {
                    queues[w] = Fixture.internship(tag, months: 2)
                }
            }
            let c = queues[w].removeFirst()
            state.ours.insert(c.id)
            return c
        }
        let accept = { (command: CLICommand, r: RunResult) in state.accept(command, r, result) }

        var kills = 0
        var attempts = 0
        while kills < targetKills && attempts < targetKills * 4 {
            attempts += 1
            // One round: all writers run until one of them is killed; the others finish their command.
            var running: [Int: (Child, CLICommand)] = [:]
            let victim = ctx.int(0..<writers)
            var killAt: Date?
            var killSent = false
            var killed: CLICommand?
            while true {
                if !killSent {
                    for w in 0..<writers where running[w] == nil {
                        let c = nextCommand(w)
                        running[w] = (runner.spawn(runner.registryPath, c.fullArguments + ["--log", log]), c)
                    }
                }
                if !killSent, killAt == nil, let (child, command) = running[victim] {
                    // Imports run much longer than one command: kill anywhere inside them.
                    // Half the kills anywhere in the command's life, half in its last stretch, where it appends.
                    let delay = command.importedStudents.isEmpty
                        ? (ctx.chance(0.5) ? Double.random(in: 0..<averageSeconds * 1.3, using: &ctx.random)
                                           : Double.random(in: averageSeconds * 0.6..<averageSeconds * 1.1, using: &ctx.random))
                        : Double.random(in: 0..<averageSeconds * 25, using: &ctx.random)
                    killAt = child.started.addingTimeInterval(delay)
                }
                if !killSent, let at = killAt, Date() >= at, let (child, _) = running[victim] {
                    kill(child.pid, SIGKILL)
                    killSent = true
                }
                for (w, (child, command)) in running {
                    guard let r = runner.poll(child) else { continue }
                    running[w] = nil
                    if r.wasKilled {
                        killed = command
                        continue
                    }
                    if command.importedStudents.isEmpty { averageSeconds = averageSeconds * 0.9 + r.seconds * 0.1 }
                    accept(command, r)
                    if w == victim {
                        // It ended on its own before the kill landed: aim at its next command.
                        killAt = nil
                        killSent = false
                    }
                }
                if killSent && running.isEmpty { break }
                usleep(300)
            }
            guard let victimCommand = killed else { continue }
            kills += 1
            result.tried += 1
            if checkAfterKill(victimCommand, log: log, result: result, state: state, fixtureHead: fixtureHead) {
                result.good += 1
            }
            if kills % 50 == 0 { ctx.progress("  crash: \(kills) kills") }
        }
        result.figures.insert(("kills", kills), at: 0)
        return result
    }

    /// The checks after one kill; false (with failures recorded) if anything is wrong.
    private func checkAfterKill(_ victim: CLICommand, log: String, result: ScenarioResult, state: CrashState,
                                fixtureHead: Int) -> Bool {
        let runner = ctx.runner
        let failuresBefore = result.failures.count
        // 1. The log as the crash left it verifies (a torn tail is a warning, not an error).
        let (v1, head1) = runner.verify(log)
        ctx.verifier.compare(log, v1, label: "crash log", result: result)
        guard v1.status == 0, head1 != nil else {
            result.fail("after killing '\(victim.id)': verify failed: \(v1)")
            return false
        }
        if v1.stderr.contains("torn tail") { result.add("torn tails found") }
        let before: [EventEnvelope]
        do { before = try loadEvents(log) } catch {
            result.fail("after killing '\(victim.id)': the log does not read: \(error)")
            return false
        }
        let beforeByCommand = positionsByCommand(before)

        // 2. The client retries the killed command with the same command ID; it must succeed.
        let retry = runner.registry(victim.fullArguments, log: log)
        if retry.stderr.contains("torn tail") || retry.stderr.contains("warning") { result.add("torn tails cut") }
        var needsProbe = false
        if victim.importedStudents.isEmpty {
            guard retry.status == 0, let ack = WriteAck(json: retry.stdout), let positions = ack.positions else {
                result.fail("retry of killed command '\(victim.id)' (registry \(victim.arguments.joined(separator: " "))) failed: \(retry)")
                return false
            }
            let found = beforeByCommand[victim.id] ?? []
            if ack.duplicate {
                result.add("killed after commit (retry found it)")
                needsProbe = true
                if found != Array(positions) {
                    result.fail("killed command '\(victim.id)': retry says it is at \(positions), the log holds it at \(found)")
                }
            } else {
                result.add("killed before commit (retry appended it)")
                if !found.isEmpty { result.fail("killed command '\(victim.id)' was in the log at \(found) and was appended again at \(positions)") }
            }
            state.accept(victim, retry, result)
        } else {
            result.add("imports killed")
            needsProbe = true
            state.accept(victim, retry, result)
        }

        // 3. A fresh write catches the read model up (a duplicate appends nothing, so it does not project).
        if needsProbe {
            state.probes += 1
            let probe = CLICommand(id: "probe-\(state.probes)", arguments: ["student", "enroll", "PROBE-\(state.probes)", "--name", "Probe",
                                                                    "--major", "CNC", "--birth", "2005-01-01", "--enrolled",
                                                                    "2023-09-01", "--as", "school:S02"])
            let r = runner.registry(probe.fullArguments, log: log)
            state.accept(probe, r, result)
        }

        // 4. Verify again: no torn tail left, and the read model equals a rebuild at the head.
        let (v2, head2) = runner.verify(log)
        ctx.verifier.compare(log, v2, label: "crash log", result: result)
        guard v2.status == 0, let head2 else {
            result.fail("after killing '\(victim.id)' and retrying: verify failed: \(v2)")
            return false
        }
        if v2.stderr.contains("torn tail") { result.fail("a torn tail is still there after a writer reopened the log: \(v2.stderr)") }
        let compare = runner.compareReadModel(log)
        if !compare.ok {
            result.fail("after killing '\(victim.id)': the read model differs from a rebuild: \(compare.result)")
        } else if compare.position != head2.position {
            result.fail("after killing '\(victim.id)': the read model is at position \(compare.position.map(String.init) ?? "?"), the log at \(head2.position)")
        }

        // 5. Every acknowledged command exactly once, whole, at the positions it printed; nothing unknown.
        do {
            let events = try loadEvents(log)
            let byCommand = positionsByCommand(events)
            for (id, positions) in state.acked where byCommand[id] != Array(positions) {
                result.fail("acknowledged command '\(id)' printed positions \(positions) but the log holds \(byCommand[id] ?? [])")
            }
            var enrolled: [String: Int] = [:]
            for e in events where e.type == "StudentEnrolled" { enrolled[e.streamID, default: 0] += 1 }
            for student in state.importedStudents where enrolled["student-" + student] != 1 {
                result.fail("imported student '\(student)' is enrolled \(enrolled["student-" + student] ?? 0) times")
            }
            for e in events.dropFirst(fixtureHead) where !state.ours.contains(e.commandID) && !e.streamID.hasPrefix("student-IM-")
                && !e.commandID.hasPrefix("probe-") {
                result.fail("event at position \(e.position) belongs to no command this run issued (command ID '\(e.commandID)')")
            }
        } catch {
            result.fail("after killing '\(victim.id)': reading the log failed: \(error)")
        }
        return result.failures.count == failuresBefore
    }
}

/// What the crash scenario has issued and what was acknowledged.
final class CrashState {
    var acked: [String: ClosedRange<UInt64>] = [:]
    var importedStudents: [String] = []
    var ours: Set<String> = []
    var probes = 0

    /// Records a finished command; anything but success is a failure (every command is valid).
    func accept(_ command: CLICommand, _ r: RunResult, _ result: ScenarioResult) {
        if !command.importedStudents.isEmpty {
            guard r.status == 0 else { result.fail("import \(command.id) exited \(r)"); return }
            if let first = command.importedStudents.first, !importedStudents.contains(first) {
                result.add("acknowledged commands", command.importedStudents.count)
                importedStudents += command.importedStudents
            }
            return
        }
        guard r.status == 0, let ack = WriteAck(json: r.stdout), let positions = ack.positions else {
            result.fail("'registry \(command.arguments.joined(separator: " "))' should succeed: \(r)")
            return
        }
        if let earlier = acked[command.id], earlier != positions {
            result.fail("command \(command.id) acknowledged at \(earlier) and again at \(positions)")
        }
        if acked[command.id] == nil { result.add("acknowledged commands") }
        acked[command.id] = positions
    }
}
