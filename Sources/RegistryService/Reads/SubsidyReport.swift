import ReadModel
import RegistryDomain

/// `registry report subsidies` as a record: the internship cost subsidy (Subsidy_01) per enterprise
/// and month, and the apprenticeship training subsidy ledger (Subsidy_02/03).
public struct SubsidyReport: Codable, Sendable, Equatable {
    /// An enterprise's intern-months of one month and the subsidy they earn.
    public struct InternMonth: Codable, Sendable, Equatable {
        public var enterprise: String
        public var month: YearMonth
        /// Qualifying intern-months (one per placement).
        public var internMonths: Int
        /// Yuan.
        public var amount: String
        /// The qualifying placements, sorted.
        public var placements: [String]
    }

    /// One apprenticeship's subsidy totals.
    public struct Apprenticeship: Codable, Sendable, Equatable {
        public var apprenticeship: String
        public var school: String
        public var enterprise: String
        public var level: String
        public var status: String
        /// Yuan.
        public var advanced: String
        public var settled: String
        public var clawedBack: String
        /// Advance still to be recovered from a terminated apprenticeship.
        public var owedBack: String
    }

    /// Payments made up to this date are counted.
    public var on: CalendarDate
    public var throughPosition: UInt64
    @Nullable public var month: YearMonth?
    @Nullable public var year: Int?
    /// The school filter, if any (a school's own report covers its placements and apprenticeships).
    @Nullable public var school: String?
    public var internSubsidies: [InternMonth]
    /// The sum of `intern_subsidies`, yuan.
    public var internTotal: String
    public var apprenticeships: [Apprenticeship]

    /// The report of `state`, optionally for one month or year and one school.
    public static func make(_ state: RegistryState, on: CalendarDate, through position: UInt64, month: YearMonth?, year: Int?,
                            school: String? = nil) -> SubsidyReport {
        var rows: [InternMonth] = []
        for row in Audit.internSubsidies(in: state, through: on) where (month == nil || row.month == month) && (year == nil || row.month.year == year) {
            var placements = row.placements
            var amount = row.amount
            if let school {
                // The subsidy is per intern-month: a school's share is its own placements' months.
                placements = placements.filter { state.placements[$0]?.school == school }
                guard !placements.isEmpty else { continue }
                amount = Money(fen: row.amount.fen / Int64(row.placements.count) * Int64(placements.count))
            }
            rows.append(InternMonth(enterprise: row.enterprise, month: row.month, internMonths: placements.count, amount: amount.yuan,
                                    placements: placements))
        }
        let total = rows.reduce(Int64(0)) { $0 + (Money(yuan: $1.amount)?.fen ?? 0) }
        let ledger = state.apprenticeships.values.sorted { $0.id < $1.id }.filter { a in
            (year.map { a.contract.start.year <= $0 && a.contract.end.year >= $0 } ?? true) && (school.map { a.school == $0 } ?? true)
        }.map { a in
            Apprenticeship(apprenticeship: a.id, school: a.school, enterprise: a.enterprise, level: a.contract.level.rawValue,
                           status: a.status.rawValue, advanced: a.advanced.yuan, settled: a.settled.yuan, clawedBack: a.clawedBack.yuan,
                           owedBack: (a.status == .terminated ? a.outstandingAdvance : .zero).yuan)
        }
        return SubsidyReport(on: on, throughPosition: position, month: month, year: year, school: school, internSubsidies: rows,
                             internTotal: Money(fen: total).yuan, apprenticeships: ledger)
    }
}
