/// One record as framed in a segment, with the envelope fields and where it sits.
struct DecodedRecord {
    var envelope: EventEnvelope
    /// Index of this record in its command's group, 0-based.
    var groupIndex: UInt32
    /// Number of records in the group.
    var groupSize: UInt32
    /// Offset of the record's length prefix in its segment.
    var offset: UInt64
    /// Bytes from the length prefix through the CRC.
    var length: Int
    /// The stored chain hash.
    var hash: Digest
}

/// Why bytes at an offset are not a valid record.
enum RecordProblem: Error, Equatable {
    /// The bytes end before the record does (a torn write, or a corrupt length).
    case incomplete(needed: Int, available: Int)
    /// The length prefix is impossible (0, or larger than `SegmentFormat.maxBodySize`).
    case badLength(UInt32)
    case badChecksum
    case badChain
    case badFormat(String)

    var text: String {
        switch self {
        case let .incomplete(needed, available): return "record needs \(needed) bytes but only \(available) remain"
        case let .badLength(length): return "impossible record length \(length)"
        case .badChecksum: return "CRC32C mismatch"
        case .badChain: return "chain hash mismatch"
        case let .badFormat(reason): return reason
        }
    }
}

/// Encodes and decodes records. See `EventLog/FORMAT.md`.
struct RecordCodec {
    private let hasher = SHA256Hasher()

    /// Fields of one record to encode.
    struct Fields {
        var position: UInt64
        var streamID: String
        var streamVersion: UInt64
        var eventID: EventID
        var commandID: String
        var actor: String
        var recordedAt: Int64
        var type: String
        var schemaVersion: UInt16
        var payload: [UInt8]
        var groupIndex: UInt32
        var groupSize: UInt32
    }

    /// Appends the framed record to `out` and returns its chain hash.
    func encode(_ f: Fields, previousHash: Digest, into out: inout [UInt8]) -> Digest {
        let start = out.count
        var w = ByteWriter(capacity: 0)
        swap(&w.bytes, &out)
        w.append(UInt32(0))  // length, patched below
        w.append(SegmentFormat.recordFormat)
        w.append(UInt8(0))  // flags
        w.append(f.schemaVersion)
        w.append(f.groupIndex)
        w.append(f.groupSize)
        w.append(f.position)
        w.append(f.streamVersion)
        w.append(f.recordedAt)
        w.append(f.eventID.bytes)
        w.appendShortString(f.streamID)
        w.appendShortString(f.commandID)
        w.appendShortString(f.actor)
        w.appendShortString(f.type)
        w.append(UInt32(f.payload.count))
        w.append(f.payload)
        swap(&w.bytes, &out)
        let bodyLength = UInt32(out.count - start - SegmentFormat.lengthSize)
        withUnsafeBytes(of: bodyLength.littleEndian) { raw in
            for i in 0..<4 { out[start + i] = raw[i] }
        }
        let hash = out.withUnsafeBytes { raw in
            withUnsafeBytes(of: previousHash.bytes) { prev in
                hasher.digest(prev, UnsafeRawBufferPointer(rebasing: raw[start...]))
            }
        }
        out.append(contentsOf: hash.rawBytes)
        let crc = out.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        withUnsafeBytes(of: crc.littleEndian) { out.append(contentsOf: $0) }
        return hash
    }

