import RegistryDomain

/// One command of the demo district, with the actor who issues it.
struct DemoStep: Sendable {
    /// The command, as a user would issue it through the CLI.
    let command: RegistryCommand
    /// Who issues it: the bureau, the school or the enterprise the fact belongs to.
    let actor: Actor
    /// The rule that must reject it, for the few commands the demo issues to show a rejection.
    let expectedRejection: RuleID?
}

/// The demo district's history, written as the list of commands its bureau, schools and enterprises
/// issue, in the order of their business dates.
///
/// Deterministic: names and birthdays come from a fixed-seed generator, everything else from the
/// tables below. The story (三门峡市, policy `sanmenxia` from 2024-01-01):
/// - two schools: a higher vocational college (S01) and a secondary vocational school (S02);
/// - five enterprises, three above designated size; each declares its workforce, posts and wage standards;
/// - 285 students in four cohorts; the two third-year cohorts do post internships from 2025-09-01,
///   S01's for ten months, S02's for exactly six; S02's first-years do a fortnight of observation in November;
/// - both insurances before every start, monthly stipends paid on the 10th, except a few months paid
///   late (E02, December), short (E05, January) or never (E05 and E04);
/// - one termination (E03), one placement registered from the day the student turned 16 (Age_01
///   refused the first, from 2025-09-01) and completed with her class short of six months,
///   graduations on 2026-06-30 and hires on 2026-07-01;
/// - two apprenticeships: A01 completed with a certificate and its subsidy settled, A02 terminated
///   with its advance not clawed back (Subsidy_03);
/// - no Quota_01 finding: 002 (Sanmenxia) states no quota target (the 2% is Huyi's, 001 item 16);
/// - the bureau adopts sanmenxia with a payment deadline of its own (`--set payGraceDays=30`), which
///   002 does not state in days, so Pay_03 and Pay_04 can be judged;
/// - seven commands the rules reject (a start before insurance, a premium paid by the student, a term
///   one day short, a registration at 15, a ten-month labour contract, a month confirmed twice, an advance
///   over half the subsidy), each but the duplicate followed by what the clerk did instead;
/// - apprentices' wages (002 三(三)): A01 3,000 and A02 3,800 yuan a month, confirmed on the 10th of
///   the next month; E03 pays A02 short in November (Wage_02) and tries to confirm a month after A02
///   ended (Wage_05);
/// - 产教融合型企业: E01 certified in 2024, E04 in 2025 and revoked in January 2026, so one of
///   about 20 by 2025 (002 一(二));
/// - teachers: S01 has six professional teachers, four of them 双师型, and one general-course teacher;
///   S02 has four professional teachers, one 双师型, below 002 四(三)'s 50% (Teacher_01); several
///   spend periods of practice at the enterprises.
struct DemoScript {
    /// The jurisdiction.
    static let jurisdiction = "三门峡市"
    /// The policy profile and the date it is in force from.
    static let profile = "sanmenxia"
    static let policyFrom = day("2024-01-01")

    private struct Timed {
        let date: CalendarDate
        let sequence: Int
        let step: DemoStep
    }

    private var timeline: [Timed] = []

    /// The commands, ordered by business date (and, on one date, in the order they were scheduled).
    var steps: [DemoStep] {
        timeline.sorted { ($0.date, $0.sequence) < ($1.date, $1.sequence) }.map(\.step)
    }

    /// A date from a literal of this file.
    static func day(_ text: String) -> CalendarDate {
        // Only called with the valid YYYY-MM-DD literals of this file.
        CalendarDate(text)!
    }

    private mutating func on(_ date: CalendarDate, _ actor: Actor, _ command: RegistryCommand, rejectedBy rule: RuleID? = nil) {
        timeline.append(Timed(date: date, sequence: timeline.count,
                              step: DemoStep(command: command, actor: actor, expectedRejection: rule)))
    }

