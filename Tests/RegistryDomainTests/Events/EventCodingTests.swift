import Foundation
import RegistryDomain
import Testing

/// One event of every type, for round trips.
let everyEvent: [RegistryEvent] = [
    .registryInitialized(RegistryInitialized(jurisdiction: "三门峡市", on: day("2024-01-01"))),
    .policyAdopted(PolicyAdopted(from: day("2024-01-01"), policy: PolicyProfiles.sanmenxia)),
    .schoolRegistered(SchoolRegistered(id: "S1", name: "职业学校", level: .higher)),
    .enterpriseRegistered(EnterpriseRegistered(id: "E1", name: "企业", aboveScale: true)),
    .workforceDeclared(WorkforceDeclared(enterprise: "E1", headcount: 100, asOf: day("2025-01-01"),
                                         posts: ["welder": 10], wageStandards: ["welder": Money(fen: 400_050)])),
    .studentEnrolled(StudentEnrolled(id: "ST1", school: "S1", name: "张三", major: "焊接", birth: day("2008-02-29"),
                                     enrolled: day("2023-09-01"))),
    .studentStatusEnded(StudentStatusEnded(student: "ST1", reason: .graduated, on: day("2026-07-01"))),
    .studentHired(StudentHired(student: "ST1", enterprise: "E1", on: day("2026-07-02"))),
    .placementRegistered(PlacementRegistered(id: "P1", student: "ST1", school: "S1", enterprise: "E1", kind: .post,
                                             start: day("2025-03-01"), end: day("2025-08-31"), stipend: yuan(3200),
                                             post: "welder", agreement: "AG-1", majorRelevant: true)),
    .placementRegistered(PlacementRegistered(id: "P2", student: "ST1", school: "S1", enterprise: "E1", kind: .observation,
                                             start: day("2025-03-01"), end: day("2025-03-05"), stipend: .zero,
                                             majorRelevant: false)),
    .insuranceEnrolled(InsuranceEnrolled(placement: "P1", policyNumber: "POL-1", insurer: "PICC",
                                         covers: [.liability, .accident], from: day("2025-03-01"), to: day("2025-08-31"),
                                         paidBy: .enterprise)),
    .insuranceCancelled(InsuranceCancelled(placement: "P1", policyNumber: "POL-1", on: day("2025-09-01"))),
    .placementStarted(PlacementStarted(placement: "P1", on: day("2025-03-01"))),
    .placementExtended(PlacementExtended(placement: "P1", to: day("2025-09-30"))),
    .placementExtended(PlacementExtended(placement: "P1", to: day("2025-09-30"), on: day("2025-08-20"))),
    .policyAdopted(PolicyAdopted(from: day("2025-01-01"), policy: PolicyProfiles.huyi.applying([
        ParameterOverride(name: "maxAdvanceRate", value: .rate(Rate(basisPoints: 4000)), source: "户人社发〔2025〕3号")]),
        overrides: [ParameterOverride(name: "maxAdvanceRate", value: .rate(Rate(basisPoints: 4000)), source: "户人社发〔2025〕3号")])),
    .stipendConfirmed(StipendConfirmed(placement: "P1", month: month("2025-03"), amount: Money(fen: 320_001),
                                       paidOn: day("2025-04-10"), correction: true)),
    .placementCompleted(PlacementCompleted(placement: "P1", on: day("2025-09-30"))),
    .placementTerminated(PlacementTerminated(placement: "P2", on: day("2025-03-03"), reason: "illness")),
    .apprenticeshipContracted(ApprenticeshipContracted(
        id: "A1", student: "ST1", school: "S1", enterprise: "E1", scheme: .modern, level: .senior,
        laborContract: "LC-1", contractEnd: day("2027-08-31"), start: day("2025-09-01"), end: day("2027-08-31"),
        schoolTutor: "王老师", mentor: "李师傅")),
    .apprenticeshipCompleted(ApprenticeshipCompleted(apprenticeship: "A1", on: day("2027-08-31"), certificate: "C-1")),
    .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A2", on: day("2026-01-31"), reason: "left")),
    .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(6000), on: day("2025-10-01"))),
    .subsidySettled(SubsidySettled(apprenticeship: "A1", amount: yuan(6000), on: day("2027-10-01"))),
    .subsidyClawedBack(SubsidyClawedBack(apprenticeship: "A2", amount: yuan(2500), on: day("2026-03-01"))),
    .studentCorrected(StudentCorrected(student: "ST1", name: "张珊", previousName: "张三", birth: day("2008-03-01"),
                                       previousBirth: day("2008-02-29"), reason: "学籍系统导出有误")),
    .studentCorrected(StudentCorrected(student: "ST1", name: "张三", previousName: "张珊", reason: "typo")),
    .enterpriseCorrected(EnterpriseCorrected(enterprise: "E1", name: "企业有限公司", previousName: "企业", reason: "营业执照")),
    .placementCorrected(PlacementCorrected(placement: "P1", agreement: "AG-1A", previousAgreement: "AG-1", reason: "typo")),
    .placementCorrected(PlacementCorrected(placement: "P2", post: "welder", reason: "post was not recorded")),
    .apprenticeshipContracted(ApprenticeshipContracted(
        id: "A3", student: "ST1", school: "S1", enterprise: "E1", scheme: .enterprise, level: .intermediate,
        laborContract: "LC-3", contractEnd: day("2027-08-31"), start: day("2025-09-01"), end: day("2026-08-31"),
        schoolTutor: "王老师", mentor: "李师傅", monthlyWage: Money(fen: 320_050))),
    .teacherRegistered(TeacherRegistered(id: "T1", school: "S1", name: "王老师", course: .professional, since: day("2018-09-01"))),
    .teacherRegistered(TeacherRegistered(id: "T2", school: "S1", name: "李老师", course: .general, since: nil)),
    .teacherQualified(TeacherQualified(teacher: "T1", on: day("2021-06-30"), document: "豫教师〔2021〕8号")),
    .teacherQualified(TeacherQualified(teacher: "T2", on: day("2021-06-30"), document: nil)),
    .teacherPracticed(TeacherPracticed(teacher: "T1", enterprise: "E1", from: day("2024-07-01"), to: day("2024-12-31"))),
    .enterpriseCertified(EnterpriseCertified(enterprise: "E1", on: day("2024-05-20"), document: "三发改〔2024〕15号")),
    .enterpriseCertificationRevoked(EnterpriseCertificationRevoked(enterprise: "E1", on: day("2025-12-31"), document: "三发改〔2025〕40号",
                                                                   reason: "failed the annual review")),
    .apprenticeWageConfirmed(ApprenticeWageConfirmed(apprenticeship: "A3", month: month("2025-09"), amount: Money(fen: 320_050),
                                                     paidOn: day("2025-10-10"), correction: false)),
    .signingKeyRotated(SigningKeyRotated(publicKey: "placement-registry/0123456789abcdef+01234567+AQ==", previousKey: "placement-registry/0123456789abcdef+76543210+AQ==", reason: "annual rotation")),
    .teacherCorrected(TeacherCorrected(teacher: "T1", name: "王建国", previousName: "王老师", course: .general,
                                       previousCourse: .professional, reason: "人事系统导出有误")),
    .personalDataErased(PersonalDataErased(student: "ST1", reason: "graduated; retention period over", pseudonym: "erased-0a1b2c3d")),
    .accountRecorded(AccountRecorded(user: "zhang", actor: "school:S01", change: .created)),
]

