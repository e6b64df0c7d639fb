import EventStore
import Foundation

/// Scenario 2: a power cut simulated by truncating the log's last segment. At every byte offset inside
/// the last record group of small logs, and at random offsets inside a larger one, the log must reopen
/// to the last complete group before the cut: same position and chain hash as that group, the tail cut
/// and reported, nothing partial read as an event, the read model rebuilt to match.
///
/// Every cut is checked through the library (verify, then a write-mode open, then verify again); a
/// sample (every cut in the long run) is also checked through the CLI: `registry verify`, a write that
/// reopens the log, `registry verify` and `registry-replay compare`.
struct PowerCutScenario {
    let ctx: TortureContext

    /// A log to cut, with the snapshot of the directory as it was before its last command.
    struct Subject {
        let name: String
        let log: String
        /// The directory before the last command: its index and read model are what survive a real power
        /// cut (the index is written only after the segment's fsync).
        let before: String?
        /// The command to run after the cut, to reopen the log for writing.
        let reopen: [String]
    }

    func run() -> ScenarioResult {
        let result = ScenarioResult("2 power cut: truncation", outcome: "recovered")
        let runner = ctx.runner

        // Small log A: only `init`, whose two events are one group.
        let a = ctx.freshPath("cut-a")
        runner.registry(Fixture.setup[0] + ["--command-id", "cut-init"], log: a)
        // Small log B: the district and one internship; the last group is one stipend confirmation.
        let b = ctx.freshPath("cut-b"), bBefore = ctx.freshPath("cut-b-before")
        Fixture.build(runner, b)
        let unit = Fixture.internship("cut", months: 2)
        for c in unit.dropLast() { runner.registry(c.fullArguments, log: b) }
        Files.copyDirectory(b, to: bBefore)
        runner.registry(unit.last!.fullArguments, log: b)

        // Quick: every offset of the district's last group, every 5th of init's (1.4 KB); the CLI on a sample.
        let cliStride = ctx.isQuick ? 25 : 1
        for subject in [Subject(name: "init only", log: a, before: nil, reopen: Fixture.setup[0] + ["--command-id", "cut-init", "--format", "json"]),
                        Subject(name: "district", log: b, before: bBefore, reopen: unit.last!.fullArguments)] {
            let bytes = Files.read(Files.segments(subject.log)[0])
            let records = LogBytes.records(bytes)
            guard let last = LogBytes.groups(records).last else { result.fail("\(subject.name): no group to cut"); continue }
            let groupStart = records[last.lowerBound].offset
            let libraryStride = ctx.isQuick && subject.before == nil ? 5 : 1
            for (n, cut) in (groupStart..<bytes.count).enumerated() where n % libraryStride == 0 {
                let withIndex = n % 2 == 0 && subject.before != nil
                cutAndCheck(subject, bytes: bytes, records: records, cut: cut, keepBeforeFiles: withIndex,
                            throughCLI: n % cliStride == 0, result: result)
            }
        }

        // A larger log, cut at random offsets anywhere after the district's setup.
        let large = ctx.freshPath("cut-large")
        Fixture.build(runner, large)
        let setupEnd = Files.read(Files.segments(large)[0]).count
        for i in 0..<(ctx.isQuick ? 8 : 60) {
            for c in Fixture.internship("big\(i)", months: 3) { runner.registry(c.fullArguments, log: large) }
        }
        let bytes = Files.read(Files.segments(large)[0])
        let records = LogBytes.records(bytes)
        let cuts = ctx.isQuick ? 40 : 1500
        let subject = Subject(name: "large", log: large, before: nil, reopen: [])
        for n in 0..<cuts {
            let cut = ctx.int(setupEnd..<bytes.count)
            cutAndCheck(subject, bytes: bytes, records: records, cut: cut, keepBeforeFiles: false,
                        throughCLI: n % (ctx.isQuick ? 6 : 5) == 0, result: result)
        }
        result.notes.append("logs of \(Files.read(Files.segments(a)[0]).count), \(Files.read(Files.segments(b)[0]).count) and \(bytes.count) bytes")
        return result
    }

    /// Cuts a copy of the subject's segment at `cut` and checks that it reopens to the last complete group.
    private func cutAndCheck(_ subject: Subject, bytes: [UInt8], records: [RecordExtent], cut: Int, keepBeforeFiles: Bool,
                             throughCLI: Bool, result: ScenarioResult) {
        result.tried += 1
        let failuresBefore = result.failures.count
        // The expected head: the last complete group that ends at or before the cut.
        var expectedPosition: UInt64 = 0
        var expectedHash = Digest.zero.hex
        var committedEnd = LogBytes.headerSize
        for g in LogBytes.groups(records) where records[g.upperBound - 1].end <= cut {
            let r = records[g.upperBound - 1]
            expectedPosition = r.position
            expectedHash = LogBytes.storedHash(bytes, r)
            committedEnd = r.end
        }
        let label = "\(subject.name) log cut at byte \(cut) of \(bytes.count)"

        func prepare() -> String {
            let dir = ctx.freshPath("cut")
            if keepBeforeFiles, let before = subject.before {
                Files.copyDirectory(before, to: dir)
            } else {
                try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                // The read model of the whole log (ahead of the cut log): it must be reset and rebuilt.
                // Its WAL comes with it: a command leaves the WAL unfolded below 64 frames, so the main
                // file alone is an older read model (behind the cut, caught up rather than reset, and
                // holding names opened with keys this copy does not have).
                if subject.before != nil || subject.reopen.isEmpty,
                   FileManager.default.fileExists(atPath: subject.log + "/readmodel.sqlite") {
                    for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: subject.log + "/readmodel.sqlite" + suffix) {
                        try? FileManager.default.copyItem(atPath: subject.log + "/readmodel.sqlite" + suffix, toPath: dir + "/readmodel.sqlite" + suffix)
                    }
                }
            }
            Files.write(dir + "/00000001.seg", Array(bytes[0..<cut]))
            return dir
        }

