import Dispatch
import Synchronization

/// A segment read into memory front to back by one thread while another already works on the part
/// that has arrived.
///
/// A verification reads each segment while the chain of the one before it is hashed; the first
/// segment has nothing before it, and reading its 64 MB whole (a page fault per 4 KB of fresh memory
/// and the copy from the page cache) came before any hashing: a tenth of a 1M-event verify. Filled
/// through this, its chain starts on the first megabyte and the read goes on beside it.
///
/// One thread fills (`fill(from:through:)`, then `fillRest(from:)`); `ChainAhead` reads what
/// `wait(for:)` says has arrived and nothing beyond. The memory is written only past the published
/// count and read only below it, and the count is published under a lock, so the two never touch the
/// same byte without an ordering between them.
final class SegmentFill: @unchecked Sendable {
    /// Room for the whole segment; bytes past `filled` are not yet read.
    private let memory: UnsafeMutableRawBufferPointer
    /// The segment's size.
    private let capacity: Int
    /// Bytes read so far, and whether reading is over (all read, the file ended early, or a read failed).
    private let state = Mutex((filled: 0, ended: false))
    /// Signalled when bytes arrive and when reading ends.
    private let arrived = DispatchSemaphore(value: 0)
    /// Touched only by the filling thread.
    private var next = 0

    /// Bytes read per step: about a millisecond of hashing, so the chain waits at most once, at the start.
    static let step = 1 << 20

    /// Room for a segment of `capacity` bytes.
    init(capacity: Int) {
        self.capacity = capacity
        memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 16)
    }

    deinit { memory.deallocate() }

    /// Reads on until at least `end` bytes (or the whole file, if shorter) have arrived.
    /// - Throws: the read's `EventStoreError.io`; reading is then over, with what had arrived.
    func fill(from file: PosixFile, through end: Int) throws(EventStoreError) {
        while next < min(end, capacity) {
            let want = min(Self.step, capacity - next)
            let (done, problem) = file.readFully(into: memory.baseAddress! + next, count: want, at: UInt64(next))
            next += done
            let ended = problem != nil || done < want || next == capacity
            state.withLock { $0 = (next, ended) }
            arrived.signal()
            if let problem { throw problem }
            if ended { return }
        }
    }

    /// Reads the rest of the segment.
    func fillRest(from file: PosixFile) throws(EventStoreError) {
        try fill(from: file, through: capacity)
        end()  // an empty segment reads nothing; reading is over all the same
    }

    /// Says that nothing more will arrive (the filling thread stopped early, or is done).
    func end() {
        state.withLock { $0.ended = true }
        arrived.signal()
    }

    /// Waits until at least `end` bytes have arrived or reading is over; returns how many have arrived.
    func wait(for end: Int) -> Int {
        while true {
            let (filled, ended) = state.withLock { ($0.filled, $0.ended) }
            if filled >= end || ended { return filled }
            arrived.wait()
        }
    }

    /// The memory, of which the first `wait(for:)` bytes may be read.
    var whole: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: memory[0..<capacity]) }

    /// The bytes read, once reading is over (the filling thread's view).
    var bytesRead: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: memory[0..<next]) }
}
