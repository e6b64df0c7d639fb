import Dispatch
import Foundation
import RegistryDomain

/// Hands batches of decoded events to a consumer (a read model, or a `ReadModelBuilder`), either on
/// the calling thread or on one serial background queue with up to `batchesInFlight` batches waiting,
/// so that decoding the next batches overlaps with consuming this one. The consumer must not be
/// touched by anyone else until `finish` or `drain`.
final class BatchApplier: @unchecked Sendable {
    typealias Batch = [(position: UInt64, event: RegistryEvent)]
    private let consume: (Batch) throws -> Void
    private let queue: DispatchQueue?
    /// How many batches may wait for the consumer. Decoding and consuming each have stretches of the
    /// log where they are the slower one (in the 1M bench log, decoding in its first years and
    /// folding stipends in its later ones): with two batches in flight, each waited for the other in
    /// turn and a rebuild kept 1.55–1.65 cores busy while folding. Thirty-two let the decoding run up
    /// to 131,072 events ahead, and the fold keeps both cores busy most of the time, for about 21 MB
    /// of decoded events held (BENCHMARKS.md, issue 17, eleventh round).
    static let batchesInFlight = 32
    private let slots = DispatchSemaphore(value: BatchApplier.batchesInFlight)
    private let lock = NSLock()
    private var failure: Error?

    init(concurrent: Bool, _ consume: @escaping (Batch) throws -> Void) {
        self.consume = consume
        queue = concurrent ? DispatchQueue(label: "registry.project") : nil
    }

    private var firstFailure: Error? { lock.withLock { failure } }

    /// Consumes (or queues) a batch; rethrows an earlier batch's failure.
    func apply(_ batch: Batch) throws {
        guard let queue else { return try consume(batch) }
        slots.wait()
        if let failure = firstFailure { slots.signal(); throw failure }
        queue.async { [self] in
            defer { slots.signal() }
            guard firstFailure == nil else { return }
            do { try consume(batch) } catch { lock.withLock { if failure == nil { failure = error } } }
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