    /// Decodes the record at `offset` of `bytes`, checking its CRC and, when `previousHash` is given, its chain link.
    func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int, segmentOffset: UInt64,
                previousHash: Digest?) -> Result<DecodedRecord, RecordProblem> {
        let available = bytes.count - offset
        guard available >= SegmentFormat.lengthSize else {
            return .failure(.incomplete(needed: SegmentFormat.lengthSize, available: available))
        }
        let bodyLength = bytes.loadLE(UInt32.self, at: offset)
        guard bodyLength >= UInt32(SegmentFormat.fixedBodySize + 12), Int(bodyLength) <= SegmentFormat.maxBodySize else {
            return .failure(.badLength(bodyLength))
        }
        let total = SegmentFormat.lengthSize + Int(bodyLength) + SegmentFormat.trailerSize
        guard available >= total else { return .failure(.incomplete(needed: total, available: available)) }
        let record = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + total)])
        let crcEnd = total - 4
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: record[0..<crcEnd])) == record.loadLE(UInt32.self, at: crcEnd) else {
            return .failure(.badChecksum)
        }
        let hashStart = SegmentFormat.lengthSize + Int(bodyLength)
        // 32 bytes, so the initializer cannot fail.
        let storedHash = Digest(UnsafeRawBufferPointer(rebasing: record[hashStart..<(hashStart + 32)]))!
        if let previousHash {
            let computed = withUnsafeBytes(of: previousHash.bytes) { prev in
                hasher.digest(prev, UnsafeRawBufferPointer(rebasing: record[0..<hashStart]))
            }
            guard computed == storedHash else { return .failure(.badChain) }
        }
        var cursor = SegmentFormat.lengthSize
        let format = record[cursor]
        guard format == SegmentFormat.recordFormat else { return .failure(.badFormat("unknown record format \(format)")) }
        let schema = record.loadLE(UInt16.self, at: cursor + 2)
        let groupIndex = record.loadLE(UInt32.self, at: cursor + 4)
        let groupSize = record.loadLE(UInt32.self, at: cursor + 8)
        let position = record.loadLE(UInt64.self, at: cursor + 12)
        let streamVersion = record.loadLE(UInt64.self, at: cursor + 20)
        let recordedAt = record.loadLE(Int64.self, at: cursor + 28)
        // 16 bytes, so the initializer cannot fail.
        let eventID = EventID(bytes: Array(record[(cursor + 36)..<(cursor + 52)]))!
        cursor += SegmentFormat.fixedBodySize
        let bodyEnd = hashStart
        func string() -> String? {
            guard cursor + 2 <= bodyEnd else { return nil }
            let n = Int(record.loadLE(UInt16.self, at: cursor))
            guard cursor + 2 + n <= bodyEnd else { return nil }
            defer { cursor += 2 + n }
            return String(decoding: UnsafeRawBufferPointer(rebasing: record[(cursor + 2)..<(cursor + 2 + n)]), as: UTF8.self)
        }
        guard let streamID = string(), let commandID = string(), let actor = string(), let type = string(),
              cursor + 4 <= bodyEnd else {
            return .failure(.badFormat("record fields overrun the body"))
        }
        let payloadLength = Int(record.loadLE(UInt32.self, at: cursor))
        cursor += 4
        guard cursor + payloadLength == bodyEnd else { return .failure(.badFormat("payload length does not match the body")) }
        guard groupSize > 0, groupIndex < groupSize else {
            return .failure(.badFormat("group index \(groupIndex) of \(groupSize)"))
        }
        let envelope = EventEnvelope(
            position: position, streamID: streamID, streamVersion: streamVersion, eventID: eventID,
            commandID: commandID, actor: actor, recordedAt: recordedAt, type: type, schemaVersion: schema,
            payload: Array(UnsafeRawBufferPointer(rebasing: record[cursor..<bodyEnd])))
        return .success(DecodedRecord(envelope: envelope, groupIndex: groupIndex, groupSize: groupSize,
                                      offset: segmentOffset, length: total, hash: storedHash))
    }

    /// The event ID of the `index`th event of a command: the first 16 bytes of
    /// SHA-256("event-id" || commandID || index as UInt32 LE), so a retried command yields the same IDs.
    func eventID(commandID: String, index: UInt32) -> EventID {
        var input = Array("event-id".utf8) + Array(commandID.utf8)
        withUnsafeBytes(of: index.littleEndian) { input.append(contentsOf: $0) }
        let digest = input.withUnsafeBytes { hasher.digest($0) }
        // 16 bytes, so the initializer cannot fail.
        return EventID(bytes: Array(digest.rawBytes.prefix(16)))!
    }
}
