import ReadModel
import RegistryDomain

/// `registry report evaluation` as a record: the seed 003 annex 1 indicators the registry computes, per school.
public struct EvaluationReport: Codable, Sendable, Equatable {
    /// One indicator of one school.
    public struct Indicator: Codable, Sendable, Equatable {
        /// A stable key, e.g. `agreementShare`.
        public var indicator: String
        /// The annex's wording (Chinese, as in the document).
        public var name: String
        public var english: String
        /// Weight in percent.
        public var weight: Int
        /// Whether `value` is a share in percent, else a count.
        public var isShare: Bool
        /// Rounded to 4 decimals.
        public var value: Double
        /// Out of `weight`, rounded to 4 decimals.
        public var score: Double
    }

    /// One school's evaluation.
    public struct School: Codable, Sendable, Equatable {
        public var school: String
        public var name: String
        /// `secondary`, `higher` or `undergraduate`: schools are scored within their level.
        public var level: String
        public var indicators: [Indicator]
        /// Rounded to 4 decimals, out of `possible`.
        public var total: Double
    }

    public var year: Int
    public var throughPosition: UInt64
    /// The sum of the weights computed.
    public var possible: Int
    @Nullable public var school: String?
    /// By level (secondary, higher, undergraduate), each level by total score as the domain ranks it.
    public var schools: [School]

    /// The evaluation of `state` for `year`; with `school`, only that school's lines (scored among all schools).
    public static func make(_ state: RegistryState, year: Int, through position: UInt64, school: String? = nil) -> EvaluationReport {
        let groups = Evaluation.evaluate(state, year: year)
        func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
        var schools: [School] = []
        for level in SchoolLevel.allCases {
            for s in groups[level] ?? [] where school == nil || s.school == school {
                schools.append(School(school: s.school, name: s.name, level: level.rawValue, indicators: Evaluation.indicators.map { i in
                    Indicator(indicator: i.key, name: i.name, english: i.english, weight: i.weight, isShare: i.isShare,
                              value: rounded(s.values[i.key] ?? 0), score: rounded(s.scores[i.key] ?? 0))
                }, total: rounded(s.total)))
            }
        }
        return EvaluationReport(year: year, throughPosition: position, possible: Evaluation.indicators.reduce(0) { $0 + $1.weight },
                                school: school, schools: schools)
    }
}
