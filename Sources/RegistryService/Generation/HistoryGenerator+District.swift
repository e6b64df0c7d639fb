import Foundation
import RegistryDomain

extension HistoryGenerator {
    /// Schedules the whole district: setup, yearly workforce declarations and cohorts. The cohorts'
    /// scripts schedule the rest as they go.
    func script() throws {
        let district = DistrictScript(generator: self)
        district.start()
    }
}

/// The district's script: who exists, and what happens to each student, scheduled day by day.
final class DistrictScript {
    struct Major { let name: String; let post: String }
    struct SchoolPlan { let id: String; let level: SchoolLevel; let majors: [Major] }
    struct EnterprisePlan {
        let id: String
        var headcount: Int
        var posts: [(name: String, headcount: Int, wageYuan: Int64)]
    }

    static let majors: [Major] = [
        Major(name: "数控技术", post: "数控车工"), Major(name: "焊接技术与自动化", post: "焊工"),
        Major(name: "电气自动化技术", post: "电工"), Major(name: "汽车检测与维修技术", post: "汽车维修工"),
        Major(name: "护理", post: "护理员"), Major(name: "大数据与会计", post: "会计"),
        Major(name: "软件技术", post: "软件测试员"), Major(name: "电子信息工程技术", post: "电子装配工"),
        Major(name: "现代物流管理", post: "物流专员"), Major(name: "烹饪工艺与营养", post: "厨师"),
        Major(name: "市场营销", post: "营销专员"), Major(name: "机械制造及自动化", post: "装配钳工"),
    ]
    static let places = ["三门峡", "豫西", "崤函", "黄河", "中原", "陕州", "灵宝", "渑池", "义马", "卢氏", "天鹅", "函谷"]
    static let trades = ["机械", "汽车", "电子", "物流", "医疗", "食品", "软件", "化工", "建材", "能源", "餐饮", "商贸"]
    static let suffixes = ["有限公司", "股份有限公司", "集团有限公司", "科技有限公司"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文浩宇轩欣怡子涵梓晨思雨佳琪")
    static let insurers = ["中国人保", "中国平安", "中国人寿", "太平洋保险"]
    static let terminationReasons = ["学生因病休学", "企业经营调整", "学生申请调换实习单位", "实习岗位与专业不符", "家庭原因"]

    unowned let g: HistoryGenerator
    let bureau = Actor(role: .bureau, id: "EDU-SMX")
    let firstYear = 2019
    let cohortSize: Int
    /// Cohorts to enrol, or nil to keep enrolling until the requested number of events is reached.
    let cohorts: Int?
    var schools: [SchoolPlan] = []
    var enterprises: [EnterprisePlan] = []
    /// Cumulative headcounts, for picking a host in proportion to its size.
    var enterpriseWeights: [Double] = []
    /// The draws of the duties' facts (`DistrictScript+Duties.swift`), apart from the rest.
    var dutyRNG: SplitMix64

    init(generator: HistoryGenerator) {
        g = generator
        // About 11 events per student over a whole history.
        let students: Int
        if let s = generator.options.students {
            students = max(5, s)
            cohorts = 5
        } else {
            students = max(20, (generator.options.events ?? 10_000) / 11)
            cohorts = nil
        }
        cohortSize = max(1, students / 5)
        dutyRNG = SplitMix64(seed: generator.options.seed ^ 0x5EED_D071_E5)
    }

    func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate {
        // Only called with valid calendar dates.
        CalendarDate(year: y, month: m, day: d)!
    }

    func name() -> String {
        String(g.rng.pick(Self.surnames)) + String(g.rng.pick(Self.given)) + (g.rng.chance(0.6) ? String(g.rng.pick(Self.given)) : "")
    }

    // MARK: Setup

    func start() {
        let students = cohortSize * 5
        let schoolCount = max(3, students / 2500)
        let enterpriseCount = max(6, students / 50)
        g.on(date(firstYear, 1, 2)) { [self] in
            g.issue(.initialize(jurisdiction: "三门峡市", profile: "national", from: date(firstYear, 1, 1)), as: bureau)
        }
        // Sanmenxia adopts its own policy (both insurances, subsidies) two years in.
        g.on(date(firstYear + 1, 12, 1)) { [self] in
            g.issue(.adoptPolicy(profile: "sanmenxia", from: date(firstYear + 2, 1, 1)), as: bureau)
        }
        for i in 0..<schoolCount {
            let level: SchoolLevel = i % 10 == 9 ? .undergraduate : (i % 2 == 0 ? .secondary : .higher)
            var majors = Self.majors
            var chosen: [Major] = []
            for _ in 0..<g.rng.int(4...8) { chosen.append(majors.remove(at: g.rng.int(0...(majors.count - 1)))) }
            let plan = SchoolPlan(id: String(format: "S%03d", i + 1), level: level, majors: chosen)
            schools.append(plan)
            let schoolName = g.rng.pick(Self.places) + (level == .secondary ? "第\(i + 1)中等职业学校" : level == .higher ? "职业技术学院\(i + 1)" : "应用技术大学\(i + 1)")
            g.on(date(firstYear, 1, 3).adding(days: i % 7)) { [self] in
                g.issue(.registerSchool(id: plan.id, name: schoolName, level: level), as: bureau)
            }
        }
        g.summary.schools = schoolCount
        var total = 0.0
        for i in 0..<enterpriseCount {
            // Log-uniform between 20 and 8000 employees: many small firms, a few large ones.
            let headcount = Int(exp(log(20.0) + g.rng.unit() * (log(8000.0) - log(20.0))))
            let aboveScale = headcount >= 300 ? g.rng.chance(0.85) : g.rng.chance(0.1)
            var postNames = Self.majors.map(\.post)
            var posts: [(String, Int, Int64)] = []
            for _ in 0..<g.rng.int(2...4) {
                let post = postNames.remove(at: g.rng.int(0...(postNames.count - 1)))
                posts.append((post, max(5, Int(Double(headcount) * (0.05 + 0.2 * g.rng.unit()))), Int64(g.rng.int(30...60)) * 100))
            }
            let plan = EnterprisePlan(id: String(format: "E%05d", i + 1), headcount: headcount, posts: posts)
            enterprises.append(plan)
            total += Double(headcount)
            enterpriseWeights.append(total)
            let enterpriseName = g.rng.pick(Self.places) + g.rng.pick(Self.trades) + g.rng.pick(Self.suffixes) + (i >= 144 ? "\(i / 144)" : "")
            g.on(date(firstYear, 1, 4).adding(days: i % 14)) { [self] in
                g.issue(.registerEnterprise(id: plan.id, name: enterpriseName, aboveScale: aboveScale), as: bureau)
            }
            g.on(date(firstYear, 1, 20).adding(days: i % 10)) { [self] in declareWorkforce(i, asOf: date(firstYear, 1, 1)) }
        }
        g.summary.enterprises = enterpriseCount
        g.on(date(firstYear + 1, 1, 2)) { [self] in yearlyDeclarations(year: firstYear + 1) }
        g.on(date(firstYear, 9, 1)) { [self] in enrolCohort(0) }
        scheduleDuties()
    }

    func declareWorkforce(_ index: Int, asOf: CalendarDate) {
        let plan = enterprises[index]
        var posts: [String: Int] = [:]
        var wages: [String: Money] = [:]
        for post in plan.posts {
            posts[post.name] = post.headcount
            wages[post.name] = Money(yuan: post.wageYuan)
        }
        g.issue(.declareWorkforce(enterprise: plan.id, headcount: plan.headcount, asOf: asOf, posts: posts, wageStandards: wages),
                as: Actor(role: .enterprise, id: plan.id))
    }

    /// Every January the enterprises declare their workforce as of 1 January: headcounts drift, wages rise.
    func yearlyDeclarations(year: Int) {
        for i in enterprises.indices {
            let factor = 0.92 + 0.2 * g.rng.unit()
            enterprises[i].headcount = max(10, Int(Double(enterprises[i].headcount) * factor))
            for p in enterprises[i].posts.indices {
                enterprises[i].posts[p].headcount = max(5, Int(Double(enterprises[i].posts[p].headcount) * factor))
                enterprises[i].posts[p].wageYuan = (enterprises[i].posts[p].wageYuan * 103 / 100 + 9) / 10 * 10
            }
            g.on(date(year, 1, 2).adding(days: i % 20)) { [self] in declareWorkforce(i, asOf: date(year, 1, 1)) }
        }
        let lastYear = firstYear + (cohorts ?? 1000) + 5
        if year < lastYear { g.on(date(year + 1, 1, 2)) { [self] in yearlyDeclarations(year: year + 1) } }
    }

    func pickEnterprise() -> Int {
        let x = g.rng.unit() * (enterpriseWeights.last ?? 1)
        var lo = 0, hi = enterpriseWeights.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if enterpriseWeights[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    // MARK: Students

    func enrolCohort(_ k: Int) {
        let year = firstYear + k
        for i in 0..<cohortSize { student(year: year, index: i + 1) }
        if let cohorts, k + 1 >= cohorts { return }
        g.on(date(year + 1, 9, 1)) { [self] in enrolCohort(k + 1) }
    }

    func student(year: Int, index: Int) {
        let id = "\(year)" + String(format: "%05d", index)
        let school = g.rng.pick(schools)
        let major = g.rng.pick(school.majors)
        let entryAge = school.level == .secondary ? 15 : 18
        let programme = school.level == .undergraduate ? 4 : 3
        let enrolled = date(year, 9, 1)
        let birth = date(year - entryAge, 9, 1).adding(days: -g.rng.int(0...364))
        let schoolActor = Actor(role: .school, id: school.id)
        let studentName = name()
        g.summary.students += 1
        g.on(enrolled.adding(days: g.rng.int(0...5))) { [self] in
            g.issue(.enrollStudent(id: id, school: school.id, name: studentName, major: major.name, birth: birth, enrolled: enrolled,
                                   guardianConsent: birth.age(on: enrolled) < 14 ? "GC-\(id)" : nil),
                    as: schoolActor)
        }
        let s = StudentPlan(id: id, school: school, major: major, graduation: date(year + programme, 6, 30), actor: schoolActor)
        if g.rng.chance(0.02) {
            g.on(date(year + 1, 1, 10).adding(days: g.rng.int(0...150))) { [self] in
                g.issue(.endStudentStatus(student: id, reason: .withdrawn, on: g.today), as: schoolActor)
            }
            return
        }
        if g.rng.chance(0.3) {
            let start = date(year + 1, 4, 1).adding(days: g.rng.int(0...20))
            placement(s, kind: .observation, attempt: 1, start: start, end: start.endOfTerm(months: g.rng.int(1...2)), finishes: false)
        }
        let r = g.rng.unit()
        if r < 0.06 && school.level != .undergraduate {
            apprenticeship(s, start: date(year + 1, 9, 1))
        } else if r < 0.94 {
            let start = date(year + programme - 1, 9, 1).adding(days: g.rng.int(0...100))
            placement(s, kind: .post, attempt: 1, start: start, end: start.endOfTerm(months: 6 + g.rng.int(0...2)), finishes: true)
        } else {
            finish(s, after: s.graduation)
        }
    }

    struct StudentPlan {
        let id: String
        let school: SchoolPlan
        let major: Major
        let graduation: CalendarDate
        let actor: Actor
    }

    /// The student graduates once their last placement or apprenticeship is over.
    func finish(_ s: StudentPlan, after day: CalendarDate, hiredBy enterprise: String? = nil) {
        let graduation = max(s.graduation, day.adding(days: g.rng.int(3...20)))
        g.on(graduation) { [self] in
            guard let student = g.facts.student(s.id), student.statusEnded == nil else { return }
            g.issue(.endStudentStatus(student: s.id, reason: .graduated, on: g.today), as: s.actor)
            if let enterprise {
                g.on(g.today.adding(days: g.rng.int(1...30))) { [self] in
                    g.issue(.recordHire(student: s.id, enterprise: enterprise, on: g.today), as: Actor(role: .enterprise, id: enterprise))
                }
            }
        }
    }

    // MARK: Placements

    func placement(_ s: StudentPlan, kind: PlacementKind, attempt: Int, start: CalendarDate, end: CalendarDate, finishes: Bool) {
        let id = "P\(s.id)-\(kind == .post ? "G" : "O")\(attempt)"
        let e = enterprises[pickEnterprise()]
        let host = Actor(role: .enterprise, id: e.id)
        var post = g.rng.pick(e.posts)
        if let own = e.posts.first(where: { $0.name == s.major.post }), g.rng.chance(0.8) { post = own }
        let majorRelevant = post.name == s.major.post
        let register = start.adding(days: -g.rng.int(14...40))
        g.on(register) { [self] in
            let wage = g.facts.enterprise(e.id)?.workforce(on: start)?.wageStandards[post.name] ?? Money(yuan: post.wageYuan)
            // The agreed stipend: 80–105% of the wage standard, rounded up to 10 yuan (never below the Pay_01 floor).
            let stipend = kind == .post
                ? Money(fen: (wage.fen * Int64(80 + g.rng.int(0...25)) / 100 + 999) / 1000 * 1000)
                : Money(yuan: Int64(g.rng.int(6...15)) * 100)
            let rejected = g.issue(.registerPlacement(id: id, student: s.id, enterprise: e.id, kind: kind, start: start, end: end,
                                                      stipend: stipend, post: post.name,
                                                      agreement: kind == .post ? "SF-\(s.id)-\(attempt)" : nil,
                                                      majorRelevant: majorRelevant), as: s.actor)
            if rejected != nil {
                if finishes { finish(s, after: end) }
                return
            }
            g.summary.placements += 1
            // Insurance, usually for the whole term; now and then the first policy falls short (a gap the
            // start then finds, and the school fills with a second policy).
            g.on(register.adding(days: g.rng.int(1...7))) { [self] in
                let to = g.rng.chance(0.03) ? end.adding(days: -g.rng.int(20...60)) : end
                g.issue(.enrollInsurance(placement: id, policyNumber: "PICC-\(id)-1", insurer: g.rng.pick(Self.insurers),
                                         covers: [.liability, .accident], from: start, to: max(start, to),
                                         paidBy: g.rng.chance(0.7) ? .school : .enterprise), as: s.actor)
            }
            g.on(start) { [self] in self.start(s, id, host: host, attempt: attempt, kind: kind, finishes: finishes, retried: false) }
        }
    }

    func start(_ s: StudentPlan, _ id: String, host: Actor, attempt: Int, kind: PlacementKind, finishes: Bool, retried: Bool) {
        guard let p = g.facts.placement(id), !p.hasEnded else { return }
        guard let rejection = g.issue(.startPlacement(placement: id, on: g.today), as: s.actor) else {
            started(s, id, host: host, kind: kind, finishes: finishes)
            return
        }
        switch rejection {
        case .notInsured(_, _, _, let uncovered) where !retried:
            g.issue(.enrollInsurance(placement: id, policyNumber: "PICC-\(id)-2", insurer: g.rng.pick(Self.insurers),
                                     covers: [.liability, .accident], from: uncovered.lowerBound, to: p.plannedEnd,
                                     paidBy: .school), as: s.actor)
            g.on(g.today.adding(days: 1)) { [self] in start(s, id, host: host, attempt: attempt, kind: kind, finishes: finishes, retried: true) }
        default:
            // The host is at its intern cap (or something else stands in the way): the placement is
            // withdrawn and the school finds another host a month later.
            g.issue(.terminatePlacement(placement: id, on: g.today, reason: "企业实习岗位已满，未能开始"), as: s.actor)
            if attempt < 3 && g.facts.student(s.id)?.isEnrolled(on: g.today.adding(days: 30)) == true {
                let start = g.today.adding(days: 30)
                placement(s, kind: kind, attempt: attempt + 1, start: start, end: start.endOfTerm(months: 6 + g.rng.int(0...1)), finishes: finishes)
            } else if finishes {
                finish(s, after: g.today)
            }
        }
    }

    func started(_ s: StudentPlan, _ id: String, host: Actor, kind: PlacementKind, finishes: Bool) {
        guard let p = g.facts.placement(id), let startedOn = p.startedOn else { return }
        let r = g.rng.unit()
        var end = p.plannedEnd
        if r < 0.06, end.dayNumber - startedOn.dayNumber > 40 {
            // Terminated part-way; the school often cancels the insurance from the next day.
            end = startedOn.adding(days: g.rng.int(20...(end.dayNumber - startedOn.dayNumber - 10)))
            g.on(end) { [self] in
                g.issue(.terminatePlacement(placement: id, on: g.today, reason: g.rng.pick(Self.terminationReasons)), as: s.actor)
                if g.rng.chance(0.5), let policy = g.facts.placement(id)?.insurance.first {
                    g.issue(.cancelInsurance(placement: id, policyNumber: policy.policyNumber, on: g.today.adding(days: 1)), as: s.actor)
                }
                if finishes { finish(s, after: g.today) }
            }
        } else if r < 0.08, kind == .post {
            // Completed before half a year (Duration_02).
            end = startedOn.endOfTerm(months: 4 + g.rng.int(0...1))
            g.on(end) { [self] in complete(s, id, host: host, finishes: finishes, early: true) }
        } else if r < 0.12, kind == .post {
            // Extended by a month: the school first insures the added days.
            let newEnd = p.plannedEnd.adding(months: 1)
            g.on(startedOn.adding(days: 90)) { [self] in
                g.issue(.enrollInsurance(placement: id, policyNumber: "PICC-\(id)-X", insurer: g.rng.pick(Self.insurers),
                                         covers: [.liability, .accident], from: p.plannedEnd.adding(days: 1), to: newEnd,
                                         paidBy: .school), as: s.actor)
                g.issue(.extendPlacement(placement: id, to: newEnd), as: s.actor)
            }
            end = newEnd
            g.on(end) { [self] in complete(s, id, host: host, finishes: finishes) }
        } else {
            g.on(end) { [self] in complete(s, id, host: host, finishes: finishes) }
        }
        for month in YearMonth.months(overlapping: startedOn...end) { stipend(id, month: month, host: host) }
    }

    /// Completes the placement today, or on its planned end if that moved later (an extension),
    /// unless `early` (a completion before half a year, Duration_02).
    func complete(_ s: StudentPlan, _ id: String, host: Actor, finishes: Bool, early: Bool = false) {
        guard let p = g.facts.placement(id), !p.hasEnded else { return }
        if !early && p.plannedEnd > g.today {
            g.on(p.plannedEnd) { [self] in complete(s, id, host: host, finishes: finishes) }
            return
        }
        g.issue(.completePlacement(placement: id, on: g.today), as: s.actor)
        if finishes { finish(s, after: g.today, hiredBy: p.kind == .post && g.rng.chance(0.3) ? host.id : nil) }
    }

    /// The host confirms each month's stipend after the month: usually in full within 20 days; a few late
    /// (Pay_03), short (Pay_02, sometimes corrected later) or never (Pay_04).
    func stipend(_ id: String, month: YearMonth, host: Actor) {
        let r = g.rng.unit()
        if r < 0.02 { return }
        let late = r < 0.06
        let short = !late && r < 0.09
        let paidOn = month.lastDay.adding(days: late ? g.rng.int(35...70) : g.rng.int(1...20))
        g.on(paidOn) { [self] in
            guard let p = g.facts.placement(id) else { return }
            let due = p.stipendDue(for: month)
            guard due > .zero, p.stipends[month] == nil else { return }
            let amount = short ? Money(fen: due.fen * Int64(g.rng.int(60...95)) / 100) : due
            g.issue(.confirmStipend(placement: id, month: month, amount: amount, paidOn: g.today, correction: false), as: host)
            if short && g.rng.chance(0.4) {
                g.on(g.today.adding(days: g.rng.int(15...40))) { [self] in
                    g.issue(.confirmStipend(placement: id, month: month, amount: due, paidOn: g.today, correction: true), as: host)
                }
            }
        }
    }

    // MARK: Apprenticeships

    func apprenticeship(_ s: StudentPlan, start: CalendarDate) {
        let id = "A\(s.id)"
        let e = enterprises[pickEnterprise()]
        let host = Actor(role: .enterprise, id: e.id)
        let months = g.rng.int(12...24)
        let end = start.endOfTerm(months: months)
        let contractEnd = max(start.endOfTerm(months: 12), end).adding(months: g.rng.int(0...12))
        let level: ApprenticeLevel = g.rng.chance(0.3) ? .senior : .intermediate
        let wage = apprenticeWage(level: level)
        g.on(start.adding(days: -g.rng.int(0...20))) { [self] in
            let rejected = g.issue(.contractApprenticeship(
                id: id, student: s.id, school: s.school.id, enterprise: e.id, scheme: g.rng.chance(0.7) ? .modern : .enterprise,
                level: level, laborContract: "LC-\(s.id)", contractEnd: contractEnd, start: start, end: end,
                schoolTutor: name(), mentor: name(), monthlyWage: wage), as: host)
            guard rejected == nil else { return finish(s, after: end) }
            g.summary.apprenticeships += 1
            scheduleApprenticeWages(id, host: host, start: start, end: end)
            g.on(start.adding(days: g.rng.int(20...60))) { [self] in
                guard let header = g.facts.header, let a = g.facts.apprenticeship(id), a.endedOn == nil else { return }
                guard let entitlement = Decider.subsidyEntitlement(of: a, header: header),
                      let rate = header.policy(on: start)[.maxAdvanceRate]?.value else { return }
                let limit = rate.floorTimes(entitlement)
                if limit > .zero { g.issue(.advanceSubsidy(apprenticeship: id, amount: limit, on: g.today), as: bureau) }
            }
            let r = g.rng.unit()
            if r < 0.03 {
                // The student leaves school while the apprenticeship runs (Dual_02); the enterprise ends it weeks later.
                let leave = start.adding(days: g.rng.int(90...300))
                g.on(leave) { [self] in
                    g.issue(.endStudentStatus(student: s.id, reason: .withdrawn, on: g.today), as: s.actor)
                    g.on(g.today.adding(days: g.rng.int(7...30))) { [self] in terminate(id, host: host, clawBack: g.rng.chance(0.5)) }
                }
            } else if r < 0.12 {
                g.on(start.adding(days: g.rng.int(60...300))) { [self] in
                    terminate(id, host: host, clawBack: g.rng.chance(0.75))
                    finish(s, after: g.today)
                }
            } else {
                g.on(end) { [self] in
                    guard g.issue(.completeApprenticeship(apprenticeship: id, on: g.today, certificate: "ZS-\(s.id)"), as: host) == nil
                    else { return }
                    finish(s, after: g.today)
                    g.on(g.today.adding(days: g.rng.int(30...90))) { [self] in
                        guard let header = g.facts.header, let a = g.facts.apprenticeship(id) else { return }
                        let balance = (Decider.subsidyEntitlement(of: a, header: header) ?? .zero) - a.netPaid
                        if balance > .zero { g.issue(.settleSubsidy(apprenticeship: id, amount: balance, on: g.today), as: bureau) }
                    }
                }
            }
        }
    }

    /// Ends an apprenticeship early; the bureau usually claws back the advance (Subsidy_03 when it does not).
    func terminate(_ id: String, host: Actor, clawBack: Bool) {
        guard g.issue(.terminateApprenticeship(apprenticeship: id, on: g.today, reason: "学徒解除劳动合同"), as: host) == nil,
              clawBack else { return }
        g.on(g.today.adding(days: g.rng.int(30...60))) { [self] in
            guard let a = g.facts.apprenticeship(id), a.outstandingAdvance > .zero else { return }
            g.issue(.clawBackSubsidy(apprenticeship: id, amount: a.outstandingAdvance, on: g.today), as: bureau)
        }
    }
}
