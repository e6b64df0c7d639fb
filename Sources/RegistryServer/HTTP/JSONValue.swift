import Foundation

/// A JSON value as a request body holds it, decoded by Foundation's `JSONDecoder`, keeping
/// `true`/`false` apart from numbers (which a command option needs to know).
public enum JSONValue: Decodable, Equatable, Sendable {
    case string(String)
    case number(Decimal)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Strings first: they are most of every body, and each decode that does not fit throws (costly
        // here). No JSON value decodes as two of these kinds, so the order only matters for speed.
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Decimal.self) { self = .number(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// The value as a command-line argument, for scalars.
    public var argument: String? {
        switch self {
        case .string(let text): text
        case .number(let number): "\(number)"
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
