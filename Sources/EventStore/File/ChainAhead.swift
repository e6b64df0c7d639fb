import Dispatch
import Synchronization

/// Checks the chain links of one segment's records on a thread of its own, ahead of the
/// `SegmentScanner` that walks the same bytes, so that the scanner's thread need not compute SHA-256.
///
/// Each record's link depends only on stored bytes (the previous record's stored hash and this
/// record's length and body), so the links can be checked apart from everything else a reader
/// checks. This thread frames records by their length prefixes only and stops at the first record
/// it cannot frame or whose link fails; from there on the scanner checks the chain itself, so every
/// problem is still found, and reported, by the scanner in log order, exactly as without this.
final class ChainAhead: @unchecked Sendable {
    private struct Progress {
        /// Every record starting before this offset (scanner coordinates) has a good link.
        var end = 0
        /// The walk is over: `end` will not grow.
        var finished = false
        var cancelled = false
    }

    /// The bytes walked: an array read whole, or a segment still arriving.
    private enum Source {
        case array([UInt8])
        case arriving(SegmentFill)
    }

    /// Emptied by `stop()`, once the walk has returned, so the caller's bytes are its own again
    /// (a verifier reads the next segment into the same memory) whenever the dispatch queue lets go of `self`.
    private var source: Source
    private let origin: Int
    private let previousHash: Digest
    private let progress = Mutex(Progress())
    private let published = DispatchSemaphore(value: 0)
    /// Left when the walking thread has returned: nothing of it runs after `stop()`.
    private let ended = DispatchGroup()
    /// The scanner's copy of `progress.end`, so most records cost no lock. Touched only by the scanner's thread.
    private var known = 0

    /// Records between hand-overs: a few hundred microseconds of hashing.
    private static let chunk = 512
    /// Below this many bytes (a few thousand records) a reader checks the chain itself.
    static let worthwhileBytes = 1 << 20

    /// Starts checking `bytes` from `origin`, where a record chaining from `previousHash` starts.
    /// The scanner's offset 0 is `bytes[origin]`.
    convenience init(bytes: [UInt8], origin: Int, previousHash: Digest) {
        self.init(.array(bytes), origin: origin, previousHash: previousHash)
    }

    /// Starts checking a segment while it is still being read into `fill`, from `origin`, as above;
    /// the walk waits for bytes that have not arrived, and ends where reading ended.
    convenience init(arriving fill: SegmentFill, origin: Int, previousHash: Digest) {
        self.init(.arriving(fill), origin: origin, previousHash: previousHash)
    }

    private init(_ source: Source, origin: Int, previousHash: Digest) {
        self.source = source
        self.origin = origin
        self.previousHash = previousHash
        ended.enter()
        DispatchQueue.global().async { [self] in
            run()
            ended.leave()
        }
    }

    /// Whether the record at `offset` (scanner coordinates) is known to have a good chain link;
    /// waits until the walk has passed it or stopped.
    func covers(_ offset: Int) -> Bool {
        if offset < known { return true }
        while true {
            let (end, finished) = progress.withLock { ($0.end, $0.finished) }
            known = end
            if offset < end { return true }
            if finished { return false }
            published.wait()
        }
    }

    /// Ends the walk, early if the scanner stopped before the end of the bytes, and waits for its
    /// thread to return (at most one chunk of hashing). A reader calls it before it returns: a walk
    /// left running past `exit` hashes while libcrypto's exit handler frees its locks, and the
    /// process dies of SIGSEGV after its answer was printed (a verify of a header-only log did).
    func stop() {
        progress.withLock { $0.cancelled = true }
        // The filling thread is the one stopping: nothing more arrives, and the walk must not wait for it.
        if case .arriving(let fill) = source { fill.end() }
        ended.wait()
        source = .array([])
    }

    private func run() {
        switch source {
        case .array(let bytes): bytes.withUnsafeBytes { link($0, arriving: nil) }
        case .arriving(let fill): link(fill.whole, arriving: fill)
        }
    }

    /// Checks the links of the records in `raw`; with `arriving`, only of bytes it says have arrived.
    private func link(_ raw: UnsafeRawBufferPointer, arriving: SegmentFill?) {
        let hasher = SHA256Hasher()
        var previous = previousHash
        var offset = origin
        var sinceHandOver = 0
        // Bytes known to be there to read. (Asked through a nested function, which captured it, this
        // cost three dynamic exclusivity checks per record on the thread that sets a verify's pace.)
        var arrived = arriving == nil ? raw.count : 0
        while true {
            if offset + SegmentFormat.lengthSize > arrived {
                guard let arriving else { break }
                arrived = arriving.wait(for: offset + SegmentFormat.lengthSize)
                guard offset + SegmentFormat.lengthSize <= arrived else { break }
            }
            let length = Int(raw.loadLE(UInt32.self, at: offset))
            guard length >= SegmentFormat.fixedBodySize + 12, length <= SegmentFormat.maxBodySize else { break }
            let hashed = SegmentFormat.lengthSize + length
            if offset + hashed + SegmentFormat.trailerSize > arrived {
                guard let arriving else { break }
                arrived = arriving.wait(for: offset + hashed + SegmentFormat.trailerSize)
                guard offset + hashed + SegmentFormat.trailerSize <= arrived else { break }
            }
            let stored = Digest(loading: raw, at: offset + hashed)
            let computed = withUnsafeBytes(of: previous.bytes) { p in
                hasher.digest(p, UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + hashed)]))
            }
            guard computed == stored else { break }
            previous = stored
            offset += hashed + SegmentFormat.trailerSize
            sinceHandOver += 1
            if sinceHandOver == Self.chunk {
                sinceHandOver = 0
                let end = offset - origin
                if progress.withLock({ $0.end = end; return $0.cancelled }) { break }
                published.signal()
            }
        }
        let end = offset - origin
        progress.withLock { $0.end = end; $0.finished = true }
        published.signal()
    }
}

extension Digest {
    /// The 32 bytes at `offset` of `raw`, loaded as four words (no byte-by-byte copy).
    @inline(__always)
    init(loading raw: UnsafeRawBufferPointer, at offset: Int) {
        precondition(offset >= 0 && offset + 32 <= raw.count)
        self.init(bytes: (raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                          raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self),
                          raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self),
                          raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
    }
}
