import EventStore
import Foundation
@testable import PersonalData
import RegistryDomain
import Testing
@testable import RegistryService

/// A replay opens every enrolment: after a few hundred keys asked for one by one, the sealer lists
/// every live key of the store in one query and opens with one reused libcrypto context. The opened
/// events must be the same as before, and an erased subject, a key made after the listing and
/// changed ciphertext must be handled as the reference path handles them.
@Suite("Opening sealed fields from a listing of every key")
struct ReplayKeyListingTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static func enrolment(_ n: Int) -> RegistryEvent {
        .studentEnrolled(StudentEnrolled(id: "ST\(n)", school: "S1", name: "学生\(n)", major: "焊接", birth: day("2008-02-29"),
                                         enrolled: day("2023-09-01"), idCard: n % 2 == 0 ? "41120220080229123X" : nil))
    }

    static func envelope(_ typed: NewEvent, _ position: UInt64) -> EventEnvelope {
        EventEnvelope(position: position, streamID: "student-\(position)", streamVersion: 1, eventID: EventID(bytes: Array(repeating: 0, count: 16))!,
                      commandID: "c", actor: "school:S1", recordedAt: 0, type: typed.type, schemaVersion: typed.schemaVersion,
                      payload: typed.payload)
    }

    @Test func moreEnrolmentsThanTheListingThresholdOpenToTheSameEvents() throws {
        let scratch = try ScratchSealer()
        defer { withExtendedLifetime(scratch) {} }
        let writer = EventCodec(sealer: scratch.sealer)
        let count = 700
        var typed = try (0..<count).map { try writer.encode(Self.enrolment($0)) }
        // Subject 500 is erased before the replay; subject 600's ciphertext is changed.
        #expect(try scratch.sealer.destroyKey(of: "student:ST500"))
        let tampered = String(decoding: typed[600].payload, as: UTF8.self)
            .replacingOccurrences(of: "\"ciphertext\":\"", with: "\"ciphertext\":\"AAAA")
        typed[600].payload = Array(tampered.utf8)

        let reader = EventCodec(sealer: PersonalDataSealer(keyStore: SQLiteKeyStore(directory: scratch.directory, writable: false)))
        for n in 0..<count {
            let envelope = Self.envelope(typed[n], UInt64(n + 1))
            switch n {
            case 500:
                #expect(PersonalFields.splicedOpen(envelope.payload, type: envelope.type, with: reader.sealer) == nil)
                guard case .studentEnrolled(let e) = try reader.decode(envelope) else { Issue.record("not an enrolment"); continue }
                #expect(e.name == "" && e.personalDataWithheld == true)
            case 600:
                #expect(PersonalFields.splicedOpen(envelope.payload, type: envelope.type, with: reader.sealer) == nil)
                #expect(throws: RegistryError.self) { try reader.decode(envelope) }
            default:
                #expect(try reader.decode(envelope) == Self.enrolment(n), "enrolment \(n)")
            }
        }
    }

    @Test func aKeyMadeAfterTheListingStillOpens() throws {
        let scratch = try ScratchSealer()
        defer { withExtendedLifetime(scratch) {} }
        let writer = EventCodec(sealer: scratch.sealer)
        let reader = EventCodec(sealer: PersonalDataSealer(keyStore: SQLiteKeyStore(directory: scratch.directory, writable: false)))
        for n in 0..<300 {
            let envelope = Self.envelope(try writer.encode(Self.enrolment(n)), UInt64(n + 1))
            #expect(try reader.decode(envelope) == Self.enrolment(n))
        }
        // The reader has listed the store's keys by now; a student enrolled since has a key it did not list.
        let later = Self.envelope(try writer.encode(Self.enrolment(1000)), 1001)
        #expect(PersonalFields.splicedOpen(later.payload, type: later.type, with: reader.sealer) != nil)
        #expect(try reader.decode(later) == Self.enrolment(1000))
    }

    @Test(arguments: ["", "AA==", "AAAA", "AAA=", "AA=A", "A===", "QUJD", "QUI=", "QQ==", "Q Q=", "QUJD\n"])
    func strictBase64AgreesWithFoundation(text: String) {
        var out: [UInt8] = []
        let strict = StrictBase64.decode(ArraySlice(text.utf8), into: &out)
        let foundation = Data(base64Encoded: text).map(Array.init)
        // Where the strict decoder accepts, Foundation decodes the same bytes; it may decline more.
        if strict { #expect(foundation == out, "\(text)") }
        if foundation == nil { #expect(!strict, "\(text)") }
    }

    /// Only the four event types with personal fields are looked at for sealed ones, by their bytes.
    @Test func theEventTypesWithPersonalFieldsAreKnownByName() {
        for type in ["StudentEnrolled", "StudentCorrected", "TeacherRegistered", "TeacherCorrected"] {
            #expect(PersonalFields.isPersonal(type), "\(type)")
            #expect(PersonalFields.byType[type] != nil, "\(type)")
        }
        for type in ["StipendConfirmed", "TeacherCorrecteD", "StudentEnrolle", "StudentEnrolled ", "", "PlacementRegistered"] {
            #expect(!PersonalFields.isPersonal(type), "\(type)")
        }
        #expect(PersonalFields.byType.keys.allSatisfy(PersonalFields.isPersonal))
    }

    /// A listed key is found by its ID's 16 bytes, read from the payload's bytes: the same from any
    /// collection of them, and nothing but 32 lowercase hex digits is an ID.
    @Test func aKeyIDIsItsThirtyTwoLowercaseHexDigitsReadFromAnyBytes() {
        let text = "0123456789abcdef00ff10ee20dd30cc"
        let id = LiveKeyTable.ID(hex: text.utf8)
        #expect(id?.high == 0x0123_4567_89ab_cdef && id?.low == 0x00ff_10ee_20dd_30cc)
        let payload = Array(("\"key\":\"" + text + "\"").utf8)
        #expect(LiveKeyTable.ID(hex: payload[7..<39]) == id)
        #expect(LiveKeyTable.ID(hex: text.utf8.lazy.map { $0 }) == id)  // not contiguous: read through an array
        for bad in [String(text.dropLast()), text + "0", text.uppercased(), "g" + text.dropFirst(), " " + text.dropFirst(), ""] {
            #expect(LiveKeyTable.ID(hex: bad.utf8) == nil, "\(bad)")
        }
        #expect(LiveKeyTable.ID(hex: ("1" + text.dropFirst()).utf8) != id)
        #expect(LiveKeyTable.ID(hex: (text.dropLast() + "d").utf8) != id)
    }
}
