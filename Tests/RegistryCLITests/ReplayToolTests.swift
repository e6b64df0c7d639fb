import Foundation
import SQLiteSupport
import Testing

/// `registry-replay`, the inspector's tool, run as a process: rebuild equals live on the demo log and
/// on a generated log, and a tampered read-model row is reported.
@Suite("registry-replay compare, export and rebuild", .serialized)
struct ReplayToolTests {
    /// Compare on a log whose live read model is current; then tamper with one row and compare again.
    /// Each compare runs with its own empty temporary directory, which must be empty again afterwards:
    /// the rebuild it compares against is scratch, and an inspector comparing a years-long log many
    /// times must not fill the disk with them.
    private func compareThenTamper(_ cli: CLIHarness) throws {
        let log = cli.logDirectory
        let scratch = cli.directory + "/compare-tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let temporary = ["TMPDIR": scratch]
        let clean = try cli.run(["compare", "--log", log], tool: "registry-replay", extraEnvironment: temporary)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch) == [], "compare left its rebuild behind")
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout.hasPrefix("no difference: the live read model at position "))
        let db = try SQLiteDatabase(path: log + "/readmodel.sqlite")
        try db.execute("UPDATE stipends SET amount_fen = amount_fen + 1 WHERE (placement, month) = (SELECT placement, month FROM stipends LIMIT 1)")
        #expect(db.changes == 1)
        let tampered = try cli.run(["compare", "--log", log], tool: "registry-replay", extraEnvironment: temporary)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch) == [], "compare left its rebuild behind")
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("2 differences between the live read model and a rebuild"))
        #expect(tampered.stdout.contains("stipends [live only]: "))
        #expect(tampered.stdout.contains("stipends [rebuild only]: "))
    }

    @Test func rebuildEqualsLiveOnTheDemoLog() throws {
        let cli = CLIHarness("replay-demo")
        #expect(try cli.run(["demo"]).status == 0)
        try compareThenTamper(cli)
    }

    @Test func rebuildEqualsLiveOnAGeneratedLog() throws {
        let cli = CLIHarness("replay-gen")
        let generated = try cli.run(["--events", "4000", "--seed", "7", "--log", cli.logDirectory], tool: "registry-gen")
        #expect(generated.status == 0, "\(generated)")
        #expect(try cli.run(["verify"]).status == 0)
        try compareThenTamper(cli)
    }

    @Test func exportWritesOneJSONObjectPerEvent() throws {
        let cli = CLIHarness("replay-export")
        try FileManager.default.copyItem(atPath: GoldenTests.sample, toPath: cli.logDirectory)
        let all = try cli.run(["export", "--log", cli.logDirectory], tool: "registry-replay")
        #expect(all.status == 0)
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.count == 71)
        for (i, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["position"] as? Int == i + 1)
        }
        let stream = try cli.run(["export", "--log", cli.logDirectory, "--stream", "placement-P1"], tool: "registry-replay")
        #expect(stream.stdout.split(separator: "\n").allSatisfy { $0.contains("\"stream\":\"placement-P1\"") })
        let window = try cli.run(["export", "--log", cli.logDirectory, "--from", "10", "--until", "12"], tool: "registry-replay")
        #expect(window.stdout.split(separator: "\n").count == 3)
    }

    @Test func aRebuildUntilAPositionHoldsOnlyWhatWasKnownThen() throws {
        let cli = CLIHarness("replay-until")
        try FileManager.default.copyItem(atPath: GoldenTests.sample, toPath: cli.logDirectory)
        let out = cli.directory + "/rebuilt.sqlite"
        let result = try cli.run(["rebuild", "--log", cli.logDirectory, "--until", "24", "--out", out], tool: "registry-replay")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("rebuilt 24 events into \(out)"))
        let db = try SQLiteDatabase(path: out)
        #expect(try db.query("SELECT position FROM projection_state") == [[.integer(24)]])
        #expect(try db.query("SELECT COUNT(*) FROM students") == [[.integer(7)]])
    }
}
