import RegistryDomain

/// The duties of issue 12 in the synthetic district: teachers with their 双师型 recognitions and
/// yearly enterprise practice, the bureau's 产教融合型企业 certifications (and a few revocations),
/// and apprentices' monthly wages.
///
/// These draw from `dutyRNG`, a generator of their own seeded from the history's seed, so that the
/// rest of the history draws the same numbers as before they were added: equal seeds still give
/// equal histories, and the placements of a seed are the ones they were.
extension DistrictScript {
    /// Schedules the teachers of every school and the yearly certifications.
    func scheduleDuties() {
        for (index, school) in schools.enumerated() {
            let professional = max(4, school.majors.count * 3)
            for t in 0..<(professional + 2) {
                teacher(school: school, number: t + 1, course: t < professional ? .professional : .general,
                        registerOn: date(firstYear, 2, 1).adding(days: index % 10 + t % 5))
            }
        }
        g.on(date(firstYear + 1, 6, 15)) { [self] in certifications(year: firstYear + 1) }
    }

    /// One teacher: registered early in the first year, recognised as 双师型 with a probability that
    /// grows with the years at the school, and practising in an enterprise some summers.
    private func teacher(school: SchoolPlan, number: Int, course: TeacherCourse, registerOn: CalendarDate) {
        let id = "T-\(school.id)-\(String(format: "%03d", number))"
        let actor = Actor(role: .school, id: school.id)
        let since = date(firstYear - dutyRNG.int(1...20), 9, 1)
        let teacherName = String(dutyRNG.pick(Self.surnames)) + String(dutyRNG.pick(Self.given))
        let qualified = course == .professional && dutyRNG.chance(0.2 + 0.025 * Double(firstYear - since.year))
        let qualifiedOn = date(max(since.year + 2, firstYear - 3) + dutyRNG.int(0...4), 6, 30)
        g.on(registerOn) { [self] in
            g.issue(.registerTeacher(id: id, school: school.id, name: teacherName, course: course, since: since), as: actor)
        }
        if qualified {
            g.on(max(qualifiedOn, registerOn.adding(days: 1))) { [self] in
                g.issue(.qualifyTeacher(teacher: id, on: qualifiedOn, document: "双师认定-\(qualifiedOn.year)-\(id)"), as: actor)
            }
        }
        if course == .professional { practice(id, actor: actor, year: firstYear) }
    }

    /// Most summers about half the professional teachers spend four to eight weeks in an enterprise;
    /// the school records each period when it ends.
    private func practice(_ id: String, actor: Actor, year: Int) {
        if dutyRNG.chance(0.5) {
            let from = date(year, 7, 1).adding(days: dutyRNG.int(0...20))
            let to = from.adding(days: 7 * dutyRNG.int(4...8) - 1)
            let host = enterprises[dutyRNG.int(0...(enterprises.count - 1))].id
            g.on(to.adding(days: dutyRNG.int(1...10))) { [self] in
                g.issue(.recordTeacherPractice(teacher: id, enterprise: host, from: from, to: to), as: actor)
            }
        }
        if year < lastYear { g.on(date(year + 1, 6, 1)) { [self] in practice(id, actor: actor, year: year + 1) } }
    }

    /// The last year the district's yearly rhythms are scheduled for.
    var lastYear: Int { firstYear + (cohorts ?? 1000) + 5 }

    /// Every June the bureau certifies one or two above-scale enterprises (about a twentieth of the
    /// district over the years) and now and then revokes one after its review.
    private func certifications(year: Int) {
        let candidates = enterprises.indices.filter { i in
            guard let e = g.facts.enterprise(enterprises[i].id) else { return false }
            return e.aboveScale && e.latestCertification == nil
        }
        for _ in 0..<min(candidates.count, dutyRNG.int(1...2)) where dutyRNG.chance(0.8) {
            let id = enterprises[candidates[dutyRNG.int(0...(candidates.count - 1))]].id
            g.issue(.certifyEnterprise(enterprise: id, on: g.today, document: "三发改〔\(year)〕\(dutyRNG.int(1...99))号"), as: bureau)
        }
        let certified = enterprises.map(\.id).filter { g.facts.enterprise($0)?.latestCertification != nil }
        if !certified.isEmpty && dutyRNG.chance(0.15) {
            let id = certified[dutyRNG.int(0...(certified.count - 1))]
            g.issue(.revokeCertification(enterprise: id, on: g.today, document: "三发改〔\(year)〕\(dutyRNG.int(100...199))号",
                                         reason: "未通过年度复核"), as: bureau)
        }
        if year < lastYear { g.on(date(year + 1, 6, 15)) { [self] in certifications(year: year + 1) } }
    }

    /// The agreed monthly wage of an apprenticeship: 3,400–4,000 yuan for intermediate, 4,000–4,800 for senior.
    func apprenticeWage(level: ApprenticeLevel) -> Money {
        Money(yuan: Int64(level == .senior ? dutyRNG.int(40...48) : dutyRNG.int(34...40)) * 100)
    }

    /// The enterprise confirms each month's wage within about two weeks of the month's end, in full
    /// but for a few short months (Wage_02) and a few never confirmed (Wage_04 where a deadline is set);
    /// months after the apprenticeship ended are not confirmed.
    func scheduleApprenticeWages(_ id: String, host: Actor, start: CalendarDate, end: CalendarDate) {
        var month = YearMonth(containing: start)
        while month.firstDay <= end {
            let current = month
            let r = dutyRNG.unit()
            let paidOn = current.lastDay.adding(days: dutyRNG.int(1...15))
            if r >= 0.01 {
                let percent = r < 0.04 ? dutyRNG.int(70...95) : 100
                g.on(paidOn) { [self] in
                    guard let a = g.facts.apprenticeship(id), a.wages[current] == nil,
                          current.firstDay <= a.actualTerm.upperBound else { return }
                    let due = a.wageDue(for: current)
                    g.issue(.confirmApprenticeWage(apprenticeship: id, month: current, amount: Money(fen: due.fen * Int64(percent) / 100),
                                                   paidOn: g.today, correction: false), as: host)
                }
            }
            month = month.next
        }
    }
}
