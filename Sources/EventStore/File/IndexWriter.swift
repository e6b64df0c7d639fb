import Dispatch

/// Writes the writer's pending index entries to `index.sqlite` on a thread of its own, with its own
/// connection, while appends go on: one batch in flight at a time. The appending thread keeps the
/// batch visible (`FileEventLog`'s `inFlight`) until it knows the batch is committed.
///
/// Only this connection writes the index once the log is open (recovery, before it exists, uses the
/// log's own); the log's connection only reads, which WAL allows alongside.
final class IndexWriter: @unchecked Sendable {
    private let index: StreamIndex
    private let queue = DispatchQueue(label: "eventstore.index-writer")
    private let inFlight = DispatchGroup()
    // Written on `queue`, read after `queue.sync`: the queue orders the two.
    private var failure: EventStoreError?
    // Written and read on `loadedQueue`, which is never busy for long (`queue` may be).
    private var loaded: Set<Int>?
    private let loadedQueue = DispatchQueue(label: "eventstore.index-writer.loaded")

    init(directory: String) throws(EventStoreError) {
        index = try StreamIndex(directory: directory, readOnly: false)
    }

    /// Starts writing `entries` (positions contiguous, after everything written before) with `head`.
    func submit(_ entries: [IndexEntry], head: IndexHead) {
        queue.async(group: inFlight) { [self] in
            guard failure == nil else { return }
            do throws(EventStoreError) { try index.add(entries, head: head) } catch { failure = error }
        }
    }

    /// Starts reading the hash of every command ID in the index; `takeCommandHashes` hands them over.
    func loadCommandHashes() {
        queue.async { [self] in
            let hashes = try? index.commandHashes()
            loadedQueue.sync { loaded = hashes }
        }
    }

    /// The hashes `loadCommandHashes` read, once it has: each call after that returns nil.
    func takeCommandHashes() -> Set<Int>? {
        loadedQueue.sync {
            defer { loaded = nil }
            return loaded
        }
    }

    /// Whether everything submitted has been written (or has failed), without waiting.
    var isIdle: Bool { inFlight.wait(timeout: .now()) == .success }

    /// Waits until everything submitted is committed.
    /// - Throws: the first failure of a submitted batch (the records are durable in the segments
    ///   either way; the next open indexes what the index lacks).
    func wait() throws(EventStoreError) {
        let failure = queue.sync { self.failure }
        if let failure { throw failure }
    }

    /// Writes `entries` now, on the writer's connection, after whatever is in flight.
    func write(_ entries: [IndexEntry], head: IndexHead) throws(EventStoreError) {
        try wait()
        let result: Result<Void, EventStoreError> = queue.sync {
            do throws(EventStoreError) { try index.add(entries, head: head); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }
}
