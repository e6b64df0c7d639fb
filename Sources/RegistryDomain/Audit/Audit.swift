/// The audit: every `finding` rule judged on a date, and the Subsidy_01 report.
///
/// Each fact is judged by the policy in force at its own business date. Facts dated after the
/// audit date (completions, payments) are treated as not yet happened where the rule is about time.
public enum Audit {
    /// Every finding on `date`, sorted by rule (catalogue order), subject, period and date.
    ///
    /// - Quota_01: an above-scale enterprise with a workforce declaration in force hosts fewer than
    ///   ceil(`quotaTargetRate` × workforce) active major-relevant interns (of either kind) on `date`.
    /// - Duration_02: a post internship completed (on or before `date`) before start + `minPostMonths` − 1 day;
    ///   terminations are not completions and are not reported.
    /// - Dual_02: a running apprenticeship whose student status ended, or whose labour contract
    ///   ran out (the day after `contractEnd`), on or before `date` and on or before the day it ended.
    /// - Pay_02: a confirmed month (paid on or before `date`) paid less than the stipend due,
    ///   which is the agreed stipend pro rata to the days interned in the month.
    /// - Pay_03: a confirmed month paid after its last day + `payGraceDays`.
    /// - Pay_04: a month of the actual term with a stipend due and no confirmation after its last day + `payGraceDays` has passed.
    /// - Subsidy_03: a terminated apprenticeship with advance not clawed back.
    /// - Completion_01 (registry data quality): a started placement neither completed nor terminated
    ///   more than `RegistrySettings.openPlacementGraceDays` days after its planned end (an extension
    ///   moves the planned end).
    /// A rule whose parameter the policy in force leaves unset yields nothing (`notApplying` names it).
    public static func findings(in state: RegistryState, on date: CalendarDate) -> [Finding] {
        var result: [Finding] = []
        result += quotaFindings(state, date)
        result += placementFindings(state, date)
        result += apprenticeshipFindings(state, date)
        result += dutyFindings(state, date)
        return result.sorted { lhs, rhs in
            if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
            if lhs.subject != rhs.subject { return lhs.subject < rhs.subject }
            if lhs.period != rhs.period { return (lhs.period?.description ?? "") < (rhs.period?.description ?? "") }
            return (lhs.date?.description ?? "") < (rhs.date?.description ?? "")
        }
    }

    static func policy(_ state: RegistryState, on date: CalendarDate) -> Policy {
        state.header?.policy(on: date) ?? PolicyProfiles.national
    }

    static func quotaFindings(_ state: RegistryState, _ date: CalendarDate) -> [Finding] {
        var result: [Finding] = []
        // Quota_01 does not apply where the policy in force states no target (`notApplying` says so).
        guard let target = policy(state, on: date)[.quotaTargetRate] else { return [] }
        let rate = target.value
        // One pass over the placements, not one per enterprise: on a years-long log that was the
        // better part of an audit (a thousand enterprises times ninety thousand placements).
        var hostedBy: [String: Int] = [:]
        for placement in state.placements.values where placement.majorRelevant && placement.isActive(on: date) {
            hostedBy[placement.enterprise, default: 0] += 1
        }
        for enterprise in state.enterprises.values where enterprise.aboveScale {
            guard let workforce = enterprise.workforce(on: date) else { continue }
            let expected = rate.ceilTimes(workforce.headcount)
            let hosted = hostedBy[enterprise.id] ?? 0
            if hosted < expected {
                result.append(Finding(ruleID: .quota01, subject: "enterprise \(enterprise.id)", enterprise: enterprise.id,
                                      date: date, expected: "\(expected)", actual: "\(hosted)", source: target.source))
            }
        }
        return result
    }

