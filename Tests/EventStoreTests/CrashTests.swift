import Foundation
import Testing
@testable import EventStore

/// Real processes: a writer killed with SIGKILL at random moments, and two writers at once.
@Suite("Crashes and concurrent writers", .serialized)
struct CrashTests {
    private func spawnWriter(log: String, ack: String, prefix: String, count: Int? = nil, reopen: Bool = false,
                             maxSegment: Int = 20_000, payloadBytes: Int = 0, indexFlush: Int? = nil,
                             startAfter: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: builtExecutable("eventlog-writer"))
        var arguments = ["--log", log, "--ack", ack, "--prefix", prefix, "--max-segment", String(maxSegment),
                         "--payload-bytes", String(payloadBytes)]
        if let count { arguments += ["--count", String(count)] }
        if reopen { arguments.append("--reopen") }
        if let indexFlush { arguments += ["--index-flush", String(indexFlush)] }
        if let startAfter { arguments += ["--start-after", startAfter] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Checks that every acknowledged command is in the log exactly once, whole, at its positions.
    private func checkAcknowledged(_ acks: [String: (first: UInt64, last: UInt64, count: Int)], in log: FileEventLog) throws {
        var byCommand: [String: [EventEnvelope]] = [:]
        try log.readAll { byCommand[$0.commandID, default: []].append($0) }
        for (command, ack) in acks {
            let events = byCommand[command] ?? []
            #expect(events.count == ack.count, "acknowledged \(command) has \(events.count) of \(ack.count) events")
            #expect(events.first?.position == ack.first && events.last?.position == ack.last)
        }
        // No partial group of any command, acknowledged or not.
        for (command, events) in byCommand {
            let text = String(decoding: events[0].payload, as: UTF8.self)
            let of = Int(text.split(separator: ",").first { $0.hasPrefix("\"of\":") }!.dropFirst(5))!
            #expect(events.count == of, "command \(command) is partial: \(events.count) of \(of)")
        }
    }

    @Test func aWriterKilledAtRandomLosesNoAcknowledgedCommand() throws {
        let dir = TemporaryDirectory()
        let ack = dir.sub("acks.txt")
        let logPath = dir.sub("log")
        var kills = 0
        var torn = 0
        for round in 0..<60 {
            // Every other round writes large groups, so that kills land inside a write as well as between them;
            // every third hands its index entries to the index writer every few events, so that kills
            // also land while the index is being written behind the appends.
            let process = try spawnWriter(log: logPath, ack: ack, prefix: "r\(round)", maxSegment: 2 << 20,
                                          payloadBytes: round % 2 == 0 ? 0 : 200_000, indexFlush: round % 3 == 0 ? 4 : nil)
            // Wait until this child has acknowledged something (however loaded the machine is), then
            // let it run a random while longer: the kill lands between, during or after appends.
            let acknowledged = fileSize(ack)
            let deadline = Date().addingTimeInterval(10)
            while fileSize(ack) == acknowledged && Date() < deadline { usleep(500) }
            usleep(UInt32.random(in: 0...20_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            kills += 1
            let log = try FileEventLog(directory: logPath, mode: .write, options: testOptions(maxSegmentBytes: 2 << 20))
            if log.recovery != nil { torn += 1 }
            let report = try LogVerifier.verify(directory: logPath)
            #expect(report.tornTail == nil)
            #expect(report.head == log.head)
            // The reopened index answers for every command acknowledged so far, wherever the kill left it.
            for (command, acked) in acknowledgements(ack) {
                let result = try log.result(ofCommand: command)
                #expect(result?.positions == acked.first...acked.last, "\(command) after round \(round)")
            }
        }
        let log = try FileEventLog(directory: logPath, mode: .read)
        let acks = acknowledgements(ack)
        #expect(kills == 60)
        #expect(acks.count >= 60, "every round acknowledged at least one command before its kill")
        try checkAcknowledged(acks, in: log)
        print("crash test: \(kills) kills, \(acks.count) acknowledged commands, \(log.head.position) events, \(torn) torn tails cut")
    }

    @Test func twoProcessesAppendingAtOnceLandEveryCommandOnceInOneOrder() throws {
        let dir = TemporaryDirectory()
        let logPath = dir.sub("log")
        // Both wait for the go file: once a command's open cost one fdatasync instead of nine, the
        // first writer could finish its 150 appends before the second had started.
        let go = dir.sub("go")
        let a = try spawnWriter(log: logPath, ack: dir.sub("a.txt"), prefix: "A", count: 150, reopen: true, startAfter: go)
        let b = try spawnWriter(log: logPath, ack: dir.sub("b.txt"), prefix: "B", count: 150, reopen: true, startAfter: go)
        #expect(FileManager.default.createFile(atPath: go, contents: Data()))
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let acks = acknowledgements(dir.sub("a.txt")).merging(acknowledgements(dir.sub("b.txt"))) { x, _ in x }
        #expect(acks.count == 300)
        let report = try LogVerifier.verify(directory: logPath)
        let expectedEvents = (0..<150).reduce(0) { $0 + $1 % 5 + 1 } * 2
        #expect(report.eventCount == UInt64(expectedEvents))
        let log = try FileEventLog(directory: logPath, mode: .read)
        try checkAcknowledged(acks, in: log)
        // The two writers interleaved: the log is one total order of both.
        var owners: [Character] = []
        try log.readAll { owners.append($0.commandID.first!) }
        let switches = zip(owners, owners.dropFirst()).filter { $0 != $1 }.count
        #expect(switches > 1, "the writers did not interleave")
    }
}
