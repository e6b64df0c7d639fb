/// The role in which someone acts on the registry.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// The education / human-resources bureau (教育/人社主管部门).
    case bureau
    /// A school (学校).
    case school
    /// An enterprise (企业).
    case enterprise
    /// An inspector (督查), who reads and audits but never writes.
    case inspector
}

/// Who issues a command: a role and the ID of the organisation acting in it, written `role:id`.
public struct Actor: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The role.
    public let role: Role
    /// The organisation's ID (a school or enterprise ID; any name for bureau and inspectors).
    public let id: String

    /// Creates an actor.
    public init(role: Role, id: String) {
        self.role = role
        self.id = id
    }

    /// Parses `role:id`, such as `school:S-01`; the ID must not be empty.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"),
              let role = Role(rawValue: String(text[..<colon]))
        else { return nil }
        let id = String(text[text.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        self.init(role: role, id: id)
    }

    /// `role:id`.
    public var description: String { "\(role.rawValue):\(id)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let actor = Actor(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected an actor role:id, found '\(text)'.")
        }
        self = actor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
