/// Every fact the registry records (SPEC section 3), one case per event type.
///
/// The log envelope stores `typeName`, `schemaVersion` and the payload struct's own encoding
/// (not wrapped in the case name): see `encodePayload(to:)` and `decodePayload(typeName:schemaVersion:from:)`.
public enum RegistryEvent: Equatable, Sendable {
    /// `RegistryInitialized`, in stream `registry`.
    case registryInitialized(RegistryInitialized)
    /// `PolicyAdopted`, in stream `registry`.
    case policyAdopted(PolicyAdopted)
    /// `SchoolRegistered`, in stream `school-<ID>`.
    case schoolRegistered(SchoolRegistered)
    /// `EnterpriseRegistered`, in stream `enterprise-<ID>`.
    case enterpriseRegistered(EnterpriseRegistered)
    /// `WorkforceDeclared`, in stream `enterprise-<ID>`.
    case workforceDeclared(WorkforceDeclared)
    /// `StudentEnrolled`, in stream `student-<ID>`.
    case studentEnrolled(StudentEnrolled)
    /// `StudentStatusEnded`, in stream `student-<ID>`.
    case studentStatusEnded(StudentStatusEnded)
    /// `StudentHired`, in stream `student-<ID>`.
    case studentHired(StudentHired)
    /// `PlacementRegistered`, in stream `placement-<ID>`.
    case placementRegistered(PlacementRegistered)
    /// `InsuranceEnrolled`, in stream `placement-<ID>`.
    case insuranceEnrolled(InsuranceEnrolled)
    /// `InsuranceCancelled`, in stream `placement-<ID>`.
    case insuranceCancelled(InsuranceCancelled)
    /// `PlacementStarted`, in stream `placement-<ID>`.
    case placementStarted(PlacementStarted)
    /// `PlacementExtended`, in stream `placement-<ID>`.
    case placementExtended(PlacementExtended)
    /// `StipendConfirmed`, in stream `placement-<ID>`.
    case stipendConfirmed(StipendConfirmed)
    /// `PlacementCompleted`, in stream `placement-<ID>`.
    case placementCompleted(PlacementCompleted)
    /// `PlacementTerminated`, in stream `placement-<ID>`.
    case placementTerminated(PlacementTerminated)
    /// `ApprenticeshipContracted`, in stream `apprenticeship-<ID>`.
    case apprenticeshipContracted(ApprenticeshipContracted)
    /// `ApprenticeshipCompleted`, in stream `apprenticeship-<ID>`.
    case apprenticeshipCompleted(ApprenticeshipCompleted)
    /// `ApprenticeshipTerminated`, in stream `apprenticeship-<ID>`.
    case apprenticeshipTerminated(ApprenticeshipTerminated)
    /// `SubsidyAdvanced`, in stream `apprenticeship-<ID>`.
    case subsidyAdvanced(SubsidyAdvanced)
    /// `SubsidySettled`, in stream `apprenticeship-<ID>`.
    case subsidySettled(SubsidySettled)
    /// `SubsidyClawedBack`, in stream `apprenticeship-<ID>`.
    case subsidyClawedBack(SubsidyClawedBack)
    /// `StudentCorrected`, in stream `student-<ID>`.
    case studentCorrected(StudentCorrected)
    /// `EnterpriseCorrected`, in stream `enterprise-<ID>`.
    case enterpriseCorrected(EnterpriseCorrected)
    /// `PlacementCorrected`, in stream `placement-<ID>`.
    case placementCorrected(PlacementCorrected)
    /// `TeacherRegistered`, in stream `teacher-<ID>`.
    case teacherRegistered(TeacherRegistered)
    /// `TeacherQualified`, in stream `teacher-<ID>`.
    case teacherQualified(TeacherQualified)
    /// `TeacherPracticed`, in stream `teacher-<ID>`.
    case teacherPracticed(TeacherPracticed)
    /// `EnterpriseCertified`, in stream `enterprise-<ID>`.
    case enterpriseCertified(EnterpriseCertified)
    /// `EnterpriseCertificationRevoked`, in stream `enterprise-<ID>`.
    case enterpriseCertificationRevoked(EnterpriseCertificationRevoked)
    /// `ApprenticeWageConfirmed`, in stream `apprenticeship-<ID>`.
    case apprenticeWageConfirmed(ApprenticeWageConfirmed)
    /// `SigningKeyRotated`, in stream `registry`.
    case signingKeyRotated(SigningKeyRotated)
    /// `TeacherCorrected`, in stream `teacher-<ID>`.
    case teacherCorrected(TeacherCorrected)
    /// `PersonalDataErased`, in stream `student-<ID>`.
    case personalDataErased(PersonalDataErased)
    /// `AccountRecorded`, in stream `account-<USER>`.
    case accountRecorded(AccountRecorded)

