import Foundation
import Testing
import EventStore

/// Signed checkpoints, proofs and receipts through the built binary, checked by the binary itself
/// and by the independent `Tools/verify-proof.py` (issue 16).
@Suite("Proofs and checkpoints")
struct ProofTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A log with a registry, two schools and an enterprise: 5 records.
    func makeLog(_ label: String, school: String = "S2") throws -> CLIHarness {
        let cli = CLIHarness(label)
        try #require(try cli.run("init --as bureau:EDU --jurisdiction 测试市 --command-id init-1").status == 0)
        try #require(try cli.run("school register S1 --name One --level secondary --as bureau:EDU --command-id s1").status == 0)
        try #require(try cli.run("school register \(school) --name Two --level secondary --as bureau:EDU --command-id s2").status == 0)
        return cli
    }

    /// Runs `Tools/verify-proof.py` with `arguments`.
    func python(_ arguments: [String]) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root + "/Tools/verify-proof.py"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func initMakesAPrivateKeyReadableByItsOwnerOnly() throws {
        let cli = try makeLog("proof-key")
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.logDirectory + "/checkpoint-key.pem")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let pem = try String(contentsOfFile: cli.logDirectory + "/checkpoint-key.pem", encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let key = try cli.run("checkpoint --public-key")
        #expect(key.status == 0)
        #expect(key.stdout.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(key.stdout.contains("\nplacement-registry/"))
    }

    @Test func theIndependentToolVerifiesCheckpointsAndProofs() throws {
        let cli = try makeLog("proof-python")
        let keyFile = cli.write("key.txt", Data(try cli.run("checkpoint --public-key").stdout.utf8))
        let checkpoint = try cli.run("checkpoint")
        #expect(checkpoint.status == 0)
        let lines = checkpoint.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("placement-registry/"))
        #expect(lines[1] == "4")
        #expect(lines[3] == "")
        #expect(lines[4].hasPrefix("\u{2014} placement-registry/"))
        let note = cli.write("checkpoint.txt", Data(checkpoint.stdout.utf8))
        #expect(try python(["checkpoint", note, "--key", keyFile]).status == 0)

        let inclusion = try cli.run("prove inclusion 3 --tree-size 4 --format json")
        #expect(inclusion.status == 0, "\(inclusion)")
        let object = try json(inclusion.stdout)
        #expect(Set(object.keys) == ["treeSize", "index", "leafHash", "path", "rootHash", "checkpoint"])
        #expect(object["index"] as? Int == 2)
        #expect(object["treeSize"] as? Int == 4)
        let proofFile = cli.write("inclusion.json", Data(inclusion.stdout.utf8))
        let checked = try python(["inclusion", proofFile, "--key", keyFile, "--log", cli.logDirectory])
        #expect(checked.status == 0, "\(checked)")

        // A flipped byte in the path is refused.
        var path = try #require(object["path"] as? [String])
        path[0] = (path[0].first == "0" ? "1" : "0") + path[0].dropFirst()
        var flipped = object
        flipped["path"] = path
        let flippedFile = cli.write("flipped.json", try JSONSerialization.data(withJSONObject: flipped))
        #expect(try python(["inclusion", flippedFile]).status == 4)

        #expect(try cli.run("school register S3 --name Three --level secondary --as bureau:EDU").status == 0)
        let consistency = try cli.run("prove consistency 4 5 --format json")
        #expect(consistency.status == 0)
        #expect(Set(try json(consistency.stdout).keys) == ["oldSize", "newSize", "path", "oldRoot", "newRoot"])
        let newNote = cli.write("checkpoint5.txt", Data(try cli.run("checkpoint").stdout.utf8))
        let consistencyFile = cli.write("consistency.json", Data(consistency.stdout.utf8))
        let agreed = try python(["consistency", consistencyFile, "--old-checkpoint", note, "--new-checkpoint", newNote, "--key", keyFile])
        #expect(agreed.status == 0, "\(agreed)")
        // A flipped byte in the consistency proof, and a checkpoint checked under another log's key, are refused.
        var consistencyObject = try json(consistency.stdout)
        var consistencyPath = try #require(consistencyObject["path"] as? [String])
        consistencyPath[0] = String(consistencyPath[0].dropLast()) + (consistencyPath[0].last == "0" ? "1" : "0")
        consistencyObject["path"] = consistencyPath
        let flippedConsistency = cli.write("consistency-flipped.json", try JSONSerialization.data(withJSONObject: consistencyObject))
        #expect(try python(["consistency", flippedConsistency]).status == 4)
        let other = try makeLog("proof-python-other", school: "S7")
        let otherKey = cli.write("other-key.txt", Data(try other.run("checkpoint --public-key").stdout.utf8))
        #expect(try python(["checkpoint", note, "--key", otherKey]).status == 4)

        let root = try python(["root", "--log", cli.logDirectory, "--size", "4"])
        #expect(root.stdout.contains(try #require(object["rootHash"] as? String)))
    }

    @Test func verifyCheckpointAcceptsAnExtensionAndRefusesAForgery() throws {
        let cli = try makeLog("proof-verify")
        let note = try cli.run("checkpoint").stdout
        let file = cli.write("checkpoint.txt", Data(note.utf8))
        #expect(try cli.run("school register S3 --name Three --level secondary --as bureau:EDU").status == 0)
        let ok = try cli.run(["verify", "--checkpoint", file])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("the log extends the checkpoint  yes"))

        // The same checkpoint signed by a key that is not the log's.
        let (parsed, _) = try Checkpoint.parse(note)
        let stranger = try Ed25519Key.generate()
        let forged = try parsed.signedNote(key: stranger, noteKey: NoteKey(name: parsed.origin, publicKey: try stranger.rawPublicKey()))
        let refused = try cli.run(["verify", "--checkpoint", cli.write("forged.txt", Data(forged.utf8))])
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("is not signed by any key of this log"))
    }

    @Test func aRewrittenHistoryDoesNotExtendTheCheckpoint() throws {
        // Two logs with the same first command (so the same origin) and the same key, differing at position 4.
        let honest = try makeLog("proof-honest")
        let rewritten = try makeLog("proof-rewritten", school: "S9")
        for name in ["checkpoint-key.pem", "checkpoint-keys.txt"] {
            try FileManager.default.removeItem(atPath: rewritten.logDirectory + "/" + name)
            try FileManager.default.copyItem(atPath: honest.logDirectory + "/" + name, toPath: rewritten.logDirectory + "/" + name)
        }
        let note = honest.write("checkpoint.txt", Data(try honest.run("checkpoint").stdout.utf8))
        #expect(try rewritten.run("school register S3 --name Three --level secondary --as bureau:EDU").status == 0)
        let result = try rewritten.run(["verify", "--checkpoint", note])
        #expect(result.status == 4, "\(result)")
        #expect(result.stderr.contains("history was rewritten"))

        // The independent tool refuses the rewritten log's consistency proof against the honest checkpoint.
        let proof = try rewritten.run("prove consistency 4 5 --format json")
        let keyFile = honest.write("key.txt", Data(try honest.run("checkpoint --public-key").stdout.utf8))
        let newNote = rewritten.write("new.txt", Data(try rewritten.run("checkpoint").stdout.utf8))
        var object = try json(proof.stdout)
        let (honestCheckpoint, _) = try Checkpoint.parse(try String(contentsOfFile: note, encoding: .utf8))
        object["oldRoot"] = honestCheckpoint.root.hex
        let file = rewritten.write("consistency.json", try JSONSerialization.data(withJSONObject: object))
        #expect(try python(["consistency", file, "--old-checkpoint", note, "--new-checkpoint", newNote, "--key", keyFile]).status == 4)
    }

    @Test func aReceiptProvesTheCommandAndIsCheckedLater() throws {
        let cli = try makeLog("proof-receipt")
        let receiptFile = cli.directory + "/receipt.json"
        let result = try cli.run(["enterprise", "register", "E1", "--name", "Works", "--as", "bureau:EDU", "--receipt", receiptFile])
        #expect(result.status == 0, "\(result)")
        let receipt = try json(try String(contentsOfFile: receiptFile, encoding: .utf8))
        #expect(receipt["positions"] as? [Int] == [5, 5])
        #expect((receipt["proofs"] as? [Any])?.count == 1)
        #expect(try cli.run("school register S3 --name Three --level secondary --as bureau:EDU").status == 0)
        let checked = try cli.run(["verify", "--receipt", receiptFile])
        #expect(checked.status == 0, "\(checked)")
        #expect(checked.stdout.contains("still recorded and extended  yes"))
        let keyFile = cli.write("key.txt", Data(try cli.run("checkpoint --public-key").stdout.utf8))
        #expect(try python(["receipt", receiptFile, "--key", keyFile, "--log", cli.logDirectory]).status == 0)

        // With --format json the answer carries the receipt.
        let inline = try cli.run(["school", "register", "S4", "--name", "Four", "--level", "secondary", "--as", "bureau:EDU",
                                  "--receipt", "-", "--format", "json"])
        #expect(((try json(inline.stdout))["receipt"] as? [String: Any])?["treeSize"] as? Int == 7)

        // A flipped byte in a kept receipt's proof is refused.
        var text = try String(contentsOfFile: receiptFile, encoding: .utf8)
        let leaf = try #require((receipt["proofs"] as? [[String: Any]])?.first?["path"] as? [String]).first!
        text = text.replacingOccurrences(of: leaf, with: (leaf.first == "a" ? "b" : "a") + leaf.dropFirst())
        let bad = try cli.run(["verify", "--receipt", cli.write("bad.json", Data(text.utf8))])
        #expect(bad.status == 4, "\(bad)")
    }

    @Test func theGoldenSampleGetsAKeyOnlyWhenAsked() throws {
        let cli = CLIHarness("proof-golden")
        try FileManager.default.copyItem(atPath: Self.root + "/EventLog/sample", toPath: cli.logDirectory)
        let head = try String(contentsOfFile: Self.root + "/EventLog/sample/HEAD", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let none = try cli.run("checkpoint")
        #expect(none.status == 2)
        #expect(none.stderr.contains("--init-key"))
        #expect(try cli.run("checkpoint --init-key --as school:S1").status == 5)
        #expect(try cli.run("checkpoint --init-key --as bureau:EDU").status == 0)
        let note = try cli.run("checkpoint")
        #expect(note.status == 0)
        #expect(note.stdout.split(separator: "\n")[1] == "71")
        let verified = try cli.run("verify --format json")
        #expect(verified.status == 0)
        #expect(verified.stdout.contains(head))
        #expect(verified.stderr == "")
    }

    @Test func verifyRebuildsADamagedTreeWithAWarning() throws {
        let cli = try makeLog("proof-damaged")
        let before = try cli.run("checkpoint --format json").stdout
        let tree = cli.logDirectory + "/" + MerkleTree.fileName
        var bytes = try Data(contentsOf: URL(fileURLWithPath: tree))
        bytes[0] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: tree))
        let result = try cli.run("verify")
        #expect(result.status == 0)
        #expect(result.stderr.contains("did not match the log and was rebuilt"))
        let after = try json(try cli.run("checkpoint --format json").stdout)
        #expect(after["rootHash"] as? String == (try json(before))["rootHash"] as? String)
    }
}

