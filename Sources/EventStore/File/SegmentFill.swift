import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A segment read into memory front to back by one thread while `ChainAhead` already hashes the part
/// that has arrived; the same memory is read into again for the next segment.
///
/// A verification used to read each segment whole before its chain could start (the first one
/// while nothing else ran; the others ahead, while the chain of the one before was hashed). Reading
/// ahead needs a second 64 MB buffer, and memory the process has not touched yet costs about as much
/// in page faults as the copy from the page cache (a 64 MB read into fresh memory: 40 ms; into memory
/// read into before: 15 ms). Filled through this, a segment's chain starts on its first megabyte and
/// the read goes on beside it, faster than the chain hashes, so one buffer is enough and nothing
/// waits for a whole segment to arrive.
///
/// One thread fills (`restart(size:)`, `fill(from:through:)`, `fillRest(from:)`); a `ChainAhead`
/// reads what `wait(for:)` says has arrived and nothing beyond. The memory is written only past the
/// published count and read only below it, and the count is published under a lock, so the two never
/// touch the same byte without an ordering between them.
final class SegmentFill: @unchecked Sendable {
    /// Room for the segment; bytes past `next` are not yet read (or are left from an earlier segment).
    private var memory: UnsafeMutableRawBufferPointer
    /// The size of the segment being read.
    private var size = 0
    /// Bytes read so far, and whether reading is over (all read, the file ended early, a read failed,
    /// or the filling thread stopped).
    private let state = Mutex((filled: 0, ended: true))
    /// Signalled when bytes arrive and when reading ends. A signal nobody waited for (from an earlier
    /// segment) only costs a waiter one more look at `state`.
    private let arrived = DispatchSemaphore(value: 0)
    /// Bytes read of this segment. Touched only by the filling thread.
    private var next = 0

    /// Bytes read per step: about a millisecond of hashing, so the chain waits at most once, at the start.
    static let step = 1 << 20

    /// Room for segments of up to `capacity` bytes (a larger one makes more room).
    init(capacity: Int) {
        memory = Self.room(max(capacity, 1))
    }

    deinit { memory.deallocate() }

    /// Room for at least `size` bytes. A segment's room is tens of megabytes, new to the process, so
    /// each 4 KiB page of it costs the kernel a fault when first written: 16,000 faults for 64 MB,
    /// about as much time as verifying a tenth of the bytes (BENCHMARKS.md, tenth round). Aligned to
    /// 2 MiB and marked for transparent huge pages, it takes one fault per 2 MiB where the kernel
    /// allows them (and the same 4 KiB faults as before where it does not). It is rounded up to whole
    /// 2 MiB, all of it usable: segments differ by a few kilobytes (the record that crosses the size
    /// limit), and a room made to one's exact size was made again, and zeroed again, for a slightly
    /// longer one.
    private static func room(_ size: Int) -> UnsafeMutableRawBufferPointer {
        let huge = 2 << 20
        guard size >= huge else { return UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16) }
        let rounded = (size + huge - 1) / huge * huge
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: rounded, alignment: huge)
        _ = madvise(memory.baseAddress, rounded, MADV_HUGEPAGE)
        return memory
    }

    /// Starts reading a new segment of `size` bytes, forgetting the last one. Call it only while no
    /// `ChainAhead` reads these bytes (after the last one's `stop()`).
    func restart(size: Int) {
        if size > memory.count {
            memory.deallocate()
            memory = Self.room(size)
        }
        self.size = size
        next = 0
        state.withLock { $0 = (0, false) }
    }

    /// Reads on until at least `end` bytes (or the whole segment, if shorter) have arrived.
    /// - Throws: the read's `EventStoreError.io`; reading is then over, with what had arrived.
    func fill(from file: PosixFile, through end: Int) throws(EventStoreError) {
        while next < min(end, size) {
            let want = min(Self.step, size - next)
            let (done, problem) = file.readFully(into: memory.baseAddress! + next, count: want, at: UInt64(next))
            next += done
            let ended = problem != nil || done < want || next == size
            state.withLock { $0 = (next, ended) }
            arrived.signal()
            if let problem { throw problem }
            if ended { return }
        }
    }

    /// Reads the rest of the segment.
    /// - Throws: the read's `EventStoreError.io`.
    func fillRest(from file: PosixFile) throws(EventStoreError) {
        try fill(from: file, through: size)
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

    /// The segment's room, of which the first `wait(for:)` bytes may be read.
    var whole: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: memory[0..<size]) }

    /// The bytes read (the filling thread's view; the whole segment once `fillRest` has returned).
    var bytesRead: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: memory[0..<next]) }
}
