import Foundation
import SQLiteSupport
import Testing

/// `registry-replay`, the inspector's tool, run as a process: rebuild equals live on the demo log and
/// on a generated log, and a tampered read-model row is reported.
@Suite("registry-replay compare, export and rebuild", .serialized)
struct ReplayToolTests {
    static func tool(_ name: String) -> String {
        URL(fileURLWithPath: CLIHarness.executable).deletingLastPathComponent().appendingPathComponent(name).path
    }

    static func run(_ name: String, _ arguments: [String]) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool(name))
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Compare on a log whose live read model is current; then tamper with one row and compare again.
    private func compareThenTamper(_ log: String) throws {
        let clean = try Self.run("registry-replay", ["compare", "--log", log])
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout.hasPrefix("no difference: the live read model at position "))
        let db = try SQLiteDatabase(path: log + "/readmodel.sqlite")
        try db.execute("UPDATE stipends SET amount_fen = amount_fen + 1 WHERE rowid = (SELECT MIN(rowid) FROM stipends)")
        #expect(db.changes == 1)
        let tampered = try Self.run("registry-replay", ["compare", "--log", log])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("2 differences between the live read model and a rebuild"))
        #expect(tampered.stdout.contains("stipends [live only]: "))
        #expect(tampered.stdout.contains("stipends [rebuild only]: "))
    }

    @Test func rebuildEqualsLiveOnTheDemoLog() throws {
        let cli = CLIHarness("replay-demo")
        #expect(try cli.run(["demo"]).status == 0)
        try compareThenTamper(cli.logDirectory)
    }

    @Test func rebuildEqualsLiveOnAGeneratedLog() throws {
        let cli = CLIHarness("replay-gen")
        let generated = try Self.run("registry-gen", ["--events", "4000", "--seed", "7", "--log", cli.logDirectory])
        #expect(generated.status == 0, "\(generated)")
        #expect(try cli.run(["verify"]).status == 0)
        try compareThenTamper(cli.logDirectory)
    }

    @Test func exportWritesOneJSONObjectPerEvent() throws {
        let cli = CLIHarness("replay-export")
        try FileManager.default.copyItem(atPath: GoldenTests.sample, toPath: cli.logDirectory)
        let all = try Self.run("registry-replay", ["export", "--log", cli.logDirectory])
        #expect(all.status == 0)
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.count == 71)
        for (i, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["position"] as? Int == i + 1)
        }
        let stream = try Self.run("registry-replay", ["export", "--log", cli.logDirectory, "--stream", "placement-P1"])
        #expect(stream.stdout.split(separator: "\n").allSatisfy { $0.contains("\"stream\":\"placement-P1\"") })
        let window = try Self.run("registry-replay", ["export", "--log", cli.logDirectory, "--from", "10", "--until", "12"])
        #expect(window.stdout.split(separator: "\n").count == 3)
    }

    @Test func aRebuildUntilAPositionHoldsOnlyWhatWasKnownThen() throws {
        let cli = CLIHarness("replay-until")
        try FileManager.default.copyItem(atPath: GoldenTests.sample, toPath: cli.logDirectory)
        let out = cli.directory + "/rebuilt.sqlite"
        let result = try Self.run("registry-replay", ["rebuild", "--log", cli.logDirectory, "--until", "24", "--out", out])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("rebuilt 24 events into \(out)"))
        let db = try SQLiteDatabase(path: out)
        #expect(try db.query("SELECT position FROM projection_state") == [[.integer(24)]])
        #expect(try db.query("SELECT COUNT(*) FROM students") == [[.integer(7)]])
    }
}
