import EventStore
import Foundation
import RegistryDomain

/// The whole-log folds of one process (a server answering several inspectors' audits): one at a
/// time, and a request for the fold already under way — the same log, position and head — waits
/// for that fold's result instead of folding the log again beside it.
///
/// Each fold holds the whole registry in memory: 340 MB for the 1M-event bench log, 3.2 GB for the
/// 10M one. Four audits requested at once from a server on the 1M log held 1.35 GB and answered in
/// 6.4–6.6 s each, where one alone takes 2.2 s (BENCHMARKS.md); on two cores, folds side by side
/// take as long as one after the other, so they only add memory.
///
/// Nothing is kept once the fold's waiting requests have their result: a later request folds anew,
/// so personal data erased in between (its key destroyed) is never served from an older copy.
final class WholeLogFolds: @unchecked Sendable {
    /// The one for this process.
    static let shared = WholeLogFolds()

    /// What makes two folds the same: the log (its directory, or a PostgreSQL store's cache
    /// directory), the last position folded, and the head it was read at.
    struct Key: Equatable {
        var log: String
        var through: UInt64
        var head: LogHead
    }

    private let condition = NSCondition()
    /// The fold under way, and how many requests wait for its result.
    private var current: (key: Key, generation: Int, waiting: Int)?
    /// Finished folds' results, until each request that waited for them has taken it.
    private var results: [Int: (result: Result<RegistryState, any Error>, untaken: Int)] = [:]
    private var generations = 0

    /// How many folds ran (tests tell shared results from folds of their own).
    private(set) var folds = 0

    /// How many requests wait for the fold under way (tests).
    var waitingForCurrent: Int {
        condition.lock()
        defer { condition.unlock() }
        return current?.waiting ?? 0
    }

    /// `fold()`'s result for `key`: this thread's own fold, or the one under way for the same key.
    /// A fold for another key runs first to its end.
    /// - Throws: what `fold` throws (every request that waited for it gets the same error).
    func state(_ key: Key, _ fold: () throws -> RegistryState) throws -> RegistryState {
        condition.lock()
        while let running = current {
            if running.key == key {
                current?.waiting += 1
                while results[running.generation] == nil { condition.wait() }
                let result = results[running.generation]!.result
                results[running.generation]!.untaken -= 1
                if results[running.generation]!.untaken == 0 { results[running.generation] = nil }
                condition.unlock()
                return try result.get()
            }
            condition.wait()
        }
        generations += 1
        let generation = generations
        current = (key, generation, 0)
        folds += 1
        condition.unlock()

        let result = Result { try fold() }

        condition.lock()
        if let waiting = current?.waiting, waiting > 0 { results[generation] = (result, waiting) }
        current = nil
        condition.broadcast()
        condition.unlock()
        return try result.get()
    }
}
