import EventStore
import Foundation
import PersonalData
import RegistryDomain
import Testing
@testable import RegistryService

/// The codec seals personal fields while it encodes the payload (`SealingPayload`); it must write
/// what `PersonalFields.seal` makes from the plain payload, apart from the random nonce and so the
/// ciphertext, and open back to the same event.
@Suite("Sealing while encoding agrees with sealing the plain payload")
struct SealingEncoderTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static let events: [RegistryEvent] = [
        .studentEnrolled(StudentEnrolled(id: "ST1", school: "S1", name: "张三", major: "焊接", birth: day("2008-02-29"), enrolled: day("2023-09-01"))),
        .studentEnrolled(StudentEnrolled(id: "ST2", school: "S1", name: "李四 \"引\" \\ /", major: "焊接", birth: day("2012-02-29"),
                                         enrolled: day("2023-09-01"), guardianConsent: "GC-2023-7", idCard: "41120220120229123X",
                                         idCardDigest: "8db21eeb330a76ca5d05eb2bcd0f37b928bd6792876774b880614dae1e93efa7")),
        .studentCorrected(StudentCorrected(student: "ST1", name: "张叁", previousName: "张三", reason: "错字")),
        .studentCorrected(StudentCorrected(student: "ST1", birth: day("2008-03-01"), previousBirth: day("2008-02-29"), reason: "户口本")),
        // No personal field present: nothing to seal, the payload stays as it is.
        .studentCorrected(StudentCorrected(student: "ST1", reason: "none")),
        .teacherRegistered(TeacherRegistered(id: "T1", school: "S1", name: "王老师", course: .professional, since: day("2015-09-01"))),
        .teacherCorrected(TeacherCorrected(teacher: "T1", name: "王师", previousName: "王老师", course: .general,
                                           previousCourse: .professional, reason: "改名")),
    ]

    /// The payload as JSON values, with the sealed member's nonce and ciphertext blanked.
    static func comparable(_ payload: [UInt8]) throws -> JSONFragment {
        guard case .object(var object) = try JSONDecoder().decode(JSONFragment.self, from: Data(payload)) else { return .null }
        if case .object(var sealed)? = object["sealed"] {
            #expect(sealed["nonce"] != nil && sealed["ciphertext"] != nil)
            sealed["nonce"] = .string("")
            sealed["ciphertext"] = .string("")
            object["sealed"] = .object(sealed)
        }
        return .object(object)
    }

    @Test(arguments: events)
    func theSameMembersAndTheSameFieldsAreSealed(event: RegistryEvent) throws {
        let scratch = try ScratchSealer()
        defer { withExtendedLifetime(scratch) {} }  // the key store's directory lives until the test ends
        let sealer = scratch.sealer
        let codec = EventCodec(sealer: sealer)
        let typed = try codec.encode(event)
        let reference = try PersonalFields.seal(try EventCodec().encode(event).payload, type: event.typeName, with: sealer)
        #expect(try Self.comparable(typed.payload) == Self.comparable(reference))
        #expect(PersonalFields.isSealed(typed.payload) == PersonalFields.isSealed(reference))
        // Key order as the plain encoder writes it (sorted), so equal events give equal bytes but for the nonce.
        let keys = try JSONSerialization.jsonObject(with: Data(typed.payload)) as! [String: Any]
        #expect(String(decoding: typed.payload, as: UTF8.self).hasPrefix("{\"" + keys.keys.sorted()[0]))
        let envelope = EventEnvelope(position: 1, streamID: event.streamID, streamVersion: 1, eventID: EventID(bytes: Array(repeating: 0, count: 16))!,
                                     commandID: "c", actor: "school:S1", recordedAt: 0, type: typed.type, schemaVersion: typed.schemaVersion,
                                     payload: typed.payload)
        #expect(try codec.decode(envelope) == event)
    }
}