    static func placementFindings(_ state: RegistryState, _ date: CalendarDate) -> [Finding] {
        var result: [Finding] = []
        for placement in state.placements.values {
            guard let startedOn = placement.startedOn, startedOn <= date, let term = placement.actualTerm else { continue }
            let subject = "placement \(placement.id)"
            // Completion_01 (data quality): left open well past its planned end. Quota and Quota_01
            // count a placement as hosting an intern only within its planned term (`isActive(on:)`),
            // so both already treat it as ended; this finding asks the school to record how it ended.
            let openUntil = placement.plannedEnd.adding(days: RegistrySettings.openPlacementGraceDays)
            if placement.status == .active && date > openUntil {
                result.append(Finding(ruleID: .completion01, subject: subject, school: placement.school,
                                      enterprise: placement.enterprise, date: placement.plannedEnd,
                                      expected: "\(openUntil)", actual: "open"))
            }
            if placement.kind == .post, placement.status == .completed, let completedOn = placement.endedOn, completedOn <= date,
               let months = policy(state, on: startedOn)[.minPostMonths] {
                let minimumEnd = startedOn.endOfTerm(months: months.value)
                if completedOn < minimumEnd {
                    result.append(Finding(ruleID: .duration02, subject: subject, school: placement.school,
                                          enterprise: placement.enterprise, date: completedOn,
                                          expected: "\(minimumEnd)", actual: "\(completedOn)", source: months.source))
                }
            }
            result += monthlyPayFindings(state, date, term: term, rules: (short: .pay02, late: .pay03, missing: .pay04),
                                         subject: subject, school: placement.school, enterprise: placement.enterprise,
                                         due: placement.stipendDue(for:)) { month in
                placement.stipends[month].map { ($0.amount, $0.paidOn) }
            }
        }
        return result
    }

    /// Pay in full and on time, month by month (Pay_02/03/04 for stipends, Wage_02/03/04 for apprentices' wages):
    /// - `short`: a confirmed month (paid on or before `date`) paid less than `due(month)`;
    /// - `late`: a confirmed month paid after its last day + `payGraceDays` in force for that month;
    /// - `missing`: a month of `term` with something due and no confirmation once that deadline has passed.
    /// The last two need a deadline; where the policy states none they do not apply.
    static func monthlyPayFindings(_ state: RegistryState, _ date: CalendarDate, term: ClosedRange<CalendarDate>,
                                   rules: (short: RuleID, late: RuleID, missing: RuleID),
                                   subject: String, school: String, enterprise: String,
                                   due: (YearMonth) -> Money,
                                   confirmation: (YearMonth) -> (amount: Money, paidOn: CalendarDate)?) -> [Finding] {
        var result: [Finding] = []
        for month in YearMonth.months(overlapping: term) where month.firstDay <= date {
            let grace = policy(state, on: month.lastDay)[.payGraceDays]
            let dueDate = grace.map { month.lastDay.adding(days: $0.value) }
            let owed = due(month)
            if let paid = confirmation(month), paid.paidOn <= date {
                if paid.amount < owed {
                    result.append(Finding(ruleID: rules.short, subject: subject, school: school, enterprise: enterprise,
                                          period: month, expected: "\(owed)", actual: "\(paid.amount)"))
                }
                if let grace, let dueDate, paid.paidOn > dueDate {
                    result.append(Finding(ruleID: rules.late, subject: subject, school: school, enterprise: enterprise,
                                          period: month, expected: "\(dueDate)", actual: "\(paid.paidOn)",
                                          source: RuleCatalogue.source(of: rules.late) + "; " + grace.source))
                }
            } else if let grace, let dueDate, date > dueDate && owed > .zero {
                // Nothing owed (an unpaid placement, stipend 0) means a missing confirmation is no finding.
                result.append(Finding(ruleID: rules.missing, subject: subject, school: school, enterprise: enterprise,
                                      period: month, expected: "\(dueDate)", actual: "none",
                                      source: RuleCatalogue.source(of: rules.missing) + "; " + grace.source))
            }
        }
        return result
    }