    /// Every event type name, in catalogue order.
    public static let typeNames: [String] = [
        "RegistryInitialized",
        "PolicyAdopted",
        "SchoolRegistered",
        "EnterpriseRegistered",
        "WorkforceDeclared",
        "StudentEnrolled",
        "StudentStatusEnded",
        "StudentHired",
        "PlacementRegistered",
        "InsuranceEnrolled",
        "InsuranceCancelled",
        "PlacementStarted",
        "PlacementExtended",
        "StipendConfirmed",
        "PlacementCompleted",
        "PlacementTerminated",
        "ApprenticeshipContracted",
        "ApprenticeshipCompleted",
        "ApprenticeshipTerminated",
        "SubsidyAdvanced",
        "SubsidySettled",
        "SubsidyClawedBack",
        "StudentCorrected",
        "EnterpriseCorrected",
        "PlacementCorrected",
        "TeacherRegistered",
        "TeacherQualified",
        "TeacherPracticed",
        "EnterpriseCertified",
        "EnterpriseCertificationRevoked",
        "ApprenticeWageConfirmed",
        "SigningKeyRotated",
        "TeacherCorrected",
        "PersonalDataErased",
        "AccountRecorded",
    ]

    /// The event's type name, such as `PlacementRegistered`.
    public var typeName: String {
        switch self {
        case .registryInitialized: "RegistryInitialized"
        case .policyAdopted: "PolicyAdopted"
        case .schoolRegistered: "SchoolRegistered"
        case .enterpriseRegistered: "EnterpriseRegistered"
        case .workforceDeclared: "WorkforceDeclared"
        case .studentEnrolled: "StudentEnrolled"
        case .studentStatusEnded: "StudentStatusEnded"
        case .studentHired: "StudentHired"
        case .placementRegistered: "PlacementRegistered"
        case .insuranceEnrolled: "InsuranceEnrolled"
        case .insuranceCancelled: "InsuranceCancelled"
        case .placementStarted: "PlacementStarted"
        case .placementExtended: "PlacementExtended"
        case .stipendConfirmed: "StipendConfirmed"
        case .placementCompleted: "PlacementCompleted"
        case .placementTerminated: "PlacementTerminated"
        case .apprenticeshipContracted: "ApprenticeshipContracted"
        case .apprenticeshipCompleted: "ApprenticeshipCompleted"
        case .apprenticeshipTerminated: "ApprenticeshipTerminated"
        case .subsidyAdvanced: "SubsidyAdvanced"
        case .subsidySettled: "SubsidySettled"
        case .subsidyClawedBack: "SubsidyClawedBack"
        case .studentCorrected: "StudentCorrected"
        case .enterpriseCorrected: "EnterpriseCorrected"
        case .placementCorrected: "PlacementCorrected"
        case .teacherRegistered: "TeacherRegistered"
        case .teacherQualified: "TeacherQualified"
        case .teacherPracticed: "TeacherPracticed"
        case .enterpriseCertified: "EnterpriseCertified"
        case .enterpriseCertificationRevoked: "EnterpriseCertificationRevoked"
        case .apprenticeWageConfirmed: "ApprenticeWageConfirmed"
        case .signingKeyRotated: "SigningKeyRotated"
        case .teacherCorrected: "TeacherCorrected"
        case .personalDataErased: "PersonalDataErased"
        case .accountRecorded: "AccountRecorded"
        }
    }

    /// The current schema version of the payload of `typeName` (all 1 for now), or `nil` for an unknown type.
    public static func schemaVersion(of typeName: String) -> Int? {
        knownTypeNames.contains(typeName) ? 1 : nil
    }

    /// `typeNames` as a set: a replay asks for every event it decodes, and scanning the list took
    /// about 1,300 instructions an event.
    private static let knownTypeNames = Set(typeNames)

    /// The schema version this event's payload is written with.
    public var schemaVersion: Int { 1 }

