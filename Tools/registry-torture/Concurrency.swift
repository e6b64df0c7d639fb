import EventStore
import Foundation

/// Scenario 4: N client processes × M commands against one log at once. Some commands race for the
/// same stipend month of the same placement (one may win; the others are refused by Pay_05), some
/// are the same command (same command ID) sent by every client (one appends; the others are told it
/// was already recorded), and some wait only 1 ms for the writer lock (exit 3 when they lose).
/// Every command either succeeds once or is refused with nothing appended, and the log and read model
/// equal a serial replay of the successful commands in log order.
struct ConcurrencyScenario {
    let ctx: TortureContext
    let clock = ["REGISTRY_NOW": "2026-03-01T00:00:00Z"]

    enum Kind { case unique, stipendRace(group: String), sharedID }

    struct Issued {
        let command: CLICommand
        let kind: Kind
        let lockTimeout: Bool
        var result: RunResult?
    }

    func run() -> ScenarioResult {
        let result = ScenarioResult("4 concurrency: N writers x M commands", outcome: "correct")
        let runner = ctx.runner
        let processes = ctx.isQuick ? 4 : 6
        let perProcess = ctx.isQuick ? 15 : 60
        let placements = 4
        let setup = (0..<placements).flatMap { Fixture.internship("race\($0)", months: 0) }.map { $0.arguments }
        let log = ctx.freshPath("concurrent")
        Fixture.build(runner, log, extra: setup, environment: clock)
        let months = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]

        // Each client's list of commands.
        var lists: [[Issued]] = []
        for p in 0..<processes {
            var list: [Issued] = []
            for i in 0..<perProcess {
                let timeout = ctx.chance(0.15)
                switch i % 3 {
                case 1 where (i / 3) < placements * months.count:
                    let placement = "PL-race\((i / 3) % placements)", month = months[(i / 3) / placements]
                    list.append(Issued(command: CLICommand(id: "race-p\(p)-\(i)", arguments: [
                        "stipend", "confirm", placement, "--month", month, "--amount", "3000", "--paid-on", "2026-02-20",
                        "--as", "enterprise:E01"]), kind: .stipendRace(group: "\(placement) \(month)"), lockTimeout: timeout))
                case 2:
                    list.append(Issued(command: CLICommand(id: "shared-\(i)", arguments: [
                        "student", "enroll", "SH-\(i)", "--name", "Shared \(i)", "--major", "CNC", "--birth", "2005-01-01",
                        "--enrolled", "2023-09-01", "--as", "school:S02"]), kind: .sharedID, lockTimeout: timeout))
                default:
                    list.append(Issued(command: CLICommand(id: "own-p\(p)-\(i)", arguments: [
                        "student", "enroll", "CC-\(p)-\(i)", "--name", "学生 \(p)-\(i)", "--major", "数控", "--birth", "2005-01-01",
                        "--enrolled", "2023-09-01", "--as", "school:S0\(1 + p % 2)"]), kind: .unique, lockTimeout: timeout))
                }
            }
            lists.append(list)
        }

        // Run all clients at once, each issuing its commands one after another.
        var next = Array(repeating: 0, count: processes)
        var running: [Int: Child] = [:]
        while true {
            for p in 0..<processes where running[p] == nil && next[p] < perProcess {
                let issued = lists[p][next[p]]
                var env = clock
                if issued.lockTimeout { env["REGISTRY_LOCK_TIMEOUT_MS"] = "1" }
                running[p] = runner.spawn(runner.registryPath, issued.command.fullArguments + ["--log", log], environment: env)
            }
            if running.isEmpty { break }
            for (p, child) in running {
                guard let r = runner.poll(child) else { continue }
                lists[p][next[p]].result = r
                next[p] += 1
                running[p] = nil
            }
            usleep(300)
        }

