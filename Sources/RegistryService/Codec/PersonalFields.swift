import Foundation
import PersonalData
import RegistryDomain

/// Which fields of which event payloads are personal data, and how they are sealed into and opened
/// from the payload JSON (FORMAT.md §17).
///
/// Sealing moves the personal fields out of the payload object into one member `"sealed"`
/// (`SealedFields`): everything else stays readable, so the chain, the Merkle tree, the stream
/// index and every rule that needs no personal data work on the ciphertext alone.
enum PersonalFields {
    /// One event type's personal fields.
    struct Spec: Sendable {
        /// The payload field holding the subject's ID.
        let subjectField: String
        /// The subject's kind: `student` or `teacher`.
        let subjectKind: String
        /// The personal fields.
        let fields: Set<String>
        /// Fills what the domain type requires when the fields cannot be opened.
        let withheld: @Sendable (inout [String: JSONFragment]) -> Void
    }

    /// The personal fields, by event type name.
    static let byType: [String: Spec] = [
        "StudentEnrolled": Spec(subjectField: "id", subjectKind: "student", fields: ["name", "birth", "idCard"]) { object in
            object["name"] = .string("")
            // A placeholder only: `personalDataWithheld` makes every rule that reads the birth date refuse.
            object["birth"] = object["enrolled"]
            object["personalDataWithheld"] = .bool(true)
        },
        "StudentCorrected": Spec(subjectField: "student", subjectKind: "student",
                                 fields: ["name", "previousName", "birth", "previousBirth"]) { _ in },
        "TeacherCorrected": Spec(subjectField: "teacher", subjectKind: "teacher", fields: ["name", "previousName"]) { _ in },
        "TeacherRegistered": Spec(subjectField: "id", subjectKind: "teacher", fields: ["name"]) { object in
            object["name"] = .string("")
            object["personalDataWithheld"] = .bool(true)
        },
    ]

    /// Whether events of `type` have personal fields: asked for every event a replay decodes, so its
    /// bytes are compared by length and then with `memcmp`, rather than hashing the name for `byType`
    /// or comparing it as strings (four `String` comparisons took about 350 instructions an event;
    /// the names are ASCII, whose bytes are equal exactly when the strings are).
    static func isPersonal(_ type: String) -> Bool {
        var type = type
        return type.withUTF8 { name in
            func equals(_ known: StaticString) -> Bool { memcmp(name.baseAddress!, known.utf8Start, name.count) == 0 }
            switch name.count {
            case 15: return equals("StudentEnrolled")
            case 16: return equals("StudentCorrected") || equals("TeacherCorrected")
            case 17: return equals("TeacherRegistered")
            default: return false
            }
        }
    }

    /// The data subject of a student.
    static func studentSubject(_ id: String) -> String { "student:" + id }

    /// The data subject whose key `event` is the first to need (an enrolment or a teacher's
    /// registration), so that a batch can make its keys in one write before sealing.
    static func newSubject(of event: RegistryEvent) -> String? {
        switch event {
        case .studentEnrolled(let e): return studentSubject(e.id)
        case .teacherRegistered(let e): return "teacher:" + e.id
        default: return nil
        }
    }