    private mutating func on(_ date: String, _ actor: Actor, _ command: RegistryCommand, rejectedBy rule: RuleID? = nil) {
        on(Self.day(date), actor, command, rejectedBy: rule)
    }

    // MARK: Who is who

    static let education = Actor(role: .bureau, id: "EDU")
    static let humanResources = Actor(role: .bureau, id: "HRSS")

    struct School {
        let id: String
        let name: String
        let level: SchoolLevel
        let insurer: String
        let policyPrefix: String
        var actor: Actor { Actor(role: .school, id: id) }
    }

    struct Post {
        let name: String
        let headcount: Int
        let wageStandard: Int64
        let stipend: Int64
    }

    struct Enterprise {
        let id: String
        let name: String
        let aboveScale: Bool
        let headcount: Int
        let posts: [Post]
        var actor: Actor { Actor(role: .enterprise, id: id) }
        func post(_ name: String) -> Post {
            // Every cohort names a post its host declares.
            posts.first { $0.name == name }!
        }
    }

    /// Students of one major in a cohort and, for the placement cohorts, where they go.
    struct Group {
        let major: String
        let count: Int
        let host: String?
        let post: String?
    }

    struct Cohort {
        let school: String
        let year: Int
        /// The first student number is `firstNumber + 1`.
        let firstNumber: Int
        let groups: [Group]
    }

    static let schools = [
        School(id: "S01", name: "三门峡职业技术学院", level: .higher, insurer: "中国人保财险三门峡分公司", policyPrefix: "PICC"),
        School(id: "S02", name: "三门峡市中等专业学校", level: .secondary, insurer: "中国平安财险三门峡中心支公司", policyPrefix: "PAIC"),
    ]

    static let enterprises = [
        Enterprise(id: "E01", name: "豫西精工机械有限公司", aboveScale: true, headcount: 800, posts: [
            Post(name: "数控车工", headcount: 220, wageStandard: 4200, stipend: 3400),
            Post(name: "装配钳工", headcount: 100, wageStandard: 4000, stipend: 3200),
            Post(name: "焊工", headcount: 80, wageStandard: 4300, stipend: 3500),
        ]),
        Enterprise(id: "E02", name: "崤函汽车服务有限公司", aboveScale: false, headcount: 260, posts: [
            Post(name: "汽车维修工", headcount: 120, wageStandard: 3800, stipend: 3100),
        ]),
        Enterprise(id: "E03", name: "黄河电气设备股份有限公司", aboveScale: true, headcount: 600, posts: [
            Post(name: "电工", headcount: 150, wageStandard: 4100, stipend: 3300),
            Post(name: "电子装配工", headcount: 200, wageStandard: 3600, stipend: 2900),
        ]),
        Enterprise(id: "E04", name: "天鹅湖智慧物流有限公司", aboveScale: true, headcount: 1500, posts: [
            Post(name: "物流专员", headcount: 150, wageStandard: 3500, stipend: 2800),
            Post(name: "仓储管理员", headcount: 100, wageStandard: 3200, stipend: 2600),
        ]),
        Enterprise(id: "E05", name: "陕州康养护理服务有限公司", aboveScale: false, headcount: 300, posts: [
            Post(name: "护理员", headcount: 120, wageStandard: 3300, stipend: 2700),
        ]),
    ]

