/// The school evaluation of seed 003 annex 1 (学校产教融合评价指标体系), for the indicators the
/// registry's events can support.
///
/// Scoring follows the annex's notes: secondary (中职) and higher (高职) schools are evaluated
/// separately (undergraduate schools form a third group); on each indicator the school with the
/// highest value scores the full weight and the others score in proportion to their value.
public enum Evaluation {
    /// One indicator of annex 1 that the registry computes.
    public struct Indicator: Equatable, Sendable {
        public let key: String
        /// The annex's wording.
        public let name: String
        public let english: String
        /// Weight in percent, from the annex.
        public let weight: Int
        /// Whether the value is a share (%), else a count.
        public let isShare: Bool
    }

    /// The indicators computed, in the annex's order.
    public static let indicators: [Indicator] = [
        Indicator(key: "agreementShare", name: "签定学生实习、实训相关协议比例（%）", english: "share of placements with a signed agreement", weight: 2, isShare: true),
        Indicator(key: "liabilityInsuredShare", name: "为实习学生办理实习责任险比例（%）", english: "share of interns with liability insurance", weight: 2, isShare: true),
        Indicator(key: "placementsOffered", name: "企业提供的实习实训岗位数（个）", english: "placements offered by enterprises", weight: 2, isShare: false),
        Indicator(key: "apprenticeshipEnterprises", name: "参与现代学徒制（企业新型学徒制）试点的企业数（个）", english: "enterprises in apprenticeships", weight: 2, isShare: false),
        Indicator(key: "apprenticeStudentShare", name: "参与现代学徒制（企业新型学徒制）试点的学生比例（%）", english: "share of students in apprenticeships", weight: 2, isShare: true),
        Indicator(key: "internStudentTimes", name: "企业接受实习实训的学生量（人次）", english: "student placements hosted by enterprises", weight: 2, isShare: false),
        Indicator(key: "graduatesHired", name: "企业接受应届毕业生就业数（人）", english: "graduates of the year hired by enterprises", weight: 2, isShare: false),
        Indicator(key: "halfYearPostInterns", name: "企业接受半年顶岗实习学生数（人）", english: "students in half-year post internships", weight: 3, isShare: false),
        Indicator(key: "graduatesWithHalfYearPost", name: "半年期顶岗实习的毕业生比例（%）", english: "share of graduates with a half-year post internship", weight: 2, isShare: true),
        Indicator(key: "hiredByInternshipEnterprise", name: "企业录用顶岗实习毕业生占直接就业毕业生比例（%）", english: "share of directly employed graduates hired by their internship enterprise", weight: 3, isShare: true),
        Indicator(key: "postMajorRelevance", name: "顶岗实习专业对口率（%）", english: "major-relevance rate of post internships", weight: 2, isShare: true),
    ]

    /// Annex 1 indicators the registry cannot compute, with the reason in English and Chinese.
    public static let notComputable: [(name: String, reason: String, reasonZh: String)] = [
        ("设有负责学生实习、实训的责任处室", "an organisational fact; no event records it", "属于组织设置，没有事件记录"),
        ("实施7S管理的实训场所比例（%）", "training sites are not registered", "实训场所未登记"),
        ("校企合作实训工厂或实训实验室数、企业捐赠的资金与设备", "donations and on-campus facilities are not registered", "捐赠与校内设施未登记"),
        ("校外实习实训基地数、基地使用时间、示范基地", "training bases are not registered; placements name only the enterprise", "实训基地未登记，实习只记录企业"),
        ("师资队伍（双师型教师、技师、大师工作室、兼职教师）", "teachers are not registered", "教师未登记"),
        ("职教集团活动、长期合作协议、省级试点、1+X 证书试点", "school–enterprise agreements other than placements are not registered", "实习以外的校企协议未登记"),
        ("合作培养学生比例、教师下企业、企业骨干授课、企业员工培训", "teaching and training hours are not registered", "教学与培训课时未登记"),
        ("职业资格与职业技能等级证书比例", "only apprenticeship certificates are registered, not every student's", "只登记学徒证书，未登记全体学生的证书"),
        ("社会培训、毕业生就业率与对口率、留绍比例", "employment outside StudentHired events (and its location) is not registered", "StudentHired 以外的就业（及就业地点）未登记"),
        ("共同开发课程与教材、企业满意度、技术攻关与创新成果", "not registered", "未登记"),
    ]

    /// One school's values and scores.
    public struct SchoolScore: Equatable, Sendable {
        public let school: String
        public let name: String
        public let level: SchoolLevel
        /// Indicator key → value (a share in percent, or a count).
        public var values: [String: Double]
        /// Indicator key → score out of the weight.
        public var scores: [String: Double]
        public var total: Double { scores.values.reduce(0, +) }
        /// The sum of the weights of the indicators computed.
        public var possible: Int { Evaluation.indicators.reduce(0) { $0 + $1.weight } }
    }

