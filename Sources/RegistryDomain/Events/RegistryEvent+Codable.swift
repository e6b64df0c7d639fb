/// Why a stored event could not be turned back into a `RegistryEvent`.
public enum EventDecodingError: Error, Equatable, Sendable {
    /// The type name is not one this version of the registry knows.
    case unknownType(String)
    /// The type is known but not in this schema version.
    case unsupportedSchemaVersion(typeName: String, version: Int)
}

/// A self-describing encoding `{"type": ..., "schemaVersion": ..., "payload": {...}}`, for
/// exports and tests; the log envelope stores the three parts in fields of its own.
extension RegistryEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, schemaVersion, payload
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let typeName = try container.decode(String.self, forKey: .type)
        let version = try container.decode(Int.self, forKey: .schemaVersion)
        self = try RegistryEvent.decodePayload(
            typeName: typeName, schemaVersion: version, from: try container.superDecoder(forKey: .payload))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try encodePayload(to: container.superEncoder(forKey: .payload))
    }
}