    static func apprenticeshipFindings(_ state: RegistryState, _ date: CalendarDate) -> [Finding] {
        var result: [Finding] = []
        for apprenticeship in state.apprenticeships.values {
            let subject = "apprenticeship \(apprenticeship.id)"
            var breaks: [(detail: String, on: CalendarDate)] = []
            if let ended = state.students[apprenticeship.student]?.statusEnded {
                breaks.append(("studentStatus", ended.on))
            }
            breaks.append(("laborContract", apprenticeship.contract.contractEnd.adding(days: 1)))
            for broken in breaks {
                let from = max(broken.on, apprenticeship.contract.start)
                let stillRunning = apprenticeship.endedOn.map { from <= $0 } ?? true
                if from <= date && stillRunning {
                    result.append(Finding(ruleID: .dual02, subject: subject, school: apprenticeship.school,
                                          enterprise: apprenticeship.enterprise, date: from,
                                          expected: "\(apprenticeship.endedOn ?? apprenticeship.contract.end)",
                                          actual: "\(from)", detail: broken.detail))
                }
            }
            if apprenticeship.status == .terminated, let endedOn = apprenticeship.endedOn, endedOn <= date,
               apprenticeship.outstandingAdvance > .zero {
                result.append(Finding(ruleID: .subsidy03, subject: subject, school: apprenticeship.school,
                                      enterprise: apprenticeship.enterprise, date: endedOn,
                                      expected: "\(Money.zero)", actual: "\(apprenticeship.outstandingAdvance)"))
            }
        }
        return result
    }

    /// Subsidy_01: the internship cost subsidy earned per enterprise and month, for months that
    /// ended on or before `date`, sorted by enterprise and month.
    ///
    /// An intern-month (a month overlapping a placement's actual term, of either kind) qualifies when
    /// every day of the overlap was covered by liability insurance and every other required cover,
    /// and its confirmation (paid on or before `date`) paid at least the stipend due — and, where the
    /// policy states `payGraceDays`, no later than the month's last day + that many days. It earns the
    /// full `internSubsidyPerMonth` of the policy in force on the month's last day (the document
    /// states a rate per student per month, 每生每月, without proration); months earning zero are left out.
    ///
    /// One student earns one subsidy a month, however many placements they held in it: where two
    /// of a student's placements qualify in the same month, the subsidy goes to the enterprise of
    /// the placement that started first (ties: the lower placement ID) — `subsidyAttribution` says so.
    public static func internSubsidies(in state: RegistryState, through date: CalendarDate) -> [InternSubsidy] {
        struct Key: Hashable { let enterprise: String; let month: YearMonth }
        struct StudentMonth: Hashable { let student: String; let month: YearMonth }
        var rows: [Key: InternSubsidy] = [:]
        // Who earned each student-month so far: the placement's ID, enterprise and start, not the whole
        // placement (those copies were 2.6 GB of the 10M-event log's report).
        var earnedBy: [StudentMonth: SubsidyEarner] = [:]
        for placement in state.placements.values {
            guard let term = placement.actualTerm else { continue }
            for month in YearMonth.months(overlapping: term) where month.lastDay <= date {
                let policy = policy(state, on: month.lastDay)
                guard let rate = policy[.internSubsidyPerMonth]?.value, rate > .zero else { continue }
                let overlap = max(term.lowerBound, month.firstDay)...min(term.upperBound, month.lastDay)
                let covers = Set((policy[.requiredCovers]?.value ?? []) + [.liability])
                let grace = policy[.payGraceDays]?.value
                guard covers.allSatisfy({ placement.firstUncovered($0, in: overlap) == nil }),
                      let confirmation = placement.stipends[month],
                      confirmation.paidOn <= date,
                      grace.map({ confirmation.paidOn <= month.lastDay.adding(days: $0) }) ?? true,
                      confirmation.amount >= placement.stipendDue(for: month)
                else { continue }
                let studentMonth = StudentMonth(student: placement.student, month: month)
                let earner = SubsidyEarner(placement)
                if let other = earnedBy[studentMonth] {
                    guard earner.startsEarlier(than: other) else { continue }
                    // The earlier placement takes the month over from the one counted before it.
                    let otherKey = Key(enterprise: other.enterprise, month: month)
                    rows[otherKey]?.placements.removeAll { $0 == other.id }
                    rows[otherKey]?.amount -= rate
                    if rows[otherKey]?.placements.isEmpty == true { rows[otherKey] = nil }
                }
                earnedBy[studentMonth] = earner
                // Changed in place: a copy of the row, changed and stored back, copied its list of placements each time.
                let key = Key(enterprise: placement.enterprise, month: month)
                rows[key, default: InternSubsidy(enterprise: placement.enterprise, month: month, placements: [], amount: .zero)]
                    .placements.append(placement.id)
                rows[key]?.amount += rate
            }
        }
        return rows.values
            .map { row in
                var row = row
                row.placements.sort()
                return row
            }
            .sorted { ($0.enterprise, $0.month) < ($1.enterprise, $1.month) }
    }

