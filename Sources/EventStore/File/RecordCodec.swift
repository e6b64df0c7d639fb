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

    /// Where a record goes: the fields the log assigns, beside the request's own.
    struct Placement {
        var position: UInt64
        var streamVersion: UInt64
        var recordedAt: Int64
        /// The event's index in its command's group, and the group's size.
        var groupIndex: UInt32
        var groupSize: UInt32
    }

    /// The framed size of `event`'s record: what `encode` writes.
    static func encodedSize(_ request: borrowing AppendRequest, _ event: borrowing NewEvent) -> Int {
        SegmentFormat.lengthSize + SegmentFormat.fixedBodySize + 8 + request.streamID.utf8.count + request.commandID.utf8.count
            + request.actor.utf8.count + event.type.utf8.count + 4 + event.payload.count + SegmentFormat.trailerSize
    }

    /// Writes `event`'s framed record into `out`, which must be exactly `encodedSize` bytes, and
    /// returns its chain hash. The event ID is not passed in: it follows from the command ID and the
    /// group index (`eventIDDigest`).
    ///
    /// Every field goes straight to its place in the caller's buffer: building the record with
    /// array appends, one per field, cost more than its two SHA-256 digests.
    func encode(_ request: borrowing AppendRequest, _ event: borrowing NewEvent, at place: Placement, previousHash: Digest,
                into out: UnsafeMutableRawBufferPointer) -> Digest {
        var w = RawWriter(out)
        let bodyLength = out.count - SegmentFormat.lengthSize - SegmentFormat.trailerSize
        w.put(UInt32(bodyLength))
        w.put(SegmentFormat.recordFormat)
        w.put(UInt8(0))  // flags
        w.put(event.schemaVersion)
        w.put(place.groupIndex)
        w.put(place.groupSize)
        w.put(place.position)
        w.put(place.streamVersion)
        w.put(place.recordedAt)
        let eventID = eventIDDigest(commandID: request.commandID, index: place.groupIndex)
        withUnsafeBytes(of: eventID.bytes) { w.put(UnsafeRawBufferPointer(rebasing: $0[0..<16])) }
        w.putShortString(request.streamID)
        w.putShortString(request.commandID)
        w.putShortString(request.actor)
        w.putShortString(event.type)
        w.put(UInt32(event.payload.count))
        event.payload.withUnsafeBytes { w.put($0) }
        let hashStart = w.offset
        let hash = withUnsafeBytes(of: previousHash.bytes) { prev in
            hasher.digest(prev, UnsafeRawBufferPointer(rebasing: out[0..<hashStart]))
        }
        withUnsafeBytes(of: hash.bytes) { w.put($0) }
        w.put(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: out[0..<w.offset])))
        precondition(w.offset == out.count, "record size does not match encodedSize")
        return hash
    }

    /// Which of a record's fields `decode` makes into the envelope's values. Every field's framing is
    /// checked whichever it is; a field left out is zero or empty in the envelope.
    enum Fields {
        /// Every field.
        case all
        /// The stream and command IDs only: a verifier checks groups with them, and copying the rest
        /// cost it more than the checks.
        case location
        /// The type and payload, and the stream and command IDs of a record in a group of more than
        /// one (which the scanner compares along the group): what a replay folds. A `String` for each
        /// record's stream, command and actor and an array for its event ID were 3% of a rebuild's
        /// instructions (BENCHMARKS.md, issue 17, eleventh round).
        case folding
    }

    /// Decodes the record at `offset` of `bytes`, checking its CRC and, when `previousHash` is given, its chain link.
    /// - Parameter fields: which fields become values (`Fields`).
    func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int, segmentOffset: UInt64,
                previousHash: Digest?, fields: Fields = .all) -> Result<DecodedRecord, RecordProblem> {
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
        let storedHash = Digest(loading: record, at: hashStart)
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
        let whole = fields == .all
        let eventID = whole ? EventID(loading: record, at: cursor + 36) : Self.unreadEventID
        cursor += SegmentFormat.fixedBodySize
        let bodyEnd = hashStart
        let ids = fields != .folding || groupSize > 1, content = fields != .location
        guard let streamID = Self.string(record, at: &cursor, end: bodyEnd, wanted: ids),
              let commandID = Self.string(record, at: &cursor, end: bodyEnd, wanted: ids),
              let actor = Self.string(record, at: &cursor, end: bodyEnd, wanted: whole),
              let type = Self.string(record, at: &cursor, end: bodyEnd, wanted: content), cursor + 4 <= bodyEnd else {
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
            payload: content ? Array(UnsafeRawBufferPointer(rebasing: record[cursor..<bodyEnd])) : [])
        return .success(DecodedRecord(envelope: envelope, groupIndex: groupIndex, groupSize: groupSize,
                                      offset: segmentOffset, length: total, hash: storedHash))
    }

    /// The length-prefixed string at `cursor` in `record`, moving `cursor` past it; "" when not
    /// `wanted`; nil when it runs past `end`. (A nested function capturing `cursor` cost dynamic
    /// exclusivity checks on every field of every record a replay reads.)
    private static func string(_ record: UnsafeRawBufferPointer, at cursor: inout Int, end: Int, wanted: Bool = true) -> String? {
        guard cursor + 2 <= end else { return nil }
        let n = Int(record.loadLE(UInt16.self, at: cursor))
        guard cursor + 2 + n <= end else { return nil }
        defer { cursor += 2 + n }
        guard wanted else { return "" }
        return String(decoding: UnsafeRawBufferPointer(rebasing: record[(cursor + 2)..<(cursor + 2 + n)]), as: UTF8.self)
    }

    private static let eventIDPrefix: [UInt8] = Array("event-id".utf8)
    /// The event ID of an envelope decoded without its event ID (one array, shared).
    private static let unreadEventID = EventID(bytes: [UInt8](repeating: 0, count: 16))!

    /// The event ID of the `index`th event of a command is the first 16 bytes of
    /// SHA-256("event-id" || commandID || index as UInt32 LE), so a retried command yields the same IDs.
    private func eventIDDigest(commandID: String, index: UInt32) -> Digest {
        var id = commandID
        return id.withUTF8 { command in
            withUnsafeBytes(of: index.littleEndian) { index in
                Self.eventIDPrefix.withUnsafeBytes { prefix in hasher.digest(prefix, UnsafeRawBufferPointer(command), index) }
            }
        }
    }
}

/// Little-endian writes into a buffer sized beforehand; running past its end is a programming error.
struct RawWriter {
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    @inline(__always)
    mutating func put<T: FixedWidthInteger>(_ value: T) {
        precondition(offset + MemoryLayout<T>.size <= buffer.count)
        buffer.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
    }

    @inline(__always)
    mutating func put(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        precondition(offset + bytes.count <= buffer.count)
        (buffer.baseAddress! + offset).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        offset += bytes.count
    }

    /// A length-prefixed (UInt16) UTF-8 string.
    mutating func putShortString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            put(UInt16(utf8.count))
            put(UnsafeRawBufferPointer(utf8))
        }
    }
}