    /// Third-years of S01 (post internships of ten months), second-years of S01 (two apprentices),
    /// third-years of S02 (post internships of six months), first-years of S02 (observation).
    static let cohorts = [
        Cohort(school: "S01", year: 2023, firstNumber: 2023_1000, groups: [
            Group(major: "数控技术", count: 25, host: "E01", post: "数控车工"),
            Group(major: "机械制造及自动化", count: 15, host: "E01", post: "装配钳工"),
            Group(major: "电气自动化技术", count: 20, host: "E03", post: "电工"),
            Group(major: "电子信息工程技术", count: 20, host: "E03", post: "电子装配工"),
            Group(major: "汽车检测与维修技术", count: 10, host: "E02", post: "汽车维修工"),
            Group(major: "现代物流管理", count: 15, host: "E04", post: "物流专员"),
        ]),
        Cohort(school: "S01", year: 2024, firstNumber: 2024_1000, groups: [
            Group(major: "数控技术", count: 20, host: nil, post: nil),
            Group(major: "电气自动化技术", count: 20, host: nil, post: nil),
            Group(major: "现代物流管理", count: 20, host: nil, post: nil),
        ]),
        Cohort(school: "S02", year: 2023, firstNumber: 2023_2000, groups: [
            Group(major: "数控技术应用", count: 15, host: "E01", post: "数控车工"),
            Group(major: "焊接技术应用", count: 15, host: "E01", post: "焊工"),
            Group(major: "汽车运用与维修", count: 12, host: "E02", post: "汽车维修工"),
            Group(major: "护理", count: 18, host: "E05", post: "护理员"),
        ]),
        Cohort(school: "S02", year: 2025, firstNumber: 2025_2000, groups: [
            Group(major: "数控技术应用", count: 20, host: "E01", post: nil),
            Group(major: "汽车运用与维修", count: 20, host: "E02", post: nil),
            Group(major: "护理", count: 20, host: "E05", post: nil),
        ]),
    ]

    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
    static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉宇轩欣怡子涵梓晨思雨佳琪浩然博文一诺梦瑶")

    /// The S02 third-year who was 15 on 2025-09-01: her post internship is planned from her sixteenth birthday (Age_01).
    static let youngStudentBirth = day("2009-10-20")

    // MARK: The story

    /// Builds the whole script.
    static func make() -> DemoScript {
        var script = DemoScript()
        script.setUp()
        var generator = SplitMix64(seed: 2025)
        var students: [(id: String, cohort: Cohort, group: Group, index: Int)] = []
        for cohort in cohorts {
            var number = cohort.firstNumber
            for group in cohort.groups {
                for index in 0..<group.count {
                    number += 1
                    let id = String(number)
                    students.append((id, cohort, group, index))
                    script.enroll(id, cohort: cohort, group: group, generator: &generator,
                                  isYoungest: isYoungest(cohort: cohort, group: group, index: index))
                }
            }
        }
        script.apprenticeships()
        script.certifications()
        script.teachers()
        for student in students where student.group.host != nil {
            if student.group.post != nil {
                script.postInternship(student.id, cohort: student.cohort, group: student.group, index: student.index)
            } else {
                script.observation(student.id, group: student.group)
            }
        }
        script.endOfYear(students.filter { $0.cohort.year == 2023 })
        return script
    }

    /// The last S02 nursing student of 2023 is the one born in 2009.
    static func isYoungest(cohort: Cohort, group: Group, index: Int) -> Bool {
        cohort.school == "S02" && cohort.year == 2023 && group.major == "护理" && index == group.count - 1
    }

    /// The bureau sets the registry up; enterprises declare their workforce for 2025.
    private mutating func setUp() {
        // Sanmenxia's document asks for timely pay (及时) without a figure; the bureau states its own
        // deadline with the profile, so the audit can judge Pay_03 and Pay_04.
        on(Self.policyFrom, Self.education, .initialize(jurisdiction: Self.jurisdiction, profile: Self.profile, from: Self.policyFrom,
                                                        overrides: [ParameterOverride(name: "payGraceDays", value: .integer(30),
                                                                                      source: "示例：市教育局实习报酬支付期限")]))
        for school in Self.schools {
            on("2024-01-08", Self.education, .registerSchool(id: school.id, name: school.name, level: school.level))
        }
        for enterprise in Self.enterprises {
            on("2024-01-10", Self.education, .registerEnterprise(id: enterprise.id, name: enterprise.name, aboveScale: enterprise.aboveScale))
            on("2025-01-15", enterprise.actor, .declareWorkforce(
                enterprise: enterprise.id, headcount: enterprise.headcount, asOf: Self.day("2025-01-01"),
                posts: Dictionary(uniqueKeysWithValues: enterprise.posts.map { ($0.name, $0.headcount) }),
                wageStandards: Dictionary(uniqueKeysWithValues: enterprise.posts.map { ($0.name, Money(yuan: $0.wageStandard)) })))
        }
    }

