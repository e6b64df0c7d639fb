import Foundation
import Testing

/// Rules counted across streams hold when several servers decide at once: each decides from its own
/// read-model cache, so without a lock across processes two could both see room under a cap.
@Suite("PostgreSQL store, decisions across processes", .enabled(if: PostgresScratch.isConfigured))
struct PostgresDecisionTests {
    /// E02 declares 20 employees, so at most 2 interns at once (10 %); three servers, each with its
    /// own cache, start three insured placements there at once. A gate (an advisory lock the test
    /// holds, which every append waits for) keeps all three between their decision and their append
    /// until all three are waiting on a lock: without serialised decisions all three pass the cap
    /// check first and all three would be appended. Exactly two may succeed; the third is rejected.
    @Test func threeServersRacingPastAnInternCapAcceptExactlyTheAllowedNumber() throws {
        let scratch = try PostgresScratch()
        let setup = CLIHarness("pg-cap-setup")
        setup.environment["REGISTRY_STORE"] = scratch.conninfo
        setup.environment["REGISTRY_CACHE"] = setup.directory + "/cache"
        let students = ["2023101", "2023102", "2023103"]
        var commands = Scenario.bureauSetup + [
            ["enterprise", "workforce", "E02", "--headcount", "20", "--as-of", "2025-01-01", "--as", "enterprise:E02"],
        ]
        for (i, student) in students.enumerated() {
            commands.append(Scenario.enroll(student, "学生\(i)", born: "2005-03-0\(i + 1)"))
            commands.append(Scenario.register("P-\(i)", student: student, at: "E02", stipend: "3100", agreement: "SF-2025-10\(i)"))
            commands.append(Scenario.insure("P-\(i)", policy: "PICC-2025-010\(i)"))
        }
        for command in commands {
            let result = try setup.run(command)
            #expect(result.status == 0, "\(command.joined(separator: " ")): \(result)")
        }

        let gate = Int32.random(in: 1...1_000_000)
        let holder = try GateHolder(conninfo: scratch.conninfo, key: gate)
        try holder.waitUntil(waiting: 0, schema: scratch.schema, granted: true)
        let statuses = StatusList()
        let conninfo = scratch.conninfo
        let group = DispatchGroup()
        for i in students.indices {
            DispatchQueue.global().async(group: group) {
                let cli = CLIHarness("pg-cap-\(i)")
                cli.environment["REGISTRY_STORE"] = conninfo
                cli.environment["REGISTRY_CACHE"] = cli.directory + "/cache"
                cli.environment["REGISTRY_TEST_APPEND_GATE"] = String(gate)
                // The gate and the decision lock are held until all three wait: under a loaded test run
                // the three processes can start seconds apart, and a waiter giving up after the default
                // 10 s (exit 3) would leave fewer than three waiting (seen once in CI).
                cli.environment["REGISTRY_LOCK_TIMEOUT_MS"] = "600000"
                let result = try? cli.run(Scenario.start("P-\(i)"))
                statuses.add(result?.status ?? -1, result.map { "\($0)" } ?? "did not run")
            }
        }
        // All three wait on a lock: with serialised decisions one at the gate and two at the decision
        // lock; without, all three at the gate after deciding.
        let allWaiting = Result { try holder.waitUntil(waiting: students.count, schema: scratch.schema, granted: false) }
        holder.release()
        group.wait()
        if case .failure(let error) = allWaiting {
            Issue.record("the three were never all waiting; their answers: \(statuses.all)")
            throw error
        }
        let results = statuses.all
        #expect(results.filter { $0.status == 0 }.count == 2, "\(results)")
        #expect(results.filter { $0.status == 1 }.count == 1, "\(results)")
        let verify = try setup.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
    }
}

/// A psql session holding the advisory lock the registry's test gate waits for.
private final class GateHolder {
    private let process = Process()
    private let input = Pipe()
    private let conninfo: String
    private let key: Int32

    init(conninfo: String, key: Int32) throws {
        self.conninfo = conninfo
        self.key = key
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [conninfo, "-qX"]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("SELECT pg_advisory_lock(7170119, \(key));\n".utf8))
    }

    /// Waits until the gate is held (`granted`), or until `waiting` sessions wait on the gate or on this
    /// store's decision lock. Polls the lock table; gives up (failing the test) after a generous bound.
    func waitUntil(waiting: Int, schema: String, granted: Bool) throws {
        let query = granted
            ? "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 7170119 AND objid = \(key)"
            : """
              SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND ((classid = 7170119 AND objid = \(key))
                OR (classid = 7170118 AND objid::bigint = (SELECT hashtext(store_id)::bigint & 4294967295 FROM \(schema).registry_schema)))
              """
        let target = granted ? 1 : waiting
        for _ in 0..<1_200 {
            if try count(query) >= target { return }
            usleep(100_000)
        }
        Issue.record("the lock table never showed \(target) sessions (\(granted ? "holding" : "waiting"))")
        throw CocoaError(.fileReadUnknown)
    }

    func release() {
        input.fileHandleForWriting.write(Data("SELECT pg_advisory_unlock(7170119, \(key));\n\\q\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { process.terminate() } }

    private func count(_ sql: String) throws -> Int {
        let query = Process()
        let output = Pipe()
        query.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        query.arguments = [conninfo, "-qXtAc", sql]
        query.standardOutput = output
        query.standardError = FileHandle.nullDevice
        try query.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        query.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}

private final class StatusList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(status: Int32, detail: String)] = []
    func add(_ status: Int32, _ detail: String) { lock.lock(); list.append((status, detail)); lock.unlock() }
    var all: [(status: Int32, detail: String)] { lock.lock(); defer { lock.unlock() }; return list }
}
