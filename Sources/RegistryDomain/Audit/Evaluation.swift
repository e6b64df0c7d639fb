/// The school evaluation of seed 003 annex 1 (学校产教融合评价指标体系): all 44 indicators with their
/// weights (100 in all), those the registry's events support computed, the others shown as not
/// computable with the reason, so that a total reads out of 100 and the computable share is visible.
///
/// Scoring follows the annex's notes: secondary (中职) and higher (高职) schools are evaluated
/// separately (undergraduate schools form a third group); on each indicator the school with the
/// highest value scores the full weight and the others score in proportion to their value.
public enum Evaluation {
    /// One indicator of annex 1.
    public struct Indicator: Equatable, Sendable {
        /// A stable key for machines; computable indicators keep the keys of earlier versions.
        public let key: String
        /// The annex's wording.
        public let name: String
        /// An English rendering.
        public let english: String
        /// Weight in percent, from the annex.
        public let weight: Int
        /// Whether the value is a share (%), else a count.
        public let isShare: Bool
        /// The first-level group (一级指标) in the annex's words.
        public let group: String
        /// Why the registry cannot compute it (English, Chinese), or `nil` when it can.
        public let notComputable: (en: String, zh: String)?

        /// Whether the registry computes the indicator.
        public var isComputable: Bool { notComputable == nil }

        public static func == (lhs: Indicator, rhs: Indicator) -> Bool { lhs.key == rhs.key }

        static func computed(_ key: String, _ name: String, _ english: String, _ weight: Int, share: Bool, _ group: String) -> Indicator {
            Indicator(key: key, name: name, english: english, weight: weight, isShare: share, group: group, notComputable: nil)
        }

        static func missing(_ key: String, _ name: String, _ english: String, _ weight: Int, _ group: String,
                            _ en: String, _ zh: String) -> Indicator {
            Indicator(key: key, name: name, english: english, weight: weight, isShare: name.contains("%"), group: group,
                      notComputable: (en, zh))
        }
    }

    private static let notRegistered = ("not registered", "未登记")

