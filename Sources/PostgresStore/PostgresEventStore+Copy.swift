import EventStore
import Foundation

extension PostgresEventStore {
    /// Why a copy into the database stopped.
    public enum CopyError: Error, Equatable, Sendable {
        /// The database already holds events: a copy goes into an empty store only.
        case notEmpty(events: UInt64)
        /// The copy's head hash is not the source's: the histories differ (exit 4).
        case headMismatch(source: LogHead, copy: LogHead)
    }

    /// Statements a copy sends per round trip: their answers (a few bytes each) must fit in the
    /// socket's buffers while the rest are sent, or the server would stop reading.
    static let copyPipelineLength = 256

    /// Copies every record of `source` into this empty store, keeping positions, stream versions,
    /// recorded-at times and command groups, so that every chain hash comes out the same; then
    /// checks that the copy's head is the source's.
    ///
    /// The records are copied in transactions of a few thousand; the head row moves with each, so a
    /// copy cut short is a shorter, valid history (and a second copy refuses the non-empty store).
    /// - Parameter progress: called with (copied, total) after each transaction.
    /// - Returns: the new head.
    /// - Throws: `CopyError`, `EventStoreError.integrity` for a damaged source record.
    @discardableResult
    public func copy(from source: any EventStore, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> LogHead {
        try refreshHead()
        guard head.position == 0 else { throw CopyError.notEmpty(events: head.position) }
        let total = source.head.position
        var group: [EventEnvelope] = []
        var pending: [(EventEnvelope, UInt32, UInt32)] = []
        var previous = Digest.zero
        func closeGroup() {
            for (index, envelope) in group.enumerated() { pending.append((envelope, UInt32(index), UInt32(group.count))) }
            group.removeAll()
        }
        func flush() throws {
            guard !pending.isEmpty else { return }
            previous = try withTransaction { db in
                var hash = previous
                var commands: [String: (first: UInt64, last: UInt64, version: UInt64)] = [:]
                var streams: [String: UInt64] = [:]
                // Sent in pipelines of `copyPipelineLength` statements: one round trip per row made a
                // million-event copy take six minutes on a local database.
                var statements: [(sql: String, params: [PGParam])] = []
                func send(all: Bool) throws {
                    guard statements.count >= (all ? 1 : Self.copyPipelineLength) else { return }
                    _ = try db.pipeline(statements)
                    statements.removeAll(keepingCapacity: true)
                }
                for (envelope, index, size) in pending {
                    let event = NewEvent(type: envelope.type, schemaVersion: envelope.schemaVersion, payload: envelope.payload)
                    let chained = ChainRecord.chain(streamID: envelope.streamID, commandID: envelope.commandID, actor: envelope.actor,
                                                    event: event, position: envelope.position, streamVersion: envelope.streamVersion,
                                                    recordedAt: envelope.recordedAt, groupIndex: index, groupSize: size, previousHash: hash)
                    guard chained.eventID == envelope.eventID else {
                        throw EventStoreError.integrity(position: envelope.position, segment: "source", offset: 0,
                                                        reason: "the event ID does not follow from the command ID")
                    }
                    hash = chained.hash
                    statements.append(Self.rowInsert(envelope, groupIndex: index, groupSize: size, hash: hash))
                    try send(all: false)
                    let first = commands[envelope.commandID]?.first ?? envelope.position
                    commands[envelope.commandID] = (first, envelope.position, envelope.streamVersion)
                    streams[envelope.streamID] = envelope.streamVersion
                }
                for (id, c) in commands {
                    statements.append(("""
                        INSERT INTO commands (command_id, first_position, last_position, stream_version) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (command_id) DO UPDATE SET last_position = excluded.last_position, stream_version = excluded.stream_version
                        """, [.text(id), .int(Int64(c.first)), .int(Int64(c.last)), .int(Int64(c.version))]))
                    try send(all: false)
                }
                for (stream, version) in streams {
                    statements.append(("""
                        INSERT INTO streams (stream_id, version) VALUES ($1, $2)
                        ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version
                        """, [.text(stream), .int(Int64(version))]))
                    try send(all: false)
                }
                try send(all: true)
                // Checked here, not only at the end: a copy never stores a head the source does not have.
                let last = pending[pending.count - 1].0
                try db.run("UPDATE registry_head SET position = $1, hash = $2, recorded_at = $3",
                           [.int(Int64(last.position)), .bytes(hash.rawBytes), .int(last.recordedAt)])
                return hash
            }
            progress?(pending[pending.count - 1].0.position, total)
            pending.removeAll(keepingCapacity: true)
        }
        try source.readAll(from: 1, through: total) { envelope in
            if let last = group.last, last.commandID != envelope.commandID {
                closeGroup()
                if pending.count >= 5_000 { try flush() }
            }
            group.append(envelope)
        }
        closeGroup()
        try flush()
        try refreshHead()
        guard head == source.head else { throw CopyError.headMismatch(source: source.head, copy: head) }
        return head
    }
}
