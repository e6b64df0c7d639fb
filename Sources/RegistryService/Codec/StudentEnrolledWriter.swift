import PersonalData
import RegistryDomain

/// Writes a sealed `StudentEnrolled` payload — the event of every imported student row — straight
/// as bytes: the same bytes `SealingPayload` makes through `JSONEncoder` (keys sorted, no slashes
/// escaped), with the same plaintext sealed. Through `JSONEncoder` the payload, its sealed member
/// and the sealed fields' plaintext were a fifth of an imported row (BENCHMARKS.md).
///
/// It writes only the plain shape: when any string would need an escape in JSON (a quote, a
/// backslash, a control character) or `personalDataWithheld` is set (never written by the
/// registry), it returns nil and the caller takes the `JSONEncoder` path, which stays the
/// reference (the tests compare the two byte for byte).
enum StudentEnrolledWriter {
    /// The sealed payload, or nil for a shape this writer leaves to `JSONEncoder`.
    static func sealedPayload(_ e: StudentEnrolled, with sealer: PersonalDataSealer) throws -> [UInt8]? {
        guard e.personalDataWithheld == nil else { return nil }
        for text in [e.id, e.school, e.name, e.major, e.guardianConsent ?? "", e.idCard ?? "", e.idCardDigest ?? ""] where JSONBytes.needsEscape(text) {
            return nil
        }
        let birth = e.birth.description, enrolled = e.enrolled.description
        guard !JSONBytes.needsEscape(birth) && !JSONBytes.needsEscape(enrolled) else { return nil }

        // The sealed fields' plaintext, keys sorted, as `PersonalDataSealer.seal(_:subject:context:)` writes it.
        var plaintext: [UInt8] = []
        plaintext.reserveCapacity(96)
        var names = ["birth"]
        plaintext.append(contentsOf: #"{"birth":""#.utf8)
        plaintext.append(contentsOf: birth.utf8)
        if let idCard = e.idCard {
            names.append("idCard")
            plaintext.append(contentsOf: #"","idCard":""#.utf8)
            plaintext.append(contentsOf: idCard.utf8)
        }
        names.append("name")
        plaintext.append(contentsOf: #"","name":""#.utf8)
        plaintext.append(contentsOf: e.name.utf8)
        plaintext.append(contentsOf: #""}"#.utf8)
        let sealed = try sealer.seal(plaintext: plaintext, names: names, subject: PersonalFields.studentSubject(e.id),
                                     context: RegistryEvent.studentEnrolled(e).typeName)
        for text in [sealed.key, sealed.nonce, sealed.ciphertext] where JSONBytes.needsEscape(text) { return nil }

        var out: [UInt8] = []
        out.reserveCapacity(320)
        func member(_ name: String, _ value: String, first: Bool = false) { JSONBytes.member(name, value, first: first, to: &out) }
        member("enrolled", enrolled, first: true)
        if let consent = e.guardianConsent { member("guardianConsent", consent) }
        member("id", e.id)
        if let digest = e.idCardDigest { member("idCardDigest", digest) }
        member("major", e.major)
        member("school", e.school)
        out.append(contentsOf: #","sealed":{"ciphertext":""#.utf8)
        out.append(contentsOf: sealed.ciphertext.utf8)
        out.append(contentsOf: #"","fields":["#.utf8)
        for (i, name) in names.enumerated() {
            out.append(contentsOf: (i == 0 ? "\"" : ",\"").utf8)
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: "\""))
        }
        out.append(contentsOf: #"],"key":""#.utf8)
        out.append(contentsOf: sealed.key.utf8)
        out.append(contentsOf: #"","nonce":""#.utf8)
        out.append(contentsOf: sealed.nonce.utf8)
        out.append(contentsOf: #""}}"#.utf8)
        return out
    }
}