    private mutating func enroll(_ id: String, cohort: Cohort, group: Group, generator: inout SplitMix64, isYoungest: Bool) {
        let school = Self.schools.first { $0.id == cohort.school }!  // every cohort names a school of the table
        var name = String(generator.pick(Self.surnames)) + String(generator.pick(Self.givenNames))
        if generator.chance(0.6) { name += String(generator.pick(Self.givenNames)) }
        // 高职 students start at about 18, 中职 students at about 15.
        let ageAtEnrolment = school.level == .higher ? 18 : 15
        let birth = isYoungest ? Self.youngStudentBirth
            : CalendarDate(dayNumber: Self.day("\(cohort.year - ageAtEnrolment)-09-01").dayNumber + generator.int(0...364))
        let enrolled = Self.day("\(cohort.year)-09-01")
        // The registry opened in 2024: earlier cohorts were entered then, later ones on arrival.
        let recorded = cohort.year < 2024 ? Self.day("2024-01-15") : enrolled.adding(days: 4)
        // A child under 14 on enrolment is enrolled with the guardian's consent form (Privacy_01).
        let consent = birth.age(on: enrolled) < 14 ? "监护人同意书 \(cohort.year)-\(id)" : nil
        on(recorded, school.actor, .enrollStudent(id: id, school: school.id, name: name, major: group.major, birth: birth, enrolled: enrolled,
                                                  guardianConsent: consent))
    }

    // MARK: Placements

