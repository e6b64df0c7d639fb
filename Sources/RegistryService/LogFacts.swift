import EventStore
import ReadModel
import RegistryDomain

/// The facts a decision may look at, loaded lazily from the log (the streams the decision touches,
/// through the stream index) and from the read model (counts). Errors while loading are kept and
/// rethrown after the decision, since `DecisionFacts` cannot throw.
final class LogFacts: DecisionFacts {
    private let registry: Registry
    private let readModel: ReadModelStore
    private var streams: [String: [RegistryEvent]] = [:]
    private var versions: [String: UInt64] = [:]
    private var cachedHeader: RegistryHeader??
    /// The first error met while loading facts.
    private(set) var failure: Error?

    init(registry: Registry, readModel: ReadModelStore) {
        self.registry = registry
        self.readModel = readModel
    }

    /// The stream's events folded in place (`StreamFolded`).
    private func folded<State: StreamFolded>(_ stream: String) -> State? {
        load(stream).reduce(into: nil) { State.fold(&$0, $1) }
    }

    private func load(_ stream: String) -> [RegistryEvent] {
        if let events = streams[stream] { return events }
        do {
            let loaded = try registry.decisionEvents(of: stream)
            streams[stream] = loaded.map(\.event)
            versions[stream] = loaded.last?.envelope.streamVersion ?? 0
        } catch {
            if failure == nil { failure = error }
            streams[stream] = []
        }
        return streams[stream] ?? []
    }

    /// The stream's version as loaded for this decision (what the append must expect).
    func version(of stream: String) throws -> UInt64 {
        _ = load(stream)
        if let failure { throw failure }
        return versions[stream] ?? 0
    }

    var header: RegistryHeader? {
        if let cachedHeader { return cachedHeader }
        let header: RegistryHeader?
        do {
            header = try registry.header {
                let state: RegistryHeader? = folded(StreamID.registry)
                // A stream that failed to load folds to nothing: that must not be kept.
                if let failure { throw failure }
                return (state, versions[StreamID.registry] ?? 0)
            }
        } catch {
            if failure == nil { failure = error }
            header = nil
        }
        cachedHeader = .some(header)
        return header
    }

    func school(_ id: String) -> SchoolState? {
        do {
            return try registry.school(id) {
                let stream = StreamID.school(id)
                let folded = load(stream).reduce(nil, SchoolState.evolve)
                // A stream that failed to load folds to nothing: that must not be kept.
                if let failure { throw failure }
                return (folded, versions[stream] ?? 0)
            }
        } catch {
            if failure == nil { failure = error }
            return nil
        }
    }
    func enterprise(_ id: String) -> EnterpriseState? { folded(StreamID.enterprise(id)) }
    func student(_ id: String) -> StudentState? { folded(StreamID.student(id)) }
    func placement(_ id: String) -> PlacementState? { folded(StreamID.placement(id)) }
    func apprenticeship(_ id: String) -> ApprenticeshipState? { folded(StreamID.apprenticeship(id)) }

    func teacher(_ id: String) -> TeacherState? { folded(StreamID.teacher(id)) }

    func student(withIDCardDigest digest: String) -> String? {
        do {
            return try readModel.student(withIDCardDigest: digest)
        } catch {
            if failure == nil { failure = error }
            return nil
        }
    }

    func openRecords(ofStudent student: String) -> [String] {
        do {
            return try readModel.openRecords(ofStudent: student)
        } catch {
            if failure == nil { failure = error }
            return []
        }
    }

    func activePostInterns(enterprise: String, on date: CalendarDate, post: String?, excluding placement: String?) -> Int {
        do {
            return try readModel.activePostInterns(enterprise: enterprise, on: date, post: post, excluding: placement)
        } catch {
            if failure == nil { failure = error }
            return 0
        }
    }
}
