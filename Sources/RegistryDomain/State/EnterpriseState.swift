/// An enterprise, folded from its `enterprise-<ID>` stream.
public struct EnterpriseState: StreamFolded, Equatable, Sendable {
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

    /// Folds one event of the enterprise's stream into `state` where it is (`StreamFolded`).
    public static func fold(_ state: inout EnterpriseState?, _ event: RegistryEvent) {
        if case .enterpriseRegistered(let e) = event {
            if state == nil { state = EnterpriseState(id: e.id, name: e.name, aboveScale: e.aboveScale) }
        } else {
            state?.apply(event)
        }
    }

    /// `fold` for an enterprise that exists: events of other enterprises leave it unchanged.
    private mutating func apply(_ event: RegistryEvent) {
        switch event {
        case .workforceDeclared(let e) where e.enterprise == id:
            declarations.removeAll { $0.asOf == e.asOf }
            let index = declarations.firstIndex { $0.asOf > e.asOf } ?? declarations.endIndex
            declarations.insert(e, at: index)
        case .enterpriseCorrected(let e) where e.enterprise == id:
            name = e.name
        case .enterpriseCertified(let e) where e.enterprise == id:
            certificationHistory.append(.certified(e))
        case .enterpriseCertificationRevoked(let e) where e.enterprise == id:
            certificationHistory.append(.revoked(e))
        default:
            break
        }
    }
}