    /// The evaluation of every school for calendar year `year`, grouped by level, each group sorted by total score.
    ///
    /// Scope: placements that started in the year; students enrolled at some time in the year; graduates are
    /// students whose status ended as graduated in the year; a placement is a half-year post internship when
    /// it is a post internship whose actual term (or planned term, while running) reaches start + 6 months − 1 day.
    public static func evaluate(_ state: RegistryState, year: Int) -> [SchoolLevel: [SchoolScore]] {
        // 2 is any month; the year comes from the caller and is validated by the CLI.
        let first = CalendarDate(year: year, month: 1, day: 1)!
        let last = CalendarDate(year: year, month: 12, day: 31)!
        let placementsBySchool = Dictionary(grouping: state.placements.values.filter { p in
            guard let s = p.startedOn else { return false }
            return s >= first && s <= last
        }, by: \.school)
        var bySchool: [SchoolScore] = []
        for school in state.schools.values.sorted(by: { $0.id < $1.id }) {
            let placements = placementsBySchool[school.id] ?? []
            let students = state.students.values.filter { s in
                s.school == school.id && s.enrolled <= last && (s.statusEnded.map { $0.on >= first } ?? true)
            }
            let graduates = students.filter { s in
                guard let ended = s.statusEnded, ended.reason == .graduated else { return false }
                return ended.on >= first && ended.on <= last
            }
            let post = placements.filter { $0.kind == .post }
            func isHalfYear(_ p: PlacementState) -> Bool {
                guard p.kind == .post, let start = p.startedOn else { return false }
                let end = p.endedOn ?? p.plannedEnd
                return end >= start.endOfTerm(months: 6)
            }
            let halfYearStudents = Set(post.filter(isHalfYear).map(\.student))
            // Every half-year post internship of a graduate, whenever it started.
            let allHalfYearStudents = Set(state.placements.values.filter { $0.school == school.id && isHalfYear($0) }.map(\.student))
            let apprenticeships = state.apprenticeships.values.filter { a in
                a.school == school.id && a.contract.start <= last && (a.endedOn ?? a.contract.end) >= first
            }
            let hiredGraduates = graduates.filter { !$0.hires.isEmpty }
            let internshipEnterprises: [String: Set<String>] = Dictionary(
                grouping: state.placements.values.filter { $0.school == school.id && $0.kind == .post }, by: \.student
            ).mapValues { Set($0.map(\.enterprise)) }
            let hiredByHost = hiredGraduates.filter { g in
                g.hires.contains { internshipEnterprises[g.id]?.contains($0.enterprise) ?? false }
            }
            func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : 100 * Double(part) / Double(whole) }
            let insured = placements.filter { p in
                guard let term = p.actualTerm else { return false }
                return p.firstUncovered(.liability, in: term) == nil
            }
            let values: [String: Double] = [
                "agreementShare": share(placements.filter { $0.agreement != nil }.count, placements.count),
                "liabilityInsuredShare": share(insured.count, placements.count),
                "placementsOffered": Double(placements.count),
                "apprenticeshipEnterprises": Double(Set(apprenticeships.map(\.enterprise)).count),
                "apprenticeStudentShare": share(Set(apprenticeships.map(\.student)).count, students.count),
                "internStudentTimes": Double(placements.count),
                "graduatesHired": Double(hiredGraduates.count),
                "halfYearPostInterns": Double(halfYearStudents.count),
                "graduatesWithHalfYearPost": share(graduates.filter { allHalfYearStudents.contains($0.id) }.count, graduates.count),
                "hiredByInternshipEnterprise": share(hiredByHost.count, hiredGraduates.count),
                "postMajorRelevance": share(post.filter(\.majorRelevant).count, post.count),
            ]
            bySchool.append(SchoolScore(school: school.id, name: school.name, level: school.level, values: values, scores: [:]))
        }
        var result: [SchoolLevel: [SchoolScore]] = [:]
        for (level, group) in Dictionary(grouping: bySchool, by: \.level) {
            var scored = group
            for indicator in indicators {
                let best = group.map { $0.values[indicator.key] ?? 0 }.max() ?? 0
                for i in scored.indices {
                    let value = scored[i].values[indicator.key] ?? 0
                    scored[i].scores[indicator.key] = best > 0 ? Double(indicator.weight) * value / best : 0
                }
            }
            result[level] = scored.sorted { ($0.total, $1.school) > ($1.total, $0.school) }
        }
        return result
    }
}