    /// The stream the event belongs to, such as `placement-P-17`.
    public var streamID: String {
        switch self {
        case .registryInitialized: StreamID.registry
        case .policyAdopted: StreamID.registry
        case .schoolRegistered(let e): StreamID.school(e.id)
        case .enterpriseRegistered(let e): StreamID.enterprise(e.id)
        case .workforceDeclared(let e): StreamID.enterprise(e.enterprise)
        case .studentEnrolled(let e): StreamID.student(e.id)
        case .studentStatusEnded(let e): StreamID.student(e.student)
        case .studentHired(let e): StreamID.student(e.student)
        case .placementRegistered(let e): StreamID.placement(e.id)
        case .insuranceEnrolled(let e): StreamID.placement(e.placement)
        case .insuranceCancelled(let e): StreamID.placement(e.placement)
        case .placementStarted(let e): StreamID.placement(e.placement)
        case .placementExtended(let e): StreamID.placement(e.placement)
        case .stipendConfirmed(let e): StreamID.placement(e.placement)
        case .placementCompleted(let e): StreamID.placement(e.placement)
        case .placementTerminated(let e): StreamID.placement(e.placement)
        case .apprenticeshipContracted(let e): StreamID.apprenticeship(e.id)
        case .apprenticeshipCompleted(let e): StreamID.apprenticeship(e.apprenticeship)
        case .apprenticeshipTerminated(let e): StreamID.apprenticeship(e.apprenticeship)
        case .subsidyAdvanced(let e): StreamID.apprenticeship(e.apprenticeship)
        case .subsidySettled(let e): StreamID.apprenticeship(e.apprenticeship)
        case .subsidyClawedBack(let e): StreamID.apprenticeship(e.apprenticeship)
        case .studentCorrected(let e): StreamID.student(e.student)
        case .enterpriseCorrected(let e): StreamID.enterprise(e.enterprise)
        case .placementCorrected(let e): StreamID.placement(e.placement)
        case .teacherRegistered(let e): StreamID.teacher(e.id)
        case .teacherQualified(let e): StreamID.teacher(e.teacher)
        case .teacherPracticed(let e): StreamID.teacher(e.teacher)
        case .enterpriseCertified(let e): StreamID.enterprise(e.enterprise)
        case .enterpriseCertificationRevoked(let e): StreamID.enterprise(e.enterprise)
        case .apprenticeWageConfirmed(let e): StreamID.apprenticeship(e.apprenticeship)
        case .signingKeyRotated: StreamID.registry
        case .teacherCorrected(let e): StreamID.teacher(e.teacher)
        case .personalDataErased(let e): StreamID.student(e.student)
        case .accountRecorded(let e): StreamID.account(e.user)
        }
    }

