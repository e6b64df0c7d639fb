import ReadModel
import RegistryDomain

/// `registry quota` as a record: every enterprise against the 2% target and the 10% cap on a date.
public struct QuotaReport: Codable, Sendable, Equatable {
    /// One enterprise.
    public struct Line: Codable, Sendable, Equatable {
        public var enterprise: String
        public var name: String
        /// The headcount of the declaration in force, if any.
        @Nullable public var workforce: Int?
        public var aboveScale: Bool
        /// Placements of either kind active on the date.
        public var activeInterns: Int
        public var majorRelevantInterns: Int
        public var postInterns: Int
        /// ceil(target rate × workforce), for above-scale enterprises with a declaration.
        @Nullable public var target: Int?
        /// floor(cap rate × workforce), with a declaration.
        @Nullable public var cap: Int?
        /// `meets`, `belowTarget`, `atCap`, `overCap`, `noTarget` or `noWorkforce`.
        public var status: String
    }

    public var on: CalendarDate
    public var throughPosition: UInt64
    /// Sorted by enterprise ID.
    public var enterprises: [Line]

    /// The quota lines of `state` on `on`.
    public static func make(_ state: RegistryState, on: CalendarDate, through position: UInt64) -> QuotaReport {
        QuotaReport(Audit.quota(in: state, on: on), on: on, through: position)
    }

    /// The record of quota lines already computed for `on`.
    public init(_ lines: [QuotaLine], on: CalendarDate, through position: UInt64) {
        self.on = on
        throughPosition = position
        enterprises = lines.map { l in
            Line(enterprise: l.enterprise, name: l.name, workforce: l.workforce, aboveScale: l.aboveScale, activeInterns: l.activeInterns,
                 majorRelevantInterns: l.majorRelevantInterns, postInterns: l.activePostInterns, target: l.target, cap: l.cap,
                 status: l.status.rawValue)
        }
    }
}