    /// A post internship from 2025-09-01: registered and insured in August, started, paid monthly, completed.
    private mutating func postInternship(_ student: String, cohort: Cohort, group: Group, index: Int) {
        // The cohort table names schools of the school table, and hosts and posts of the enterprise table.
        let enterprise = Self.enterprises.first { $0.id == group.host! }!
        let post = enterprise.post(group.post!)
        let school = Self.schools.first { $0.id == cohort.school }!
        let id = "P-" + student
        let classStart = Self.day("2025-09-01"), classEnd = Self.day(school.level == .higher ? "2026-06-30" : "2026-02-28")
        // The youngest student turns 16 on 2025-10-20: Age_01 refuses a placement planned from
        // 2025-09-01 when it is registered, so hers runs six months from her birthday.
        let isYoungest = Self.isYoungest(cohort: cohort, group: group, index: index)
        let start = isYoungest ? Self.day("2025-10-20") : classStart
        let end = isYoungest ? max(classEnd, start.endOfTerm(months: 6)) : classEnd
        let stipend = Money(yuan: post.stipend)
        let agreement = "SF-\(school.id)-2025-\(student.suffix(3))"
        let register = RegistryCommand.registerPlacement(id: id, student: student, enterprise: enterprise.id, kind: .post,
                                                         start: start, end: end, stipend: stipend, post: post.name,
                                                         agreement: agreement, majorRelevant: true)
        if school.id == "S02" && enterprise.id == "E01" && index == 0 && group.post == "数控车工" {
            // The clerk first typed the end date one day short of six months.
            on("2025-08-15", school.actor, .registerPlacement(id: id, student: student, enterprise: enterprise.id, kind: .post,
                                                              start: start, end: end.adding(days: -1), stipend: stipend, post: post.name,
                                                              agreement: agreement, majorRelevant: true),
               rejectedBy: .duration01)
        }
        if isYoungest {
            on("2025-08-15", school.actor, .registerPlacement(id: id, student: student, enterprise: enterprise.id, kind: .post,
                                                              start: classStart, end: classEnd, stipend: stipend, post: post.name,
                                                              agreement: agreement, majorRelevant: true),
               rejectedBy: .age01)
        }
        on("2025-08-15", school.actor, register)

        let policyNumber = "\(school.policyPrefix)-2025-\(school.id)-\(enterprise.id)"
        let payer: PremiumPayer = school.id == "S02" && enterprise.id == "E01" ? .enterprise : .school
        let insure = RegistryCommand.enrollInsurance(placement: id, policyNumber: policyNumber, insurer: school.insurer,
                                                     covers: [.liability, .accident], from: start, to: end, paidBy: payer)
        let isForgotten = enterprise.id == "E04" && index == 0
        if isForgotten {
            // The school tried to start before enrolling the insurance, then enrolled it and started the same day.
            on(start, school.actor, .startPlacement(placement: id, on: start), rejectedBy: .insurance01)
            on(start, school.actor, insure)
        } else {
            if school.id == "S02" && enterprise.id == "E05" && index == 0 {
                on("2025-08-20", school.actor, .enrollInsurance(placement: id, policyNumber: policyNumber, insurer: school.insurer,
                                                                 covers: [.liability, .accident], from: start, to: end, paidBy: .student),
                   rejectedBy: .insurance04)
            }
            on("2025-08-20", school.actor, insure)
        }

        let startedOn = start
        on(startedOn, school.actor, .startPlacement(placement: id, on: startedOn))

        // One S01 electrician's post is cut in December.
        let terminatedOn: CalendarDate? = enterprise.id == "E03" && post.name == "电工" && index == 0 ? Self.day("2025-12-15") : nil
        // The youngest leaves with her class, before six months are up (Duration_02).
        let lastDay = terminatedOn ?? (isYoungest ? classEnd : end)
        stipends(id, school: school.id, enterprise: enterprise, post: post, index: index, term: startedOn...lastDay)
        if let terminatedOn {
            on(terminatedOn, school.actor, .terminatePlacement(placement: id, on: terminatedOn, reason: "企业生产线调整，实习岗位撤销"))
        } else {
            on(lastDay, school.actor, .completePlacement(placement: id, on: lastDay))
        }
    }

    /// Monthly stipend confirmations on the 10th of the next month, pro rata for partial months,
    /// with the exceptions the audit reports.
    private mutating func stipends(_ placement: String, school: String, enterprise: Enterprise, post: Post, index: Int,
                                   term: ClosedRange<CalendarDate>) {
        let stipend = Money(yuan: post.stipend)
        for month in YearMonth.months(overlapping: term) {
            let first = max(term.lowerBound, month.firstDay), last = min(term.upperBound, month.lastDay)
            var amount = stipend.fractionRoundedUp(last.dayNumber - first.dayNumber + 1, of: month.days.dayCount)
            var paidOn = month.next.firstDay.adding(days: 9)
            switch (enterprise.id, month.description) {
            case ("E02", "2025-12") where index < 4 && school == "S01":
                paidOn = Self.day("2026-02-05")  // Pay_03: paid after the 30 days' grace
            case ("E05", "2026-01") where index < 3:
                amount = Money(yuan: 2000)  // Pay_02: not in full
            case ("E05", "2026-02") where index == 3 || index == 4, ("E04", "2026-01") where index == 7:
                continue  // Pay_04: never confirmed
            default:
                break
            }
            let confirm = RegistryCommand.confirmStipend(placement: placement, month: month, amount: amount, paidOn: paidOn, correction: false)
            on(paidOn, enterprise.actor, confirm)
            if enterprise.id == "E01" && index == 0 && post.name == "数控车工" && month.description == "2025-09" && school == "S01" {
                // HR submitted September twice; the second, without --correction, is rejected.
                on(paidOn.adding(days: 1), enterprise.actor, confirm, rejectedBy: .pay05)
            }
        }
    }