    /// `payload` with its personal fields sealed, or unchanged when `type` has none or none is present.
    ///
    /// The codec seals as it encodes (`SealingPayload`), which must give the same JSON as this from
    /// the plain payload: this is the reference the tests compare it with.
    ///
    /// The payload goes through `JSONDecoder`/`JSONEncoder` as `JSONFragment`s (keys sorted, as the
    /// codec writes them): `JSONSerialization` cost a third of an imported row, most of it sorting
    /// keys as bridged strings.
    static func seal(_ payload: [UInt8], type: String, with sealer: PersonalDataSealer) throws -> [UInt8] {
        guard let spec = byType[type],
              case .object(var object) = try JSONDecoder().decode(JSONFragment.self, from: Data(payload)),
              case .string(let subjectID)? = object[spec.subjectField] else { return payload }
        var fields: [String: String] = [:]
        for name in spec.fields {
            guard case .string(let text)? = object[name] else { continue }
            fields[name] = text
            object[name] = nil
        }
        guard !fields.isEmpty else { return payload }
        let sealed = try sealer.seal(fields, subject: spec.subjectKind + ":" + subjectID, context: type)
        object["sealed"] = .object(["key": .string(sealed.key), "nonce": .string(sealed.nonce), "ciphertext": .string(sealed.ciphertext),
                                    "fields": .array(sealed.fields.map(JSONFragment.string))])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(JSONFragment.object(object)))
    }

    /// Whether a payload of a personal type carries sealed fields (a cheap byte search).
    static func isSealed(_ payload: [UInt8]) -> Bool {
        firstIndex(of: "\"sealed\":", in: payload) != nil
    }

    /// `payload` with its sealed fields opened back into place, or with placeholders and
    /// `personalDataWithheld` when their key is missing.
    /// - Returns: the plain payload and whether the fields were withheld.
    /// - Throws: `PersonalDataError` for sealed fields that are malformed or do not open with their key.
    ///
    /// Every replay opens every enrolment, so this is on the rebuild's path: the payload is read as
    /// `JSONFragment`s and written back by `PlainJSON` (keys sorted, as the codec writes them), not
    /// through `JSONSerialization`, whose bridged key sorting and casts were half of a rebuild of a
    /// sealed history (BENCHMARKS.md, "Rebuild of a sealed history").
    static func open(_ payload: [UInt8], type: String, with sealer: PersonalDataSealer?) throws -> (payload: [UInt8], withheld: Bool) {
        guard let spec = byType[type],
              case .object(var object) = try JSONDecoder().decode(JSONFragment.self, from: Data(payload)),
              let box = object.removeValue(forKey: "sealed") else { return (payload, false) }
        guard case .object(let members) = box, case .string(let key)? = members["key"], case .string(let nonce)? = members["nonce"],
              case .string(let ciphertext)? = members["ciphertext"], case .array(let list)? = members["fields"] else {
            throw PersonalDataError.malformed("the sealed member of a \(type) payload")
        }
        var names: [String] = []
        for item in list {
            guard case .string(let name) = item else { throw PersonalDataError.malformed("the sealed member of a \(type) payload") }
            names.append(name)
        }
        let sealed = SealedFields(key: key, nonce: nonce, ciphertext: ciphertext, fields: names)
        var withheld = false
        if let fields = try sealer?.open(sealed, context: type) {
            for (name, value) in fields where spec.fields.contains(name) { object[name] = .string(value) }
        } else {
            spec.withheld(&object)
            withheld = true
        }
        return (try PlainJSON.bytes(.object(object)), withheld)
    }
}



