/// The whole registry folded in memory, for replay, audit and tests.
///
/// Each entity is folded from its own stream with its type's `fold`, in place; `apply(_:)` routes an
/// event to the entity it belongs to. Entities are keyed by the bytes of their IDs (`IDMap`), as
/// their streams are in the log.
public struct RegistryState: Equatable, Sendable {
    /// The registry stream, once initialised.
    public var header: RegistryHeader?
    /// Schools by ID.
    public var schools: IDMap<SchoolState>
    /// Enterprises by ID.
    public var enterprises: IDMap<EnterpriseState>
    /// Students by ID.
    public var students: IDMap<StudentState>
    /// Placements by ID.
    public var placements: IDMap<PlacementState>
    /// Apprenticeships by ID.
    public var apprenticeships: IDMap<ApprenticeshipState>
    /// Teachers by ID.
    public var teachers: IDMap<TeacherState> = [:]

    /// An empty registry.
    public init() {
        header = nil
        schools = [:]
        enterprises = [:]
        students = [:]
        placements = [:]
        apprenticeships = [:]
    }

    /// The registry after folding `events` in order.
    public init(events: some Sequence<RegistryEvent>) {
        self.init()
        for event in events { apply(event) }
    }

    /// Folds one event into the entity it belongs to.
    public mutating func apply(_ event: RegistryEvent) {
        switch event {
        case .registryInitialized, .policyAdopted:
            RegistryHeader.fold(&header, event)
        case .schoolRegistered(let e):
            schools[e.id] = SchoolState.evolve(schools[e.id], event)
        case .enterpriseRegistered(let e):
            EnterpriseState.fold(&enterprises[e.id], event)
        case .workforceDeclared(let e):
            EnterpriseState.fold(&enterprises[e.enterprise], event)
        case .studentEnrolled(let e):
            StudentState.fold(&students[e.id], event)
        case .studentStatusEnded(let e):
            StudentState.fold(&students[e.student], event)
        case .studentHired(let e):
            StudentState.fold(&students[e.student], event)
        case .placementRegistered(let e):
            PlacementState.fold(&placements[e.id], event)
        case .insuranceEnrolled(let e):
            PlacementState.fold(&placements[e.placement], event)
        case .insuranceCancelled(let e):
            PlacementState.fold(&placements[e.placement], event)
        case .placementStarted(let e):
            PlacementState.fold(&placements[e.placement], event)
        case .placementExtended(let e):
            PlacementState.fold(&placements[e.placement], event)
        case .stipendConfirmed(let e):
            PlacementState.fold(&placements[e.placement], event)
        case .placementCompleted(let e):
            PlacementState.fold(&placements[e.placement], event)
        case .placementTerminated(let e):
            PlacementState.fold(&placements[e.placement], event)
        case .apprenticeshipContracted(let e):
            ApprenticeshipState.fold(&apprenticeships[e.id], event)
        case .apprenticeshipCompleted(let e):
            ApprenticeshipState.fold(&apprenticeships[e.apprenticeship], event)
        case .apprenticeshipTerminated(let e):
            ApprenticeshipState.fold(&apprenticeships[e.apprenticeship], event)
        case .subsidyAdvanced(let e):
            ApprenticeshipState.fold(&apprenticeships[e.apprenticeship], event)
        case .subsidySettled(let e):
            ApprenticeshipState.fold(&apprenticeships[e.apprenticeship], event)
        case .subsidyClawedBack(let e):
            ApprenticeshipState.fold(&apprenticeships[e.apprenticeship], event)
        case .studentCorrected(let e):
            StudentState.fold(&students[e.student], event)
        case .enterpriseCorrected(let e):
            EnterpriseState.fold(&enterprises[e.enterprise], event)
        case .placementCorrected(let e):
            PlacementState.fold(&placements[e.placement], event)
        case .teacherRegistered(let e):
            TeacherState.fold(&teachers[e.id], event)
        case .teacherQualified(let e):
            TeacherState.fold(&teachers[e.teacher], event)
        case .teacherPracticed(let e):
            TeacherState.fold(&teachers[e.teacher], event)
        case .enterpriseCertified(let e):
            EnterpriseState.fold(&enterprises[e.enterprise], event)
        case .enterpriseCertificationRevoked(let e):
            EnterpriseState.fold(&enterprises[e.enterprise], event)
        case .apprenticeWageConfirmed(let e):
            ApprenticeshipState.fold(&apprenticeships[e.apprenticeship], event)
        case .teacherCorrected(let e):
            TeacherState.fold(&teachers[e.teacher], event)
        case .personalDataErased(let e):
            StudentState.fold(&students[e.student], event)
        case .signingKeyRotated:
            break  // The signing key is not registry state: it signs checkpoints, not decisions.
        case .accountRecorded:
            break  // Accounts say who may log in to the server; no rule decides on them.
        }
    }

    /// Folds `events` in order.
    public mutating func apply(contentsOf events: some Sequence<RegistryEvent>) {
        for event in events { apply(event) }
    }
}
