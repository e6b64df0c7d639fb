import EventStore
import Foundation
import PersonalData
import RegistryDomain

/// Rewrites a log whose personal data is in clear (a version-1 log written before issue 16) into a
/// new log directory with every personal field sealed: `registry-replay encrypt-personal-data`.
///
/// The old log is never edited (it is append-only and hash-chained). The new log holds the same
/// events in the same order, streams, versions, command IDs, actors and recorded-at times, but its
/// payload bytes differ, so its chain, Merkle tree and event IDs are new: checkpoints and receipts
/// of the old log do not verify against it. Operators keep the old log's last head hash (and a
/// final checkpoint) beside the new one as the link between the two, then destroy the old log and
/// its backups, which still hold the names.
public enum PersonalDataMigration {
    /// What a migration did.
    public struct Summary: Equatable, Sendable {
        /// Events copied.
        public var events: UInt64
        /// Events whose personal fields were sealed here.
        public var sealed: UInt64
        /// The old log's head hash, hex: the link to write down.
        public var oldHead: String
        /// The new log's head hash, hex.
        public var newHead: String
    }

    /// Why a migration cannot start.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// The destination exists and is not empty.
        case destinationNotEmpty(String)
        /// A source event whose sealed fields cannot be opened and which is not erased.
        case unreadablePersonalData(position: UInt64, stream: String)

        public var description: String {
            switch self {
            case .destinationNotEmpty(let path): "the destination \(path) is not empty; migrate into a new directory"
            case .unreadablePersonalData(let position, let stream):
                "the personal data at position \(position) (\(stream)) is sealed with a key the source's key store does not hold"
            }
        }
    }

    /// Copies `source` into a new log at `destination`, sealing personal fields.
    /// - Throws: `Problem`, `EventStoreError`, `PersonalDataError`.
    public static func encrypt(from source: String, to destination: String,
                               progress: ((UInt64, UInt64) -> Void)? = nil) throws -> Summary {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: destination), !entries.isEmpty {
            throw Problem.destinationNotEmpty(destination)
        }
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let old = try Registry(directory: source, forWriting: false)
        // Keys the source already has (sealed events, tombstones of erased students) come along, so
        // that payloads already sealed are copied byte for byte and still open.
        let oldKeys = source + "/" + SQLiteKeyStore.fileName
        if FileManager.default.fileExists(atPath: oldKeys) {
            try FileManager.default.copyItem(atPath: oldKeys, toPath: destination + "/" + SQLiteKeyStore.fileName)
            chmod(destination + "/" + SQLiteKeyStore.fileName, 0o600)
        }
        let clock = MigrationClock()
        var options = FileEventLog.Options()
        options.clock = { clock.now }
        let new = try Registry(directory: destination, forWriting: true, options: options)
        var summary = Summary(events: 0, sealed: 0, oldHead: "", newHead: "")
        var pending: [EventEnvelope] = []
        func flush() throws {
            guard let first = pending.first else { return }
            var events: [NewEvent] = []
            for envelope in pending {
                if PersonalFields.byType[envelope.type] == nil || PersonalFields.isSealed(envelope.payload) {
                    // Nothing personal, or already sealed: the same bytes.
                    events.append(NewEvent(type: envelope.type, schemaVersion: envelope.schemaVersion, payload: envelope.payload))
                } else {
                    let event = try new.codec.decode(envelope)
                    events.append(try new.codec.encode(event))
                    summary.sealed += 1
                }
            }
            clock.now = first.recordedAt
            _ = try new.log.append(events, to: first.streamID, expectingVersion: .exactly(first.streamVersion - 1),
                                   commandID: first.commandID, actor: first.actor)
            summary.events += UInt64(pending.count)
            pending.removeAll(keepingCapacity: true)
        }
        let head = old.log.head.position
        if head > 0 {
            try old.log.readAll(from: 1, through: head) { envelope in
                // One record group per command and stream, as the source wrote it.
                if let last = pending.last, last.commandID != envelope.commandID || last.streamID != envelope.streamID
                    || last.recordedAt != envelope.recordedAt {
                    try flush()
                }
                pending.append(envelope)
                if envelope.position % 10_000 == 0 { progress?(envelope.position, head) }
            }
            try flush()
        }
        progress?(head, head)
        summary.oldHead = old.log.head.hash.description
        summary.newHead = new.log.head.hash.description
        return summary
    }
}

/// The recorded-at time the next append stamps: the source event's.
private final class MigrationClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64 = 0
    var now: Int64 {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