extension PersonalFields {
    /// The sealed payload with its fields opened by splicing bytes, for the fast decoder (which reads
    /// members in any order): the `"sealed"` member is cut out and the opened fields are appended as
    /// members. Nil, for the caller to take `open`, whenever anything is not the plain shape the
    /// registry writes (the member first, escapes, a missing key or a failure to open): a replay
    /// opens every enrolment, and reading the payload through `JSONDecoder` to open it was most of
    /// the rebuild of a sealed history.
    static func splicedOpen(_ payload: [UInt8], type: String, with sealer: PersonalDataSealer?) -> [UInt8]? {
        guard let sealer, let spec = byType[type] else { return nil }
        let marker: StaticString = #","sealed":{"#
        guard let start = firstIndex(of: marker, in: payload) else { return nil }
        let boxStart = start + marker.utf8CodeUnitCount
        // The sealed member holds only strings and one array of strings, none escaped: its end is the
        // first closing brace outside a string. (Read through a buffer pointer: indexing the array
        // checked every byte's index, on every enrolment a replay opens.)
        let found: (end: Int, box: BoxRanges)? = payload.withUnsafeBufferPointer { bytes in
            var i = boxStart, inString = false
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\\") { return nil }
                if c == UInt8(ascii: "\"") { inString.toggle() } else if !inString && c == UInt8(ascii: "}") { break }
                i += 1
            }
            guard i < bytes.count, bytes[bytes.count - 1] == UInt8(ascii: "}"), let box = BoxRanges(bytes, boxStart, i) else { return nil }
            return (i, box)
        }
        guard let (end, box) = found else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 64)
        out.append(contentsOf: payload[..<start])
        out.append(contentsOf: payload[(end + 1)...].dropLast())
        let opened = out.count
        out.append(UInt8(ascii: ","))
        // The plaintext is the JSON object of the fields; its members are spliced in after the payload's.
        guard sealer.appendOpened(keyID: payload[box.key], nonce: payload[box.nonce], ciphertext: payload[box.ciphertext],
                                  context: type, to: &out),
              let members = plainMembers(out, from: opened + 1, names: spec.fields) else { return nil }
        if members == 0 {
            out.removeSubrange(opened...)
            out.append(UInt8(ascii: "}"))
        } else {
            // `{"a":"x"}` became `,{"a":"x"}`: drop the opening brace, keep the closing one as the payload's.
            out.remove(at: opened + 1)
        }
        return out
    }

    /// Where the `key`, `nonce` and `ciphertext` strings of a sealed box are (between its braces,
    /// quotes excluded); the box holds strings and one array of strings, nothing else.
    private struct BoxRanges {
        var key: Range<Int> = 0..<0, nonce: Range<Int> = 0..<0, ciphertext: Range<Int> = 0..<0

        init?(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
            var i = from, seen = 0
            func string() -> Range<Int>? {
                guard i < to, bytes[i] == UInt8(ascii: "\"") else { return nil }
                i += 1
                let first = i
                while i < to, bytes[i] != UInt8(ascii: "\"") { i += 1 }
                guard i < to else { return nil }
                defer { i += 1 }
                return first..<i
            }
            while i < to {
                guard let name = string(), i < to, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                if i < to, bytes[i] == UInt8(ascii: "[") {
                    i += 1
                    while i < to, bytes[i] != UInt8(ascii: "]") {
                        guard string() != nil else { return nil }
                        if i < to, bytes[i] == UInt8(ascii: ",") { i += 1 }
                    }
                    guard i < to else { return nil }
                    i += 1
                } else {
                    guard let value = string() else { return nil }
                    let name = UnsafeBufferPointer(rebasing: bytes[name])
                    switch name.elementsEqual("key".utf8) ? 0 : name.elementsEqual("nonce".utf8) ? 1
                        : name.elementsEqual("ciphertext".utf8) ? 2 : 3 {
                    case 0: key = value; seen |= 1
                    case 1: nonce = value; seen |= 2
                    case 2: ciphertext = value; seen |= 4
                    default: break
                    }
                }
                if i < to {
                    guard bytes[i] == UInt8(ascii: ",") else { return nil }
                    i += 1
                }
            }
            guard seen == 7 else { return nil }
        }
    }

    /// The number of members of the plain JSON object at `from` to the end of `bytes` — string
    /// members without escapes or control characters, named in `names` — or nil for anything else
    /// (the caller then takes `open`, which drops unknown names and escapes what needs it).
    private static func plainMembers(_ bytes: [UInt8], from: Int, names: Set<String>) -> Int? {
        var i = from
        let n = bytes.count
        func string() -> Range<Int>? {
            guard i < n, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let first = i
            while i < n, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") || bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < n else { return nil }
            defer { i += 1 }
            return first..<i
        }
        guard i < n, bytes[i] == UInt8(ascii: "{"), bytes[n - 1] == UInt8(ascii: "}") else { return nil }
        i += 1
        var count = 0
        while i < n - 1 {
            if count > 0 {
                guard bytes[i] == UInt8(ascii: ",") else { return nil }
                i += 1
            }
            // Compared as bytes with each of the type's few names, not made into a `String` and hashed.
            guard let name = string(), names.contains(where: { $0.utf8.elementsEqual(bytes[name]) }),
                  i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard string() != nil else { return nil }
            count += 1
        }
        return i == n - 1 ? count : nil
    }

    /// Where `needle` first occurs in `haystack`: libc's `memchr` finds each candidate first byte and
    /// `memcmp` compares the rest. Asked of every payload of a personal type a replay decodes (twice
    /// for a sealed one), where the loop it replaced indexed the array, with a check, byte by byte.
    static func firstIndex(of needle: StaticString, in haystack: [UInt8]) -> Int? {
        let n = needle.utf8CodeUnitCount
        return haystack.withUnsafeBytes { bytes -> Int? in
            guard n > 0, let base = bytes.baseAddress, bytes.count >= n else { return nil }
            let first = Int32(needle.utf8Start.pointee)
            var i = 0
            let last = bytes.count - n
            while i <= last, let hit = memchr(base + i, first, last - i + 1) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, needle.utf8Start, n) == 0 { return at }
                i = at + 1
            }
            return nil
        }
    }
}

/// JSON bytes of a `JSONFragment`, keys sorted: strings that need no escape, integers, booleans and
/// null are written directly; anything else (an escaped string, a fractional number) goes through
/// `JSONEncoder` for that value alone, so the output always reads back to the same value.
enum PlainJSON {
    static func bytes(_ value: JSONFragment) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        try write(value, into: &out)
        return out
    }

    private static func write(_ value: JSONFragment, into out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let n): out.append(contentsOf: String(n).utf8)
        case .string(let text):
            if JSONBytes.needsEscape(text) {
                out.append(contentsOf: try encoded(value))
            } else {
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: text.utf8)
                out.append(UInt8(ascii: "\""))
            }
        case .number: out.append(contentsOf: try encoded(value))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, name) in members.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(.string(name), into: &out)
                out.append(UInt8(ascii: ":"))
                try write(members[name]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func encoded(_ value: JSONFragment) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
