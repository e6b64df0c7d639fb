import Foundation
import RegistryDomain
import Testing
@testable import RegistryService

/// A replay decodes batches on its reading thread while a background queue folds the earlier ones, with
/// up to `BatchApplier.batchesInFlight` batches waiting. However far the decoding runs ahead, the
/// consumer must see every batch once, in order, and nothing after a batch it failed on.
@Suite("Batches handed to the folding thread")
struct BatchApplierTests {
    static let event = RegistryEvent.studentEnrolled(StudentEnrolled(id: "ST1", school: "S1", name: "学生", major: "焊接",
                                                                     birth: CalendarDate("2008-02-29")!, enrolled: CalendarDate("2023-09-01")!,
                                                                     idCard: nil))

    static func batch(_ n: Int) -> BatchApplier.Batch { [(position: UInt64(n), event: event)] }

    /// Records what the consumer saw; the consumer runs on the applier's queue, the checks on the test's thread.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var positions: [UInt64] = []
        func add(_ batch: BatchApplier.Batch) { lock.withLock { positions += batch.map(\.position) } }
        var all: [UInt64] { lock.withLock { positions } }
    }

    struct Refused: Error {}

    @Test func aSlowConsumerSeesEveryBatchInOrderWithManyWaiting() throws {
        let seen = Seen()
        let applier = BatchApplier(concurrent: true) { batch in
            usleep(200)  // slower than the producer, so the queue fills to its limit
            seen.add(batch)
        }
        let count = BatchApplier.batchesInFlight * 4
        for n in 1...count { try applier.apply(Self.batch(n)) }
        try applier.finish()
        #expect(seen.all == (1...count).map(UInt64.init))
    }

    @Test func aFailureStopsTheBatchesQueuedAfterItAndReachesTheProducer() {
        let seen = Seen()
        let failing = 10
        let applier = BatchApplier(concurrent: true) { batch in
            if batch[0].position == UInt64(failing) { throw Refused() }
            seen.add(batch)
        }
        var thrownAt: Int?
        for n in 1...(BatchApplier.batchesInFlight * 3) {
            do { try applier.apply(Self.batch(n)) } catch { thrownAt = n; break }
        }
        #expect(throws: Refused.self) { try applier.finish() }
        // Batches before the failing one were folded; none after it, though many were queued.
        #expect(seen.all == (1..<failing).map(UInt64.init))
        if let thrownAt { #expect(thrownAt > failing) }
    }

    @Test func onTheCallingThreadEachBatchIsConsumedBeforeApplyReturns() throws {
        let seen = Seen()
        let applier = BatchApplier(concurrent: false) { seen.add($0) }
        for n in 1...5 {
            try applier.apply(Self.batch(n))
            #expect(seen.all.count == n)
        }
        try applier.finish()
    }
}