        // Judge every command.
        let events: [EventEnvelope]
        do { events = try loadEvents(log) } catch {
            result.fail("the log does not read after the concurrent run: \(error)")
            return result
        }
        let byCommand = positionsByCommand(events)
        var raceWinners: [String: Int] = [:], raceLosers: [String: Int] = [:]
        var sharedFresh: [String: Int] = [:], sharedPositions: [String: Set<[UInt64]>] = [:]
        var fresh: [(UInt64, CLICommand)] = []
        for issued in lists.joined() {
            result.tried += 1
            let r = issued.result!
            let id = issued.command.id
            let label = "'\(id)' (registry \(issued.command.arguments.joined(separator: " ")))"
            var ok = true
            switch r.status {
            case 0:
                guard let ack = WriteAck(json: r.stdout), let positions = ack.positions else {
                    result.fail("\(label): exit 0 without an acknowledgement: \(r)")
                    continue
                }
                if case .sharedID = issued.kind {
                    sharedPositions[id, default: []].insert(Array(positions))
                    if !ack.duplicate { sharedFresh[id, default: 0] += 1; fresh.append((positions.lowerBound, issued.command)) }
                    result.add(ack.duplicate ? "duplicates recognised" : "succeeded")
                } else {
                    if ack.duplicate { ok = false; result.fail("\(label): reported a duplicate of a command never sent before") }
                    fresh.append((positions.lowerBound, issued.command))
                    result.add("succeeded")
                    if case .stipendRace(let group) = issued.kind { raceWinners[group, default: 0] += 1 }
                }
                if byCommand[id] != Array(positions) {
                    ok = false
                    result.fail("\(label): acknowledged at \(positions) but the log holds \(byCommand[id] ?? [])")
                }
            case 3:
                result.add("conflicts (exit 3)")
                if !r.stderr.hasPrefix("conflict") || !isOneSentence(r.stderr) { ok = false; result.fail("\(label): exit 3 with an unclear message: \(r.stderr.debugDescription)") }
                if case .sharedID = issued.kind {} else if byCommand[id] != nil {
                    ok = false
                    result.fail("\(label): exit 3 but its events are in the log at \(byCommand[id]!)")
                }
            case 1:
                if case .stipendRace(let group) = issued.kind, r.stderr.hasPrefix("error[Pay_05]"), isOneSentence(r.stderr) {
                    raceLosers[group, default: 0] += 1
                    result.add("lost a race (Pay_05)")
                    if byCommand[id] != nil { ok = false; result.fail("\(label): refused but in the log at \(byCommand[id]!)") }
                } else {
                    ok = false
                    result.fail("\(label): exit 1: \(r.stderr.debugDescription)")
                }
            default:
                ok = false
                result.fail("\(label): unexpected \(r)")
            }
            if ok { result.good += 1 }
        }
        for (group, losers) in raceLosers where raceWinners[group] != 1 {
            result.fail("race for \(group): \(raceWinners[group] ?? 0) winners and \(losers) refused; exactly one should win")
        }
        for (group, winners) in raceWinners where winners > 1 { result.fail("race for \(group): \(winners) winners") }
        for (id, count) in sharedFresh where count > 1 { result.fail("command ID '\(id)' was appended \(count) times") }
        for (id, set) in sharedPositions where set.count > 1 { result.fail("command ID '\(id)' was acknowledged at different positions: \(set)") }
        let confirmed = events.filter { $0.type == "StipendConfirmed" }.count
        if confirmed != raceWinners.values.reduce(0, +) {
            result.fail("\(confirmed) stipend confirmations in the log, \(raceWinners.values.reduce(0, +)) acknowledged")
        }
        let (v, head) = runner.verify(log)
        if v.status != 0 { result.fail("verify after the concurrent run: \(v)") }
        let compare = runner.compareReadModel(log)
        if !compare.ok || compare.position != head?.position { result.fail("the live read model differs from a rebuild: \(compare.result)") }

        // A serial replay of the successful commands, in log order, gives the same log and read model.
        let serial = ctx.freshPath("serial")
        Fixture.build(runner, serial, extra: setup, environment: clock)
        for (position, command) in fresh.sorted(by: { $0.0 < $1.0 }) {
            let r = runner.registry(command.fullArguments, log: serial, environment: clock)
            if r.status != 0 || WriteAck(json: r.stdout)?.positions?.lowerBound != position {
                result.fail("serial replay of '\(command.id)': expected position \(position), got \(r)")
            }
        }
        // Record for record the same, except the sealed personal fields: each log seals them under
        // its own random keys and nonces, so the chain hashes differ while every other field agrees.
        let (sv, serialHead) = runner.verify(serial)
        let serialEvents = (try? loadEvents(serial)) ?? []
        if sv.status != 0 || serialHead?.position != head?.position || serialEvents.map(comparable) != events.map(comparable) {
            result.fail("the serial replay's log (head \(serialHead.map { "\($0.position)" } ?? "?")) differs from the concurrent log's (head \(head.map { "\($0.position)" } ?? "?")) outside the sealed personal fields")
        }
        for query in [["audit", "--on", "2026-03-31"], ["quota", "--on", "2025-12-01"], ["report", "subsidies", "--year", "2025"]] {
            let a = runner.registry(query + ["--as", "inspector:I01", "--format", "json"], log: log, environment: clock)
            let b = runner.registry(query + ["--as", "inspector:I01", "--format", "json"], log: serial, environment: clock)
            if a.status != 0 || a.stdout != b.stdout {
                result.fail("'registry \(query.joined(separator: " "))' differs between the concurrent log and its serial replay (exit \(a.code)/\(b.code))")
            }
        }
        result.figures.insert(("commands", result.tried), at: 0)
        result.figures.insert(("processes", processes), at: 0)
        return result
    }
}

/// A record as two logs of the same commands must agree on it: every field, with the payload's sealed
/// member (random ciphertext under each log's own keys) taken out.
private func comparable(_ e: EventEnvelope) -> String {
    let payload = String(decoding: e.payload, as: UTF8.self)
        .replacingOccurrences(of: #",?"sealed":\{[^{}]*\}"#, with: "", options: .regularExpression)
    return "\(e.position) \(e.streamID) \(e.streamVersion) \(e.commandID) \(e.actor) \(e.recordedAt) \(e.type) \(e.schemaVersion) \(payload)"
}
