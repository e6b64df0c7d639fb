/// An enterprise, folded from its `enterprise-<ID>` stream.
public struct EnterpriseState: Equatable, Sendable {
    /// The enterprise's ID.
    public var id: String
    /// The enterprise's name.
    public var name: String
    /// Whether it is above designated size (规模以上).
    public var aboveScale: Bool
    /// Every workforce declaration by `asOf`, ascending; a later one with the same `asOf` replaces an earlier one.
    public var declarations: [WorkforceDeclared]
    /// 产教融合型企业 certifications and revocations, in log order.
    public var certificationHistory: [CertificationChange] = []

    /// Creates an enterprise state.
    public init(id: String, name: String, aboveScale: Bool, declarations: [WorkforceDeclared] = []) {
        self.id = id
        self.name = name
        self.aboveScale = aboveScale
        self.declarations = declarations
    }

    /// The declaration in force on `date`: the latest with `asOf <= date`, or `nil` if none yet.
    public func workforce(on date: CalendarDate) -> WorkforceDeclared? {
        declarations.last { $0.asOf <= date }
    }

    /// Folds one event of the enterprise's stream; other events leave the state unchanged.
    public static func evolve(_ state: EnterpriseState?, _ event: RegistryEvent) -> EnterpriseState? {
        switch event {
        case .enterpriseRegistered(let e) where state == nil:
            return EnterpriseState(id: e.id, name: e.name, aboveScale: e.aboveScale)
        case .workforceDeclared(let e):
            guard var state, state.id == e.enterprise else { return state }
            state.declarations.removeAll { $0.asOf == e.asOf }
            let index = state.declarations.firstIndex { $0.asOf > e.asOf } ?? state.declarations.endIndex
            state.declarations.insert(e, at: index)
            return state
        case .enterpriseCorrected(let e):
            guard var state, state.id == e.enterprise else { return state }
            state.name = e.name
            return state
        case .enterpriseCertified(let e):
            guard var state, state.id == e.enterprise else { return state }
            state.certificationHistory.append(.certified(e))
            return state
        case .enterpriseCertificationRevoked(let e):
            guard var state, state.id == e.enterprise else { return state }
            state.certificationHistory.append(.revoked(e))
            return state
        default:
            return state
        }
    }
}