    /// A fortnight of observation (认识实习) in November for first-years, with a small allowance.
    private mutating func observation(_ student: String, group: Group) {
        let school = Self.schools[1]
        let enterprise = Self.enterprises.first { $0.id == group.host! }!  // the cohort table names hosts of the enterprise table
        let id = "O-" + student
        let start = Self.day("2025-11-10"), end = Self.day("2025-11-21")
        let allowance = Money(yuan: 500)
        on("2025-10-28", school.actor, .registerPlacement(id: id, student: student, enterprise: enterprise.id, kind: .observation,
                                                           start: start, end: end, stipend: allowance, post: nil, agreement: nil,
                                                           majorRelevant: true))
        on("2025-11-03", school.actor, .enrollInsurance(placement: id, policyNumber: "\(school.policyPrefix)-2025-\(school.id)-OBS",
                                                         insurer: school.insurer, covers: [.liability, .accident],
                                                         from: start, to: end, paidBy: .school))
        on(start, school.actor, .startPlacement(placement: id, on: start))
        on(end, school.actor, .completePlacement(placement: id, on: end))
        let month = start.yearMonth
        let days = end.dayNumber - start.dayNumber + 1
        on("2025-12-10", enterprise.actor, .confirmStipend(placement: id, month: month,
                                                           amount: allowance.fractionRoundedUp(days, of: month.days.dayCount),
                                                           paidOn: Self.day("2025-12-10"), correction: false))
    }

    // MARK: Apprenticeships

    /// A01 (E01, enterprise new-type apprenticeship — the only scheme 002 三(二) subsidises — intermediate, 12 months from 2025-03-01): advance, completion
    /// with a certificate, settlement. A02 (E03, enterprise apprenticeship, senior, 24 months from
    /// 2025-09-01): advance, then terminated in January and the advance never clawed back.
    private mutating func apprenticeships() {
        let e01 = Self.enterprises[0], e03 = Self.enterprises[2]
        let first = String(2024_1000 + 1), second = String(2024_1000 + 21)
        on("2025-02-20", e01.actor, .contractApprenticeship(
            id: "A01", student: first, school: "S01", enterprise: e01.id, scheme: .enterprise, level: .intermediate,
            laborContract: "LC-E01-2025-017", contractEnd: Self.day("2027-02-28"),
            start: Self.day("2025-03-01"), end: Self.day("2026-02-28"), schoolTutor: "李建华", mentor: "张国栋",
            monthlyWage: Self.firstApprenticeWage))
        on("2025-04-15", Self.humanResources, .advanceSubsidy(apprenticeship: "A01", amount: Money(yuan: 3000), on: Self.day("2025-04-15")),
           rejectedBy: .subsidy02)
        on("2025-04-15", Self.humanResources, .advanceSubsidy(apprenticeship: "A01", amount: Money(yuan: 2500), on: Self.day("2025-04-15")))
        on("2026-02-28", e01.actor, .completeApprenticeship(apprenticeship: "A01", on: Self.day("2026-02-28"), certificate: "ZJ-4113-2026-0412"))
        on("2026-03-20", Self.humanResources, .settleSubsidy(apprenticeship: "A01", amount: Money(yuan: 2500), on: Self.day("2026-03-20")))

        func contract(ending contractEnd: String) -> RegistryCommand {
            .contractApprenticeship(id: "A02", student: second, school: "S01", enterprise: e03.id, scheme: .enterprise, level: .senior,
                                    laborContract: "LC-E03-2025-088", contractEnd: Self.day(contractEnd),
                                    start: Self.day("2025-09-01"), end: Self.day("2027-08-31"), schoolTutor: "王志刚", mentor: "赵德明",
                                    monthlyWage: Self.secondApprenticeWage)
        }
        // The first draft attached a ten-month labour contract (Dual_01 wants at least twelve covering the term).
        on("2025-08-25", e03.actor, contract(ending: "2026-06-30"), rejectedBy: .dual01)
        on("2025-08-25", e03.actor, contract(ending: "2027-08-31"))
        on("2025-10-15", Self.humanResources, .advanceSubsidy(apprenticeship: "A02", amount: Money(yuan: 6000), on: Self.day("2025-10-15")))
        on("2026-01-20", e03.actor, .terminateApprenticeship(apprenticeship: "A02", on: Self.day("2026-01-20"), reason: "学徒解除劳动合同"))
        apprenticeWages()
    }

