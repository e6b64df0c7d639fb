import Dispatch
import Foundation
@testable import ReadModel
import RegistryDomain
import Testing

/// An empty read model is filled with a builder's rows in one transaction (`ReadModelStore.fill`):
/// the same rows as applying the events one by one, nothing written when the fold fails or the file
/// is not empty, and one fold when two connections need the same file filled.
@Suite("Filling an empty read model from a builder")
struct FillTests {
    static var positioned: [(position: UInt64, event: RegistryEvent)] {
        CorrectionProjectionTests.history.enumerated().map { (UInt64($0.offset + 1), $0.element) }
    }

    static func builder() -> ReadModelBuilder {
        let builder = ReadModelBuilder()
        builder.apply(positioned)
        return builder
    }

    static func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "readmodel-fill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    struct FoldFailed: Error {}

    @Test func aFilledFileHoldsWhatApplyingEachEventMakes() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let live = try ReadModelStore(path: dir + "/live.sqlite")
        for event in Self.positioned { try live.apply([event]) }
        let filled = try ReadModelStore(path: dir + "/filled.sqlite")
        var waited = 0
        #expect(try filled.fill(waiting: { waited += 1 }) { Self.builder() })
        #expect(waited == 0, "no other connection was writing: nothing to wait for")
        #expect(filled.position == UInt64(Self.positioned.count))
        #expect(try filled.dump() == live.dump())
        // The position is the file's: opened again, it is caught up to the same place.
        #expect(try ReadModelStore(path: dir + "/filled.sqlite").position == filled.position)
    }

    @Test func aFileWithEventsInItIsNotFilledAndNothingIsFolded() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ReadModelStore(path: dir + "/live.sqlite")
        try store.apply(Array(Self.positioned.prefix(2)))
        let before = try store.dump()
        var folded = false
        #expect(try !store.fill {
            folded = true
            return Self.builder()
        })
        #expect(!folded)
        #expect(store.position == 2)
        #expect(try store.dump() == before)
    }

    @Test func aFoldThatFailsWritesNothingAndTheFileStaysUsable() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ReadModelStore(path: dir + "/live.sqlite")
        let empty = try store.dump()
        #expect(throws: FoldFailed.self) { try store.fill { throw FoldFailed() } }
        #expect(store.position == 0)
        #expect(try store.dump() == empty)
        // An empty builder fills nothing either.
        #expect(try !store.fill { ReadModelBuilder() })
        #expect(try store.dump() == empty)
        try store.apply(Self.positioned)
        #expect(store.position == UInt64(Self.positioned.count))
    }

    /// Two connections to one empty file (two processes): the second waits for the first's fill,
    /// then finds the file filled and folds nothing.
    @Test func aSecondConnectionWaitsForTheFirstFillInsteadOfFoldingAgain() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/live.sqlite"
        _ = try ReadModelStore(path: path)  // made before either connection
        let folding = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        final class Outcome: @unchecked Sendable { var filled: Result<Bool, Error>? }
        let outcome = Outcome()
        let thread = Thread {
            outcome.filled = Result {
                try ReadModelStore(path: path).fill {
                    folding.signal()
                    // The second connection's fill begins meanwhile and waits for this transaction.
                    Thread.sleep(forTimeInterval: 0.3)
                    return Self.builder()
                }
            }
            done.signal()
        }
        thread.start()
        folding.wait()
        let second = try ReadModelStore(path: path)
        var foldedAgain = false
        var waited = 0
        let filledBySecond = try second.fill(waiting: { waited += 1 }) {
            foldedAgain = true
            return Self.builder()
        }
        done.wait()
        #expect(waited == 1, "the second connection says once that it waits")
        #expect(try outcome.filled?.get() == true)
        #expect(!filledBySecond)
        #expect(!foldedAgain)
        #expect(second.position == UInt64(Self.positioned.count))
        let reference = try ReadModelStore(path: dir + "/reference.sqlite")
        try reference.apply(Self.positioned)
        #expect(try second.dump() == reference.dump())
    }
}