    /// Every indicator of annex 1, in the annex's order.
    public static let annex: [Indicator] = {
        let organisation = "组织保障", facilities = "基础条件", staff = "师资队伍", cooperation = "产学合作"
        let training = "人才培养", development = "合作发展"
        return [
            .missing("internshipOffice", "设有负责学生实习、实训的责任处室", "an office responsible for internships", 2, organisation,
                     "an organisational fact; no event records it", "属于组织设置，没有事件记录"),
            .computed("agreementShare", "签定学生实习、实训相关协议比例（%）", "share of placements with a signed agreement", 2, share: true, organisation),
            .computed("liabilityInsuredShare", "为实习学生办理实习责任险比例（%）", "share of placements insured (liability) over their whole term, extensions included", 2, share: true, organisation),
            .missing("sevenS", "实施7S管理的实训场所比例（%）", "share of training sites under 7S management", 2, organisation,
                     "training sites are not registered", "实训场所未登记"),
            .missing("onCampusFactories", "校企合作实训工厂或实训实验室数（个）", "school–enterprise training factories or labs", 3, facilities,
                     "on-campus facilities are not registered", "校内设施未登记"),
            .missing("donatedFunds", "企业捐赠的资金（万元）", "funds donated by enterprises", 2, facilities,
                     "donations are not registered", "捐赠未登记"),
            .missing("donatedEquipment", "企业捐赠的实习实训设备价值（万元）", "equipment donated by enterprises", 2, facilities,
                     "donations are not registered", "捐赠未登记"),
            .computed("offCampusBases", "校外实习实训基地数（个）", "off-campus bases: distinct enterprises hosting the school's placements", 3, share: false, facilities),
            .computed("placementsOffered", "企业提供的实习实训岗位数（个）", "posts offered: distinct posts (enterprise, kind, post) of the school's placements", 2, share: false, facilities),
            .computed("baseUseDays", "基地使用时间（人天）", "base use: placement-days in the year", 2, share: false, facilities),
            .missing("modelBases", "市级以上校外实习示范基地（个）", "model off-campus bases (city level and up)", 2, facilities,
                     "model-base awards are not registered", "示范基地称号未登记"),
            .computed("dualQualifiedShare", "双师型教师比例（%）", "share of 双师型 teachers among professional teachers on 31 December", 2, share: true, staff),
            .missing("technicianShare", "技师以上职称占双师型教师比例（%）", "share of 双师型 teachers with technician titles or higher", 3, staff,
                     "teachers' titles are not registered", "教师职称未登记"),
            .missing("masterStudios", "市级以上大师（名师）工作室数（个）", "master studios (city level and up)", 2, staff,
                     "studios are not registered", "工作室未登记"),
            .missing("enterpriseStaffShare", "企业技术骨干占专业教师比例（%）", "share of enterprise experts among professional teachers", 3, staff,
                     "part-time teachers from enterprises are not registered", "企业兼职教师未登记"),
            .missing("allianceActivities", "职教集团（联盟）或专指委开展活动数量（次）", "activities of vocational education groups", 2, cooperation,
                     notRegistered.0, notRegistered.1),
            .missing("longTermPartners", "签订长期合作协议的产学合作企业（规上企业）数（个）", "above-scale enterprises with long-term agreements", 3, cooperation,
                     "school–enterprise agreements other than placements are not registered", "实习以外的校企协议未登记"),
            .missing("provincialPilot", "省级现代学徒制试点", "provincial modern-apprenticeship pilot", 2, cooperation,
                     "pilot status is not registered", "试点资格未登记"),
            .computed("apprenticeshipEnterprises", "参与现代学徒制（企业新型学徒制）试点的企业数（个）", "enterprises in apprenticeships", 2, share: false, cooperation),
            .computed("apprenticeStudentShare", "参与现代学徒制（企业新型学徒制）试点的学生比例（%）", "share of students in apprenticeships", 2, share: true, cooperation),
            .missing("onePlusXMajors", "1+X证书制度试点专业数（个）", "majors in the 1+X certificate pilot", 2, cooperation,
                     "majors' pilots are not registered", "专业试点未登记"),
            .missing("jointTrainingShare", "合作培养学生比例（%）", "share of students trained jointly", 3, cooperation,
                     "joint training programmes are not registered", "合作培养项目未登记"),
            .computed("teacherPracticeDays", "专业教师下企业接受技能培训的时间（天）", "days professional teachers spent in enterprises in the year", 3, share: false, cooperation),
            .missing("enterpriseTeachingHours", "企业技术骨干进校承担教学任务量（课时）", "teaching hours of enterprise experts", 3, cooperation,
                     "teaching hours are not registered", "教学课时未登记"),
            .computed("internStudentTimes", "企业接受实习实训的学生量（人次）", "placements hosted by enterprises (person-times)", 2, share: false, cooperation),
            .computed("graduatesHired", "企业接受应届毕业生就业数（人）", "graduates of the year hired by enterprises", 2, share: false, cooperation),
            .missing("employeesTrained", "学校为企业年培训员工数（人）", "enterprise employees trained by the school", 2, cooperation,
                     "training of employees is not registered", "员工培训未登记"),
            .computed("halfYearPostInterns", "企业接受半年顶岗实习学生数（人）", "students in half-year post internships", 3, share: false, cooperation),
            .computed("graduatesWithHalfYearPost", "半年期顶岗实习的毕业生比例（%）", "share of graduates with a half-year post internship", 2, share: true, cooperation),
            .computed("hiredByInternshipEnterprise", "企业录用顶岗实习毕业生占直接就业毕业生比例（%）", "share of directly employed graduates hired by their internship enterprise", 3, share: true, cooperation),
            .computed("postMajorRelevance", "顶岗实习专业对口率（%）", "major-relevance rate of post internships", 2, share: true, cooperation),
            .missing("intermediateCertificates", "取得中级以上职业资格证书的比例（%）", "share holding intermediate or higher qualifications", 2, training,
                     "only apprenticeship certificates are registered, not every student's", "只登记学徒证书，未登记全体学生的证书"),
            .missing("skillCertificates", "取得职业技能等级证书的比例（%）", "share holding vocational skill certificates", 2, training,
                     "only apprenticeship certificates are registered, not every student's", "只登记学徒证书，未登记全体学生的证书"),
            .missing("socialTraining", "社会培训量占全日制在校生规模的比例（%）", "social training relative to full-time students", 2, training,
                     "social training is not registered", "社会培训未登记"),
            .missing("employmentRate", "毕业生就业率（%）", "graduate employment rate", 2, development,
                     "employment outside StudentHired events is not registered", "除登记簿中记录的学生录用外，就业情况未登记"),
            .missing("employmentRelevance", "毕业生就业专业对口率（%）", "major relevance of graduate employment", 2, development,
                     "employment outside StudentHired events is not registered", "除登记簿中记录的学生录用外，就业情况未登记"),
            .missing("stayInShaoxing", "直接就业毕业生留绍工作比例（%）", "share of employed graduates working in Shaoxing", 4, development,
                     "the place of employment is not registered", "就业地点未登记"),
            .missing("jointCourses", "共同开发课程数（门）", "courses developed jointly", 2, development, notRegistered.0, notRegistered.1),
            .missing("jointTextbooks", "共同开发教材数（种）", "textbooks developed jointly", 2, development, notRegistered.0, notRegistered.1),
            .missing("internshipSatisfaction", "学生实习用人单位满意率（%）", "host satisfaction with interns", 2, development, notRegistered.0, notRegistered.1),
            .missing("employmentSatisfaction", "学生就业用人单位满意率（%）", "employer satisfaction with graduates", 2, development, notRegistered.0, notRegistered.1),
            .missing("technicalProjects", "承接企业技术攻关项目数（个）（以技术服务合同为准）", "enterprise technical projects undertaken", 2, development, notRegistered.0, notRegistered.1),
            .missing("innovations", "技术创新成果数（个）", "technical innovations", 2, development, notRegistered.0, notRegistered.1),
            .missing("jointLabs", "校企共建实验室或研发机构数（个）", "labs or R&D centres built with enterprises", 2, development, notRegistered.0, notRegistered.1),
        ]
    }()

