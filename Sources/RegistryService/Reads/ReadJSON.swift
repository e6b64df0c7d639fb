import ReadModel
import Foundation
import RegistryDomain

/// The one JSON encoding of every read record (CLI `--format json` and, later, the HTTP API):
/// snake_case English keys, sorted, one line; dates ISO 8601 (`2025-09-01`), months `2025-09`,
/// yuan as decimal strings (`"3400.00"`), booleans as `true`/`false`, whatever the language.
public enum ReadJSON {
    /// `value` as one line of JSON.
    /// - Throws: `EncodingError` (not expected for the records of this folder).
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A decoder for what `encode` wrote, for tests and clients written in Swift.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

extension Money {
    /// Yuan as a decimal string with two places, e.g. `3400.00`: the machine form of an amount in JSON.
    public var yuan: String { description }
}
