import EventStore

extension PostgresEventStore {
    /// The RFC 9162 leaf hashes of the committed rows from `first` on, for `MerkleTree(treeDirectory:leaves:)`:
    /// each over the bytes the file log frames for the same event, so one history has one root
    /// whichever store holds it. Every row's chain hash is checked on the way (a tree is only built
    /// from records that verify). `body` returns false to stop.
    /// - Returns: the last position delivered (`first - 1` when none was).
    public func merkleLeaves(from first: UInt64, _ body: (UInt64, Digest) throws -> Bool) throws -> UInt64 {
        // Checks every row's chain hash from `first` to the head first; then reads the group fields,
        // which the envelope does not carry, to frame each record.
        try walk(from: first, through: nil) { _, _ in }
        var last = first - 1
        let end = head.position
        var next = max(first, 1)
        let page: Int64 = 5_000
        while next <= end {
            let rows = try withRetries {
                try connect().run("""
                    SELECT position, stream_id, stream_version, command_id, actor, recorded_at, type, schema_version,
                           group_index, group_size, payload FROM events WHERE position BETWEEN $1 AND $2 ORDER BY position
                    """, [.int(Int64(next)), .int(min(Int64(end), Int64(next) + page - 1))])
            }
            guard rows.count > 0 else { break }
            for row in 0..<rows.count {
                let position = UInt64(rows.int(row, 0))
                let leaf = ChainRecord.leafHash(streamID: rows.text(row, 1), commandID: rows.text(row, 3), actor: rows.text(row, 4),
                                                event: NewEvent(type: rows.text(row, 6), schemaVersion: UInt16(truncatingIfNeeded: rows.int(row, 7)),
                                                                payload: rows.bytes(row, 10)),
                                                position: position, streamVersion: UInt64(rows.int(row, 2)), recordedAt: rows.int(row, 5),
                                                groupIndex: UInt32(truncatingIfNeeded: rows.int(row, 8)),
                                                groupSize: UInt32(truncatingIfNeeded: rows.int(row, 9)))
                guard try body(position, leaf) else { return last }
                last = position
                next = position + 1
            }
        }
        return last
    }
}

extension PostgresEventStore {
    /// The chain hash of record 1, which names the history in checkpoints' origin line.
    /// - Throws: `EventStoreError.integrity` when the row is missing.
    public func firstHash() throws -> Digest {
        // Reading the event checks its chain hash.
        guard try event(at: 1) != nil else {
            throw EventStoreError.integrity(position: 1, segment: "events", offset: 0, reason: "the event row is missing")
        }
        let rows = try withRetries { try connect().run("SELECT hash FROM events WHERE position = 1") }
        guard rows.count == 1, let hash = Digest(rows.bytes(0, 0)) else {
            throw EventStoreError.integrity(position: 1, segment: "events", offset: 0, reason: "the event row is missing")
        }
        return hash
    }
}
