import Glibc

/// The verifier's walk over a segment's records while nothing is wrong: the checks of
/// `SegmentScanner` and `RecordCodec.decode` (framing, CRC32C, format, field bounds, positions,
/// recorded-at order, groups), on the bytes in place, building no envelope.
///
/// It stops at the first group in which anything at all is unusual, or whose chain links
/// `ChainAhead` has not vouched for, and says where that group starts; the verifier then hands the
/// rest of the segment to `SegmentScanner`, which finds and words the problem exactly as it always
/// has. A sound log never leaves this walk; a damaged one is reported just as before. Building an
/// envelope per record (four strings, the payload and event ID copied, the record copied into the
/// group's list) cost the verifier more than the SHA-256 chain it waits on.
/// What receives the records `VerifierFastPass` walks.
protocol WalkedRecordSink {
    /// One record: its position, its stream ID's bytes (valid during the call), stream version, chain
    /// hash, offset in the walked bytes and framed length; `false` to stop the walk.
    mutating func deliver(_ position: UInt64, _ stream: UnsafeRawBufferPointer, _ version: UInt64, _ hash: Digest,
                          _ offset: Int, _ length: Int) -> Bool
}

struct VerifierFastPass {
    /// One record of the group being walked, by where its pieces are.
    private struct Pending {
        var offset: Int
        var length: Int
        var position: UInt64
        var version: UInt64
        var recordedAt: Int64
        var groupIndex: UInt32
        var groupSize: UInt32
        var stream: Range<Int>
        var command: Range<Int>
        var hash: Digest
    }

    private var pending: [Pending] = []

    init() { pending.reserveCapacity(16) }

    /// Walks `bytes` (a segment after its header) from offset 0.
    /// - Parameter sink: given each record of each complete group, in order. It is passed in place
    ///   rather than reached through a closure's captured variable, which cost a dynamic exclusivity
    ///   check per record (5% of the verifying thread).
    /// - Returns: where the walk stopped: the start of the first group it did not pass (`bytes.count`
    ///   when it passed them all), and whether the sink asked to stop.
    mutating func walk<Sink: WalkedRecordSink>(_ bytes: UnsafeRawBufferPointer, chained: ChainAhead, cursor: inout SegmentScanner.Cursor,
                                               into sink: inout Sink) -> (end: Int, stopped: Bool) {
        pending.removeAll(keepingCapacity: true)
        var offset = 0
        var groupStart = 0
        var position = cursor.position
        var recordedAt = cursor.recordedAt
        let count = bytes.count
        let headerEnd = SegmentFormat.lengthSize + SegmentFormat.fixedBodySize
        while offset < count {
            guard offset + SegmentFormat.lengthSize <= count else { break }
            let bodyLength = Int(bytes.loadLE(UInt32.self, at: offset))
            guard bodyLength >= SegmentFormat.fixedBodySize + 12, bodyLength <= SegmentFormat.maxBodySize else { break }
            let total = SegmentFormat.lengthSize + bodyLength + SegmentFormat.trailerSize
            guard offset + total <= count else { break }
            let record = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + total)])
            guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: record[0..<(total - 4)])) == record.loadLE(UInt32.self, at: total - 4),
                  chained.covers(offset), record[SegmentFormat.lengthSize] == SegmentFormat.recordFormat else { break }
            let groupIndex = record.loadLE(UInt32.self, at: 8)
            let groupSize = record.loadLE(UInt32.self, at: 12)
            let recordPosition = record.loadLE(UInt64.self, at: 16)
            let version = record.loadLE(UInt64.self, at: 24)
            let at = record.loadLE(Int64.self, at: 32)
            let bodyEnd = SegmentFormat.lengthSize + bodyLength
            // The four short strings, then the payload, must fill the body exactly.
            var field = headerEnd
            var ranges: (Range<Int>, Range<Int>) = (0..<0, 0..<0)
            var framed = true
            for i in 0..<4 {
                guard field + 2 <= bodyEnd else { framed = false; break }
                let n = Int(record.loadLE(UInt16.self, at: field))
                guard field + 2 + n <= bodyEnd else { framed = false; break }
                if i == 0 { ranges.0 = (field + 2)..<(field + 2 + n) } else if i == 1 { ranges.1 = (field + 2)..<(field + 2 + n) }
                field += 2 + n
            }
            guard framed, field + 4 <= bodyEnd, field + 4 + Int(record.loadLE(UInt32.self, at: field)) == bodyEnd,
                  groupSize > 0, groupIndex < groupSize,
                  recordPosition == position + 1, at >= recordedAt else { break }
            let stream = (ranges.0.lowerBound + offset)..<(ranges.0.upperBound + offset)
            let command = (ranges.1.lowerBound + offset)..<(ranges.1.upperBound + offset)
            // The stream ID is delivered as bytes and keyed so; the scanner keys by the decoded String.
            // Bytes that are not UTF-8 (which decoding would repair) are left to the scanner, so both key alike.
            guard UTF8Bytes.isValid(UnsafeRawBufferPointer(rebasing: bytes[stream])) else { break }
            if groupSize == 1 && pending.isEmpty {
                // A group of one record (most commands): delivered at once, without the group's list
                // (keeping it and emptying it for every record was a twentieth of this thread).
                guard groupIndex == 0 else { break }
                let hash = Digest(loading: record, at: bodyEnd)
                position = recordPosition
                recordedAt = at
                cursor = SegmentScanner.Cursor(position: recordPosition, hash: hash, recordedAt: at)
                guard sink.deliver(recordPosition, UnsafeRawBufferPointer(rebasing: bytes[stream]), version, hash, offset, total) else {
                    return (offset + total, true)
                }
                offset += total
                groupStart = offset
                continue
            }
            if let previous = pending.last {
                guard groupIndex == previous.groupIndex + 1, groupSize == previous.groupSize,
                      Self.same(bytes, command, previous.command), Self.same(bytes, stream, previous.stream) else { break }
            } else {
                guard groupIndex == 0 else { break }
            }
            pending.append(Pending(offset: offset, length: total, position: recordPosition, version: version, recordedAt: at,
                                   groupIndex: groupIndex, groupSize: groupSize, stream: stream, command: command,
                                   hash: Digest(loading: record, at: bodyEnd)))
            position = recordPosition
            recordedAt = at
            offset += total
            if groupIndex + 1 == groupSize {
                for r in pending {
                    cursor = SegmentScanner.Cursor(position: r.position, hash: r.hash, recordedAt: r.recordedAt)
                    guard sink.deliver(r.position, UnsafeRawBufferPointer(rebasing: bytes[r.stream]), r.version, r.hash, r.offset, r.length) else { return (offset, true) }
                }
                pending.removeAll(keepingCapacity: true)
                groupStart = offset
            }
        }
        return (groupStart, false)
    }

    private static func same(_ bytes: UnsafeRawBufferPointer, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.count == b.count && memcmp(bytes.baseAddress! + a.lowerBound, bytes.baseAddress! + b.lowerBound, a.count) == 0
    }
}