    /// The indicators the registry computes, in the annex's order.
    public static var indicators: [Indicator] { annex.filter(\.isComputable) }

    /// The annex's total weight (100).
    public static var totalWeight: Int { annex.reduce(0) { $0 + $1.weight } }

    /// The weight of the indicators the registry computes.
    public static var computableWeight: Int { indicators.reduce(0) { $0 + $1.weight } }

    /// How the indicators that could be read two ways are computed, for the report (English, Chinese).
    public static let definitions: [(en: String, zh: String)] = [
        ("posts offered (岗位数) counts distinct posts: one per enterprise, kind and post name among the school's placements that started in the year (placements without a post name count as one post per enterprise and kind); placements hosted (人次) counts the placements themselves, so the two differ whenever several students fill one post.",
         "岗位数按不同岗位计：当年开始的实习中，每个企业、实习类型与岗位名称计一个岗位（未写岗位名称的按企业与类型各计一个）；人次按实习本身计，多名学生在同一岗位时两者不同。"),
        ("off-campus bases (基地数) are the distinct host enterprises of those placements; base use (人天) sums the days of every placement's actual term that fall in the year.",
         "校外基地数为上述实习的不同接收企业数；基地使用时间（人天）为各实习实际期间落在当年的天数之和。"),
        ("liability insurance is the share of placements started in the year whose whole actual term, extensions included, is covered by liability insurance; since Insurance_01 refuses an uninsured start and Insurance_03 an uninsured extension or cancellation, it reads 100% for every school unless a policy in force required no liability insurance.",
         "实习责任险比例为当年开始的实习中，整个实际期间（含延期）均有实习责任保险覆盖的比例；由于 Insurance_01 拒绝未投保的开始、Insurance_03 拒绝未投保的延期或退保，除非在用政策未要求责任险，各校均为 100%。"),
        ("teacher indicators use the registered teachers: the 双师型 share of professional-course teachers on 31 December, and the days professional teachers spent in enterprise practice within the year (each teacher's overlapping periods counted once).",
         "教师指标取自登记的教师：12 月 31 日“双师型”教师占专业课教师的比例，以及专业教师当年赴企业实践的天数（同一教师重叠的时段只计一次）。"),
    ]

    /// One school's values and scores.
    public struct SchoolScore: Equatable, Sendable {
        public let school: String
        public let name: String
        public let level: SchoolLevel
        /// Indicator key → value (a share in percent, or a count), computable indicators only.
        public var values: [String: Double]
        /// Indicator key → score out of the weight, computable indicators only.
        public var scores: [String: Double]
        public var total: Double { scores.values.reduce(0, +) }
        /// The sum of the weights of the indicators computed.
        public var possible: Int { Evaluation.computableWeight }
    }

