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
    /// The position whose chain hash is the `find` hash, when one was asked for and found (0 for
    /// the genesis hash).
    public var positionOfFoundHash: UInt64?

    /// A report from another store's verification (PostgreSQL: no segments, `byteCount` the records' framed size).
    public init(eventCount: UInt64, head: LogHead, segmentCount: Int, byteCount: UInt64, streamCount: Int,
                tornTail: RecoveryReport? = nil, hashAtExpectedPosition: Digest? = nil, positionOfFoundHash: UInt64? = nil) {
        self.eventCount = eventCount
        self.head = head
        self.segmentCount = segmentCount
        self.byteCount = byteCount
        self.streamCount = streamCount
        self.tornTail = tornTail
        self.hashAtExpectedPosition = hashAtExpectedPosition
        self.positionOfFoundHash = positionOfFoundHash
    }
}

/// Walks a whole log and checks every record: framing, CRC32C, chain hash, position continuity,
/// record groups, stream versions and the order of recorded-at times. Takes no lock and writes nothing.
public enum LogVerifier {
    /// Verifies the log in `directory`.
    /// - Parameters:
    ///   - directory: the log directory.
    ///   - hashAt: a position whose chain hash to report (for checking an inspector's earlier head).
    ///   - find: a chain hash to look for along the log (an earlier head whose position was not written down).
    ///   - progress: called now and then with (bytes done, bytes in all).
    /// - Returns: the report.
    /// - Throws: `EventStoreError.integrity` naming the first bad position and its segment; `.notALog`, `.io`.
    public static func verify(directory: String, hashAt: UInt64? = nil, find: Digest? = nil,
                              progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        guard PosixFile.exists(directory) else { throw EventStoreError.notALog(path: directory) }
        let names = try PosixFile.listDirectory(directory)
        let numbers = names.compactMap(SegmentFormat.segmentNumber(fileName:)).sorted()
        if numbers.first == 0 { throw SegmentFormat.segmentZero }
        for (i, n) in numbers.enumerated() where n != UInt32(i + 1) {
            throw EventStoreError.integrity(position: 0, segment: SegmentFormat.fileName(segment: UInt32(i + 1)), offset: 0,
                                            reason: "segment file is missing")
        }
        // The index, when present and sound, says how far the log was committed: damage before that
        // point is never mistaken for a torn tail. It is evidence only when it passes SQLite's
        // `PRAGMA quick_check` in full; that check is run only where the committed end decides
        // something (damage, a log shorter than the index says, a chain hash other than the index's).
        // On a sound log nothing asks: the check (0.4 s of CPU on a 1M-event index) used to run on a
        // third thread beside the walk and the chain, on two cores.
        let indexFloor: IndexHead? = names.contains(StreamIndex.fileName)
            ? (try? StreamIndex(directory: directory, readOnly: true)).flatMap { (try? $0.committedFloor()) ?? nil } : nil
        var committedKnown = false
        var committedValue: IndexHead?
        var committed: IndexHead? {
            if !committedKnown {
                let sound = indexFloor != nil && (try? StreamIndex(directory: directory, readOnly: true).quickCheck()) == true
                committedValue = sound ? indexFloor : nil
                committedKnown = true
            }
            return committedValue
        }
        var files: [PosixFile] = []
        var total: UInt64 = 0
        var largest = 0
        for n in numbers {
            let f = try PosixFile(path: directory + "/" + SegmentFormat.fileName(segment: n), flags: 0)
            files.append(f)
            let size = try f.size()
            total += size
            largest = max(largest, Int(size))
        }
        let codec = RecordCodec()
        let scanner = SegmentScanner(codec: codec)
        var fastPass = VerifierFastPass()
        var cursor = SegmentScanner.Cursor(position: 0, hash: .zero, recordedAt: 0)
        // Keyed by the stream ID's bytes: canonically equivalent spellings are different streams.
        var versions = StreamVersionTable()
        var done: UInt64 = 0
        var report = VerificationReport(eventCount: 0, head: .empty, segmentCount: numbers.count, byteCount: 0,
                                        streamCount: 0, tornTail: nil, hashAtExpectedPosition: hashAt == 0 ? Digest.zero : nil,
                                        positionOfFoundHash: find == Digest.zero ? 0 : nil)
        // Each segment is read into the same memory, and its chain hashed as it arrives: reading it
        // whole first, or reading the next one ahead into a second buffer (whose fresh pages cost as
        // much as the copy), kept this thread busier than the chain's.
        let fill = SegmentFill(capacity: largest)
        for (i, f) in files.enumerated() {
            let segment = numbers[i]
            let name = SegmentFormat.fileName(segment: segment)
            let isLast = i == files.count - 1
            let size = try f.size()
            fill.restart(size: Int(size))
            try fill.fill(from: f, through: SegmentFormat.headerSize)
            switch SegmentHeader.decode(Array(fill.bytesRead.prefix(SegmentFormat.headerSize))) {
            case .success(let header):
                guard header.segment == segment, header.firstPosition == cursor.position + 1, header.previousHash == cursor.hash else {
                    try fill.fillRest(from: f)  // a failed read is reported first, as when segments were read whole
                    throw EventStoreError.integrity(position: cursor.position + 1, segment: name, offset: 0,
                                                    reason: "segment header does not continue the chain")
                }
            case .failure(let problem):
                try fill.fillRest(from: f)
                let bytes = fill.bytesRead
                // The floor rule covers a header too: a segment the index shows records in was acknowledged.
                let acknowledged = committed.map { $0.position > cursor.position || $0.segment >= segment } ?? false
                if isLast && !acknowledged && (bytes.count < SegmentFormat.headerSize || bytes.allSatisfy { $0 == 0 }) {
                    report.tornTail = RecoveryReport(segment: name, offset: 0, bytesRemoved: size, reason: "segment header incomplete")
                    continue
                }
                throw EventStoreError.integrity(position: cursor.position + 1, segment: name, offset: 0,
                                                reason: "bad segment header (\(problem))")
            }
            // Everything a delivered record's checks change lives in one struct, touched once per
            // record: each captured variable touched on its own cost a dynamic exclusivity check.
            var delivery = Delivery(versions: versions, done: done, lastProgress: done, progress: progress, total: total,
                                    floor: indexFloor.map { ($0.position, $0.hash) }, hashAt: hashAt, find: find,
                                    hashAtExpected: report.hashAtExpectedPosition, positionOfFound: report.positionOfFoundHash,
                                    header: UInt64(SegmentFormat.headerSize), committedHash: { committed?.hash })
            versions = StreamVersionTable()
            func accept(_ position: UInt64, _ streamID: StreamKey, _ version: UInt64, _ hash: Digest, _ offset: UInt64, _ length: Int) -> Bool {
                delivery.accept(position, streamID, version, hash, offset, length)
            }
            // The chain links are checked on another thread, ahead of this one's other checks: the
            // chain is sequential work, and the rest can hide behind it. The fast pass walks the
            // records while all is well; from the first group it does not pass, the scanner takes
            // over, so a problem is found and worded as it always was.
            let chained = ChainAhead(arriving: fill, origin: SegmentFormat.headerSize, previousHash: cursor.hash)
            defer { chained.stop() }
            try fill.fillRest(from: f)
            let header = UInt64(SegmentFormat.headerSize)
            let records = UnsafeRawBufferPointer(rebasing: fill.bytesRead[SegmentFormat.headerSize...])
            let walked = fastPass.walk(records, chained: chained, cursor: &cursor, into: &delivery)
            var stop: SegmentScanner.Stop?
            if !walked.stopped && walked.end != records.count {
                stop = scanner.scan(records, from: walked.end, base: header, cursor: &cursor, chained: chained, fields: .location) {
                    (record: DecodedRecord) -> Bool in
                    let e = record.envelope
                    return accept(e.position, .string(e.streamID), e.streamVersion, record.hash, record.offset, record.length)
                }.stop
            }
            versions = delivery.versions
            report.hashAtExpectedPosition = delivery.hashAtExpected
            report.positionOfFoundHash = delivery.positionOfFound
            if let (position, offset, reason) = delivery.problem {
                throw EventStoreError.integrity(position: position, segment: name, offset: offset, reason: reason)
            }
            if let stop {
                let beforeCommittedEnd = committed.map { c in
                    stop.position <= c.position || segment < c.segment || (segment == c.segment && UInt64(stop.badOffset) < c.endOffset)
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
        if let f = indexFloor, f.position > cursor.position, let c = committed {
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

/// The verifier's checks on each record the scanner delivers, and what they found.
private struct Delivery: WalkedRecordSink {
    var versions: StreamVersionTable
    let done: UInt64
    var lastProgress: UInt64
    let progress: ((UInt64, UInt64) -> Void)?
    let total: UInt64
    /// The index's committed position and the chain hash it recorded there, before knowing whether
    /// the index is sound (asked of `committedHash` only when the log's hash differs).
    let floor: (position: UInt64, hash: Digest)?
    let hashAt: UInt64?
    let find: Digest?
    var hashAtExpected: Digest?
    var positionOfFound: UInt64?
    /// The first problem met while delivering records, in log order: a stream version out of step,
    /// or, at the index's committed position, a chain hash other than the one the index recorded
    /// (the log was rewritten after the index was written: a forger who kept the index).
    var problem: (UInt64, UInt64, String)?
    /// Where the walked records start in the segment (after its header).
    let header: UInt64
    /// The chain hash the index recorded at its committed position, if it is evidence (worked out
    /// only when asked).
    let committedHash: () -> Digest?

    /// A record of the fast walk, at `offset` after the segment's header.
    mutating func deliver(_ position: UInt64, _ stream: UnsafeRawBufferPointer, _ version: UInt64, _ hash: Digest,
                          _ offset: Int, _ length: Int) -> Bool {
        accept(position, .bytes(stream), version, hash, header + UInt64(offset), length)
    }

    /// Checks one record (`offset` in its segment); `false` when it has a problem.
    mutating func accept(_ position: UInt64, _ streamID: StreamKey, _ version: UInt64, _ hash: Digest, _ offset: UInt64, _ length: Int) -> Bool {
        let expected: UInt64
        switch streamID {
        case .bytes(let raw): expected = versions.advance(raw, to: version)
        case .string(let id): expected = versions.advance(id, to: version)
        }
        if version != expected {
            problem = (position, offset, "stream '\(streamID.text)' jumps to version \(version) where \(expected) was expected")
            return false
        }
        if let floor, position == floor.position, hash != floor.hash, let c = committedHash(), hash != c {
            problem = (position, offset, "the chain hash differs from the one the stream index recorded; the log was rewritten")
            return false
        }
        if position == hashAt { hashAtExpected = hash }
        if hash == find && positionOfFound == nil { positionOfFound = position }
        if let progress, done + offset + UInt64(length) - lastProgress > 16 << 20 {
            lastProgress = done + offset
            progress(lastProgress, total)
        }
        return true
    }
}

/// A delivered record's stream ID: its bytes in the segment (the fast walk) or a decoded string (the scanner).
private enum StreamKey {
    case bytes(UnsafeRawBufferPointer)
    case string(String)

    var text: String {
        switch self {
        case .bytes(let raw): return String(decoding: raw, as: UTF8.self)
        case .string(let id): return id
        }
    }
}