/// Encodes just the payload, the way the log envelope stores it.
struct PayloadBox: Encodable {
    let event: RegistryEvent
    func encode(to encoder: any Encoder) throws { try event.encodePayload(to: encoder) }
}

/// Decodes a payload given the envelope's type and version.
struct PayloadReader: Decodable {
    let event: RegistryEvent
    init(from decoder: any Decoder) throws {
        let type = decoder.userInfo[PayloadReader.typeKey] as? String ?? ""
        let version = decoder.userInfo[PayloadReader.versionKey] as? Int ?? 0
        event = try RegistryEvent.decodePayload(typeName: type, schemaVersion: version, from: decoder)
    }
    // Force unwraps: both raw values are non-empty literals, for which CodingUserInfoKey never fails.
    static let typeKey = CodingUserInfoKey(rawValue: "type")!
    static let versionKey = CodingUserInfoKey(rawValue: "version")!
}

@Suite("Event coding")
struct EventCodingTests {
    @Test func everyEventTypeIsCovered() {
        #expect(Set(everyEvent.map(\.typeName)) == Set(RegistryEvent.typeNames))
        #expect(RegistryEvent.typeNames.count == 35)
    }

    @Test("payload round trip through JSON", arguments: everyEvent)
    func payloadRoundTrip(_ event: RegistryEvent) throws {
        let data = try JSONEncoder().encode(PayloadBox(event: event))
        let decoder = JSONDecoder()
        decoder.userInfo[PayloadReader.typeKey] = event.typeName
        decoder.userInfo[PayloadReader.versionKey] = event.schemaVersion
        #expect(try decoder.decode(PayloadReader.self, from: data).event == event)
        // The payload is the struct itself, not wrapped in the case name.
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?.keys.contains(event.typeName) == false)
        #expect(object?.keys.contains(String(event.typeName.prefix(1).lowercased() + event.typeName.dropFirst())) == false)
    }

    @Test("self-describing round trip", arguments: everyEvent)
    func selfDescribingRoundTrip(_ event: RegistryEvent) throws {
        let data = try JSONEncoder().encode(event)
        #expect(try JSONDecoder().decode(RegistryEvent.self, from: data) == event)
    }

    @Test func payloadShapes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let stipend = StipendConfirmed(placement: "P1", month: month("2025-03"), amount: Money(fen: 320_050),
                                       paidOn: day("2025-04-10"), correction: false)
        let json = String(decoding: try encoder.encode(stipend), as: UTF8.self)
        #expect(json == #"{"amount":320050,"correction":false,"month":"2025-03","paidOn":"2025-04-10","placement":"P1"}"#)
        let policy = String(decoding: try encoder.encode(PolicyProfiles.huyi[.quotaTargetRate]), as: UTF8.self)
        #expect(policy == #"{"source":"001 item 16","value":"0.02"}"#)
    }

    @Test func unknownTypesAndVersionsAreRejected() throws {
        let data = Data("{}".utf8)
        let decoder = JSONDecoder()
        decoder.userInfo[PayloadReader.typeKey] = "PlacementTeleported"
        decoder.userInfo[PayloadReader.versionKey] = 1
        #expect(throws: EventDecodingError.unknownType("PlacementTeleported")) {
            try decoder.decode(PayloadReader.self, from: data)
        }
        decoder.userInfo[PayloadReader.typeKey] = "PlacementStarted"
        decoder.userInfo[PayloadReader.versionKey] = 2
        #expect(throws: EventDecodingError.unsupportedSchemaVersion(typeName: "PlacementStarted", version: 2)) {
            try decoder.decode(PayloadReader.self, from: data)
        }
        #expect(RegistryEvent.schemaVersion(of: "PlacementStarted") == 1)
        #expect(RegistryEvent.schemaVersion(of: "Nope") == nil)
    }

    @Test func invalidValuesFailToDecode() {
        let bad = Data(#"{"placement":"P1","on":"2025-02-30"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PlacementStarted.self, from: bad) }
    }

    @Test func streamIDs() {
        #expect(everyEvent.map(\.streamID).prefix(9) == [
            "registry", "registry", "school-S1", "enterprise-E1", "enterprise-E1",
            "student-ST1", "student-ST1", "student-ST1", "placement-P1",
        ])
        #expect(StreamID.placement("P-17") == "placement-P-17")
        #expect(StreamID.parse("placement-P-17")?.id == "P-17")
        #expect(StreamID.parse("placement-P-17")?.kind == "placement")
        #expect(StreamID.parse("registry")?.kind == "registry")
        #expect(StreamID.parse("bogus-1") == nil)
        #expect(StreamID.parse("placement-") == nil)
    }
}
