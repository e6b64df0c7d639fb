/// A target share of 双师型 teachers among a school's professional-course teachers.
public struct TeacherShareTarget: Codable, Equatable, Sendable {
    /// The target share.
    public var rate: Rate
    /// The year by whose end the target is to be reached; `nil` when the policy names none (it then
    /// applies at once).
    public var byYear: Int?

    /// Creates a target.
    public init(rate: Rate, byYear: Int?) {
        self.rate = rate
        self.byYear = byYear
    }

    /// Whether the target is due on `date` (on or after 31 December of `byYear`).
    public func isDue(on date: CalendarDate) -> Bool {
        byYear.map { date >= CalendarDate(validYear: $0, month: 12, day: 31) } ?? true
    }
}

/// A duty of enterprise practice: professional teachers spend at least `months` in enterprises in
/// every `years` years.
public struct TeacherPracticeRule: Codable, Equatable, Sendable {
    /// The minimum practice within each window, in months (half a year = 6).
    public var months: Int
    /// The window, in years.
    public var years: Int

    /// Creates a rule.
    public init(months: Int, years: Int) {
        self.months = months
        self.years = years
    }

    /// The minimum in days: a month is counted as 30 days, so 6 months are 180 days of practice.
    /// Practice is counted in days because it comes in periods of any length; 30 days a month is
    /// the reading least likely to fault a teacher whose periods add up to half a year.
    public var minimumDays: Int { months * 30 }
}

/// A target number of certified 产教融合型企业 (or provincial pilot enterprises) by a year.
public struct CertificationTarget: Codable, Equatable, Sendable {
    /// The number of enterprises.
    public var count: Int
    /// The year by whose end the target is to be reached, if the policy names one.
    public var byYear: Int?

    /// Creates a target.
    public init(count: Int, byYear: Int?) {
        self.count = count
        self.byYear = byYear
    }
}

/// The duties' rules read from the policy's parameters (`PolicyParameters+Duties.swift`); each is
/// `nil` where the policy leaves its leading parameter unset, and the rule then does not apply.
extension Policy {
    /// Wage_01: the local minimum monthly wage, if stated.
    public var minimumMonthlyWage: Parameter<Money>? { self[.minimumMonthlyWage] }

    /// Teacher_01: the 双师型 share target for schools of `level`, cited to the share's source.
    public func dualQualifiedTarget(for level: SchoolLevel) -> Parameter<TeacherShareTarget>? {
        guard let parameter = PolicyParameter<Rate>.dualQualifiedShare(level), let share = self[parameter] else { return nil }
        return Parameter(TeacherShareTarget(rate: share.value, byYear: self[.dualQualifiedShareByYear]?.value), source: share.source)
    }

    /// Teacher_02: the enterprise-practice duty, if the months are stated (the window defaults to
    /// 5 years, the window both documents that state the months name).
    public var teacherPractice: Parameter<TeacherPracticeRule>? {
        guard let months = self[.teacherPracticeMonths] else { return nil }
        return Parameter(TeacherPracticeRule(months: months.value, years: self[.teacherPracticeYears]?.value ?? 5), source: months.source)
    }

    /// Certification_01: the certification target, if stated.
    public var certificationTarget: Parameter<CertificationTarget>? {
        guard let count = self[.certifiedEnterpriseTarget] else { return nil }
        return Parameter(CertificationTarget(count: count.value, byYear: self[.certifiedEnterpriseTargetYear]?.value), source: count.source)
    }

    /// Practice_01: the undergraduate practice duty in academic years, if stated.
    public var undergraduatePracticeYears: Parameter<Int>? { self[.undergraduatePracticeYears] }
}
