import EventStore
import Foundation
import PersonalData
import RegistryDomain

/// Turns domain events into log payloads (UTF-8 JSON, keys sorted so equal events give equal bytes) and back.
///
/// With a `sealer`, the personal fields of an event (a student's name and date of birth, a teacher's
/// name: `PersonalFields`) are sealed with the data subject's key before they reach the log, and
/// opened on the way back; a payload whose key is gone decodes with `personalDataWithheld` set.
public struct EventCodec {
    private let encoder: JSONEncoder
    private let decoder = JSONDecoder()
    /// Seals and opens personal fields; nil writes them in clear (only tests and tools that build
    /// unsealed sample logs do) and reads sealed fields as withheld.
    public let sealer: PersonalDataSealer?

    /// A codec, sealing personal data with `sealer` when one is given.
    public init(sealer: PersonalDataSealer? = nil) {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.sealer = sealer
    }

    /// The log event for a domain event.
    public func encode(_ event: RegistryEvent) throws -> NewEvent {
        let payload: [UInt8]
        if case .stipendConfirmed(let e) = event, let written = StipendConfirmedWriter.payload(e) {
            // The most frequent event (every month of every intern), written as bytes; `encodeWithJSONEncoder` is the reference.
            payload = written
        } else if let sealer, case .studentEnrolled(let e) = event, let written = try StudentEnrolledWriter.sealedPayload(e, with: sealer) {
            // Every imported student row: written as bytes, with `SealingPayload` below as the reference.
            payload = written
        } else if let sealer, let spec = PersonalFields.byType[event.typeName] {
            // Sealed as the payload is encoded (`SealingPayload`); `PersonalFields.seal` is the reference.
            let type = event.typeName
            payload = Array(try encoder.encode(SealingPayload(event: event, spec: spec) { fields, subject in
                try sealer.seal(fields, subject: subject, context: type)
            }))
        } else {
            payload = try encodeWithJSONEncoder(event)
        }
        return NewEvent(type: event.typeName, schemaVersion: UInt16(event.schemaVersion), payload: payload)
    }

    /// An unsealed event's payload through `JSONEncoder` (keys sorted, slashes not escaped): what the
    /// byte writers above must write, byte for byte.
    func encodeWithJSONEncoder(_ event: RegistryEvent) throws -> [UInt8] {
        Array(try encoder.encode(PayloadBox(event: event)))
    }

    /// Whether `envelope`'s payload holds sealed personal fields, which decode only with their data
    /// subject's key (through this codec's sealer; `decodeWithJSONDecoder` cannot read them).
    public static func holdsSealedFields(_ envelope: EventEnvelope) -> Bool {
        PersonalFields.isPersonal(envelope.type) && PersonalFields.isSealed(envelope.payload)
    }

    /// The domain event in a log envelope.
    /// - Throws: `RegistryError.undecodableEvent` naming the position, when the payload is not a known event.
    public func decode(_ envelope: EventEnvelope) throws -> RegistryEvent {
        if Self.holdsSealedFields(envelope) {
            if envelope.schemaVersion == 1, let spliced = PersonalFields.splicedOpen(envelope.payload, type: envelope.type, with: sealer),
               let event = FastPayloadDecoder.decode(type: envelope.type, payload: spliced) {
                return event
            }
            let opened: (payload: [UInt8], withheld: Bool)
            do {
                opened = try PersonalFields.open(envelope.payload, type: envelope.type, with: sealer)
            } catch {
                throw RegistryError.undecodableEvent(position: envelope.position, type: envelope.type, reason: "\(error)")
            }
            var plain = envelope
            plain.payload = opened.payload
            // The fast decoder ignores unknown keys, and so would drop `personalDataWithheld`.
            if !opened.withheld, plain.schemaVersion == 1,
               let event = FastPayloadDecoder.decode(type: plain.type, payload: plain.payload) {
                return event
            }
            return try decodeWithJSONDecoder(plain)
        }
        // The frequent event types in the plain shape the registry writes decode without JSONDecoder;
        // anything else (and every malformed payload) takes the JSONDecoder path below.
        // The decoded event's own schema version is its type's current one: asked of the event, not
        // looked up by the type's name in a set (a string hash on every event of a replay).
        if envelope.schemaVersion == 1, let event = FastPayloadDecoder.decode(type: envelope.type, payload: envelope.payload),
           event.schemaVersion == 1 {
            return event
        }
        // Every command folds the registry stream's policy adoptions: read without JSONDecoder too,
        // when in the plain shape the registry writes.
        if envelope.type == "PolicyAdopted", envelope.schemaVersion == 1, RegistryEvent.schemaVersion(of: envelope.type) == 1,
           let adopted = PolicyAdoptedDecoder.decode(envelope.payload) {
            return .policyAdopted(adopted)
        }
        // Here the same bytes always give the same event (sealed personal data, whose key may be erased
        // later, took the branch above), so the event is remembered by its bytes.
        if let known = slowDecodes.event(envelope) { return known }
        let event = try decodeWithJSONDecoder(envelope)
        slowDecodes.remember(event, for: envelope)
        return event
    }

    /// Events decoded by JSONDecoder, by their type, schema version and payload bytes.
    private let slowDecodes = DecodedPayloads()

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

/// Events decoded through JSONDecoder from unsealed payloads, by their exact bytes: a memo, shared by the
/// threads that use one codec, bounded (a replay meets few such payloads, but it must not grow without end).
private final class DecodedPayloads: @unchecked Sendable {
    private struct Key: Hashable {
        let type: String
        let schemaVersion: UInt16
        let payload: [UInt8]
    }
    private let lock = NSLock()
    private var events: [Key: RegistryEvent] = [:]

    func event(_ envelope: EventEnvelope) -> RegistryEvent? {
        let key = Key(type: envelope.type, schemaVersion: envelope.schemaVersion, payload: envelope.payload)
        return lock.withLock { events[key] }
    }

    func remember(_ event: RegistryEvent, for envelope: EventEnvelope) {
        let key = Key(type: envelope.type, schemaVersion: envelope.schemaVersion, payload: envelope.payload)
        lock.withLock {
            if events.count >= 64 { events.removeAll() }
            events[key] = event
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
