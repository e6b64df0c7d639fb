/// One change of an enterprise's 产教融合型企业 status.
public enum CertificationChange: Equatable, Sendable {
    /// Certified from a date by a document.
    case certified(EnterpriseCertified)
    /// Revoked from a date by a document.
    case revoked(EnterpriseCertificationRevoked)

    /// The date the change takes effect.
    public var on: CalendarDate {
        switch self {
        case .certified(let e): e.on
        case .revoked(let e): e.on
        }
    }
}

extension EnterpriseState {
    /// The certification in force on `date`: the latest change dated on or before it, if that change
    /// is a certification. A revocation takes effect on its own date.
    public func certification(on date: CalendarDate) -> EnterpriseCertified? {
        guard case .certified(let e)? = certificationHistory.last(where: { $0.on <= date }) else { return nil }
        return e
    }

    /// Whether the enterprise is certified in its latest recorded state, whatever the dates.
    public var latestCertification: EnterpriseCertified? {
        guard case .certified(let e)? = certificationHistory.last else { return nil }
        return e
    }
}
