import EventStore

extension PostgresEventStore {
    /// Walks the whole history in the database and checks every row: dense positions, each chain
    /// hash recomputed over the record bytes, event IDs, each stream's versions counting 1, 2, 3…,
    /// recorded-at times never decreasing, and the head row and the streams table agreeing with the events.
    /// - Parameters:
    ///   - hashAt: a position whose chain hash to report (an inspector's earlier head).
    ///   - find: a chain hash to look for along the history.
    /// - Returns: the report (`segmentCount` 0; `byteCount` the records' framed size, as in a file log).
    /// - Throws: `EventStoreError.integrity` naming the first bad position.
    public func verify(hashAt: UInt64? = nil, find: Digest? = nil) throws -> VerificationReport {
        var report = VerificationReport(eventCount: 0, head: .empty, segmentCount: 0, byteCount: 0, streamCount: 0)
        if find == .zero { report.positionOfFoundHash = 0 }
        if hashAt == 0 { report.hashAtExpectedPosition = .zero }
        var versions: [String: UInt64] = [:]
        var lastTime = Int64.min
        try walk(from: 1, through: nil) { envelope, hash in
            func failure(_ reason: String) -> EventStoreError {
                .integrity(position: envelope.position, segment: "events", offset: 0, reason: reason)
            }
            let expected = (versions[envelope.streamID] ?? 0) + 1
            guard envelope.streamVersion == expected else {
                throw failure("stream '\(envelope.streamID)' jumps to version \(envelope.streamVersion) where \(expected) was due")
            }
            guard envelope.recordedAt >= lastTime else { throw failure("recorded-at goes back in time") }
            lastTime = envelope.recordedAt
            versions[envelope.streamID] = expected
            report.eventCount += 1
            report.byteCount += UInt64(4 + 52 + 8 + envelope.streamID.utf8.count + envelope.commandID.utf8.count + envelope.actor.utf8.count
                                       + envelope.type.utf8.count + 4 + envelope.payload.count + 36)
            report.head = LogHead(position: envelope.position, hash: hash, recordedAt: envelope.recordedAt)
            if envelope.position == hashAt { report.hashAtExpectedPosition = hash }
            if hash == find, report.positionOfFoundHash == nil { report.positionOfFoundHash = envelope.position }
        }
        guard report.head.position == head.position else {
            throw EventStoreError.integrity(position: head.position, segment: "registry_head", offset: 0,
                                            reason: "the head row names position \(head.position) but the events end at \(report.head.position)")
        }
        let streams = try streamVersions()
        for (stream, version) in versions where streams[stream] != version {
            throw EventStoreError.integrity(position: report.head.position, segment: "streams", offset: 0,
                                            reason: "stream '\(stream)' has \(version) events but the streams table says \(streams[stream] ?? 0)")
        }
        guard streams.count == versions.count else {
            throw EventStoreError.integrity(position: report.head.position, segment: "streams", offset: 0,
                                            reason: "the streams table names streams that have no events")
        }
        report.streamCount = versions.count
        return report
    }
}
