import Foundation
import ReadModel
import RegistryService
import SQLiteSupport
import Testing

/// The read model is derived data: rebuilt from the log alone it equals the one the commands kept live.
@Suite("Rebuild equals live")
struct RebuildTests {
    /// The live read model of `log` (caught up) and a fresh one rebuilt from position 1 into `scratch`.
    static func liveAndRebuilt(log: String, scratch: String) throws -> (live: ReadModelStore, rebuilt: ReadModelStore) {
        let registry = try Registry(directory: log, forWriting: false)
        let live = try registry.readModel()
        let rebuilt = try ReadModelStore(path: scratch + "/rebuilt-\(UUID().uuidString).sqlite")
        try registry.project(from: 1, into: rebuilt)
        return (live, rebuilt)
    }

    /// After `Scenario.rulesSetup`: a stipend and its correction, an advance, a termination, a
    /// withdrawal and a hire (five placements, one stipend row); run at 2026-07-01.
    static let history: [[String]] = Scenario.rulesSetup + [
        ["stipend", "confirm", "P-1", "--month", "2025-09", "--amount", "3400", "--paid-on", "2025-10-10", "--as", "enterprise:E01"],
        ["stipend", "confirm", "P-1", "--month", "2025-09", "--amount", "3500", "--paid-on", "2025-10-20", "--correction", "--as", "enterprise:E01"],
        ["subsidy", "advance", "A-1", "--amount", "2500", "--on", "2025-10-15", "--as", "bureau:HRSS"],
        ["placement", "terminate", "P-2", "--on", "2025-12-15", "--reason", "岗位撤销", "--as", "school:S01"],
        ["student", "leave", "2023002", "--reason", "withdrawn", "--on", "2025-12-31", "--as", "school:S01"],
        ["student", "hired", "2023001", "--enterprise", "E01", "--on", "2026-07-01", "--as", "enterprise:E01"],
    ]

    @Test func aRebuildFromTheLogEqualsTheLiveReadModelAndNoticesATamperedRow() throws {
        let cli = try Scenario.make("rebuild", Self.history, now: "2026-07-01T08:00:00Z")
        let (live, rebuilt) = try Self.liveAndRebuilt(log: cli.logDirectory, scratch: cli.directory)
        let dump = try live.dump()
        #expect(dump["placements"]?.count == 5)  // P-4 is refused at registration (Age_01)
        #expect(dump["stipends"]?.count == 1)
        #expect(try rebuilt.dump() == dump)
        #expect(rebuilt.position == live.position)

        try live.database.execute("UPDATE stipends SET amount_fen = amount_fen + 1 WHERE placement = 'P-1'")
        let tampered = try live.dump()
        #expect(tampered != (try rebuilt.dump()))
        #expect(tampered["stipends"] != dump["stipends"])
        #expect(tampered.filter { $0.key != "stipends" } == dump.filter { $0.key != "stipends" })
    }
}
