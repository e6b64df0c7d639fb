/// The parameters of the duties of issue 12's second half (apprentices' wages, certification
/// targets, teachers, undergraduate practice). Each is unset until a profile or a `--set` states it.
extension PolicyParameter where Value == Money {
    /// Wage_01: the local minimum monthly wage (当地最低工资标准). No seed states a figure.
    public static let minimumMonthlyWage = PolicyParameter("minimumMonthlyWage", en: "Wage_01: local minimum monthly wage an apprentice's agreed wage may not fall below", zh: "Wage_01：学徒约定月工资不得低于的当地最低月工资标准")
}

extension PolicyParameter where Value == Rate {
    /// Teacher_01: the 双师型 share of professional-course teachers a secondary school (中职) is to reach.
    public static let dualQualifiedShareSecondary = PolicyParameter("dualQualifiedShare.secondary", en: "Teacher_01: 双师型 share of professional teachers at secondary schools (中职)", zh: "Teacher_01：中职学校“双师型”教师占专业课教师的比例")
    /// Teacher_01: the 双师型 share a higher vocational school (高职) is to reach.
    public static let dualQualifiedShareHigher = PolicyParameter("dualQualifiedShare.higher", en: "Teacher_01: 双师型 share of professional teachers at higher vocational schools (高职)", zh: "Teacher_01：高职院校“双师型”教师占专业课教师的比例")

    /// Teacher_01: the share parameter for schools of `level` (undergraduate schools have none: no seed sets one).
    public static func dualQualifiedShare(_ level: SchoolLevel) -> PolicyParameter<Rate>? {
        switch level {
        case .secondary: dualQualifiedShareSecondary
        case .higher: dualQualifiedShareHigher
        case .undergraduate: nil
        }
    }
}

extension PolicyParameter where Value == Int {
    /// Teacher_01: the year by whose end the 双师型 share is to be reached; unset, the share applies at once.
    public static let dualQualifiedShareByYear = PolicyParameter("dualQualifiedShareByYear", en: "Teacher_01: year by whose end the 双师型 share is due", zh: "Teacher_01：“双师型”比例的目标年份")
    /// Teacher_02: months of enterprise practice a professional teacher needs in each window.
    public static let teacherPracticeMonths = PolicyParameter("teacherPracticeMonths", en: "Teacher_02: months of enterprise practice in each window (a month = 30 days)", zh: "Teacher_02：每个周期内赴企业实践的月数（每月按30天计）")
    /// Teacher_02: the window in years.
    public static let teacherPracticeYears = PolicyParameter("teacherPracticeYears", en: "Teacher_02: the window of years the practice is counted in", zh: "Teacher_02：企业实践的计算周期（年）")
    /// Certification_01: the number of certified enterprises to reach.
    public static let certifiedEnterpriseTarget = PolicyParameter("certifiedEnterpriseTarget", en: "Certification_01: 产教融合型企业 to be certified", zh: "Certification_01：产教融合型企业目标数")
    /// Certification_01: the year by whose end the target is to be reached.
    public static let certifiedEnterpriseTargetYear = PolicyParameter("certifiedEnterpriseTargetYear", en: "Certification_01: year by whose end the target is due", zh: "Certification_01：认定目标年份")
    /// Practice_01: the academic years of practice an applied-undergraduate student accumulates.
    public static let undergraduatePracticeYears = PolicyParameter("undergraduatePracticeYears", en: "Practice_01: academic years of practice an applied undergraduate accumulates (a year = 280 days)", zh: "Practice_01：应用型本科学生实习实训累计学年（每学年按280天计）")
}

extension PolicyParameters {
    /// The duties' parameters, after SPEC's in `policy show` order.
    static let duties: [ParameterDescriptor] = [
        PolicyParameter.minimumMonthlyWage.descriptor,
        PolicyParameter.certifiedEnterpriseTarget.descriptor,
        PolicyParameter.certifiedEnterpriseTargetYear.descriptor,
        PolicyParameter.undergraduatePracticeYears.descriptor,
        PolicyParameter.dualQualifiedShareSecondary.descriptor,
        PolicyParameter.dualQualifiedShareHigher.descriptor,
        PolicyParameter.dualQualifiedShareByYear.descriptor,
        PolicyParameter.teacherPracticeMonths.descriptor,
        PolicyParameter.teacherPracticeYears.descriptor,
    ]
}
