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
        let withheld: @Sendable (inout [String: Any]) -> Void
    }

    /// The personal fields, by event type name.
    static let byType: [String: Spec] = [
        "StudentEnrolled": Spec(subjectField: "id", subjectKind: "student", fields: ["name", "birth", "idCard"]) { object in
            object["name"] = ""
            // A placeholder only: `personalDataWithheld` makes every rule that reads the birth date refuse.
            object["birth"] = object["enrolled"]
            object["personalDataWithheld"] = true
        },
        "StudentCorrected": Spec(subjectField: "student", subjectKind: "student",
                                 fields: ["name", "previousName", "birth", "previousBirth"]) { _ in },
        "TeacherCorrected": Spec(subjectField: "teacher", subjectKind: "teacher", fields: ["name", "previousName"]) { _ in },
        "TeacherRegistered": Spec(subjectField: "id", subjectKind: "teacher", fields: ["name"]) { object in
            object["name"] = ""
            object["personalDataWithheld"] = true
        },
    ]

    /// Whether events of `type` have personal fields: asked for every event a replay decodes, so three
    /// string comparisons (mostly of different lengths) rather than hashing the name for `byType`.
    @inline(__always)
    static func isPersonal(_ type: String) -> Bool {
        type == "StudentEnrolled" || type == "StudentCorrected" || type == "TeacherRegistered" || type == "TeacherCorrected"
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
        let needle = Array("\"sealed\":".utf8)
        guard payload.count >= needle.count else { return false }
        return payload.withUnsafeBufferPointer { b in
            var i = 0
            while i + needle.count <= b.count {
                if b[i] == needle[0] && b[i + 1] == needle[1] && Array(b[i..<(i + needle.count)]) == needle { return true }
                i += 1
            }
            return false
        }
    }

    /// `payload` with its sealed fields opened back into place, or with placeholders and
    /// `personalDataWithheld` when their key is missing.
    /// - Returns: the plain payload and whether the fields were withheld.
    /// - Throws: `PersonalDataError` for sealed fields that are malformed or do not open with their key.
    static func open(_ payload: [UInt8], type: String, with sealer: PersonalDataSealer?) throws -> (payload: [UInt8], withheld: Bool) {
        guard let spec = byType[type],
              var object = try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
              let box = object.removeValue(forKey: "sealed") else { return (payload, false) }
        guard let box = box as? [String: Any], let key = box["key"] as? String, let nonce = box["nonce"] as? String,
              let ciphertext = box["ciphertext"] as? String, let names = box["fields"] as? [String] else {
            throw PersonalDataError.malformed("the sealed member of a \(type) payload")
        }
        let sealed = SealedFields(key: key, nonce: nonce, ciphertext: ciphertext, fields: names)
        var withheld = false
        if let fields = try sealer?.open(sealed, context: type) {
            for (name, value) in fields where spec.fields.contains(name) { object[name] = value }
        } else {
            spec.withheld(&object)
            withheld = true
        }
        return (Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])), withheld)
    }
}

