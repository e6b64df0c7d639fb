import Foundation
import Testing
@testable import EventStore

/// The committed sample log (EventLog/sample, built by Tools/make-sample-log.sh) is the format's
/// compatibility test: every future version must read, verify and audit it to the same results.
/// The golden outputs were checked by hand against the scenario in the script (see the comments there):
/// e.g. Subsidy_01 = 15 intern-months at E1 + 3 at E3 = 18 × 200 = 3600 yuan; S1 scores 29 of the 34 computable points.
@Suite("Golden sample log", .serialized)
struct GoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let sample = root + "/EventLog/sample"
    static let golden = root + "/Tests/RegistryCLITests/Golden/"

    /// A harness whose log is a fresh copy of the sample (opening a log may write derived files beside it).
    private func sampleCopy() throws -> CLIHarness {
        let cli = CLIHarness("golden")
        try FileManager.default.copyItem(atPath: Self.sample, toPath: cli.logDirectory)
        return cli
    }

    private func golden(_ name: String) throws -> String {
        try String(contentsOfFile: Self.golden + name, encoding: .utf8)
    }

    @Test func theSampleVerifiesToItsRecordedHead() throws {
        let cli = try sampleCopy()
        let head = try String(contentsOfFile: Self.sample + "/HEAD", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try cli.run(["verify", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"head_hash\":\"\(head)\""))
        #expect(result.stdout.contains("\"events\":71,"))
    }

    @Test(arguments: [
        ("audit.txt", ["audit", "--on", "2026-03-31"]),
        ("audit.json", ["audit", "--on", "2026-03-31", "--format", "json"]),
        ("audit.zh.txt", ["audit", "--on", "2026-03-31", "--lang", "zh"]),
        ("quota.txt", ["quota", "--on", "2026-03-31"]),
        ("quota.json", ["quota", "--on", "2026-03-31", "--format", "json"]),
        ("subsidies.txt", ["report", "subsidies", "--on", "2026-03-31"]),
        ("subsidies.json", ["report", "subsidies", "--on", "2026-03-31", "--format", "json"]),
        ("evaluation.txt", ["report", "evaluation", "--year", "2025"]),
        ("evaluation.json", ["report", "evaluation", "--year", "2025", "--format", "json"]),
        // Issue 13, whole Chinese: the same reports in Chinese.
        ("quota.zh.txt", ["quota", "--on", "2026-03-31", "--lang", "zh"]),
        ("subsidies.zh.txt", ["report", "subsidies", "--on", "2026-03-31", "--lang", "zh"]),
        ("evaluation.zh.txt", ["report", "evaluation", "--year", "2025", "--lang", "zh"]),
    ])
    func reportsMatchTheirGoldenFiles(file: String, arguments: [String]) throws {
        let cli = try sampleCopy()
        let result = try cli.run(arguments + ["--as", "inspector:I01"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        #expect(result.stdout == (try golden(file)))
    }

    @Test func theIndependentVerifierAgrees() throws {
        let cli = try sampleCopy()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root + "/Tools/verify-log.py", cli.logDirectory]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let head = try String(contentsOfFile: Self.sample + "/HEAD", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(process.terminationStatus == 0)
        #expect(output.contains("head hash: \(head)"))
    }

    /// Copies the sample and cuts it just after `position`; returns nil when that is inside a command group.
    private func truncatedCopy(at position: UInt64) throws -> CLIHarness? {
        let cli = try sampleCopy()
        do { _ = try FileEventLog(directory: cli.logDirectory, mode: .write) }  // builds the index
        let index = try StreamIndex(directory: cli.logDirectory, readOnly: true)
        guard let entry = try index.entry(at: position) else { return nil }
        let segment = cli.logDirectory + "/" + SegmentFormat.fileName(segment: entry.segment)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: segment))
        try handle.truncate(atOffset: entry.offset + UInt64(entry.length))
        try handle.close()
        for name in try FileManager.default.contentsOfDirectory(atPath: cli.logDirectory) where !name.hasSuffix(".seg") {
            try FileManager.default.removeItem(atPath: cli.logDirectory + "/" + name)
        }
        let reader = try FileEventLog(directory: cli.logDirectory, mode: .read)
        return reader.head.position == position ? cli : nil
    }

    @Test(arguments: [UInt64(12), 30, 47, 60, 70])
    func anAuditUntilAPositionEqualsTheAuditOfTheLogCutThere(position: UInt64) throws {
        let full = try sampleCopy()
        guard let cut = try truncatedCopy(at: position) else { Issue.record("position \(position) is inside a group"); return }
        for date in ["2025-06-30", "2025-12-31", "2026-03-31"] {
            let travelled = try full.run(["audit", "--on", date, "--until", String(position), "--format", "json", "--as", "inspector:I01"])
            let truncated = try cut.run(["audit", "--on", date, "--format", "json", "--as", "inspector:I01"])
            #expect(travelled.status == 0 && truncated.status == 0)
            #expect(travelled.stdout == truncated.stdout, "audit on \(date) until \(position)")
        }
        let travelledQuota = try full.run(["quota", "--on", "2025-10-15", "--until", String(position), "--as", "inspector:I01"])
        #expect(travelledQuota.stdout == (try cut.run(["quota", "--on", "2025-10-15", "--as", "inspector:I01"])).stdout)
    }

    @Test func anAuditUntilATimeSeesOnlyWhatWasRecordedByThen() throws {
        let full = try sampleCopy()
        // Commands are recorded at 09:00 UTC on their business day; the first stipends of 2025-09 were confirmed on 2025-10-10.
        let before = try full.run(["audit", "--on", "2026-03-31", "--until", "2025-10-09T23:59:59Z", "--format", "csv", "--as", "inspector:I01"])
        let after = try full.run(["audit", "--on", "2026-03-31", "--format", "csv", "--as", "inspector:I01"])
        #expect(before.status == 0)
        #expect(before.stdout != after.stdout)
        // Sanmenxia states no payment deadline, so no month is overdue (Pay_04); the short payment of
        // 2025-11, confirmed after the cut, is what the earlier view cannot see.
        #expect(!before.stdout.contains("Pay_02,finding,placement P1,S1,E1,2025-11"))
        #expect(after.stdout.contains("Pay_02,finding,placement P1,S1,E1,2025-11"))
    }

    /// Rewrites one byte of record `position` and recomputes every CRC and chain hash from it to the end.
    private func forge(_ directory: String, position: UInt64) throws {
        let path = directory + "/00000001.seg"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let hasher = SHA256Hasher()
        var offset = SegmentFormat.headerSize
        var previous = Digest.zero
        var current: UInt64 = 1
        while offset < bytes.count {
            let bodyLength = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
            let hashAt = offset + 4 + bodyLength
            if current == position {
                // A digit of the payload near its end, e.g. a date or an amount.
                var i = hashAt - 2
                while !(bytes[i] >= 0x30 && bytes[i] <= 0x38) { i -= 1 }
                bytes[i] += 1
            }
            if current >= position {
                let hash = Array(bytes[offset..<hashAt]).withUnsafeBytes { record in
                    withUnsafeBytes(of: previous.bytes) { prev in hasher.digest(prev, record) }
                }
                bytes.replaceSubrange(hashAt..<(hashAt + 32), with: hash.rawBytes)
                let crc = CRC32C.checksum(Array(bytes[offset..<(hashAt + 32)]))
                withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((hashAt + 32)..<(hashAt + 36), with: $0) }
            }
            previous = Digest(bytes[hashAt..<(hashAt + 32)])!
            offset = hashAt + 36
            current += 1
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasSuffix(".seg") {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    @Test func expectHeadAcceptsAnEarlierHeadAndCatchesAForgery() throws {
        guard let earlier = try truncatedCopy(at: 47) else { Issue.record("47 is inside a group"); return }
        let earlierHead = try earlier.run(["verify", "--format", "json"])
        let hash = String(earlierHead.stdout.split(separator: "\"head_hash\":\"")[1].prefix(64))
        let full = try sampleCopy()
        let ok = try full.run(["verify", "--expect-head", hash, "--at", "47"])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("extends the recorded head  yes, at position 47"))
        // Rewrite record 30 and recompute the chain from there: the log verifies on its own...
        try forge(full.logDirectory, position: 30)
        let alone = try full.run(["verify"])
        #expect(alone.status == 0, "\(alone)")
        // ...but not against the head written down earlier.
        let caught = try full.run(["verify", "--expect-head", hash, "--at", "47"])
        #expect(caught.status == 4)
        #expect(caught.stderr.hasPrefix("error: the log was rewritten: the chain hash at position 47 is "))
        // A head taken before the rewritten record still matches: the history up to it is intact.
        guard let before = try truncatedCopy(at: 20) else { Issue.record("20 is inside a group"); return }
        let beforeHash = String(try before.run(["verify", "--format", "json"]).stdout.split(separator: "\"head_hash\":\"")[1].prefix(64))
        #expect(try full.run(["verify", "--expect-head", beforeHash, "--at", "20"]).status == 0)
        // A wrong hash of the right shape, and a position past the head, are rejected too.
        #expect(try full.run(["verify", "--expect-head", String(repeating: "0", count: 64), "--at", "47"]).status == 4)
        #expect(try full.run(["verify", "--expect-head", hash, "--at", "5000"]).status == 4)
    }
}
