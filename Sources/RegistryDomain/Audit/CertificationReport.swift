/// Certification_01: the 产教融合型企业 an inspector counts against the policy's target.
public struct CertificationReport: Equatable, Sendable {
    /// One enterprise with a certification history.
    public struct Line: Equatable, Sendable, Codable {
        /// The enterprise.
        public var enterprise: String
        /// Its name.
        public var name: String
        /// Whether it is certified on the report's date.
        public var isCertified: Bool
        /// The certification in force, or the last one before a revocation.
        public var certifiedOn: CalendarDate?
        /// Its document.
        public var document: String?
        /// The revocation in force on the date, if any.
        public var revokedOn: CalendarDate?
        /// Its document.
        public var revocationDocument: String?
        /// Its reason.
        public var revocationReason: String?
    }

    /// The date counted on.
    public var date: CalendarDate
    /// Every enterprise certified on or before the date (revoked ones included), sorted by ID.
    public var lines: [Line]
    /// The target of the policy in force on the date, if it states one.
    public var target: Parameter<CertificationTarget>?
    /// The profile in force on the date.
    public var profile: String

    /// Enterprises certified on the date.
    public var certifiedCount: Int { lines.count { $0.isCertified } }

    /// Whether the target is met: `nil` without a target or before its year has ended and while
    /// the count is still short of it (progress, not yet a shortfall).
    public var meetsTarget: Bool? {
        guard let target else { return nil }
        if certifiedCount >= target.value.count { return true }
        guard let year = target.value.byYear else { return false }
        return date >= CalendarDate(validYear: year, month: 12, day: 31) ? false : nil
    }

    /// The report on `date`.
    public static func make(_ state: RegistryState, on date: CalendarDate) -> CertificationReport {
        let policy = state.header?.policy(on: date) ?? PolicyProfiles.national
        var lines: [Line] = []
        for enterprise in state.enterprises.values.sorted(by: { $0.id < $1.id }) {
            let history = enterprise.certificationHistory.filter { $0.on <= date }
            guard !history.isEmpty else { continue }
            var line = Line(enterprise: enterprise.id, name: enterprise.name, isCertified: false)
            for change in history {
                switch change {
                case .certified(let e):
                    line.isCertified = true
                    line.certifiedOn = e.on
                    line.document = e.document
                    line.revokedOn = nil
                    line.revocationDocument = nil
                    line.revocationReason = nil
                case .revoked(let e):
                    line.isCertified = false
                    line.revokedOn = e.on
                    line.revocationDocument = e.document
                    line.revocationReason = e.reason
                }
            }
            lines.append(line)
        }
        return CertificationReport(date: date, lines: lines, target: policy.certificationTarget, profile: policy.profile)
    }
}
