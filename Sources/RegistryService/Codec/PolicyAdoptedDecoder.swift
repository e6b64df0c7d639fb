import Glibc
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
            var i = 0
            let n = b.count
            func skipSpace() { while i < n, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
            /// A string without escapes or control characters whose bytes are UTF-8, with `i` past its closing quote.
            func string() -> String? {
                guard i < n, b[i] == UInt8(ascii: "\"") else { return nil }
                i += 1
                let start = i
                while i < n, b[i] != UInt8(ascii: "\"") {
                    if b[i] == UInt8(ascii: "\\") || b[i] < 0x20 { return nil }
                    i += 1
                }
                guard i < n else { return nil }
                let raw = UnsafeBufferPointer(rebasing: b[start..<i])
                i += 1
                let text = String(decoding: raw, as: UTF8.self)
                // Decoding repairs bytes that are not UTF-8, where JSONDecoder refuses them: compared back.
                var same = false
                var copy = text
                copy.withUTF8 { utf8 in
                    same = utf8.count == raw.count && (raw.isEmpty || memcmp(utf8.baseAddress!, raw.baseAddress!, raw.count) == 0)
                }
                return same ? text : nil
            }
            /// An integer as JSON writes one (no leading zeros, no fraction or exponent) that fits 64 bits.
            func integer() -> Int64? {
                let negative = i < n && b[i] == UInt8(ascii: "-")
                if negative { i += 1 }
                let start = i
                var magnitude: UInt64 = 0
                while i < n, b[i] >= 0x30, b[i] <= 0x39 {
                    let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (plus, o2) = times.addingReportingOverflow(UInt64(b[i] - 0x30))
                    guard !o1, !o2 else { return nil }
                    magnitude = plus
                    i += 1
                }
                guard i > start, !(b[start] == 0x30 && i - start > 1) else { return nil }
                if i < n, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") { return nil }
                if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
                return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
            }
            func value(depth: Int) -> Value? {
                guard depth < 8 else { return nil }
                skipSpace()
                guard i < n else { return nil }
                switch b[i] {
                case UInt8(ascii: "\""):
                    return string().map(Value.string)
                case UInt8(ascii: "-"), 0x30...0x39:
                    return integer().map(Value.integer)
                case UInt8(ascii: "n"):
                    guard i + 4 <= n, b[i + 1] == UInt8(ascii: "u"), b[i + 2] == UInt8(ascii: "l"), b[i + 3] == UInt8(ascii: "l") else { return nil }
                    i += 4
                    return .null
                case UInt8(ascii: "["):
                    i += 1
                    var items: [Value] = []
                    skipSpace()
                    if i < n, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    while true {
                        guard let item = value(depth: depth + 1) else { return nil }
                        items.append(item)
                        skipSpace()
                        guard i < n else { return nil }
                        if b[i] == UInt8(ascii: ",") { i += 1; continue }
                        guard b[i] == UInt8(ascii: "]") else { return nil }
                        i += 1
                        return .array(items)
                    }
                case UInt8(ascii: "{"):
                    i += 1
                    var fields: [(key: String, value: Value)] = []
                    skipSpace()
                    if i < n, b[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                    while true {
                        skipSpace()
                        guard let key = string(), !fields.contains(where: { $0.key == key }) else { return nil }
                        skipSpace()
                        guard i < n, b[i] == UInt8(ascii: ":") else { return nil }
                        i += 1
                        guard let item = value(depth: depth + 1) else { return nil }
                        fields.append((key, item))
                        skipSpace()
                        guard i < n else { return nil }
                        if b[i] == UInt8(ascii: ",") { i += 1; continue }
                        guard b[i] == UInt8(ascii: "}") else { return nil }
                        i += 1
                        return .object(fields)
                    }
                default:
                    return nil
                }
            }
            guard let top = value(depth: 0) else { return nil }
            skipSpace()
            return i == n ? top : nil
        }
    }
}
