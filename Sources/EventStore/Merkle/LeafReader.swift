#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the log's committed records from a position on and hands out their Merkle leaf hashes,
/// checking every record's CRC and chain link on the way (a tree is only ever built from records
/// that verify). Like a reader of the log it takes no lock and ignores a torn tail.
struct LeafReader {
    let directory: String
    private let codec = RecordCodec()
    private let hashing = MerkleHashing()

    init(directory: String) { self.directory = directory }

    /// Where a scan ended: just past the last delivered record, with the chain state there, so the
    /// next scan in the same process starts there without the stream index (which a writer in this
    /// process may not have flushed yet).
    struct Resume {
        var segment: UInt32
        var offset: UInt64
        var cursor: SegmentScanner.Cursor
    }

    /// Where the last `leaves` call stopped, when it read to the end of the committed records.
    private(set) var resume: Resume?

    /// Calls `body` with the position and leaf hash of every committed record from the start of the
    /// command group holding `first` on; `body` returns false to stop.
    /// - Returns: the last position delivered (or `first - 1` when none was).
    /// - Throws: `EventStoreError.integrity` for damage before the committed end.
    mutating func leaves(from first: UInt64, resumingAt resumePoint: Resume? = nil,
                         _ body: (UInt64, Digest) throws -> Bool) throws -> UInt64 {
        let segments = try PosixFile.listDirectory(directory).compactMap(SegmentFormat.segmentNumber(fileName:)).sorted()
        guard !segments.isEmpty else { return 0 }
        var (segment, offset, cursor) = try start(at: first, segments: segments)
        if let resumePoint, resumePoint.cursor.position + 1 == first, segments.contains(resumePoint.segment) {
            (segment, offset, cursor) = (resumePoint.segment, resumePoint.offset, resumePoint.cursor)
        }
        var end = Resume(segment: segment, offset: offset, cursor: cursor)
        let scanner = SegmentScanner(codec: codec)
        var stopped = false
        for s in segments where s >= segment && !stopped {
            let f = try PosixFile(path: directory + "/" + SegmentFormat.fileName(segment: s), flags: O_RDONLY)
            var bytes = try f.read(count: Int(try f.size() - offset), at: offset)
            var base = offset
            if offset == 0 {
                guard case .success(let header) = SegmentHeader.decode(bytes), header.segment == s,
                      header.firstPosition == cursor.position + 1, header.previousHash == cursor.hash else {
                    // An incomplete header on the last segment is a torn roll-over: nothing committed there.
                    if s == segments.last && (bytes.count < SegmentFormat.headerSize || bytes.allSatisfy { $0 == 0 }) { break }
                    throw EventStoreError.integrity(position: cursor.position + 1, segment: SegmentFormat.fileName(segment: s),
                                                    offset: 0, reason: "bad segment header")
                }
                bytes.removeFirst(SegmentFormat.headerSize)
                base = UInt64(SegmentFormat.headerSize)
            }
            let (scanned, stop) = try bytes.withUnsafeBytes { raw in
                try scanner.scan(raw, from: 0, base: base, cursor: &cursor) { record in
                    // The leaf: the length prefix and the body, everything before the stored chain hash.
                    let from = Int(record.offset - base)
                    let leaf = hashing.leafHash(UnsafeRawBufferPointer(rebasing: raw[from..<(from + record.length - SegmentFormat.trailerSize)]))
                    if record.envelope.position >= first {
                        guard try body(record.envelope.position, leaf) else { stopped = true; return false }
                    }
                    return true
                }
            }
            if let stop, !stopped, !(s == segments.last && stop.looksTorn) {
                throw EventStoreError.integrity(position: stop.position, segment: SegmentFormat.fileName(segment: s),
                                                offset: UInt64(stop.badOffset), reason: stop.reason)
            }
            end = Resume(segment: s, offset: base + UInt64(scanned), cursor: cursor)
            offset = 0
        }
        resume = stopped ? nil : end
        return cursor.position
    }

    /// Calls `body` with the leaf hash of every record at positions `1...last`, following only the
    /// length prefixes: for records a verifier has just checked (`registry verify`), where checking
    /// CRCs and the chain again would double its time.
    /// - Returns: how many leaves were delivered (fewer than `last` when the segments end first).
    func leavesOfVerifiedRecords(through last: UInt64, _ body: (Digest) -> Void) throws -> UInt64 {
        let segments = try PosixFile.listDirectory(directory).compactMap(SegmentFormat.segmentNumber(fileName:)).sorted()
        var delivered: UInt64 = 0
        for s in segments where delivered < last {
            let f = try PosixFile(path: directory + "/" + SegmentFormat.fileName(segment: s), flags: O_RDONLY)
            let bytes = try f.read(count: Int(try f.size()), at: 0)
            bytes.withUnsafeBytes { raw in
                var offset = SegmentFormat.headerSize
                while delivered < last && offset + SegmentFormat.lengthSize <= raw.count {
                    let length = Int(raw.loadLE(UInt32.self, at: offset))
                    let end = offset + SegmentFormat.lengthSize + length
                    guard end + SegmentFormat.trailerSize <= raw.count else { break }
                    body(hashing.leafHash(UnsafeRawBufferPointer(rebasing: raw[offset..<end])))
                    delivered += 1
                    offset = end + SegmentFormat.trailerSize
                }
            }
        }
        return delivered
    }

    /// Where to start scanning for `first`: at its group's first record, found through the stream
    /// index when it has the entries, else at the start of the segment that holds `first`.
    private func start(at first: UInt64, segments: [UInt32]) throws
        -> (segment: UInt32, offset: UInt64, cursor: SegmentScanner.Cursor) {
        let origin = (segments[0], UInt64(0), SegmentScanner.Cursor(position: 0, hash: .zero, recordedAt: 0))
        guard first > 1 else { return origin }
        if PosixFile.exists(directory + "/" + StreamIndex.fileName),
           let index = try? StreamIndex(directory: directory, readOnly: true),
           var entry = try? index.entry(at: first) {
            let f = try PosixFile(path: directory + "/" + SegmentFormat.fileName(segment: entry.segment), flags: O_RDONLY)
            let bytes = try f.read(count: entry.length, at: entry.offset)
            if case .success(let r) = bytes.withUnsafeBytes({ codec.decode($0, at: 0, segmentOffset: entry.offset, previousHash: nil) }),
               r.groupIndex > 0, let groupStart = try? index.entry(at: first - UInt64(r.groupIndex)) {
                entry = groupStart
            }
            if entry.position == 1 { return origin }
            if let before = try? index.entry(at: entry.position - 1) {
                let cursor = SegmentScanner.Cursor(position: before.position, hash: before.hash, recordedAt: before.recordedAt)
                return (entry.segment, entry.segment == before.segment ? entry.offset : 0, cursor)
            }
        }
        // Each segment starts with a whole group, and its header carries the chain state before it.
        var best = origin
        for s in segments {
            let f = try PosixFile(path: directory + "/" + SegmentFormat.fileName(segment: s), flags: O_RDONLY)
            guard case .success(let header) = SegmentHeader.decode(try f.read(count: SegmentFormat.headerSize, at: 0)),
                  header.firstPosition <= first else { break }
            best = (s, 0, SegmentScanner.Cursor(position: header.firstPosition - 1, hash: header.previousHash, recordedAt: 0))
        }
        return best
    }
}