    // MARK: Graduation

    /// The third-years graduate on 2026-06-30; hosts hire some of them on 2026-07-01.
    private mutating func endOfYear(_ thirdYears: [(id: String, cohort: Cohort, group: Group, index: Int)]) {
        for (id, cohort, _, _) in thirdYears {
            let school = Self.schools.first { $0.id == cohort.school }!  // the cohort table names schools of the school table
            on("2026-06-30", school.actor, .endStudentStatus(student: id, reason: .graduated, on: Self.day("2026-06-30")))
        }
        for (id, cohort, group, index) in thirdYears where index % (cohort.school == "S01" ? 3 : 4) == 1 {
            let host = Actor(role: .enterprise, id: group.host!)  // third-years all have a host
            on("2026-07-01", host, .recordHire(student: id, enterprise: host.id, on: Self.day("2026-07-01")))
        }
    }
}

// MARK: The duties of issue 12

extension DemoScript {
    /// A01's and A02's agreed monthly wages.
    static let firstApprenticeWage = Money(yuan: 3000)
    static let secondApprenticeWage = Money(yuan: 3800)

    /// Wages confirmed on the 10th of the next month, pro rata for A02's last, part month (20 of 31
    /// days of January: 2451.62 yuan); E03 pays November 3,500 yuan (Wage_02) and, after A02 ended,
    /// tries to confirm February (Wage_05).
    fileprivate mutating func apprenticeWages() {
        let e01 = Self.enterprises[0], e03 = Self.enterprises[2]
        var month = YearMonth(containing: Self.day("2025-03-01"))
        while month <= YearMonth(containing: Self.day("2026-02-28")) {
            on(month.lastDay.adding(days: 10), e01.actor, .confirmApprenticeWage(
                apprenticeship: "A01", month: month, amount: Self.firstApprenticeWage, paidOn: month.lastDay.adding(days: 10), correction: false))
            month = month.next
        }
        month = YearMonth(containing: Self.day("2025-09-01"))
        while month <= YearMonth(containing: Self.day("2026-01-20")) {
            let amount: Money
            switch month.description {
            case "2025-11": amount = Money(yuan: 3500)  // Wage_02: not in full
            case "2026-01": amount = Self.secondApprenticeWage.fractionRoundedUp(20, of: 31)
            default: amount = Self.secondApprenticeWage
            }
            on(month.lastDay.adding(days: 10), e03.actor, .confirmApprenticeWage(
                apprenticeship: "A02", month: month, amount: amount, paidOn: month.lastDay.adding(days: 10), correction: false))
            month = month.next
        }
        let february = YearMonth(containing: Self.day("2026-02-01"))
        on("2026-03-10", e03.actor, .confirmApprenticeWage(apprenticeship: "A02", month: february, amount: Self.secondApprenticeWage,
                                                          paidOn: Self.day("2026-03-10"), correction: false), rejectedBy: .wage05)
    }

    /// The bureau certifies E01 (2024) and E04 (2025) as 产教融合型企业 and revokes E04's in January 2026.
    fileprivate mutating func certifications() {
        on("2024-06-18", Self.education, .certifyEnterprise(enterprise: "E01", on: Self.day("2024-06-18"), document: "三发改〔2024〕21号"))
        on("2025-03-12", Self.education, .certifyEnterprise(enterprise: "E04", on: Self.day("2025-03-12"), document: "三发改〔2025〕9号"))
        on("2026-01-15", Self.education, .revokeCertification(enterprise: "E04", on: Self.day("2026-01-15"), document: "三发改〔2026〕2号",
                                                              reason: "未通过年度复核"))
    }

