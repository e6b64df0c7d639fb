import Foundation
import Testing

/// FORMAT.md section 8.2: `registry verify`'s output, exactly as an independent tool compares it.
@Suite("registry verify output")
struct VerifyOutputTests {
    private func json(_ result: RunResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
    }

    @Test func jsonGivesNumbersAndTheDocumentedKeysInOrder() throws {
        let cli = try StorageFixture.make("verify-json")
        let result = try cli.run(["verify", "--format", "json"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let keys = result.stdout.matches(of: /"([a-z_]+)":/).map { String($0.1) }
        #expect(keys == ["events", "head_position", "head_hash", "segments", "bytes", "streams", "seconds"])
        let object = try json(result)
        #expect(object["events"] as? Int == StorageFixture.commands.count + 1, "init appends two events")
        #expect(object["head_position"] as? Int == object["events"] as? Int)
        #expect(object["segments"] as? Int == 1 && object["streams"] as? Int != nil)
        #expect(object["bytes"] as? Int == Int(StorageFixture.size(cli.logDirectory + "/00000001.seg")))
        let csv = try cli.run(["verify", "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").map { $0.split(separator: ",").first.map(String.init) ?? "" }
                == ["field", "events", "head_position", "head_hash", "segments", "bytes", "streams", "seconds"])
    }

    @Test func expectHeadWithAndWithoutAt() throws {
        let cli = try StorageFixture.make("verify-expect")
        let head = try json(try cli.run(["verify", "--format", "json"]))
        let hash = try #require(head["head_hash"] as? String), position = try #require(head["head_position"] as? Int)
        let genesis = String(repeating: "0", count: 64)

        let at = try cli.run(["verify", "--expect-head", hash, "--at", String(position), "--format", "json"])
        #expect(try at.status == 0 && json(at)["extends_at"] as? Int == position, "\(at)")
        let alone = try cli.run(["verify", "--expect-head", hash.uppercased(), "--format", "json"])
        #expect(try alone.status == 0 && json(alone)["extends_at"] as? Int == position, "\(alone)")
        let table = try cli.run(["verify", "--expect-head", hash])
        #expect(table.stdout.contains("extends the recorded head  yes, at position \(position)"))
        let zero = try cli.run(["verify", "--expect-head", genesis, "--at", "0", "--format", "json"])
        #expect(try zero.status == 0 && json(zero)["extends_at"] as? Int == 0, "\(zero)")
        let genesisAlone = try cli.run(["verify", "--expect-head", genesis, "--format", "json"])
        #expect(try genesisAlone.status == 0 && json(genesisAlone)["extends_at"] as? Int == 0)

        let past = try cli.run(["verify", "--expect-head", hash, "--at", String(position + 5)])
        #expect(past.status == 4 && past.stdout.isEmpty
                && past.stderr == "error: the log ends at position \(position), before position \(position + 5) the expected head was taken at; history was cut.\n")
        let wrongAtZero = try cli.run(["verify", "--expect-head", hash, "--at", "0"])
        #expect(wrongAtZero.status == 4 && wrongAtZero.stderr.hasPrefix("error: the log was rewritten: the chain hash at position 0 is \(genesis)"))
        let missing = try cli.run(["verify", "--expect-head", String(repeating: "ab", count: 32)])
        #expect(missing.status == 4 && missing.stderr.hasPrefix("error: the log was rewritten or cut: no position up to \(position) carries"))
        let atAlone = try cli.run(["verify", "--at", "3"])
        #expect(atAlone.status == 2, "\(atAlone)")
    }

    /// A fresh-clone CI run's torture saw `verify` of a log cut to its 64-byte header print its answer
    /// and then die of SIGSEGV, about one run in eight: the chain-checking thread was still starting
    /// when the process exited, and hashed while libcrypto's exit handler freed its locks. The race
    /// shows only at exit, so the binary is run many times.
    @Test func aHeaderOnlyLogVerifiesAndExitsCleanlyEveryTime() throws {
        let cli = try StorageFixture.make("verify-header-only")
        let segment = cli.logDirectory + "/00000001.seg"
        let header = try #require(FileManager.default.contents(atPath: segment)).prefix(64)
        #expect(FileManager.default.createFile(atPath: segment, contents: header))
        for name in try FileManager.default.contentsOfDirectory(atPath: cli.logDirectory) where name != "00000001.seg" {
            try FileManager.default.removeItem(atPath: cli.logDirectory + "/" + name)
        }
        var statuses: [Int32] = []
        for _ in 0..<60 {
            let result = try cli.run(["verify", "--format", "json"])
            statuses.append(result.status)
            #expect(result.status == 0 && result.stdout.contains("\"events\":0"), "\(result)")
            if result.status != 0 { break }
        }
        #expect(statuses.allSatisfy { $0 == 0 }, "exit statuses: \(statuses)")
    }

    @Test func theTornTailWarningIsOneDocumentedLine() throws {
        let cli = try StorageFixture.make("verify-torn")
        let segment = cli.logDirectory + "/00000001.seg"
        let size = StorageFixture.size(segment)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x90, 0, 0, 0, 1, 2, 3]))
        try handle.close()
        let result = try cli.run(["verify", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr == "warning: torn tail: 7 bytes of an incomplete record group at offset \(size) of 00000001.seg (record needs 184 bytes but only 7 remain); they were never acknowledged and the next writer cuts them.\n")
        #expect(try json(result)["bytes"] as? Int == Int(size) + 7)
    }

    /// verify-log.py, written from FORMAT.md, agrees with registry verify (registry-torture compares
    /// them on every damaged log it makes; this is the quick check).
    @Test func theIndependentVerifierAgrees() throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: no python3 to run Tools/verify-log.py")
            return
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tools/verify-log.py").path
        let cli = try StorageFixture.make("verify-agree")
        let segment = cli.logDirectory + "/00000001.seg"
        let original = try Data(contentsOf: URL(fileURLWithPath: segment))
        let damages: [(String, Data)] = [
            ("sound", original),
            ("last record cut by 10 bytes", original.dropLast(10)),
            ("garbage after the end", original + Data([0x90, 0, 0, 0, 1])),
            ("a byte flipped in the middle", { var d = original; d[d.count / 2] ^= 0x04; return d }()),
        ]
        for (label, bytes) in damages {
            try bytes.write(to: URL(fileURLWithPath: segment))
            let ours = try cli.run(["verify", "--format", "json"])
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script, "--format", "json", cli.logDirectory]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(ours.status == process.terminationStatus, "\(label): \(ours) vs \(stderr)")
            if ours.status == 0 {
                var mine = try json(ours)
                mine["seconds"] = nil
                let theirs = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
                #expect(NSDictionary(dictionary: mine) == NSDictionary(dictionary: theirs), "\(label)")
                #expect(ours.stderr.dropLast(2) == stderr.dropLast(1), "\(label): the torn-tail warnings")
            } else {
                // "integrity error at position P (…): R." and "error: integrity failure at position P (…): R"
                let a = ours.stderr.replacingOccurrences(of: "integrity error at", with: "").dropLast(2)
                let b = stderr.replacingOccurrences(of: "error: integrity failure at", with: "").dropLast(1)
                #expect(a == b, "\(label)")
            }
        }
    }
}
