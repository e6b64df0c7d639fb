import ReadModel
import EventStore
import RegistryDomain

/// Everything the registry holds about one enterprise, for `show enterprise` and the API.
public struct EnterpriseRecord: Codable, Sendable, Equatable {
    /// One post of a workforce declaration.
    public struct Post: Codable, Sendable, Equatable {
        public var post: String
        /// Employees on the post, if declared.
        @Nullable public var headcount: Int?
        /// The post's wage standard (yuan per month), if declared.
        @Nullable public var wageStandard: String?
    }

    /// A workforce declaration (the one with the latest `as_of` on or before a date is in force).
    public struct Declaration: Codable, Sendable, Equatable {
        public var asOf: CalendarDate
        public var headcount: Int
        /// Sorted by post name.
        public var posts: [Post]
        public var recorded: RecordedChange
    }

    public var id: String
    public var name: String
    public var aboveScale: Bool
    /// Sorted by `as_of`; a later declaration with the same `as_of` replaced an earlier one.
    public var declarations: [Declaration]
    public var registered: RecordedChange
    /// The corrections made to the record, one entry per corrected field, in log order.
    public var corrections: [CorrectionEntry]

    /// Folds an enterprise stream (its events with their envelopes, in log order).
    /// - Returns: `nil` when the events hold no registration.
    public static func make(_ events: [(envelope: EventEnvelope, event: RegistryEvent)]) -> EnterpriseRecord? {
        var state: EnterpriseState?
        var registered: RecordedChange?
        var declared: [CalendarDate: RecordedChange] = [:]
        for (envelope, event) in events {
            let isNew = state == nil
            EnterpriseState.fold(&state, event)
            switch event {
            case .enterpriseRegistered where isNew: registered = RecordedChange(envelope)
            case .workforceDeclared(let e): declared[e.asOf] = RecordedChange(envelope)
            default: break
            }
        }
        guard let e = state, let registered else { return nil }
        return EnterpriseRecord(id: e.id, name: e.name, aboveScale: e.aboveScale, declarations: e.declarations.map { d in
            Declaration(asOf: d.asOf, headcount: d.headcount,
                        posts: Set(d.posts.keys).union(d.wageStandards.keys).sorted().map {
                            Post(post: $0, headcount: d.posts[$0], wageStandard: d.wageStandards[$0]?.yuan)
                        },
                        recorded: declared[d.asOf] ?? registered)
        }, registered: registered, corrections: CorrectionEntry.list(events))
    }
}
