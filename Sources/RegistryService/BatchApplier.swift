import Dispatch
import Foundation
import ReadModel
import RegistryDomain

/// Applies batches of events to a read model, either on the calling thread or on one serial
/// background queue with at most two batches in flight, so that decoding the next batch overlaps
/// with writing this one. The store must not be touched by anyone else until `finish` or `drain`.
final class BatchApplier: @unchecked Sendable {
    private let store: ReadModelStore
    private let queue: DispatchQueue?
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var failure: Error?

    init(_ store: ReadModelStore, concurrent: Bool) {
        self.store = store
        queue = concurrent ? DispatchQueue(label: "registry.project") : nil
    }

    private var firstFailure: Error? { lock.withLock { failure } }

    /// Applies (or queues) a batch; rethrows an earlier batch's failure.
    func apply(_ batch: [(position: UInt64, event: RegistryEvent)]) throws {
        guard let queue else { return try store.apply(batch) }
        slots.wait()
        if let failure = firstFailure { slots.signal(); throw failure }
        queue.async { [self] in
            defer { slots.signal() }
            guard firstFailure == nil else { return }
            do { try store.apply(batch) } catch { lock.withLock { if failure == nil { failure = error } } }
        }
    }

    /// Waits for every queued batch and rethrows the first failure.
    func finish() throws {
        drain()
        if let failure = firstFailure { throw failure }
    }

    /// Waits for every queued batch.
    func drain() {
        queue?.sync {}
    }
}