        // Through the library, after registry verify and verify-log.py have judged the cut log alike.
        let dir = prepare()
        ctx.verifier.compare(dir, ctx.runner.verify(dir).0, label: label, result: result)
        do {
            let report = try LogVerifier.verify(directory: dir)
            if report.head.position != expectedPosition || report.head.hash.hex != expectedHash {
                result.fail("\(label): verify sees head \(report.head.position) \(report.head.hash.hex.prefix(12)), expected \(expectedPosition) \(expectedHash.prefix(12))")
            }
            if (report.tornTail != nil) != (cut > committedEnd) {
                result.fail("\(label): verify \(report.tornTail == nil ? "reports no" : "reports a") torn tail, \(cut - committedEnd) bytes were past the last group")
            }
            do {
                let log = try FileEventLog(directory: dir, mode: .write)
                if log.head.position != expectedPosition || log.head.hash.hex != expectedHash {
                    result.fail("\(label): reopened at \(log.head.position), expected \(expectedPosition)")
                }
                if (log.recovery != nil) != (cut > committedEnd) {
                    result.fail("\(label): the reopen \(log.recovery == nil ? "reported no cut" : "reported a cut") with \(cut - committedEnd) bytes past the last group")
                }
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: dir + "/00000001.seg")[.size] as? Int) ?? -1
            if size != committedEnd { result.fail("\(label): after the reopen the segment has \(size) bytes, expected \(committedEnd)") }
            let again = try LogVerifier.verify(directory: dir)
            if again.tornTail != nil || again.head.position != expectedPosition {
                result.fail("\(label): after the reopen verify sees \(again.head.position) (torn tail: \(again.tornTail != nil))")
            }
            if try loadEvents(dir).count != Int(expectedPosition) { result.fail("\(label): the reader delivers a different number of events") }
        } catch {
            result.fail("\(label): the library refused the cut log: \(error)")
        }
        Files.remove(dir)

        // Through the CLI.
        if throughCLI {
            let runner = ctx.runner
            let dir = prepare()
            let (v1, head1) = runner.verify(dir)
            ctx.verifier.compare(dir, v1, label: label, result: result)
            if v1.status != 0 || head1?.position != expectedPosition || head1?.hash != expectedHash {
                result.fail("\(label): registry verify: expected head \(expectedPosition), got \(v1)")
            }
            if (v1.stderr.contains("torn tail")) != (cut > committedEnd) {
                result.fail("\(label): registry verify's torn-tail warning is \(v1.stderr.isEmpty ? "missing" : "unexpected"): \(v1.stderr.debugDescription)")
            }
            // Reopen for writing with a command that appends.
            let reopen = subject.reopen.isEmpty || expectedPosition == 0 && subject.before != nil
                ? ["student", "enroll", "CUT-\(cut)", "--name", "Cut", "--major", "CNC", "--birth", "2005-01-01",
                   "--enrolled", "2023-09-01", "--as", "school:S02", "--format", "json"]
                : subject.reopen
            let w = runner.registry(reopen, log: dir)
            if let ack = WriteAck(json: w.stdout), w.status == 0 {
                if ack.duplicate || ack.positions?.lowerBound != expectedPosition + 1 {
                    result.fail("\(label): the write after the cut landed at \(ack.positions.map { "\($0)" } ?? "-") (duplicate: \(ack.duplicate)), expected \(expectedPosition + 1)")
                }
            } else {
                result.fail("\(label): 'registry \(reopen.joined(separator: " "))' after the cut: \(w)")
            }
            if (w.stderr.contains("warning")) != (cut > committedEnd) {
                result.fail("\(label): the writer's cut report is \(w.stderr.isEmpty ? "missing" : "unexpected"): \(w.stderr.debugDescription)")
            }
            let (v2, _) = runner.verify(dir)
            if v2.status != 0 || !v2.stderr.isEmpty { result.fail("\(label): registry verify after the reopen: \(v2)") }
            let compare = runner.compareReadModel(dir)
            if !compare.ok { result.fail("\(label): the read model differs from a rebuild: \(compare.result)") }
            result.add("checked through the CLI")
            Files.remove(dir)
        }
        if result.failures.count == failuresBefore { result.good += 1 }
    }
}
