/// The whole registry folded in memory, for replay, audit and tests.
///
/// Each entity is folded from its own stream with its type's `evolve`; `apply(_:)` routes an
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
            header = RegistryHeader.evolve(header, event)
        case .schoolRegistered(let e):
            schools[e.id] = SchoolState.evolve(schools[e.id], event)
        case .enterpriseRegistered(let e):
            enterprises[e.id] = EnterpriseState.evolve(enterprises[e.id], event)
        case .workforceDeclared(let e):
            enterprises[e.enterprise] = EnterpriseState.evolve(enterprises[e.enterprise], event)
        case .studentEnrolled(let e):
            students[e.id] = StudentState.evolve(students[e.id], event)
        case .studentStatusEnded(let e):
            students[e.student] = StudentState.evolve(students[e.student], event)
        case .studentHired(let e):
            students[e.student] = StudentState.evolve(students[e.student], event)
        case .placementRegistered(let e):
            placements[e.id] = PlacementState.evolve(placements[e.id], event)
        case .insuranceEnrolled(let e):
            placements[e.placement] = PlacementState.evolve(placements[e.placement], event)
        case .insuranceCancelled(let e):
            placements[e.placement] = PlacementState.evolve(placements[e.placement], event)
        case .placementStarted(let e):
            placements[e.placement] = PlacementState.evolve(placements[e.placement], event)
        case .placementExtended(let e):
            placements[e.placement] = PlacementState.evolve(placements[e.placement], event)
        case .stipendConfirmed(let e):
            placements[e.placement] = PlacementState.evolve(placements[e.placement], event)
        case .placementCompleted(let e):
            placements[e.placement] = PlacementState.evolve(placements[e.placement], event)
        case .placementTerminated(let e):
            placements[e.placement] = PlacementState.evolve(placements[e.placement], event)
        case .apprenticeshipContracted(let e):
            apprenticeships[e.id] = ApprenticeshipState.evolve(apprenticeships[e.id], event)
        case .apprenticeshipCompleted(let e):
            apprenticeships[e.apprenticeship] = ApprenticeshipState.evolve(apprenticeships[e.apprenticeship], event)
        case .apprenticeshipTerminated(let e):
            apprenticeships[e.apprenticeship] = ApprenticeshipState.evolve(apprenticeships[e.apprenticeship], event)
        case .subsidyAdvanced(let e):
            apprenticeships[e.apprenticeship] = ApprenticeshipState.evolve(apprenticeships[e.apprenticeship], event)
        case .subsidySettled(let e):
            apprenticeships[e.apprenticeship] = ApprenticeshipState.evolve(apprenticeships[e.apprenticeship], event)
        case .subsidyClawedBack(let e):
            apprenticeships[e.apprenticeship] = ApprenticeshipState.evolve(apprenticeships[e.apprenticeship], event)
        case .studentCorrected(let e):
            students[e.student] = StudentState.evolve(students[e.student], event)
        case .enterpriseCorrected(let e):
            enterprises[e.enterprise] = EnterpriseState.evolve(enterprises[e.enterprise], event)
        case .placementCorrected(let e):
            placements[e.placement] = PlacementState.evolve(placements[e.placement], event)
        case .teacherRegistered(let e):
            teachers[e.id] = TeacherState.evolve(teachers[e.id], event)
        case .teacherQualified(let e):
            teachers[e.teacher] = TeacherState.evolve(teachers[e.teacher], event)
        case .teacherPracticed(let e):
            teachers[e.teacher] = TeacherState.evolve(teachers[e.teacher], event)
        case .enterpriseCertified(let e):
            enterprises[e.enterprise] = EnterpriseState.evolve(enterprises[e.enterprise], event)
        case .enterpriseCertificationRevoked(let e):
            enterprises[e.enterprise] = EnterpriseState.evolve(enterprises[e.enterprise], event)
        case .apprenticeWageConfirmed(let e):
            apprenticeships[e.apprenticeship] = ApprenticeshipState.evolve(apprenticeships[e.apprenticeship], event)
        case .teacherCorrected(let e):
            teachers[e.teacher] = TeacherState.evolve(teachers[e.teacher], event)
        case .personalDataErased(let e):
            students[e.student] = StudentState.evolve(students[e.student], event)
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
