import Foundation
import PersonalData
import RegistryDomain

/// An event's payload encoded once, with its personal fields moved into `"sealed"` on the way
/// (FORMAT.md §17): the same JSON as `PersonalFields.seal` makes from the plain payload, without
/// decoding and re-encoding it. That round trip through Foundation's coders was 28% of an imported
/// row (BENCHMARKS.md, "Imports (issue 17)").
///
/// The payload's top-level keyed container is sifted: a personal field whose value encodes as one
/// string is kept aside instead of written, the subject's ID is noted, and after the payload the
/// kept fields are sealed and written as `"sealed"`. As in `PersonalFields.seal`, a personal field
/// that is not a string stays in clear, and without a subject ID nothing is sealed (the fields go
/// back in clear). The encoder sorts keys, so the order in which members are written does not matter.
struct SealingPayload: Encodable {
    let event: RegistryEvent
    let spec: PersonalFields.Spec
    /// Seals the fields for a subject (`kind:id`).
    let seal: ([String: String], String) throws -> SealedFields

    func encode(to encoder: any Encoder) throws {
        let sifted = SiftedFields()
        try event.encodePayload(to: SiftingEncoder(base: encoder, spec: spec, sifted: sifted))
        guard !sifted.fields.isEmpty else { return }
        var container = encoder.container(keyedBy: MemberKey.self)
        guard let subject = sifted.subject else {
            for (name, value) in sifted.fields { try container.encode(value, forKey: MemberKey(name)) }
            return
        }
        try container.encode(try seal(sifted.fields, spec.subjectKind + ":" + subject), forKey: MemberKey("sealed"))
    }
}

/// What the sifting container kept aside: the personal fields' text and the subject's ID.
private final class SiftedFields {
    var fields: [String: String] = [:]
    var subject: String?
}

/// A member name as a coding key.
private struct MemberKey: CodingKey {
    let stringValue: String
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// The payload's encoder with its top-level keyed container sifted; every nested value goes to
/// the real encoder.
private struct SiftingEncoder: Encoder {
    let base: any Encoder
    let spec: PersonalFields.Spec
    let sifted: SiftedFields
    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(SiftingContainer(base: base.container(keyedBy: type), spec: spec, sifted: sifted))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { base.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { base.singleValueContainer() }
}

private struct SiftingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var base: KeyedEncodingContainer<Key>
    let spec: PersonalFields.Spec
    let sifted: SiftedFields
    var codingPath: [any CodingKey] { base.codingPath }

    /// Keeps a personal field's text aside (true), or lets it be written.
    private func keptAside<T: Encodable>(_ value: T, _ key: Key) -> Bool {
        let name = key.stringValue
        if name == spec.subjectField { sifted.subject = SingleString.text(of: value) }
        guard spec.fields.contains(name), let text = SingleString.text(of: value) else { return false }
        sifted.fields[name] = text
        return true
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if !keptAside(value, key) { try base.encode(value, forKey: key) }
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        if !keptAside(value, key) { try base.encode(value, forKey: key) }
    }

    // Values that are not strings are never sealed (as in `PersonalFields.seal`).
    mutating func encodeNil(forKey key: Key) throws { try base.encodeNil(forKey: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try base.encode(value, forKey: key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        base.nestedContainer(keyedBy: keyType, forKey: key)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { base.nestedUnkeyedContainer(forKey: key) }
    mutating func superEncoder() -> any Encoder { base.superEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { base.superEncoder(forKey: key) }
}

/// Finds the string a value encodes as (a `CalendarDate` is one), or nil when it encodes as
/// anything else.
private final class SingleString: Encoder, SingleValueEncodingContainer {
    struct NotAString: Error {}
    var text: String?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func text<T: Encodable>(of value: T) -> String? {
        if let text = value as? String { return text }
        let probe = SingleString()
        guard (try? value.encode(to: probe)) != nil else { return nil }
        return probe.text
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Refusing<Key>())
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { Refusing<MemberKey>() }
    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encode(_ value: String) throws {
        guard text == nil else { throw NotAString() }
        text = value
    }

    func encodeNil() throws { throw NotAString() }
    func encode(_ value: Bool) throws { throw NotAString() }
    func encode(_ value: Double) throws { throw NotAString() }
    func encode(_ value: Float) throws { throw NotAString() }
    func encode(_ value: Int) throws { throw NotAString() }
    func encode(_ value: Int8) throws { throw NotAString() }
    func encode(_ value: Int16) throws { throw NotAString() }
    func encode(_ value: Int32) throws { throw NotAString() }
    func encode(_ value: Int64) throws { throw NotAString() }
    func encode(_ value: UInt) throws { throw NotAString() }
    func encode(_ value: UInt8) throws { throw NotAString() }
    func encode(_ value: UInt16) throws { throw NotAString() }
    func encode(_ value: UInt32) throws { throw NotAString() }
    func encode(_ value: UInt64) throws { throw NotAString() }
    func encode<T: Encodable>(_ value: T) throws {
        if let string = value as? String { try encode(string) } else { try value.encode(to: self) }
    }

    /// The containers of a value that is not one string: every write fails.
    private struct Refusing<Key: CodingKey>: KeyedEncodingContainerProtocol, UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }
        mutating func encodeNil(forKey key: Key) throws { throw NotAString() }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw NotAString() }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            KeyedEncodingContainer(Refusing<N>())
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { self }
        mutating func superEncoder() -> any Encoder { SingleString() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { SingleString() }
        mutating func encodeNil() throws { throw NotAString() }
        mutating func encode<T: Encodable>(_ value: T) throws { throw NotAString() }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type) -> KeyedEncodingContainer<N> {
            KeyedEncodingContainer(Refusing<N>())
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
    }
}
