import ReadModel
import RegistryDomain

/// The audit on a date as a record: `registry audit --format json` and the API.
public struct AuditReport: Codable, Sendable, Equatable {
    /// One finding, with machine values and the sentence in both languages.
    public struct Finding: Codable, Sendable, Equatable {
        /// The rule ID, e.g. `Pay_04`.
        public var rule: String
        /// `finding` (the audit reports only finding rules).
        public var severity: String
        /// What it is about, e.g. `placement P-17`.
        public var subject: String
        /// `placement`, `enterprise`, `apprenticeship`, …: the first word of `subject`.
        public var subjectKind: String
        /// The ID of the subject.
        public var subjectId: String
        @Nullable public var school: String?
        @Nullable public var enterprise: String?
        /// The day the finding concerns, if any.
        @Nullable public var date: CalendarDate?
        /// The month the finding concerns (pay rules), if any.
        @Nullable public var period: YearMonth?
        /// What the rule expects: a count, yuan (`"3000.00"`) or a date, depending on the rule.
        public var expected: String
        /// What the registry holds instead, in the same unit, or `none`.
        public var actual: String
        /// A qualifier where a rule has several aspects (Dual_02: `studentStatus` or `laborContract`), else empty.
        public var detail: String
        /// The rule's source in the policy documents.
        public var source: String
        public var messageEn: String
        public var messageZh: String

        init(_ f: RegistryDomain.Finding) {
            rule = f.ruleID.rawValue
            severity = f.severity.rawValue
            subject = f.subject
            let words = f.subject.split(separator: " ", maxSplits: 1).map(String.init)
            subjectKind = words.count == 2 ? words[0] : ""
            subjectId = words.last ?? ""
            school = f.school
            enterprise = f.enterprise
            date = f.date
            period = f.period
            expected = f.expected
            actual = f.actual
            detail = f.detail
            source = f.source
            messageEn = f.message(.en)
            messageZh = f.message(.zh)
        }
    }

    /// The business date judged.
    public var on: CalendarDate
    /// The last log position the audit saw (`--until`, or the head).
    public var throughPosition: UInt64
    /// The school filter, if any (a school's own audit is filtered to it).
    @Nullable public var school: String?
    /// The enterprise filter, if any.
    @Nullable public var enterprise: String?
    /// How many findings.
    public var count: Int
    /// Sorted by rule, subject, period and date.
    public var findings: [Finding]

    /// The findings of `state` on `on`, optionally only those concerning one school or enterprise.
    public static func make(_ state: RegistryState, on: CalendarDate, through position: UInt64,
                            school: String? = nil, enterprise: String? = nil) -> AuditReport {
        var findings = Audit.findings(in: state, on: on)
        if let school { findings = findings.filter { $0.school == school } }
        if let enterprise { findings = findings.filter { $0.enterprise == enterprise } }
        return AuditReport(findings, on: on, through: position, school: school, enterprise: enterprise)
    }

    /// The record of `findings` already judged (and filtered) for `on`.
    public init(_ findings: [RegistryDomain.Finding], on: CalendarDate, through position: UInt64, school: String?, enterprise: String?) {
        self.on = on
        throughPosition = position
        self.school = school
        self.enterprise = enterprise
        count = findings.count
        self.findings = findings.map(Finding.init)
    }
}
