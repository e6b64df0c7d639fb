import EventStore
import Foundation

/// One event of `registry history --format json`: the envelope and the payload as the log holds it.
public struct HistoryEntry: Codable, Sendable, Equatable {
    public var position: UInt64
    /// The event's version within its stream.
    public var version: UInt64
    /// ISO 8601 UTC.
    public var recordedAt: String
    public var actor: String
    /// The event type, e.g. `PlacementStarted`.
    public var type: String
    public var commandId: String
    /// The stored payload, nested as JSON (its own keys; amounts in fen).
    public var payload: JSONFragment

    /// The entry of one envelope.
    public init(_ envelope: EventEnvelope) {
        position = envelope.position
        version = envelope.streamVersion
        recordedAt = Timestamp.format(envelope.recordedAt)
        actor = envelope.actor
        type = envelope.type
        commandId = envelope.commandID
        payload = JSONFragment(payload: envelope.payload)
    }
}

/// Any JSON value: an event's stored payload nested as it is, and the cells of CSV written from records.
public enum JSONFragment: Codable, Sendable, Equatable {
    case null, bool(Bool), integer(Int64), number(Double), string(String), array([JSONFragment]), object([String: JSONFragment])

    /// The payload bytes parsed, or the bytes as a string if they are not JSON.
    public init(payload: [UInt8]) {
        self = (try? JSONDecoder().decode(JSONFragment.self, from: Data(payload))) ?? .string(String(decoding: payload, as: UTF8.self))
    }

    /// Reads any JSON value. No value decodes as two kinds (an integer is tried before a float), so
    /// the order is for speed: payloads are mostly strings, and each failed attempt throws.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(String.self) { self = .string(v) }
        else if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int64.self) { self = .integer(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode([JSONFragment].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONFragment].self)) }
    }

    /// Writes the value back as it was read.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let v): try c.encode(v)
        case .integer(let v): try c.encode(v)
        case .number(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }
}
