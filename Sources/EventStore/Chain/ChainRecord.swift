/// The record bytes every store chains, for stores other than the file log.
///
/// A PostgreSQL row holds an event's envelope as columns; its chain hash is computed over exactly
/// the bytes the file log frames for the same event (length prefix and body, `EventLog/FORMAT.md`),
/// so one history has one chain whichever store holds it, and a migrated log keeps every hash.
public enum ChainRecord {
    /// Encodes one event's record as the file log would, and chains it.
    /// - Parameters:
    ///   - streamID: the stream; `commandID`, `actor`: the command's.
    ///   - event: the event's type, schema version and payload.
    ///   - position, streamVersion, recordedAt: the fields the store assigned.
    ///   - groupIndex, groupSize: the event's place in its command's group.
    ///   - previousHash: the chain hash of the record before (the genesis hash for position 1).
    /// - Returns: the chain hash, the event ID the record carries, and the framed size in bytes.
    public static func chain(streamID: String, commandID: String, actor: String, event: NewEvent,
                             position: UInt64, streamVersion: UInt64, recordedAt: Int64,
                             groupIndex: UInt32, groupSize: UInt32, previousHash: Digest) -> (hash: Digest, eventID: EventID, size: Int) {
        let request = AppendRequest(streamID: streamID, events: [], expectedVersion: .any, commandID: commandID, actor: actor)
        let size = RecordCodec.encodedSize(request, event)
        var buffer = [UInt8](repeating: 0, count: size)
        let place = RecordCodec.Placement(position: position, streamVersion: streamVersion, recordedAt: recordedAt,
                                          groupIndex: groupIndex, groupSize: groupSize)
        let hash = buffer.withUnsafeMutableBytes { RecordCodec().encode(request, event, at: place, previousHash: previousHash, into: $0) }
        let idStart = SegmentFormat.lengthSize + 36
        // 16 bytes, so the initializer cannot fail.
        let eventID = EventID(bytes: Array(buffer[idStart..<(idStart + 16)]))!
        return (hash, eventID, size)
    }

    /// The record's RFC 9162 Merkle leaf hash (over its length prefix and body, as the file log's tree
    /// takes it, FORMAT.md section 13), so that a database store's tree has the file log's root.
    public static func leafHash(streamID: String, commandID: String, actor: String, event: NewEvent,
                                position: UInt64, streamVersion: UInt64, recordedAt: Int64,
                                groupIndex: UInt32, groupSize: UInt32) -> Digest {
        let request = AppendRequest(streamID: streamID, events: [], expectedVersion: .any, commandID: commandID, actor: actor)
        let size = RecordCodec.encodedSize(request, event)
        var buffer = [UInt8](repeating: 0, count: size)
        let place = RecordCodec.Placement(position: position, streamVersion: streamVersion, recordedAt: recordedAt,
                                          groupIndex: groupIndex, groupSize: groupSize)
        _ = buffer.withUnsafeMutableBytes { RecordCodec().encode(request, event, at: place, previousHash: .zero, into: $0) }
        return buffer.withUnsafeBytes { MerkleHashing().leafHash(UnsafeRawBufferPointer(rebasing: $0[0..<(size - SegmentFormat.trailerSize)])) }
    }

    /// Checks a request as the file log does (1 to 1024 bytes for each ID, at least one event, a
    /// payload within the record format's limit), so that both stores refuse the same appends.
    /// - Throws: `EventStoreError.invalidAppend`.
    public static func validate(_ request: AppendRequest) throws {
        try FileEventLog.validate(request)
    }
}
