import Foundation
import ReadModel
@testable import RegistryService
import Testing

/// A read model with nothing in it (new, set aside, remade for a new schema, private on read-only
/// storage) is caught up through a builder once the log is long enough (`Registry.bulkCatchUpFrom`),
/// and holds the same rows as one caught up event by event.
@Suite("Catching up an empty read model in bulk")
struct BulkCatchUpTests {
    static func removeReadModel(_ log: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: log + "/" + ReadModelStore.fileName + suffix) }
    }

    @Test func aLogAtTheThresholdIsFilledInBulkAndOneBelowItEventByEventWithTheSameRows() throws {
        let cli = try Scenario.make("bulk-catch-up", RebuildTests.history, now: "2026-07-01T08:00:00Z")
        let log = cli.logDirectory

        Self.removeReadModel(log)
        let bulk = try Registry(directory: log, forWriting: false)
        let head = bulk.log.head.position
        bulk.bulkCatchUpFrom = head
        let filled = try bulk.readModel()
        #expect(bulk.readModelFills == 1)
        #expect(filled.position == head)
        let dump = try filled.dump()
        #expect(dump["placements"]?.count == 5)
        #expect(dump["stipends"]?.count == 1)

        Self.removeReadModel(log)
        let stepwise = try Registry(directory: log, forWriting: false)
        stepwise.bulkCatchUpFrom = head + 1
        let projected = try stepwise.readModel()
        #expect(stepwise.readModelFills == 0)
        #expect(projected.position == head)
        #expect(try projected.dump() == dump)

        // A writing command on the filled file goes on from it as from any other.
        Self.removeReadModel(log)
        do {
            // Closed (and its cache lock let go) before the command below runs.
            let writer = try Registry(directory: log, forWriting: true)
            writer.bulkCatchUpFrom = 1
            _ = try writer.readModel()
            #expect(writer.readModelFills == 1)
        }
        let confirmed = try cli.run(["stipend", "confirm", "P-1", "--month", "2025-10", "--amount", "3400", "--paid-on", "2025-11-10",
                                     "--as", "enterprise:E01"])
        #expect(confirmed.status == 0, "\(confirmed)")
        let after = try Registry(directory: log, forWriting: false).readModel()
        #expect(after.position == head + 1)
        #expect(try after.dump()["stipends"]?.count == 2)
    }

    /// A process that finds another writing the empty read model (filling it) says so (the command
    /// line shows a line) and waits for it, rather than wait in silence.
    @Test func aRegistryThatFindsTheEmptyReadModelBeingWrittenSaysItWaits() throws {
        let cli = try Scenario.make("bulk-catch-up-wait", RebuildTests.history, now: "2026-07-01T08:00:00Z")
        let log = cli.logDirectory
        Self.removeReadModel(log)
        let head = try Registry(directory: log, forWriting: false).log.head.position

        // The other process's fill: its transaction is open until the waiter has said it waits.
        let other = try ReadModelStore(path: log + "/" + ReadModelStore.fileName)
        try other.database.execute("BEGIN IMMEDIATE")
        let waiter = try Registry(directory: log, forWriting: false)
        waiter.bulkCatchUpFrom = 1
        var told: [UInt64] = []
        waiter.catchUpWaiting = { head in
            told.append(head)
            try? other.database.execute("COMMIT")  // the other fill ends (here, having written nothing)
        }
        let store = try waiter.readModel()
        #expect(told == [head])
        #expect(waiter.readModelFills == 1, "the other wrote nothing, so this one filled it")
        #expect(store.position == head)

        // Uncontended, nothing is said.
        Self.removeReadModel(log)
        let alone = try Registry(directory: log, forWriting: false)
        alone.bulkCatchUpFrom = 1
        var toldAlone = 0
        alone.catchUpWaiting = { _ in toldAlone += 1 }
        _ = try alone.readModel()
        #expect(toldAlone == 0)
        #expect(alone.readModelFills == 1)
    }
}
