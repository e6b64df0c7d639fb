/// The audit of the duties of issue 12: apprentices' pay (Wage_02–04), undergraduate practice
/// (Practice_01) and teachers (Teacher_01/02). Each finding cites the parameter of the policy in
/// force that states the figure, where there is one.
extension Audit {
    /// An academic year of practice (002 四(二) 实习实训累计不少于1学年), counted as 40 weeks = 280
    /// calendar days of placements: two semesters of 20 weeks, the teaching year a 学年 consists of.
    /// The registry's reading of the document, not a figure it states.
    public static let academicYearDays = 280

    /// Every finding of the duties on `date`, unsorted (`findings(in:on:)` sorts).
    static func dutyFindings(_ state: RegistryState, _ date: CalendarDate) -> [Finding] {
        wageFindings(state, date) + undergraduatePracticeFindings(state, date) + teacherFindings(state, date)
    }

    /// Wage_02/03/04, for apprenticeships whose contract records the agreed wage (older contracts
    /// owe no stated amount and are not judged):
    /// - Wage_02: a confirmed month (paid on or before `date`) paid less than the wage due, which is
    ///   the agreed wage pro rata to the days trained in the month;
    /// - Wage_03: a confirmed month paid after its last day + `payGraceDays` (the policy's deadline for a
    ///   month's pay, stipends and wages alike; unset, Wage_03/04 do not apply, as Pay_03/04);
    /// - Wage_04: a month of the actual term with no confirmation once its last day + `payGraceDays` has passed.
    static func wageFindings(_ state: RegistryState, _ date: CalendarDate) -> [Finding] {
        var result: [Finding] = []
        for apprenticeship in state.apprenticeships.values where apprenticeship.contract.monthlyWage != nil {
            let subject = "apprenticeship \(apprenticeship.id)"
            result += monthlyPayFindings(state, date, term: apprenticeship.actualTerm,
                                         rules: (short: .wage02, late: .wage03, missing: .wage04),
                                         subject: subject, school: apprenticeship.school, enterprise: apprenticeship.enterprise,
                                         due: apprenticeship.wageDue(for:)) { month in
                apprenticeship.wages[month].map { ($0.amount, $0.paidOn) }
            }
        }
        return result
    }

    /// The days a student spent in placements up to `through`: every placement that started, from
    /// its start to its completion or termination (or its planned end, or `through`, whichever is
    /// earlier), each day counted once however many placements overlap it.
    public static func practiceDays(of student: String, in state: RegistryState, through: CalendarDate) -> Int {
        practiceDays(state.placements.values.filter { $0.student == student }, through: through)
    }

    /// The days of one student's `placements` up to `through`, as `practiceDays(of:in:through:)` counts them.
    static func practiceDays(_ placements: [PlacementState], through: CalendarDate) -> Int {
        let terms = placements.compactMap { p -> ClosedRange<CalendarDate>? in
            guard let term = p.actualTerm, term.lowerBound <= through else { return nil }
            return term.lowerBound...min(term.upperBound, through)
        }
        return DayCount.distinctDays(terms)
    }

    /// Practice_01: a student of an undergraduate-level school whose status ended as graduated on or
    /// before `date` with fewer than `undergraduatePracticeYears` × `academicYearDays` days of
    /// placements up to that day, under the policy in force on the day of leaving.
    static func undergraduatePracticeFindings(_ state: RegistryState, _ date: CalendarDate) -> [Finding] {
        // The graduates the rule judges, each with the day they left and the requirement in force then.
        let judged = state.students.values.compactMap { student -> (student: StudentState, left: CalendarDate, years: Parameter<Int>)? in
            guard let ended = student.statusEnded, ended.reason == .graduated, ended.on <= date,
                  state.schools[student.school]?.level == .undergraduate,
                  let years = policy(state, on: ended.on).undergraduatePracticeYears else { return nil }
            return (student, ended.on, years)
        }
        guard !judged.isEmpty else { return [] }
        // Each student's placements, gathered once: looking through every placement for every graduate
        // made the audit quadratic (43% of an audit of the 1M-event log).
        let placementsByStudent = Dictionary(grouping: state.placements.values, by: \.student)
        return judged.compactMap { graduate in
            let required = graduate.years.value * academicYearDays
            let days = practiceDays(placementsByStudent[graduate.student.id] ?? [], through: graduate.left)
            guard days < required else { return nil }
            return Finding(ruleID: .practice01, subject: "student \(graduate.student.id)", school: graduate.student.school,
                           date: graduate.left, expected: "\(required)", actual: "\(days)", source: graduate.years.source)
        }
    }

    /// One school's 双师型 share on a date.
    public struct TeacherShare: Equatable, Sendable, Codable {
        /// The school.
        public var school: String
        /// Professional-course teachers registered (at the school since on or before the date, or since an unstated day).
        public var professional: Int
        /// Of them, recognised as 双师型 on or before the date.
        public var dualQualified: Int