    /// One teacher of the demo: school, name, course, first day, 双师型 recognition and practice periods.
    private struct DemoTeacher {
        let id: String
        let school: String
        let name: String
        let course: TeacherCourse
        let since: String
        let qualifiedOn: String?
        let practice: [(enterprise: String, from: String, to: String)]
    }

    private static let demoTeachers: [DemoTeacher] = [
        DemoTeacher(id: "T-S01-01", school: "S01", name: "李建华", course: .professional, since: "2012-09-01", qualifiedOn: "2019-06-28",
                    practice: [("E01", "2024-07-08", "2024-08-30"), ("E01", "2025-07-07", "2025-08-29")]),
        DemoTeacher(id: "T-S01-02", school: "S01", name: "王志刚", course: .professional, since: "2015-09-01", qualifiedOn: "2020-06-30",
                    practice: [("E03", "2025-01-13", "2025-02-14")]),
        DemoTeacher(id: "T-S01-03", school: "S01", name: "陈晓燕", course: .professional, since: "2016-09-01", qualifiedOn: "2021-06-30",
                    practice: [("E04", "2025-07-14", "2025-08-15")]),
        DemoTeacher(id: "T-S01-04", school: "S01", name: "刘海涛", course: .professional, since: "2019-09-01", qualifiedOn: "2023-06-30",
                    practice: []),
        DemoTeacher(id: "T-S01-05", school: "S01", name: "赵敏", course: .professional, since: "2021-09-01", qualifiedOn: nil,
                    practice: [("E02", "2025-07-07", "2025-07-25")]),
        DemoTeacher(id: "T-S01-06", school: "S01", name: "孙丽", course: .professional, since: "2023-09-01", qualifiedOn: nil, practice: []),
        DemoTeacher(id: "T-S01-07", school: "S01", name: "周文", course: .general, since: "2014-09-01", qualifiedOn: nil, practice: []),
        DemoTeacher(id: "T-S02-01", school: "S02", name: "黄伟", course: .professional, since: "2010-09-01", qualifiedOn: "2020-12-20",
                    practice: [("E01", "2025-01-13", "2025-02-07")]),
        DemoTeacher(id: "T-S02-02", school: "S02", name: "马静", course: .professional, since: "2017-09-01", qualifiedOn: nil,
                    practice: [("E05", "2025-07-07", "2025-08-01")]),
        DemoTeacher(id: "T-S02-03", school: "S02", name: "郭强", course: .professional, since: "2020-09-01", qualifiedOn: nil, practice: []),
        DemoTeacher(id: "T-S02-04", school: "S02", name: "何芳", course: .professional, since: "2024-09-01", qualifiedOn: nil, practice: []),
    ]

    /// The schools register their teachers in 2024 (the registry's first year), then record
    /// recognitions dated earlier and each period of practice when it ends.
    fileprivate mutating func teachers() {
        for teacher in Self.demoTeachers {
            let actor = Actor(role: .school, id: teacher.school)
            on("2024-02-20", actor, .registerTeacher(id: teacher.id, school: teacher.school, name: teacher.name, course: teacher.course,
                                                     since: Self.day(teacher.since)))
            if let qualifiedOn = teacher.qualifiedOn {
                on("2024-02-21", actor, .qualifyTeacher(teacher: teacher.id, on: Self.day(qualifiedOn), document: "豫教师资〔\(qualifiedOn.prefix(4))〕认定"))
            }
            for period in teacher.practice {
                on(Self.day(period.to).adding(days: 3), actor, .recordTeacherPractice(
                    teacher: teacher.id, enterprise: period.enterprise, from: Self.day(period.from), to: Self.day(period.to)))
            }
        }
    }
}
