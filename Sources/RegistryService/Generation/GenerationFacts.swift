import RegistryDomain

/// The facts the generator decides against: an in-memory `RegistryState`, plus an index of each
/// enterprise's started post placements, so that counting active post interns (Quota_02/03) does not
/// walk every placement of the district. The count is exactly `RegistryState`'s.
final class GenerationFacts: DecisionFacts {
    private(set) var state = RegistryState()
    /// Started post placements by enterprise; ended ones are pruned once they can no longer be active
    /// on any date the generator still asks about.
    private var startedPosts: [String: [String]] = [:]

    var header: RegistryHeader? { state.header }
    func school(_ id: String) -> SchoolState? { state.schools[id] }
    func enterprise(_ id: String) -> EnterpriseState? { state.enterprises[id] }
    func student(_ id: String) -> StudentState? { state.students[id] }
    func placement(_ id: String) -> PlacementState? { state.placements[id] }
    func apprenticeship(_ id: String) -> ApprenticeshipState? { state.apprenticeships[id] }
    func teacher(_ id: String) -> TeacherState? { state.teachers[id] }
    func openRecords(ofStudent student: String) -> [String] { state.openRecords(ofStudent: student) }
    func student(withIDCardDigest digest: String) -> String? { state.student(withIDCardDigest: digest) }

    /// - Complexity: O(started post placements of the enterprise that may still be active).
    func activePostInterns(enterprise: String, on date: CalendarDate, post: String?, excluding placement: String?) -> Int {
        guard var ids = startedPosts[enterprise] else { return 0 }
        // The generator's dates never go back more than a few weeks, so a placement that ended
        // long before `date` can be dropped for good.
        let horizon = date.adding(days: -HistoryGenerator.maximumLookBackDays)
        ids.removeAll { id in
            guard let p = state.placements[id], let end = p.endedOn, p.hasEnded else { return false }
            return min(end, p.plannedEnd) < horizon
        }
        startedPosts[enterprise] = ids
        var count = 0
        for id in ids where id != placement {
            guard let p = state.placements[id] else { continue }
            if p.kind == .post && (post == nil || p.post == post) && p.isActive(on: date) { count += 1 }
        }
        return count
    }

    /// Folds an event into the state and the index.
    func apply(_ event: RegistryEvent) {
        state.apply(event)
        if case .placementStarted(let e) = event, let p = state.placements[e.placement], p.kind == .post {
            startedPosts[p.enterprise, default: []].append(p.id)
        }
    }
}
