/// An event as the log holds it: the envelope of SPEC.md section 3 around an opaque payload.
public struct EventEnvelope: Equatable, Sendable {
    /// 1-based position in the whole log; positions have no gaps.
    public var position: UInt64
    /// The stream (aggregate) the event belongs to, e.g. `placement-P-17`.
    public var streamID: String
    /// 1-based version of the event within its stream.
    public var streamVersion: UInt64
    /// A 128-bit identifier, derived from the command ID and the event's index in its command.
    public var eventID: EventID
    /// The command that produced the event; repeated commands append nothing.
    public var commandID: String
    /// Who issued the command, as `role:id`.
    public var actor: String
    /// When the log recorded the event: microseconds since 1970-01-01T00:00:00Z, never decreasing.
    public var recordedAt: Int64
    /// The event's type name, e.g. `PlacementRegistered`.
    public var type: String
    /// The payload's schema version for `type`.
    public var schemaVersion: UInt16
    /// The payload bytes (UTF-8 JSON in this product; opaque to the log).
    public var payload: [UInt8]

    public init(position: UInt64, streamID: String, streamVersion: UInt64, eventID: EventID, commandID: String,
                actor: String, recordedAt: Int64, type: String, schemaVersion: UInt16, payload: [UInt8]) {
        self.position = position
        self.streamID = streamID
        self.streamVersion = streamVersion
        self.eventID = eventID
        self.commandID = commandID
        self.actor = actor
        self.recordedAt = recordedAt
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
    }
}

/// A 16-byte event identifier, printed as a UUID (8-4-4-4-12 hexadecimal digits).
public struct EventID: Hashable, Sendable, CustomStringConvertible {
    /// The 16 bytes as two little-endian words, held in place: every record a replay decodes has an
    /// event ID, and an array of 16 bytes was an allocation and a free each.
    private let first: UInt64, second: UInt64

    /// The 16 bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: (first.littleEndian, second.littleEndian)) { Array($0) }
    }

    /// An ID from exactly 16 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self = bytes.withUnsafeBytes { EventID(loading: $0, at: 0) }
    }

    /// The ID in the 16 bytes at `offset` of `raw` (which must hold them).
    init(loading raw: UnsafeRawBufferPointer, at offset: Int) {
        first = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
    }

    public var description: String {
        let hex = Digest(bytes + [UInt8](repeating: 0, count: 16))!.hex  // 32 bytes, so it cannot fail
        let h = Array(hex.prefix(32))
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-"
            + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}

/// An event to append: the part of the envelope the caller decides.
public struct NewEvent: Equatable, Sendable {
    /// The event's type name.
    public var type: String
    /// The payload's schema version.
    public var schemaVersion: UInt16
    /// The payload bytes.
    public var payload: [UInt8]

    public init(type: String, schemaVersion: UInt16 = 1, payload: [UInt8]) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
    }
}

/// What the writer expects a stream's current version to be (optimistic concurrency).
public enum ExpectedVersion: Equatable, Sendable, CustomStringConvertible {
    /// No check.
    case any
    /// The stream must not exist yet (version 0).
    case noStream
    /// The stream's last event must have exactly this version (0 means no events).
    case exactly(UInt64)

    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "0 (no stream)"
        case .exactly(let v): return String(v)
        }
    }
}

/// One command's events for one stream: the unit that is atomic in the log (a record group).
public struct AppendRequest: Equatable, Sendable {
    public var streamID: String
    public var events: [NewEvent]
    public var expectedVersion: ExpectedVersion
    public var commandID: String
    public var actor: String

    public init(streamID: String, events: [NewEvent], expectedVersion: ExpectedVersion, commandID: String, actor: String) {
        self.streamID = streamID
        self.events = events
        self.expectedVersion = expectedVersion
        self.commandID = commandID
        self.actor = actor
    }
}

/// Where a command's events landed.
public struct AppendResult: Equatable, Sendable {
    /// Global positions of the command's events (empty for a command with no events).
    public var positions: ClosedRange<UInt64>?
    /// The stream's version after the command's events.
    public var streamVersion: UInt64
    /// `true` when the command ID had been appended before: nothing new was written.
    public var wasDuplicate: Bool

    public init(positions: ClosedRange<UInt64>?, streamVersion: UInt64, wasDuplicate: Bool) {
        self.positions = positions
        self.streamVersion = streamVersion
        self.wasDuplicate = wasDuplicate
    }
}

/// The last committed record of the log.
public struct LogHead: Equatable, Sendable {
    /// The position of the last event (0 for an empty log).
    public var position: UInt64
    /// Its chain hash (the genesis hash, all zeros, for an empty log).
    public var hash: Digest
    /// Its recorded-at time (0 for an empty log).
    public var recordedAt: Int64

    public static let empty = LogHead(position: 0, hash: .zero, recordedAt: 0)

    public init(position: UInt64, hash: Digest, recordedAt: Int64) {
        self.position = position
        self.hash = hash
        self.recordedAt = recordedAt
    }
}

/// What opening the log repaired: a torn tail cut off after a crash.
public struct RecoveryReport: Equatable, Sendable, CustomStringConvertible {
    /// The segment file that was cut.
    public var segment: String
    /// The byte offset it was cut to.
    public var offset: UInt64
    /// How many bytes of incomplete records were removed.
    public var bytesRemoved: UInt64
    /// Why those bytes were not a complete record group.
    public var reason: String

    public var description: String {
        "recovered from a torn tail: cut \(bytesRemoved) bytes of an incomplete record group at offset \(offset) of \(segment) (\(reason))"
    }
}
