import RegistryDomain

/// Decodes `PolicyAdopted` payloads straight from their JSON bytes, without Foundation's `JSONDecoder`.
///
/// Every command folds the registry stream, whose policy adoptions (a policy of some forty figures
/// each) only `JSONDecoder` read: 1.7 M instructions of a stipend confirmation's 19 M, most of them
/// Foundation's first use of its decoder and of the payload types' conformances, in every process.
///
/// Like `FastPayloadDecoder`, it accepts only the plain shape the registry writes — strings without
/// escapes, integers, null, arrays and objects of those, keys unique — and returns nil for anything
/// else, so that the caller falls back to `JSONDecoder`, which then decodes or reports the error
/// exactly as before. What the keys mean is the domain's (`PolicyAdopted.stored`, `Policy.stored`),
/// beside the `Decodable` conformances it must agree with.
enum PolicyAdoptedDecoder {
    /// A JSON value of the plain shape.
    private indirect enum Value {
        case object([(key: String, value: Value)])
        case array([Value])
        case string(String)
        case integer(Int64)
        case null
    }

    /// The event, or nil when the payload is not in the plain shape or `JSONDecoder` would not read it.
    static func decode(_ payload: [UInt8]) -> PolicyAdopted? {
        guard case .object(let top)? = parse(payload),
              case .string(let fromText)? = field(top, "from"), let from = CalendarDate(fromText),
              case .object(let stored)? = field(top, "policy") else { return nil }
        guard let policy = policy(stored) else { return nil }
        switch field(top, "overrides") {
        case nil, .null?:
            return PolicyAdopted.stored(from: from, policy: policy, overrides: nil)
        case .array(let items)?:
            var overrides: [(name: String, value: String, source: String)] = []
            for item in items {
                guard case .object(let fields) = item, fields.count == 3,
                      case .string(let name)? = field(fields, "name"), case .string(let value)? = field(fields, "value"),
                      case .string(let source)? = field(fields, "source") else { return nil }
                overrides.append((name, value, source))
            }
            return PolicyAdopted.stored(from: from, policy: policy, overrides: overrides)
        default:
            return nil
        }
    }

    /// The stored policy: `profile`, then each parameter as `{"source": …, "value": …}`.
    private static func policy(_ fields: [(key: String, value: Value)]) -> Policy? {
        guard case .string(let profile)? = field(fields, "profile") else { return nil }
        var stored: [(key: String, value: StoredParameterValue, source: String)] = []
        for (key, value) in fields where key != "profile" {
            guard case .object(let parts) = value, parts.count == 2, case .string(let source)? = field(parts, "source"),
                  let raw = field(parts, "value") else { return nil }
            let storedValue: StoredParameterValue
            switch raw {
            case .integer(let n): storedValue = .integer(n)
            case .string(let text): storedValue = .text(text)
            case .array(let items):
                var texts: [String] = []
                for item in items {
                    guard case .string(let text) = item else { return nil }
                    texts.append(text)
                }
                storedValue = .texts(texts)
            default: return nil
            }
            stored.append((key, storedValue, source))
        }
        return Policy.stored(profile: profile, stored)
    }

    private static func field(_ fields: [(key: String, value: Value)], _ name: String) -> Value? {
        fields.first { $0.key == name }?.value
    }

    /// The whole payload as one value, or nil when any of it is outside the plain shape.
    private static func parse(_ bytes: [UInt8]) -> Value? {
        bytes.withUnsafeBufferPointer { b -> Value? in
            var s = PlainJSONScanner(b)
            func value(depth: Int) -> Value? {
                guard depth < 8 else { return nil }
                s.skipSpace()
                guard let c = s.next else { return nil }
                switch c {
                case UInt8(ascii: "\""):
                    return s.string().map(Value.string)
                case UInt8(ascii: "-"), 0x30...0x39:
                    return s.integer().map(Value.integer)
                case UInt8(ascii: "n"):
                    return s.literal("null") ? .null : nil
                case UInt8(ascii: "["):
                    s.i += 1
                    var items: [Value] = []
                    s.skipSpace()
                    if s.take(UInt8(ascii: "]")) { return .array(items) }
                    while true {
                        guard let item = value(depth: depth + 1) else { return nil }
                        items.append(item)
                        s.skipSpace()
                        if s.take(UInt8(ascii: ",")) { continue }
                        return s.take(UInt8(ascii: "]")) ? .array(items) : nil
                    }
                case UInt8(ascii: "{"):
                    s.i += 1
                    var fields: [(key: String, value: Value)] = []
                    s.skipSpace()
                    if s.take(UInt8(ascii: "}")) { return .object(fields) }
                    while true {
                        s.skipSpace()
                        guard let key = s.string(), !fields.contains(where: { $0.key == key }) else { return nil }
                        s.skipSpace()
                        guard s.take(UInt8(ascii: ":")), let item = value(depth: depth + 1) else { return nil }
                        fields.append((key, item))
                        s.skipSpace()
                        if s.take(UInt8(ascii: ",")) { continue }
                        return s.take(UInt8(ascii: "}")) ? .object(fields) : nil
                    }
                default:
                    return nil
                }
            }
            guard let top = value(depth: 0) else { return nil }
            s.skipSpace()
            return s.i == b.count ? top : nil
        }
    }
}
