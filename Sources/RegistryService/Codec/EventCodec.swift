import EventStore
import Foundation
import RegistryDomain

/// Turns domain events into log payloads (UTF-8 JSON, keys sorted so equal events give equal bytes) and back.
public struct EventCodec {
    private let encoder: JSONEncoder
    private let decoder = JSONDecoder()

    public init() {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// The log event for a domain event.
    public func encode(_ event: RegistryEvent) throws -> NewEvent {
        NewEvent(type: event.typeName, schemaVersion: UInt16(event.schemaVersion),
                 payload: Array(try encoder.encode(PayloadBox(event: event))))
    }

    /// The domain event in a log envelope.
    /// - Throws: `RegistryError.undecodableEvent` naming the position, when the payload is not a known event.
    public func decode(_ envelope: EventEnvelope) throws -> RegistryEvent {
        // The frequent event types in the plain shape the registry writes decode without JSONDecoder;
        // anything else (and every malformed payload) takes the JSONDecoder path below.
        if envelope.schemaVersion == 1, let event = FastPayloadDecoder.decode(type: envelope.type, payload: envelope.payload),
           RegistryEvent.schemaVersion(of: envelope.type) == 1 {
            return event
        }
        return try decodeWithJSONDecoder(envelope)
    }

    /// The domain event in a log envelope, always through Foundation's `JSONDecoder`: the reference the
    /// fast path of `decode(_:)` must agree with (registry-bench `--check-codec` compares the two).
    /// - Throws: `RegistryError.undecodableEvent` naming the position, when the payload is not a known event.
    public func decodeWithJSONDecoder(_ envelope: EventEnvelope) throws -> RegistryEvent {
        do {
            let box = try decoder.decode(DecodeBox.self, from: Data(envelope.payload),
                                         configuration: (envelope.type, Int(envelope.schemaVersion)))
            return box.event
        } catch {
            throw RegistryError.undecodableEvent(position: envelope.position, type: envelope.type, reason: "\(error)")
        }
    }
}

/// Encodes an event's payload struct at the top level.
private struct PayloadBox: Encodable {
    let event: RegistryEvent
    func encode(to encoder: any Encoder) throws { try event.encodePayload(to: encoder) }
}

/// Decodes a payload whose type and schema version come from the envelope.
private struct DecodeBox: DecodableWithConfiguration {
    let event: RegistryEvent
    init(from decoder: any Decoder, configuration: (String, Int)) throws {
        event = try RegistryEvent.decodePayload(typeName: configuration.0, schemaVersion: configuration.1, from: decoder)
    }
}