    /// How Subsidy_01 attributes a student-month held in two placements, for the report.
    public static let subsidyAttribution = (
        en: "one subsidy per student per month (002 三(三) 每生每月); a student in two placements in a month earns it for the placement that started first",
        zh: "每生每月一份补助（002 三(三)）；同月有两个实习的学生，补助计入先开始的实习")

    /// A placement that earned a student-month's intern subsidy, as far as Subsidy_01's attribution needs it.
    struct SubsidyEarner {
        let id: String
        let enterprise: String
        /// Its start, or its planned start when it has not started.
        let start: CalendarDate

        init(_ placement: PlacementState) {
            id = placement.id
            enterprise = placement.enterprise
            start = placement.startedOn ?? placement.plannedStart
        }

        /// Whether this placement started before `other` (ties: the lower placement ID).
        func startsEarlier(than other: SubsidyEarner) -> Bool {
            start != other.start ? start < other.start : id < other.id
        }
    }

    /// Among `rules`, those that do not apply on `date` because the policy in force leaves their
    /// parameter unset, in catalogue order: the line a report prints instead of a silent blank.
    public static func notApplying(_ rules: [RuleID], in state: RegistryState, on date: CalendarDate) -> [RuleNotApplying] {
        let policy = policy(state, on: date)
        return rules.sorted().compactMap { id in
            guard let name = RuleCatalogue.rule(id).parameters.first, policy.setting(named: name) == nil else { return nil }
            return RuleNotApplying(ruleID: id, profile: policy.profile, parameter: name)
        }
    }
}

/// A rule that does not apply because the policy in force states no value for its parameter.
public struct RuleNotApplying: Equatable, Sendable, Codable {
    /// The rule.
    public var ruleID: RuleID
    /// The profile of the policy in force.
    public var profile: String
    /// The unset parameter.
    public var parameter: String

    /// Creates the line.
    public init(ruleID: RuleID, profile: String, parameter: String) {
        self.ruleID = ruleID
        self.profile = profile
        self.parameter = parameter
    }

    /// `Quota_01 does not apply: policy 'hechuan' sets no quota target.`
    public func message(_ language: Language) -> String {
        let (en, zh) = Self.phrases[parameter] ?? (parameter, parameter)
        return language == .zh ? "\(ruleID.rawValue) 不适用：政策 '\(profile)' 未设定\(zh)。"
            : "\(ruleID.rawValue) does not apply: policy '\(profile)' sets no \(en)."
    }

    private static let phrases: [String: (String, String)] = [
        "quotaTargetRate": ("quota target", "实习比例目标"),
        "postInternCapRate": ("cap on post interns", "岗位实习人数上限"),
        "perPostCapRate": ("cap on post interns per post", "同岗位实习人数上限"),
        "requiredCovers": ("required insurance", "必须投保的险种"),
        "minPostMonths": ("minimum post-internship length", "岗位实习最短时长"),
        "minimumAge": ("minimum age", "最低年龄"),
        "payGraceDays": ("payment deadline", "报酬支付期限"),
        "payFloorRate": ("pay floor", "报酬下限"),
        "internSubsidyPerMonth": ("internship cost subsidy", "实习成本补助"),
        "maxAdvanceRate": ("advance limit", "预支比例上限"),
        "minimumMonthlyWage": ("minimum wage", "最低工资标准"),
        "certifiedEnterpriseTarget": ("certification target", "产教融合型企业认定目标"),
        "undergraduatePracticeYears": ("undergraduate practice duty", "应用型本科实习实训时间要求"),
        "dualQualifiedShare.secondary": ("双师型 target", "“双师型”比例目标"),
        "teacherPracticeMonths": ("enterprise-practice rule for teachers", "教师企业实践要求"),
    ]
}