@Suite("Signing key rotation")
struct SigningKeyRotationTests {
    @Test func aRotationIsRecordedAndOldCheckpointsStayVerifiable() throws {
        let cli = CLIHarness("proof-rotate")
        try #require(try cli.run("init --as bureau:EDU --jurisdiction 测试市").status == 0)
        let before = cli.write("before.txt", Data(try cli.run("checkpoint").stdout.utf8))
        let oldKey = try cli.run("checkpoint --public-key").stdout
        #expect(try cli.run(["checkpoint", "rotate-key", "--reason", "annual", "--as", "school:S1"]).status == 5)
        let rotated = try cli.run(["checkpoint", "rotate-key", "--reason", "annual rotation", "--as", "bureau:EDU"])
        #expect(rotated.status == 0, "\(rotated)")
        #expect(rotated.stdout.contains("rotation recorded at position  3"))
        let newKey = try cli.run("checkpoint --public-key").stdout
        #expect(newKey != oldKey)
        let after = cli.write("after.txt", Data(try cli.run("checkpoint").stdout.utf8))
        #expect(try cli.run(["verify", "--checkpoint", before]).status == 0)
        #expect(try cli.run(["verify", "--checkpoint", after]).status == 0)
        let keys = try String(contentsOfFile: cli.logDirectory + "/checkpoint-keys.txt", encoding: .utf8)
        #expect(keys.split(separator: "\n").count == 2)
        // The event replays like any other: the log still verifies and the registry still reads.
        #expect(try cli.run("verify").status == 0)
        #expect(try cli.run("policy show").status == 0)
        let replay = try cli.run(["rebuild", "--log", cli.logDirectory], tool: "registry-replay")
        #expect(replay.status == 0, "\(replay)")
    }
}