    /// The evaluation of every school for calendar year `year`, grouped by level, each group sorted by total score.
    ///
    /// Scope: placements that started in the year; students enrolled at some time in the year; graduates are
    /// students whose status ended as graduated in the year; a placement is a half-year post internship when
    /// it is a post internship whose actual term (or planned term, while running) reaches start + 6 months − 1 day.
    public static func evaluate(_ state: RegistryState, year: Int) -> [SchoolLevel: [SchoolScore]] {
        let first = CalendarDate(validYear: year, month: 1, day: 1)
        let last = CalendarDate(validYear: year, month: 12, day: 31)
        let placementsBySchool = Dictionary(grouping: state.placements.values.filter { p in
            guard let s = p.startedOn else { return false }
            return s >= first && s <= last
        }, by: \.school)
        let teachersBySchool = Dictionary(grouping: state.teachers.values.filter { $0.registration.course == .professional }, by: \.school)
        // Each school's students, placements and apprenticeships, gathered once: filtering all of them
        // for every school grew with schools × records (363 × 3 million at 10M events).
        let studentsBySchool = Dictionary(grouping: state.students.values, by: \.school)
        let everyPlacementBySchool = Dictionary(grouping: state.placements.values, by: \.school)
        let apprenticeshipsBySchool = Dictionary(grouping: state.apprenticeships.values, by: \.school)
        let shares = Dictionary(uniqueKeysWithValues: Audit.teacherShares(in: state, on: last).map { ($0.school, $0) })
        var bySchool: [SchoolScore] = []
        for school in state.schools.values.sorted(by: { $0.id < $1.id }) {
            let placements = placementsBySchool[school.id] ?? []
            let students = (studentsBySchool[school.id] ?? []).filter { s in
                s.enrolled <= last && (s.statusEnded.map { $0.on >= first } ?? true)
            }
            let everyPlacement = everyPlacementBySchool[school.id] ?? []
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
            let allHalfYearStudents = Set(everyPlacement.filter(isHalfYear).map(\.student))
            let apprenticeships = (apprenticeshipsBySchool[school.id] ?? []).filter { a in
                a.contract.start <= last && (a.endedOn ?? a.contract.end) >= first
            }
            let hiredGraduates = graduates.filter { !$0.hires.isEmpty }
            let internshipEnterprises: [String: Set<String>] = Dictionary(
                grouping: everyPlacement.filter { $0.kind == .post }, by: \.student
            ).mapValues { Set($0.map(\.enterprise)) }
            let hiredByHost = hiredGraduates.filter { g in
                g.hires.contains { internshipEnterprises[g.id]?.contains($0.enterprise) ?? false }
            }
            func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : 100 * Double(part) / Double(whole) }
            let insured = placements.filter { p in
                guard let term = p.actualTerm else { return false }
                return p.firstUncovered(.liability, in: term) == nil
            }
            struct Post: Hashable { let enterprise: String; let kind: PlacementKind; let post: String }
            let posts = Set(placements.map { Post(enterprise: $0.enterprise, kind: $0.kind, post: $0.post ?? "") })
            let placementDays = placements.reduce(0) { days, p in
                guard let term = p.actualTerm, term.upperBound >= first, term.lowerBound <= last else { return days }
                return days + (max(term.lowerBound, first)...min(term.upperBound, last)).dayCount
            }
            let practiceDays = (teachersBySchool[school.id] ?? []).reduce(0) { $0 + $1.practiceDays(in: first...last) }
            let teacherShare = shares[school.id].map { share($0.dualQualified, $0.professional) } ?? 0
            let values: [String: Double] = [
                "agreementShare": share(placements.filter { $0.agreement != nil }.count, placements.count),
                "liabilityInsuredShare": share(insured.count, placements.count),
                "offCampusBases": Double(Set(placements.map(\.enterprise)).count),
                "placementsOffered": Double(posts.count),
                "baseUseDays": Double(placementDays),
                "dualQualifiedShare": teacherShare,
                "apprenticeshipEnterprises": Double(Set(apprenticeships.map(\.enterprise)).count),
                "apprenticeStudentShare": share(Set(apprenticeships.map(\.student)).count, students.count),
                "teacherPracticeDays": Double(practiceDays),
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
