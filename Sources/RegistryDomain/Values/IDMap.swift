/// An identifier as a dictionary key that is equal to another only when their UTF-8 bytes are.
///
/// IDs compare as bytes everywhere inside the registry (EventLog/FORMAT.md 3.1). Swift's `String ==`
/// treats canonically equivalent text as equal (`é` and `e` + U+0301), which would fold two streams
/// of the log into one entity. The command line normalises IDs to NFC on input, so new IDs never
/// differ only in normalisation; a log written before that, or through the store's API, may hold both.
public struct ExactID: Hashable, Sendable, CustomStringConvertible {
    /// The ID.
    public let text: String

    /// Wraps `text`.
    public init(_ text: String) { self.text = text }

    public static func == (a: ExactID, b: ExactID) -> Bool { a.text.hasSameBytes(as: b.text) }

    /// `String`'s hash, which is the same for canonical equivalents and so for equal bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    public var description: String { text }
}

/// Entities by ID, where two IDs are one only when their bytes are (see `ExactID`).
///
/// Reads like a dictionary keyed by `String`: `map[id]`, `map[id] = value`, `values`, `keys`, `count`.
public struct IDMap<Value: Sendable>: Sendable, ExpressibleByDictionaryLiteral {
    private var storage: [ExactID: Value]

    /// An empty map.
    public init() { storage = [:] }

    public init(dictionaryLiteral elements: (String, Value)...) {
        storage = Dictionary(elements.map { (ExactID($0.0), $0.1) }, uniquingKeysWith: { _, last in last })
    }

    /// The value for the ID with exactly these bytes.
    ///
    /// Changed in place (`_modify`, as `Dictionary`'s own subscript is): with only `get` and `set`, a
    /// change through the subscript (`map[id]?.list.append(x)`, `fold(&map[id], event)`) copied the
    /// value out, changed the copy while the map still held the original, so every array or
    /// dictionary in it was copied first, and stored it back.
    public subscript(_ id: String) -> Value? {
        get { storage[ExactID(id)] }
        set { storage[ExactID(id)] = newValue }
        _modify { yield &storage[ExactID(id)] }
    }

    /// The values, in no particular order.
    public var values: Dictionary<ExactID, Value>.Values { storage.values }

    /// The IDs, in no particular order.
    public var keys: [String] { storage.keys.map(\.text) }

    /// How many entities there are.
    public var count: Int { storage.count }

    /// Whether there are none.
    public var isEmpty: Bool { storage.isEmpty }
}

extension IDMap: Equatable where Value: Equatable {}

extension IDMap: Sequence {
    public func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        storage.lazy.map { (key: $0.key.text, value: $0.value) }.makeIterator()
    }
}

extension String {
    /// Whether the two strings are the same UTF-8 bytes, without the Unicode normalisation of `==`.
    public func hasSameBytes(as other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in a.count == b.count && a.elementsEqual(b) }
        }
        if let fast, let result = fast { return result }
        return utf8.elementsEqual(other.utf8)
    }
}