    /// Encodes the payload struct alone (no case wrapper) to `encoder`.
    ///
    /// - Throws: Whatever the encoder throws.
    public func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .registryInitialized(let e): try e.encode(to: encoder)
        case .policyAdopted(let e): try e.encode(to: encoder)
        case .schoolRegistered(let e): try e.encode(to: encoder)
        case .enterpriseRegistered(let e): try e.encode(to: encoder)
        case .workforceDeclared(let e): try e.encode(to: encoder)
        case .studentEnrolled(let e): try e.encode(to: encoder)
        case .studentStatusEnded(let e): try e.encode(to: encoder)
        case .studentHired(let e): try e.encode(to: encoder)
        case .placementRegistered(let e): try e.encode(to: encoder)
        case .insuranceEnrolled(let e): try e.encode(to: encoder)
        case .insuranceCancelled(let e): try e.encode(to: encoder)
        case .placementStarted(let e): try e.encode(to: encoder)
        case .placementExtended(let e): try e.encode(to: encoder)
        case .stipendConfirmed(let e): try e.encode(to: encoder)
        case .placementCompleted(let e): try e.encode(to: encoder)
        case .placementTerminated(let e): try e.encode(to: encoder)
        case .apprenticeshipContracted(let e): try e.encode(to: encoder)
        case .apprenticeshipCompleted(let e): try e.encode(to: encoder)
        case .apprenticeshipTerminated(let e): try e.encode(to: encoder)
        case .subsidyAdvanced(let e): try e.encode(to: encoder)
        case .subsidySettled(let e): try e.encode(to: encoder)
        case .subsidyClawedBack(let e): try e.encode(to: encoder)
        case .studentCorrected(let e): try e.encode(to: encoder)
        case .enterpriseCorrected(let e): try e.encode(to: encoder)
        case .placementCorrected(let e): try e.encode(to: encoder)
        case .teacherRegistered(let e): try e.encode(to: encoder)
        case .teacherQualified(let e): try e.encode(to: encoder)
        case .teacherPracticed(let e): try e.encode(to: encoder)
        case .enterpriseCertified(let e): try e.encode(to: encoder)
        case .enterpriseCertificationRevoked(let e): try e.encode(to: encoder)
        case .apprenticeWageConfirmed(let e): try e.encode(to: encoder)
        case .signingKeyRotated(let e): try e.encode(to: encoder)
        case .teacherCorrected(let e): try e.encode(to: encoder)
        case .personalDataErased(let e): try e.encode(to: encoder)
        case .accountRecorded(let e): try e.encode(to: encoder)
        }
    }

    /// Decodes an event from its type name, schema version and payload.
    ///
    /// - Parameters:
    ///   - typeName: The stored type name, such as `PlacementRegistered`.
    ///   - schemaVersion: The stored schema version.
    ///   - decoder: A decoder positioned at the payload.
    /// - Returns: The event.
    /// - Throws: `EventDecodingError` for an unknown type or version; the decoder's errors for a bad payload.
    public static func decodePayload(typeName: String, schemaVersion: Int, from decoder: any Decoder) throws -> RegistryEvent {
        guard let current = Self.schemaVersion(of: typeName) else {
            throw EventDecodingError.unknownType(typeName)
        }
        guard schemaVersion == current else {
            throw EventDecodingError.unsupportedSchemaVersion(typeName: typeName, version: schemaVersion)
        }
        switch typeName {
        case "RegistryInitialized": return .registryInitialized(try RegistryInitialized(from: decoder))
        case "PolicyAdopted": return .policyAdopted(try PolicyAdopted(from: decoder))
        case "SchoolRegistered": return .schoolRegistered(try SchoolRegistered(from: decoder))
        case "EnterpriseRegistered": return .enterpriseRegistered(try EnterpriseRegistered(from: decoder))
        case "WorkforceDeclared": return .workforceDeclared(try WorkforceDeclared(from: decoder))
        case "StudentEnrolled": return .studentEnrolled(try StudentEnrolled(from: decoder))
        case "StudentStatusEnded": return .studentStatusEnded(try StudentStatusEnded(from: decoder))
        case "StudentHired": return .studentHired(try StudentHired(from: decoder))
        case "PlacementRegistered": return .placementRegistered(try PlacementRegistered(from: decoder))
        case "InsuranceEnrolled": return .insuranceEnrolled(try InsuranceEnrolled(from: decoder))
        case "InsuranceCancelled": return .insuranceCancelled(try InsuranceCancelled(from: decoder))
        case "PlacementStarted": return .placementStarted(try PlacementStarted(from: decoder))
        case "PlacementExtended": return .placementExtended(try PlacementExtended(from: decoder))
        case "StipendConfirmed": return .stipendConfirmed(try StipendConfirmed(from: decoder))
        case "PlacementCompleted": return .placementCompleted(try PlacementCompleted(from: decoder))
        case "PlacementTerminated": return .placementTerminated(try PlacementTerminated(from: decoder))
        case "ApprenticeshipContracted": return .apprenticeshipContracted(try ApprenticeshipContracted(from: decoder))
        case "ApprenticeshipCompleted": return .apprenticeshipCompleted(try ApprenticeshipCompleted(from: decoder))
        case "ApprenticeshipTerminated": return .apprenticeshipTerminated(try ApprenticeshipTerminated(from: decoder))
        case "SubsidyAdvanced": return .subsidyAdvanced(try SubsidyAdvanced(from: decoder))
        case "SubsidySettled": return .subsidySettled(try SubsidySettled(from: decoder))
        case "SubsidyClawedBack": return .subsidyClawedBack(try SubsidyClawedBack(from: decoder))
        case "StudentCorrected": return .studentCorrected(try StudentCorrected(from: decoder))
        case "EnterpriseCorrected": return .enterpriseCorrected(try EnterpriseCorrected(from: decoder))
        case "PlacementCorrected": return .placementCorrected(try PlacementCorrected(from: decoder))
        case "TeacherRegistered": return .teacherRegistered(try TeacherRegistered(from: decoder))
        case "TeacherQualified": return .teacherQualified(try TeacherQualified(from: decoder))
        case "TeacherPracticed": return .teacherPracticed(try TeacherPracticed(from: decoder))
        case "EnterpriseCertified": return .enterpriseCertified(try EnterpriseCertified(from: decoder))
        case "EnterpriseCertificationRevoked": return .enterpriseCertificationRevoked(try EnterpriseCertificationRevoked(from: decoder))
        case "ApprenticeWageConfirmed": return .apprenticeWageConfirmed(try ApprenticeWageConfirmed(from: decoder))
        case "SigningKeyRotated": return .signingKeyRotated(try SigningKeyRotated(from: decoder))
        case "TeacherCorrected": return .teacherCorrected(try TeacherCorrected(from: decoder))
        case "PersonalDataErased": return .personalDataErased(try PersonalDataErased(from: decoder))
        case "AccountRecorded": return .accountRecorded(try AccountRecorded(from: decoder))
        default: throw EventDecodingError.unknownType(typeName)
        }
    }
}
