/// Walks the records of one segment in order, checking each record's CRC, its chain link, the
/// continuity of positions and the shape of command groups, and delivering only complete groups.
struct SegmentScanner {
    let codec: RecordCodec

    /// The state of the chain after the last delivered record.
    struct Cursor: Equatable {
        var position: UInt64
        var hash: Digest
        var recordedAt: Int64
    }

    /// Where and why a scan stopped before the end of the bytes.
    struct Stop: Equatable {
        /// Offset just past the last complete group: where a torn tail would be cut.
        var committedEnd: Int
        /// Offset of the first record that failed.
        var badOffset: Int
        /// Position that record holds or should hold.
        var position: UInt64
        var reason: String
        /// Whether the failure looks like an interrupted write at the end of the file (incomplete
        /// bytes, or a checksum failure followed only by zero bytes) rather than damage to written data.
        var looksTorn: Bool
    }

    /// Scans `bytes` (the segment's bytes from `base` on) starting at `offset` within them.
    /// - Parameters:
    ///   - base: the segment offset of `bytes[0]`, so reported offsets are offsets in the segment.
    ///   - chained: the chain links already checked on another thread over the same bytes, if any:
    ///     a record it covers is not hashed again here.
    ///   - fields: which fields the delivered envelopes hold (`RecordCodec.Fields`).
    ///   - deliver: receives each record of each complete group; returns `false` to stop early.
    /// - Returns: the offset (within `bytes`) past the last complete group, and why the scan stopped early, if it did.
    func scan(_ bytes: UnsafeRawBufferPointer, from offset: Int, base: UInt64, cursor: inout Cursor, chained: ChainAhead? = nil, fields: RecordCodec.Fields = .all,
              deliver: (DecodedRecord) throws -> Bool) rethrows -> (end: Int, stop: Stop?) {
        var offset = offset
        var committedEnd = offset
        // The records of a group not yet complete; a group of one (most) is delivered without it.
        // Records are not copied as whole values where a field will do: each copy of a record retains
        // and releases its strings and payload (callgrind: about 1,000 instructions a record fewer in
        // a rebuild's reading thread without the copies).
        var pending: [DecodedRecord] = []
        while offset < bytes.count {
            let previousHash: Digest, previousPosition: UInt64, previousRecordedAt: Int64
            if let last = pending.indices.last {
                previousHash = pending[last].hash
                previousPosition = pending[last].envelope.position
                previousRecordedAt = pending[last].envelope.recordedAt
            } else {
                previousHash = cursor.hash
                previousPosition = cursor.position
                previousRecordedAt = cursor.recordedAt
            }
            let expectedPosition = previousPosition + 1
            let linked = chained?.covers(offset) ?? false
            let record: DecodedRecord
            switch codec.decode(bytes, at: offset, segmentOffset: base + UInt64(offset), previousHash: linked ? nil : previousHash, fields: fields) {
            case .failure(let problem):
                let torn: Bool
                switch problem {
                case .incomplete:
                    torn = true
                case .badLength:
                    torn = Self.allZero(bytes, from: offset)
                case .badChecksum:
                    let length = Int(bytes.loadLE(UInt32.self, at: offset))
                    torn = Self.allZero(bytes, from: offset + SegmentFormat.lengthSize + length + SegmentFormat.trailerSize)
                case .badChain, .badFormat:
                    torn = false
                }
                return (committedEnd, Stop(committedEnd: committedEnd + Int(base), badOffset: offset + Int(base),
                                           position: expectedPosition, reason: problem.text, looksTorn: torn))
            case .success(let r):
                record = r
            }
            var problem: String?
            if record.envelope.position != expectedPosition {
                problem = "record holds position \(record.envelope.position) where \(expectedPosition) was expected"
            } else if record.envelope.recordedAt < previousRecordedAt {
                problem = "recorded-at time goes backwards"
            } else if let last = pending.indices.last {
                if record.groupIndex != pending[last].groupIndex + 1 || record.groupSize != pending[last].groupSize
                    || !record.envelope.commandID.utf8.elementsEqual(pending[last].envelope.commandID.utf8)
                    || !record.envelope.streamID.utf8.elementsEqual(pending[last].envelope.streamID.utf8) {
                    problem = "record \(record.groupIndex) of a group of \(record.groupSize) does not continue its group"
                }
            } else if record.groupIndex != 0 {
                problem = "group starts with record \(record.groupIndex) of \(record.groupSize)"
            }
            if let problem {
                return (committedEnd, Stop(committedEnd: committedEnd + Int(base), badOffset: offset + Int(base),
                                           position: expectedPosition, reason: problem, looksTorn: false))
            }
            offset += record.length
            guard record.groupIndex + 1 == record.groupSize else {
                pending.append(record)
                continue
            }
            if pending.isEmpty {
                cursor = Cursor(position: record.envelope.position, hash: record.hash, recordedAt: record.envelope.recordedAt)
                guard try deliver(record) else { return (offset, nil) }
            } else {
                pending.append(record)
                for r in pending {
                    cursor = Cursor(position: r.envelope.position, hash: r.hash, recordedAt: r.envelope.recordedAt)
                    guard try deliver(r) else { return (offset, nil) }
                }
                pending.removeAll(keepingCapacity: true)
            }
            committedEnd = offset
        }
        if let first = pending.first {
            return (committedEnd, Stop(committedEnd: committedEnd + Int(base), badOffset: Int(first.offset),
                                       position: first.envelope.position,
                                       reason: "incomplete group: \(pending.count) of \(first.groupSize) records",
                                       looksTorn: true))
        }
        return (committedEnd, nil)
    }

    private static func allZero(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> Bool {
        guard offset < bytes.count else { return true }
        for i in max(0, offset)..<bytes.count where bytes[i] != 0 { return false }
        return true
    }
}
