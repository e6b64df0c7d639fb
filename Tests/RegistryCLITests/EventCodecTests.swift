import EventStore
import Foundation
import RegistryDomain
import Testing
@testable import RegistryService

/// The replay path decodes frequent payloads with a hand-written parser; it must give exactly what
/// Foundation's decoder gives, for every shape the registry writes, or fall back to it.
@Suite("Event codec: fast and Foundation decoding agree")
struct EventCodecTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static let events: [RegistryEvent] = [
        .studentEnrolled(StudentEnrolled(id: "ST1", school: "S1", name: "张三", major: "焊接", birth: day("2008-02-29"), enrolled: day("2023-09-01"))),
        // Every optional field set: the fast path once dropped these three, and a rebuilt read model
        // lost its ID-card digests (duplicates went undetected) and consent references.
        .studentEnrolled(StudentEnrolled(id: "ST2", school: "S1", name: "李四", major: "焊接", birth: day("2012-02-29"), enrolled: day("2023-09-01"),
                                         guardianConsent: "GC-2023-7", idCard: "41120220120229123X",
                                         idCardDigest: "8db21eeb330a76ca5d05eb2bcd0f37b928bd6792876774b880614dae1e93efa7")),
        .studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .withdrawn, on: day("2026-07-01"))),
        .studentHired(StudentHired(student: "ST1", enterprise: "E1", on: day("2026-07-02"))),
        .placementRegistered(PlacementRegistered(id: "P1", student: "ST1", school: "S1", enterprise: "E1", kind: .post,
                                                 start: day("2025-03-01"), end: day("2025-08-31"), stipend: Money(fen: 320_001),
                                                 post: "welder", agreement: "AG-1", majorRelevant: true)),
        .placementRegistered(PlacementRegistered(id: "P2", student: "ST1", school: "S1", enterprise: "E1", kind: .observation,
                                                 start: day("2025-03-01"), end: day("2025-03-05"), stipend: .zero, majorRelevant: false)),
        .insuranceEnrolled(InsuranceEnrolled(placement: "P1", policyNumber: "POL-1", insurer: "中国人保", covers: [.accident, .liability],
                                             from: day("2025-03-01"), to: day("2025-08-31"), paidBy: .school)),
        .insuranceCancelled(InsuranceCancelled(placement: "P1", policyNumber: "POL-1", on: day("2025-09-01"))),
        .placementStarted(PlacementStarted(placement: "P1", on: day("2025-03-01"))),
        .placementStarted(PlacementStarted(placement: "P1", on: day("2025-03-01"), agreement: "SF-9")),
        .placementExtended(PlacementExtended(placement: "P1", to: day("2025-09-30"))),
        .placementExtended(PlacementExtended(placement: "P1", to: day("2025-09-30"), on: day("2025-08-20"))),
        .stipendConfirmed(StipendConfirmed(placement: "P1", month: YearMonth("2025-03")!, amount: Money(fen: 1), paidOn: day("2025-04-10"), correction: true)),
        .placementCompleted(PlacementCompleted(placement: "P1", on: day("2025-09-30"))),
        .placementTerminated(PlacementTerminated(placement: "P2", on: day("2025-03-03"), reason: "家庭原因 \"quoted\" \\ and\nnewline")),
        .registryInitialized(RegistryInitialized(jurisdiction: "三门峡市", on: day("2025-01-02"))),
        .schoolRegistered(SchoolRegistered(id: "S1", name: "第一职业中学", level: .secondary)),
        .enterpriseRegistered(EnterpriseRegistered(id: "E1", name: "机械厂", aboveScale: true)),
        .enterpriseRegistered(EnterpriseRegistered(id: "E2", name: "小店", aboveScale: false)),
        .workforceDeclared(WorkforceDeclared(enterprise: "E1", headcount: 390, asOf: day("2025-01-01"),
                                             posts: ["电子装配工": 59, "营销专员": 97], wageStandards: ["电子装配工": Money(fen: 550_000)])),
        .workforceDeclared(WorkforceDeclared(enterprise: "E2", headcount: 12, asOf: day("2025-01-01"), posts: [:], wageStandards: [:])),
        .workforceDeclared(WorkforceDeclared(enterprise: "E3", headcount: 5, asOf: day("2025-01-01"), posts: ["a\"b": 1],
                                             wageStandards: [:])),
        .apprenticeshipContracted(ApprenticeshipContracted(id: "A1", student: "ST1", school: "S1", enterprise: "E1", scheme: .modern,
                                                           level: .senior, laborContract: "LC-1", contractEnd: day("2027-08-31"),
                                                           start: day("2025-09-01"), end: day("2026-08-31"), schoolTutor: "王老师",
                                                           mentor: "赵师傅")),
        .apprenticeshipCompleted(ApprenticeshipCompleted(apprenticeship: "A1", on: day("2026-08-31"), certificate: "C-1")),
        .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A1", on: day("2026-01-31"), reason: "离职")),
        .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: Money(fen: 250_000), on: day("2025-10-15"))),
        .subsidySettled(SubsidySettled(apprenticeship: "A1", amount: Money(fen: 100_001), on: day("2026-09-15"))),
        .subsidyClawedBack(SubsidyClawedBack(apprenticeship: "A1", amount: Money(fen: 250_000), on: day("2026-02-10"))),
        .apprenticeshipContracted(ApprenticeshipContracted(id: "A2", student: "ST1", school: "S1", enterprise: "E1", scheme: .enterprise,
                                                           level: .intermediate, laborContract: "LC-2", contractEnd: day("2027-08-31"),
                                                           start: day("2025-09-01"), end: day("2026-08-31"), schoolTutor: "王老师",
                                                           mentor: "赵师傅", monthlyWage: Money(fen: 320_001))),
        .apprenticeWageConfirmed(ApprenticeWageConfirmed(apprenticeship: "A2", month: YearMonth("2025-09")!, amount: Money(fen: 320_001),
                                                         paidOn: day("2025-10-10"), correction: false)),
        .teacherRegistered(TeacherRegistered(id: "T1", school: "S1", name: "王老师", course: .professional, since: day("2015-09-01"))),
        .teacherQualified(TeacherQualified(teacher: "T1", on: day("2021-06-30"), document: nil)),
        .teacherPracticed(TeacherPracticed(teacher: "T1", enterprise: "E1", from: day("2025-07-01"), to: day("2025-08-31"))),
        .enterpriseCertified(EnterpriseCertified(enterprise: "E1", on: day("2024-05-20"), document: "三发改〔2024〕15号")),
        .enterpriseCertificationRevoked(EnterpriseCertificationRevoked(enterprise: "E1", on: day("2025-12-31"), document: "R", reason: "复核")),
    ]

    @Test(arguments: events)
    func bothDecodersAgreeOnWhatTheEncoderWrites(event: RegistryEvent) throws {
        let codec = EventCodec()
        let new = try codec.encode(event)
        let envelope = EventEnvelope(position: 1, streamID: event.streamID, streamVersion: 1, eventID: EventID(bytes: Array(repeating: 0, count: 16))!,
                                     commandID: "c", actor: "school:S1", recordedAt: 0, type: new.type, schemaVersion: new.schemaVersion,
                                     payload: new.payload)
        #expect(try codec.decode(envelope) == event)
        // Where the fast path answers at all, it answers the same; escapes make it fall back.
        let fast = FastPayloadDecoder.decode(type: new.type, payload: new.payload)
        if let fast { #expect(fast == event) }
        // Every type but PolicyAdopted has a fast path, taken when the payload has no escapes.
        let nested = new.type == "PolicyAdopted"
        if !nested && !new.payload.contains(UInt8(ascii: "\\")) { #expect(fast != nil, "\(new.type) fell back") }
    }

    /// Every profile the registry ships, adopted plain and with local figures of each kind: the
    /// policy decoder (`PolicyAdoptedDecoder`) answers for each, and as Foundation's decoder does.
    static let adoptions: [PolicyAdopted] = PolicyProfiles.all.keys.sorted().flatMap { name -> [PolicyAdopted] in
        let profile = PolicyProfiles.named(name)!
        let overrides = [try! ParameterOverride.parse("quotaTargetRate=0.03", source: "户人社发〔2025〕3号"),
                         try! ParameterOverride.parse("requiredCovers=liability,accident", source: "001 item 16"),
                         try! ParameterOverride.parse("maxApprenticeMonths=24", source: "local"),
                         try! ParameterOverride.parse("internSubsidyPerMonth=500.00", source: "local")]
        return [PolicyAdopted(from: day("2024-01-01"), policy: profile),
                PolicyAdopted(from: day("2025-07-01"), policy: profile.applying(overrides), overrides: overrides)]
    }

    @Test func policyAdoptionsDecodeWithoutFoundationAndAsFoundationDoes() throws {
        let codec = EventCodec()
        #expect(Self.adoptions.count >= 4)
        for adoption in Self.adoptions {
            let new = try codec.encode(.policyAdopted(adoption))
            let envelope = EventEnvelope(position: 1, streamID: StreamID.registry, streamVersion: 1, eventID: EventID(bytes: Array(repeating: 0, count: 16))!,
                                         commandID: "c", actor: "bureau:EDU", recordedAt: 0, type: new.type, schemaVersion: new.schemaVersion,
                                         payload: new.payload)
            let fast = try #require(PolicyAdoptedDecoder.decode(new.payload), "\(adoption.policy.profile) fell back to JSONDecoder")
            #expect(fast == adoption)
            #expect(try codec.decodeWithJSONDecoder(envelope) == .policyAdopted(fast))
            #expect(try codec.decode(envelope) == .policyAdopted(adoption))
        }
    }

    /// Payloads the registry did not write this way: where the policy decoder answers, it answers as
    /// Foundation's does; where Foundation refuses or could read two ways, it falls back (nil).
    @Test func policyPayloadsOutsideThePlainShapeFallBackOrAgree() throws {
        let codec = EventCodec()
        func envelope(_ json: String) -> EventEnvelope {
            EventEnvelope(position: 1, streamID: StreamID.registry, streamVersion: 1, eventID: EventID(bytes: Array(repeating: 0, count: 16))!,
                          commandID: "c", actor: "bureau:EDU", recordedAt: 0, type: "PolicyAdopted", schemaVersion: 1, payload: Array(json.utf8))
        }
        let rate = #""quotaTargetRate":{"source":"S","value":"0.02"}"#
        // Answered: a former name, a name this version does not know, no overrides (the profile's own
        // policy), null overrides, duplicate covers, whitespace, unknown top-level keys.
        let answered = [
            #"{"from":"2024-01-01","overrides":[],"policy":{"profile":"national","seniorSubsidyPerYear":{"source":"S","value":500000},"# + rate + "}}",
            #"{"from":"2024-01-01","overrides":[],"policy":{"profile":"national","futureFigure":{"source":"S","value":3},"# + rate + "}}",
            #"{"from":"2024-01-01","policy":{"profile":"national","# + rate + "}}",
            #"{"from":"2024-01-01","overrides":null,"policy":{"profile":"nowhere","# + rate + "}}",
            #"{ "from" : "2024-01-01" , "extra" : [1, {"a": null}], "overrides" : [ ], "policy" : { "profile" : "p", "requiredCovers" : { "source" : "S", "value" : ["liability", "accident", "liability"] } } }"#,
        ]
        for json in answered {
            let fast = try #require(PolicyAdoptedDecoder.decode(Array(json.utf8)), "\(json)")
            #expect(try codec.decodeWithJSONDecoder(envelope(json)) == .policyAdopted(fast), "\(json)")
        }
        // Falls back: an escape, a float, a bad rate, a rate stored as a number, an unknown cover, an
        // override that does not parse, a repeated key, a former name beside its new one, an impossible date.
        let fallBack = [
            #"{"from":"2024-01-01","overrides":[],"policy":{"profile":"na\u0074ional","# + rate + "}}",
            #"{"from":"2024-01-01","overrides":[],"policy":{"profile":"p","maxApprenticeMonths":{"source":"S","value":24.0}}}"#,
            #"{"from":"2024-01-01","overrides":[],"policy":{"profile":"p","quotaTargetRate":{"source":"S","value":"two"}}}"#,
            #"{"from":"2024-01-01","overrides":[],"policy":{"profile":"p","quotaTargetRate":{"source":"S","value":2}}}"#,
            #"{"from":"2024-01-01","overrides":[],"policy":{"profile":"p","requiredCovers":{"source":"S","value":["fire"]}}}"#,
            #"{"from":"2024-01-01","overrides":[{"name":"quotaTargetRate","value":"x","source":"S"}],"policy":{"profile":"p","# + rate + "}}",
            #"{"from":"2024-01-01","from":"2024-01-02","overrides":[],"policy":{"profile":"p","# + rate + "}}",
            #"{"from":"2024-01-01","overrides":[],"policy":{"profile":"p","seniorSubsidyPerYear":{"source":"S","value":1},"apprenticeSubsidyPerYear.senior":{"source":"S","value":2}}}"#,
            #"{"from":"2024-02-30","overrides":[],"policy":{"profile":"p","# + rate + "}}",
        ]
        for json in fallBack {
            #expect(PolicyAdoptedDecoder.decode(Array(json.utf8)) == nil, "\(json)")
        }
    }

    @Test func unknownKeysAndReorderedFieldsDecodeTheSame() throws {
        let payload = Array(#"{"on":"2025-03-01","extra":[1,2],"placement":"P1","agreement":null}"#.utf8)
        #expect(FastPayloadDecoder.decode(type: "PlacementStarted", payload: payload) == nil
                || FastPayloadDecoder.decode(type: "PlacementStarted", payload: payload)
                    == .placementStarted(PlacementStarted(placement: "P1", on: Self.day("2025-03-01"))))
        let valid = Array(#"{"on":"2025-03-01","placement":"P1","agreement":"A"}"#.utf8)
        #expect(FastPayloadDecoder.decode(type: "PlacementStarted", payload: valid)
                == .placementStarted(PlacementStarted(placement: "P1", on: Self.day("2025-03-01"), agreement: "A")))
        // Invalid UTF-8 in a string: left to Foundation, which reports it.
        let invalid = Array(#"{"placement":"P"#.utf8) + [0xE5, 0x28] + Array(#"","on":"2025-03-01"}"#.utf8)
        #expect(FastPayloadDecoder.decode(type: "PlacementCompleted", payload: invalid) == nil)
        let valid8 = Array(#"{"placement":"P中","on":"2025-03-01"}"#.utf8)
        #expect(FastPayloadDecoder.decode(type: "PlacementCompleted", payload: valid8)
                == .placementCompleted(PlacementCompleted(placement: "P中", on: Self.day("2025-03-01"))))
        // A key repeated in a nested object, a nested float or a deeper object: left to Foundation.
        for posts in [#"{"a":1,"a":2}"#, #"{"a":1.5}"#, #"{"a":{"b":1}}"#, #"{"a":"1"}"#] {
            let payload = Array((#"{"asOf":"2025-01-01","enterprise":"E1","headcount":3,"posts":"# + posts + #","wageStandards":{}}"#).utf8)
            #expect(FastPayloadDecoder.decode(type: "WorkforceDeclared", payload: payload) == nil, "\(posts)")
        }
        // An impossible date is not decoded by the fast path; Foundation reports it.
        #expect(FastPayloadDecoder.decode(type: "PlacementStarted", payload: Array(#"{"on":"2025-02-30","placement":"P1"}"#.utf8)) == nil)
    }
}

@Suite("Sealed personal fields in the codec")
struct PersonalFieldsCodecTests {
    /// `isPersonal` is the fast form of `byType`: they must name the same types.
    @Test func theFastCheckNamesExactlyTheSealedTypes() {
        for type in RegistryEvent.typeNames {
            #expect(PersonalFields.isPersonal(type) == (PersonalFields.byType[type] != nil), "\(type)")
        }
    }
}
