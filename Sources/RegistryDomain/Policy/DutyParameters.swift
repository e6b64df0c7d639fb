/// A target share of 双师型 teachers among a school's professional-course teachers.
public struct TeacherShareTarget: Codable, Equatable, Sendable {
    /// The target share.
    public var rate: Rate
    /// The year by whose end the target is to be reached; `nil` when the document names none (it then
    /// applies from the policy's adoption).
    public var byYear: Int?
    /// The school levels the document addresses (职业院校: secondary and higher; 中职: secondary).
    public var levels: [SchoolLevel]

    /// Creates a target.
    public init(rate: Rate, byYear: Int?, levels: [SchoolLevel]) {
        self.rate = rate
        self.byYear = byYear
        self.levels = levels
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
    /// The year by whose end the target is to be reached.
    public var byYear: Int
    /// Whether the document states an approximate figure (20家左右).
    public var isApproximate: Bool
    /// What the document counts, in its words (e.g. 省级产教融合试点企业).
    public var what: String

    /// Creates a target.
    public init(count: Int, byYear: Int, isApproximate: Bool, what: String) {
        self.count = count
        self.byYear = byYear
        self.isApproximate = isApproximate
        self.what = what
    }
}

/// The parameters of the duties of issue 12 (apprentices' pay, certification, undergraduate practice,
/// teachers), by profile. A parameter no document states is `nil` (unset), and its rule does not apply.
///
/// They are looked up by profile name until the policy's own unset-parameter mechanism carries them
/// in `PolicyAdopted`; each accessor on `Policy` below is the one line to change then.
public struct DutyParameters: Equatable, Sendable {
    /// Wage_01: the local minimum monthly wage. No seed states a figure; a bureau sets it.
    public var minimumMonthlyWage: Parameter<Money>?
    /// Teacher_01: the 双师型 share target.
    public var dualQualifiedTarget: Parameter<TeacherShareTarget>?
    /// Teacher_02: the enterprise-practice duty of professional teachers.
    public var teacherPractice: Parameter<TeacherPracticeRule>?
    /// Certification_01: the number of certified enterprises to reach.
    public var certificationTarget: Parameter<CertificationTarget>?
    /// Practice_01: the practice an applied-undergraduate student accumulates, in academic years.
    public var undergraduatePracticeYears: Parameter<Int>?

    /// Nothing stated.
    public static let unset = DutyParameters()

    /// The parameters each shipped profile's document states; `national` states none of them.
    public static func of(profile: String) -> DutyParameters {
        var p = DutyParameters()
        switch profile {
        case "huyi":
            p.certificationTarget = Parameter(CertificationTarget(count: 1, byYear: 2023, isApproximate: false, what: "产教融合型企业"),
                                              source: "001 item 11 (建成1个产教融合型企业, 2023年)")
        case "sanmenxia":
            p.dualQualifiedTarget = Parameter(TeacherShareTarget(rate: Rate(basisPoints: 5000), byYear: 2022, levels: [.secondary, .higher]),
                                              source: "002 四(三) (到2022年“双师型”教师占专业课教师比例达到50%)")
            p.certificationTarget = Parameter(CertificationTarget(count: 20, byYear: 2025, isApproximate: true, what: "产教融合型企业"),
                                              source: "002 一(二) (到2025年培育20家左右产教融合型企业)")
            p.undergraduatePracticeYears = Parameter(1, source: "002 四(二) (应用型本科院校学生实习实训时间累积不少于1学年)")
        case "shaoxing":
            p.dualQualifiedTarget = Parameter(TeacherShareTarget(rate: Rate(basisPoints: 9000), byYear: 2025, levels: [.secondary, .higher]),
                                              source: "003 (十三) (到2025年职业学校双师型比率达90%以上)")
            p.teacherPractice = Parameter(TeacherPracticeRule(months: 6, years: 5),
                                          source: "003 (十三) (专业教师赴企业实践每5年累计不少于半年)")
            p.certificationTarget = Parameter(CertificationTarget(count: 30, byYear: 2025, isApproximate: false, what: "省级产教融合试点企业"),
                                              source: "003 annex 2 item 2 (到2025年省级产教融合试点企业30个)")
        case "hechuan":
            p.dualQualifiedTarget = Parameter(TeacherShareTarget(rate: Rate(basisPoints: 6000), byYear: nil, levels: [.secondary]),
                                              source: "004 item 12 (中职“双师型”教师占专业课教师的60%以上)")
            p.teacherPractice = Parameter(TeacherPracticeRule(months: 6, years: 5),
                                          source: "004 item 12 (专业课教师到企业实践锻炼每5年不少于6个月)")
        default:
            break
        }
        return p
    }
}

extension Policy {
    /// The duty parameters of this policy's profile.
    public var duties: DutyParameters { DutyParameters.of(profile: profile) }
    /// Wage_01: the local minimum monthly wage, if stated.
    public var minimumMonthlyWage: Parameter<Money>? { duties.minimumMonthlyWage }
    /// Teacher_01: the 双师型 share target, if stated.
    public var dualQualifiedTarget: Parameter<TeacherShareTarget>? { duties.dualQualifiedTarget }
    /// Teacher_02: the enterprise-practice duty, if stated.
    public var teacherPractice: Parameter<TeacherPracticeRule>? { duties.teacherPractice }
    /// Certification_01: the certification target, if stated.
    public var certificationTarget: Parameter<CertificationTarget>? { duties.certificationTarget }
    /// Practice_01: the undergraduate practice duty in academic years, if stated.
    public var undergraduatePracticeYears: Parameter<Int>? { duties.undergraduatePracticeYears }
}
