/// What a full verification found.
public struct VerificationReport: Equatable, Sendable {
    /// Events in the log.
    public var eventCount: UInt64
    /// The last committed record: position and chain hash.
    public var head: LogHead
    /// Segment files walked.
    public var segmentCount: Int
    /// Bytes walked.
    public var byteCount: UInt64
    /// Streams seen.
    public var streamCount: Int
    /// A torn tail past the committed end (left by a crash; the next writer cuts it), if any.
    public var tornTail: RecoveryReport?
    /// The chain hash at `expectedHeadPosition`, when one was asked for.
    public var hashAtExpectedPosition: Digest?
}

/// Walks a whole log and checks every record: framing, CRC32C, chain hash, position continuity,
/// record groups, stream versions and the order of recorded-at times. Takes no lock and writes nothing.
public enum LogVerifier {
    /// Verifies the log in `directory`.
    /// - Parameters:
    ///   - directory: the log directory.
    ///   - hashAt: a position whose chain hash to report (for checking an inspector's earlier head).
    ///   - progress: called now and then with (bytes done, bytes in all).
    /// - Returns: the report.
    /// - Throws: `EventStoreError.integrity` naming the first bad position and its segment; `.notALog`, `.io`.
    public static func verify(directory: String, hashAt: UInt64? = nil,
                              progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        guard PosixFile.exists(directory) else { throw EventStoreError.notALog(path: directory) }
        let names = try PosixFile.listDirectory(directory)
        let numbers = names.compactMap(SegmentFormat.segmentNumber(fileName:)).sorted()
        for (i, n) in numbers.enumerated() where n != UInt32(i + 1) {
            throw EventStoreError.integrity(position: 0, segment: SegmentFormat.fileName(segment: UInt32(i + 1)), offset: 0,
                                            reason: "segment file is missing")
        }
        // The index, when present and consistent, says how far the log was committed: damage before that
        // point is never mistaken for a torn tail.
        var committed: IndexHead?
        if names.contains(StreamIndex.fileName), let index = try? StreamIndex(directory: directory, readOnly: true) {
            committed = try? index.head()
        }
        var files: [PosixFile] = []
        var total: UInt64 = 0
        for n in numbers {
            let f = try PosixFile(path: directory + "/" + SegmentFormat.fileName(segment: n), flags: 0)
            files.append(f)
            total += try f.size()
        }
        let codec = RecordCodec()
        let scanner = SegmentScanner(codec: codec)
        var cursor = SegmentScanner.Cursor(position: 0, hash: .zero, recordedAt: 0)
        // Keyed by the stream ID's bytes (FORMAT.md 3.1): canonically equivalent IDs are two streams.
        var versions: [HashedKey: UInt64] = [:]
        var done: UInt64 = 0
        var report = VerificationReport(eventCount: 0, head: .empty, segmentCount: numbers.count, byteCount: 0,
                                        streamCount: 0, tornTail: nil, hashAtExpectedPosition: hashAt == 0 ? Digest.zero : nil)
        var versionProblem: (UInt64, UInt64, String)?
        // The index records the chain hash of the last record it saw; a log that no longer carries that
        // hash there was rewritten after the index was written (a forger who kept the index).
        var indexMismatch: (position: UInt64, offset: UInt64)?
        for (i, f) in files.enumerated() {
            let segment = numbers[i]
            let name = SegmentFormat.fileName(segment: segment)
            let isLast = i == files.count - 1
            let size = try f.size()
            let bytes = try f.read(count: Int(size), at: 0)
            switch SegmentHeader.decode(bytes) {
            case .success(let header):
                guard header.segment == segment, header.firstPosition == cursor.position + 1, header.previousHash == cursor.hash else {
                    throw EventStoreError.integrity(position: cursor.position + 1, segment: name, offset: 0,
                                                    reason: "segment header does not continue the chain")
                }
            case .failure(let problem):
                if isLast && (bytes.count < SegmentFormat.headerSize || bytes.allSatisfy { $0 == 0 }) {
                    report.tornTail = RecoveryReport(segment: name, offset: 0, bytesRemoved: size, reason: "segment header incomplete")
                    continue
                }
                throw EventStoreError.integrity(position: cursor.position + 1, segment: name, offset: 0,
                                                reason: "bad segment header (\(problem))")
            }
            var lastProgress = done
            let (_, stop) = bytes.withUnsafeBytes { raw in
                scanner.scan(UnsafeRawBufferPointer(rebasing: raw[SegmentFormat.headerSize...]), from: 0,
                             base: UInt64(SegmentFormat.headerSize), cursor: &cursor) { record in
                    let e = record.envelope
                    let stream = HashedKey(e.streamID)
                    let expected = (versions[stream] ?? 0) + 1
                    if e.streamVersion != expected && versionProblem == nil {
                        versionProblem = (e.position, record.offset,
                                          "stream '\(e.streamID)' jumps to version \(e.streamVersion) where \(expected) was expected")
                    }
                    versions[stream] = e.streamVersion
                    if e.position == hashAt { report.hashAtExpectedPosition = record.hash }
                    if let c = committed, e.position == c.position, record.hash != c.hash, indexMismatch == nil {
                        indexMismatch = (e.position, record.offset)
                    }
                    if let progress, done + record.offset + UInt64(record.length) - lastProgress > 16 << 20 {
                        lastProgress = done + record.offset
                        progress(lastProgress, total)
                    }
                    return versionProblem == nil
                }
            }
            if let (position, offset, reason) = versionProblem {
                throw EventStoreError.integrity(position: position, segment: name, offset: offset, reason: reason)
            }
            if let mismatch = indexMismatch {
                throw EventStoreError.integrity(position: mismatch.position, segment: name, offset: mismatch.offset,
                                                reason: "the chain hash differs from the one the stream index recorded; the log was rewritten")
            }
            if let stop {
                let beforeCommittedEnd = committed.map { c in
                    segment < c.segment || (segment == c.segment && UInt64(stop.badOffset) < c.endOffset)
                } ?? false
                guard isLast && stop.looksTorn && !beforeCommittedEnd else {
                    throw EventStoreError.integrity(position: stop.position, segment: name, offset: UInt64(stop.badOffset),
                                                    reason: stop.reason)
                }
                report.tornTail = RecoveryReport(segment: name, offset: UInt64(stop.committedEnd),
                                                 bytesRemoved: size - UInt64(stop.committedEnd), reason: stop.reason)
            }
            done += size
            progress?(done, total)
        }
        if let c = committed, c.position > cursor.position {
            throw EventStoreError.integrity(position: cursor.position + 1, segment: SegmentFormat.fileName(segment: c.segment),
                                            offset: c.endOffset, reason: "the log ends at position \(cursor.position) but \(c.position) were committed")
        }
        report.eventCount = cursor.position
        report.head = LogHead(position: cursor.position, hash: cursor.hash, recordedAt: cursor.recordedAt)
        report.byteCount = total
        report.streamCount = versions.count
        return report
    }
}