/// A sealed `StudentEnrolled` is written as bytes (`StudentEnrolledWriter`); those bytes must be
/// what `JSONEncoder` writes through `SealingPayload` with the same sealed member, and the sealed
/// plaintext what the sealer writes through `JSONEncoder`.
@Suite("Student enrolments written as bytes agree with JSONEncoder")
struct StudentEnrolledWriterTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static let enrolments: [StudentEnrolled] = [
        StudentEnrolled(id: "B000001", school: "S01", name: "王芳芳", major: "数控技术", birth: day("2005-02-03"), enrolled: day("2023-09-01")),
        StudentEnrolled(id: "ST2", school: "S1", name: "李四", major: "焊接/钳工", birth: day("2012-02-29"), enrolled: day("2023-09-01"),
                        guardianConsent: "GC-2023-7", idCard: "41120220120229123X",
                        idCardDigest: "8db21eeb330a76ca5d05eb2bcd0f37b928bd6792876774b880614dae1e93efa7"),
        StudentEnrolled(id: "学生-1", school: "S1", name: "A\u{7F}\u{2028}\u{2029}😀é\u{301}", major: "<b>&'", birth: day("1999-12-31"),
                        enrolled: day("2000-01-01"), idCard: "411202201202291"),
    ]

    @Test(arguments: enrolments)
    func theBytesAreJSONEncodersAndOpenToTheSameEvent(enrolment: StudentEnrolled) throws {
        let scratch = try ScratchSealer()
        defer { withExtendedLifetime(scratch) {} }  // the key store's directory lives until the test ends
        let sealer = scratch.sealer
        let written = try #require(try StudentEnrolledWriter.sealedPayload(enrolment, with: sealer))
        // The reference: JSONEncoder through SealingPayload, handed the sealed member the writer made.
        guard case .object(let object) = try JSONDecoder().decode(JSONFragment.self, from: Data(written)),
              case .object(let box)? = object["sealed"], case .string(let key)? = box["key"], case .string(let nonce)? = box["nonce"],
              case .string(let ciphertext)? = box["ciphertext"], case .array(let names)? = box["fields"] else {
            Issue.record("no sealed member"); return
        }
        let sealed = SealedFields(key: key, nonce: nonce, ciphertext: ciphertext,
                                  fields: names.map { if case .string(let s) = $0 { s } else { "" } })
        var plain: [String: String] = ["name": enrolment.name, "birth": enrolment.birth.description]
        if let idCard = enrolment.idCard { plain["idCard"] = idCard }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let reference = try encoder.encode(SealingPayload(event: .studentEnrolled(enrolment), spec: PersonalFields.byType["StudentEnrolled"]!) { fields, subject in
            #expect(fields == plain)
            #expect(subject == "student:" + enrolment.id)
            return sealed
        })
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
        #expect(written == Array(reference))
        // The plaintext sealed is the sealer's own JSON of the fields: it opens to them.
        #expect(try sealer.open(sealed, context: "StudentEnrolled") == plain)
        #expect(sealed.fields == plain.keys.sorted())
        let codec = EventCodec(sealer: sealer)
        let envelope = EventEnvelope(position: 1, streamID: "student:" + enrolment.id, streamVersion: 1,
                                     eventID: EventID(bytes: Array(repeating: 0, count: 16))!, commandID: "c", actor: "school:S1",
                                     recordedAt: 0, type: "StudentEnrolled", schemaVersion: 1, payload: written)
        #expect(try codec.decode(envelope) == .studentEnrolled(enrolment))
    }

    @Test func aStringThatNeedsAnEscapeIsLeftToJSONEncoder() throws {
        let scratch = try ScratchSealer()
        defer { withExtendedLifetime(scratch) {} }  // the key store's directory lives until the test ends
        let sealer = scratch.sealer
        for name in ["王\"芳", "a\\b", "tab\there", "line\n"] {
            let e = StudentEnrolled(id: "S1", school: "S1", name: name, major: "m", birth: Self.day("2005-01-01"), enrolled: Self.day("2023-09-01"))
            #expect(try StudentEnrolledWriter.sealedPayload(e, with: sealer) == nil)
            // The codec still seals it, through JSONEncoder.
            let encoded = try EventCodec(sealer: sealer).encode(.studentEnrolled(e))
            #expect(PersonalFields.isSealed(encoded.payload))
        }
    }

    /// A replay opens sealed fields by splicing bytes for the fast decoder; it must give the event
    /// the reference path gives (the payload read whole, opened, and decoded by `JSONDecoder`), and
    /// leave to that path what it cannot read plainly (an escaped name) or cannot open (a lost key).
    @Test(arguments: SealingEncoderTests.events)
    func openingBySplicingGivesTheEventTheReferencePathGives(event: RegistryEvent) throws {
        let scratch = try ScratchSealer()
        defer { withExtendedLifetime(scratch) {} }  // the key store's directory lives until the test ends
        let sealer = scratch.sealer
        let codec = EventCodec(sealer: sealer)
        let typed = try codec.encode(event)
        guard PersonalFields.isSealed(typed.payload) else {
            #expect(PersonalFields.splicedOpen(typed.payload, type: typed.type, with: sealer) == nil)
            return
        }
        let opened = try PersonalFields.open(typed.payload, type: typed.type, with: sealer)
        var plain = EventEnvelope(position: 1, streamID: event.streamID, streamVersion: 1, eventID: EventID(bytes: Array(repeating: 0, count: 16))!,
                                  commandID: "c", actor: "school:S1", recordedAt: 0, type: typed.type, schemaVersion: typed.schemaVersion,
                                  payload: opened.payload)
        #expect(try codec.decodeWithJSONDecoder(plain) == event)
        let spliced = PersonalFields.splicedOpen(typed.payload, type: typed.type, with: sealer)
        if case .studentEnrolled(let e) = event, e.name.contains("\"") {
            #expect(spliced == nil)
        } else {
            let bytes = try #require(spliced)
            // Types the fast decoder does not read (corrections) go on to the reference path in the codec.
            let fast = FastPayloadDecoder.decode(type: typed.type, payload: bytes)
            switch event {
            case .studentEnrolled, .teacherRegistered: #expect(fast == event)
            default: #expect(fast == nil || fast == event)
            }
            #expect(try codec.decode(plain) == event)
        }
        // Without the key (an erased subject) the splice declines, and the reference path withholds.
        plain.payload = typed.payload
        #expect(PersonalFields.splicedOpen(typed.payload, type: typed.type, with: PersonalDataSealer(keyStore: nil)) == nil)
    }
}

/// A sealer over a key store in a scratch directory, removed when the value goes.
final class ScratchSealer {
    let directory = FileManager.default.temporaryDirectory.path + "/sealer-\(UUID().uuidString)"
    let sealer: PersonalDataSealer

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        sealer = PersonalDataSealer(keyStore: SQLiteKeyStore(directory: directory, writable: true))
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}