        /// The share in basis points, rounded half up, for display (0 when the school has no professional
        /// teachers registered); Teacher_01 compares the exact fraction, not this.
        public var basisPoints: Int { professional == 0 ? 0 : (dualQualified * 20_000 + professional) / (2 * professional) }
    }

    /// The 双师型 share of every school that registered teachers, on `date`, sorted by school.
    public static func teacherShares(in state: RegistryState, on date: CalendarDate) -> [TeacherShare] {
        var shares: [String: TeacherShare] = [:]
        for teacher in state.teachers.values where teacher.registration.course == .professional
            && (teacher.registration.since.map { $0 <= date } ?? true) {
            var share = shares[teacher.school] ?? TeacherShare(school: teacher.school, professional: 0, dualQualified: 0)
            share.professional += 1
            if teacher.isDualQualified(on: date) { share.dualQualified += 1 }
            shares[teacher.school] = share
        }
        return shares.values.sorted { $0.school < $1.school }
    }

    /// Teacher_01 and Teacher_02 on `date`, under the policy in force on `date`:
    /// - Teacher_01: a school of a level the target addresses, with professional teachers registered,
    ///   whose 双师型 share is below the target once the target year has ended (a target without a year
    ///   applies at once). A school with no teachers registered is not judged: its share is unknown.
    /// - Teacher_02: a professional teacher at the school for the whole window (the `years` before
    ///   `date`, or since an unstated day) whose enterprise practice in the window, in distinct days,
    ///   is under `months` × 30 days.
    static func teacherFindings(_ state: RegistryState, _ date: CalendarDate) -> [Finding] {
        var result: [Finding] = []
        let policy = policy(state, on: date)
        for share in teacherShares(in: state, on: date) where share.professional > 0 {
            guard let level = state.schools[share.school]?.level, let target = policy.dualQualifiedTarget(for: level),
                  target.value.isDue(on: date) else { continue }
            if share.dualQualified * 10_000 < target.value.rate.basisPoints * share.professional {
                result.append(Finding(ruleID: .teacher01, subject: "school \(share.school)", school: share.school, date: date,
                                      expected: target.value.rate.description,
                                      actual: "\(share.dualQualified)/\(share.professional)", source: target.source))
            }
        }
        if let rule = policy.teacherPractice {
            let window = date.adding(months: -12 * rule.value.years).adding(days: 1)...date
            for teacher in state.teachers.values where teacher.registration.course == .professional {
                if let since = teacher.registration.since, since > window.lowerBound { continue }
                let days = teacher.practiceDays(in: window)
                if days < rule.value.minimumDays {
                    result.append(Finding(ruleID: .teacher02, subject: "teacher \(teacher.id)", school: teacher.school, date: date,
                                          expected: "\(rule.value.minimumDays)", actual: "\(days)",
                                          detail: "\(window.lowerBound)", source: rule.source))
                }
            }
        }
        return result
    }

    /// The message of a duty finding, or `nil` for another rule.
    static func dutyMessage(_ finding: Finding, _ language: Language) -> String? {
        let en = language == .en
        var f = finding
        // A Chinese sentence names its subject in Chinese (`学徒培养 A-3`).
        f.subject = finding.subject(language)
        let when = f.period?.description ?? f.date?.description ?? ""
        switch f.ruleID {
        case .wage02:
            return en ? "\(f.subject) paid the apprentice \(f.actual) yuan for \(when), less than the \(f.expected) yuan due."
                : "\(f.subject) \(when) 的学徒工资支付 \(f.actual) 元，少于应付的 \(f.expected) 元。"
        case .wage03:
            return en ? "\(f.subject) paid the apprentice's wage for \(when) on \(f.actual), after it was due on \(f.expected)."
                : "\(f.subject) \(when) 的学徒工资于 \(f.actual) 支付，晚于应付日期 \(f.expected)。"
        case .wage04:
            return en ? "\(f.subject) has no wage confirmation for \(when), which was due on \(f.expected)."
                : "\(f.subject) \(when) 的学徒工资已于 \(f.expected) 到期，仍无确认。"
        case .practice01:
            return en ? "\(f.subject) graduated on \(when) from an applied undergraduate school with \(f.actual) days of practice, fewer than the \(f.expected) days of the required academic years."
                : "\(f.subject) 于 \(when) 从应用型本科院校毕业，实习实训累计 \(f.actual) 天，少于规定学年的 \(f.expected) 天。"
        case .teacher01:
            return en ? "\(f.subject) has \(f.actual) professional-course teachers recognised as 双师型 on \(when), below the target of \(f.expected)."
                : "\(f.subject) 在 \(when) 的“双师型”教师占专业课教师 \(f.actual)，低于目标 \(f.expected)。"
        case .teacher02:
            return en ? "\(f.subject) spent \(f.actual) days in enterprise practice from \(f.detail) to \(when), fewer than the required \(f.expected) days."
                : "\(f.subject) 自 \(f.detail) 至 \(when) 赴企业实践 \(f.actual) 天，少于规定的 \(f.expected) 天。"
        default:
            return nil
        }
    }
}
