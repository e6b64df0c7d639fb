import Foundation

/// Scenario 6: Auth_01. Every command is tried as every role, and as another organisation of the
/// right role, each time on a fresh copy of the same district; only the permitted combinations may
/// succeed, every other one must exit 5 naming Auth_01 and leave the log byte-for-byte unchanged.
struct AuthorizationScenario {
    let ctx: TortureContext

    static let actors = ["bureau:EDU", "school:S01", "school:S02", "enterprise:E01", "enterprise:E02", "inspector:I01"]

    /// The district: ST1 with placements PA (insured, not started) and PB (started), apprenticeships A1
    /// (active), A3 (completed), A4 (advanced, then terminated) — enterprise new-type apprenticeships,
    /// the only scheme the subsidy is for — and ST4 free for a new apprenticeship.
    static let extra: [[String]] = [
        ["policy", "adopt", "sanmenxia", "--from", "2020-01-02", "--as", "bureau:EDU"],
        ["student", "enroll", "ST1", "--name", "甲", "--major", "数控", "--birth", "2005-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"],
        ["student", "enroll", "ST2", "--name", "乙", "--major", "数控", "--birth", "2005-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"],
        ["student", "enroll", "ST3", "--name", "丙", "--major", "数控", "--birth", "2005-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"],
        ["student", "enroll", "ST4", "--name", "丁", "--major", "数控", "--birth", "2005-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"],
        ["student", "enroll", "ST5", "--name", "戊", "--major", "数控", "--birth", "2005-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"],
        ["placement", "register", "PA", "--student", "ST1", "--enterprise", "E01", "--kind", "post", "--start", "2025-09-01", "--end", "2026-02-28",
         "--stipend", "3000", "--post", "车工", "--agreement", "AG-A", "--as", "school:S01"],
        ["insurance", "enroll", "PA", "--policy", "IA", "--insurer", "P", "--cover", "liability,accident", "--from", "2025-09-01", "--to", "2026-03-31",
         "--paid-by", "school", "--as", "school:S01"],
        ["placement", "register", "PB", "--student", "ST1", "--enterprise", "E01", "--kind", "post", "--start", "2025-09-01", "--end", "2026-02-28",
         "--stipend", "3000", "--post", "车工", "--agreement", "AG-B", "--as", "school:S01"],
        ["insurance", "enroll", "PB", "--policy", "IB", "--insurer", "P", "--cover", "liability,accident", "--from", "2025-09-01", "--to", "2026-03-31",
         "--paid-by", "school", "--as", "school:S01"],
        ["placement", "start", "PB", "--on", "2025-09-01", "--as", "school:S01"],
        ["apprenticeship", "contract", "A1", "--student", "ST2", "--school", "S01", "--scheme", "enterprise", "--level", "intermediate", "--labor-contract", "LC1",
         "--contract-end", "2027-08-31", "--start", "2025-09-01", "--end", "2026-08-31", "--school-tutor", "T", "--mentor", "M", "--as", "enterprise:E01"],
        ["apprenticeship", "contract", "A3", "--student", "ST3", "--school", "S01", "--scheme", "enterprise", "--level", "intermediate", "--labor-contract", "LC3",
         "--contract-end", "2027-08-31", "--start", "2025-09-01", "--end", "2026-08-31", "--school-tutor", "T", "--mentor", "M", "--as", "enterprise:E01"],
        ["apprenticeship", "complete", "A3", "--on", "2026-08-31", "--certificate", "C3", "--as", "enterprise:E01"],
        ["apprenticeship", "contract", "A4", "--student", "ST5", "--school", "S01", "--scheme", "enterprise", "--level", "intermediate", "--labor-contract", "LC4",
         "--contract-end", "2027-08-31", "--start", "2025-09-01", "--end", "2026-08-31", "--school-tutor", "T", "--mentor", "M", "--as", "enterprise:E01"],
        ["subsidy", "advance", "A4", "--amount", "2500", "--on", "2025-10-01", "--as", "bureau:EDU"],
        ["apprenticeship", "terminate", "A4", "--on", "2026-01-15", "--reason", "left", "--as", "enterprise:E01"],
        // For the commands added since: a waged apprenticeship, a teacher, a certification, a student
        // who left (a school may erase only then), and an account.
        ["student", "enroll", "ST6", "--name", "己", "--major", "数控", "--birth", "2005-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"],
        ["student", "leave", "ST6", "--reason", "graduated", "--on", "2025-07-01", "--as", "school:S01"],
        ["apprenticeship", "contract", "A5", "--student", "ST4", "--school", "S01", "--scheme", "enterprise", "--level", "intermediate", "--labor-contract", "LC5",
         "--contract-end", "2027-08-31", "--start", "2025-09-01", "--end", "2026-08-31", "--school-tutor", "T", "--mentor", "M", "--wage", "3200",
         "--as", "enterprise:E01"],
        ["teacher", "register", "T1", "--name", "王老师", "--since", "2018-09-01", "--as", "school:S01"],
        ["enterprise", "certify", "E01", "--on", "2024-05-20", "--document", "D1", "--as", "bureau:EDU"],
        ["account", "add", "u1", "--role", "school:S01", "--name", "张老师", "--as", "bureau:EDU"],
    ]

    struct Attempt {
        let arguments: [String]
        let permitted: Set<String>
        /// Runs on an empty directory (init) instead of the district.
        var onEmptyLog = false
    }

    func attempts() -> [Attempt] {
        let bureau: Set<String> = ["bureau:EDU"], s1: Set<String> = ["school:S01"], e1: Set<String> = ["enterprise:E01"]
        let inspector: Set<String> = ["inspector:I01"]
        let inspectorBureauAndSchools: Set<String> = ["inspector:I01", "bureau:EDU", "school:S01", "school:S02"]
        let csv = ctx.scratch + "/auth-"
        Files.write(csv + "students.csv", Array("id,name,major,birth,enrolled\nAU-1,a,b,2005-01-01,2023-09-01\n".utf8))
        Files.write(csv + "placements.csv", Array("id,student,enterprise,kind,start,end,stipend\nPN-2,ST1,E01,observation,2025-09-01,2025-09-30,0\n".utf8))
        Files.write(csv + "stipends.csv", Array("placement,month,amount,paid_on\nPB,2025-10,3000,2025-11-10\n".utf8))
        Files.write(csv + "insurance.csv", Array("placement,policy_number,insurer,covers,from,to,paid_by\nPA,IG,P,liability,2025-09-01,2026-03-31,school\n".utf8))
        Files.write(csv + "starts.csv", Array("placement,start_date\nPA,2025-09-01\n".utf8))
        return [
            Attempt(arguments: ["init", "--jurisdiction", "X", "--policy", "national"], permitted: bureau, onEmptyLog: true),
            Attempt(arguments: ["policy", "adopt", "huyi", "--from", "2026-01-01"], permitted: bureau),
            Attempt(arguments: ["school", "register", "S09", "--name", "Nine", "--level", "higher"], permitted: bureau),
            Attempt(arguments: ["enterprise", "register", "E09", "--name", "Nine"], permitted: bureau),
            Attempt(arguments: ["enterprise", "workforce", "E01", "--headcount", "900", "--as-of", "2025-01-01"], permitted: e1),
            Attempt(arguments: ["student", "enroll", "NEW1", "--name", "a", "--major", "b", "--birth", "2005-01-01", "--enrolled", "2023-09-01"],
                    permitted: ["school:S01", "school:S02"]),
            Attempt(arguments: ["student", "leave", "ST4", "--reason", "withdrawn", "--on", "2025-12-01"], permitted: s1),
            Attempt(arguments: ["student", "hired", "ST4", "--enterprise", "E01", "--on", "2026-07-01"], permitted: e1),
            Attempt(arguments: ["placement", "register", "PN", "--student", "ST4", "--enterprise", "E01", "--kind", "observation",
                                "--start", "2025-09-01", "--end", "2025-09-30", "--stipend", "0"], permitted: s1),
            Attempt(arguments: ["insurance", "enroll", "PA", "--policy", "IC", "--insurer", "P", "--cover", "liability", "--from", "2025-09-01",
                                "--to", "2026-03-31", "--paid-by", "enterprise"], permitted: s1),
            Attempt(arguments: ["insurance", "cancel", "PA", "--policy", "IA", "--on", "2025-12-01"], permitted: s1),
            Attempt(arguments: ["placement", "start", "PA", "--on", "2025-09-01"], permitted: s1),
            Attempt(arguments: ["placement", "extend", "PB", "--to", "2026-03-31"], permitted: s1),
            Attempt(arguments: ["placement", "complete", "PB", "--on", "2026-02-28"], permitted: s1),
            Attempt(arguments: ["placement", "terminate", "PB", "--on", "2026-01-28", "--reason", "moved"], permitted: s1),
            Attempt(arguments: ["stipend", "confirm", "PB", "--month", "2025-09", "--amount", "3000", "--paid-on", "2025-10-10"], permitted: e1),
            Attempt(arguments: ["apprenticeship", "contract", "A9", "--student", "ST4", "--school", "S01", "--scheme", "modern", "--level", "senior",
                                "--labor-contract", "LC9", "--contract-end", "2027-08-31", "--start", "2025-09-01", "--end", "2026-08-31",
                                "--school-tutor", "T", "--mentor", "M"], permitted: ["enterprise:E01", "enterprise:E02"]),
            Attempt(arguments: ["apprenticeship", "complete", "A1", "--on", "2026-08-31", "--certificate", "C1"], permitted: e1),
            Attempt(arguments: ["apprenticeship", "terminate", "A1", "--on", "2026-01-15", "--reason", "left"], permitted: e1),
            Attempt(arguments: ["subsidy", "advance", "A1", "--amount", "1000", "--on", "2025-10-01"], permitted: bureau),
            Attempt(arguments: ["subsidy", "settle", "A3", "--amount", "5000", "--on", "2026-09-10"], permitted: bureau),
            Attempt(arguments: ["subsidy", "clawback", "A4", "--amount", "2500", "--on", "2026-02-01"], permitted: bureau),
            Attempt(arguments: ["import", "students", csv + "students.csv"], permitted: ["school:S01", "school:S02"]),
            Attempt(arguments: ["import", "placements", csv + "placements.csv"], permitted: s1),
            Attempt(arguments: ["import", "stipends", csv + "stipends.csv"], permitted: e1),
            Attempt(arguments: ["import", "insurance", csv + "insurance.csv"], permitted: s1),
            Attempt(arguments: ["import", "starts", csv + "starts.csv"], permitted: s1),
            // Corrections, teachers, certifications, apprentices' wages, personal data, keys and accounts.
            Attempt(arguments: ["student", "correct", "ST1", "--name", "甲二", "--reason", "typo"], permitted: s1),
            Attempt(arguments: ["enterprise", "correct", "E01", "--name", "Works", "--reason", "licence"], permitted: bureau),
            Attempt(arguments: ["placement", "correct", "PA", "--agreement", "AG-A2", "--reason", "typo"], permitted: s1),
            Attempt(arguments: ["teacher", "register", "T9", "--name", "李老师", "--school", "S01"], permitted: s1),
            Attempt(arguments: ["teacher", "correct", "T1", "--name", "王建国", "--reason", "typo"], permitted: s1),
            Attempt(arguments: ["teacher", "qualify", "T1", "--on", "2021-06-30", "--document", "Q1"], permitted: s1),
            Attempt(arguments: ["teacher", "practice", "T1", "--enterprise", "E01", "--from", "2024-07-01", "--to", "2024-12-31"], permitted: s1),
            Attempt(arguments: ["enterprise", "certify", "E02", "--on", "2024-05-20", "--document", "D2"], permitted: bureau),
            Attempt(arguments: ["enterprise", "revoke-certification", "E01", "--on", "2025-12-31", "--document", "R1", "--reason", "review"],
                    permitted: bureau),
            Attempt(arguments: ["wage", "confirm", "A5", "--month", "2025-09", "--amount", "3200", "--paid-on", "2025-10-10"], permitted: e1),
            Attempt(arguments: ["student", "erase", "ST6", "--reason", "retention over"], permitted: ["bureau:EDU", "school:S01"]),
            Attempt(arguments: ["checkpoint", "rotate-key", "--reason", "annual"], permitted: bureau),
            Attempt(arguments: ["account", "add", "u2", "--role", "enterprise:E01"], permitted: bureau),
            Attempt(arguments: ["account", "disable", "u1"], permitted: bureau),
            Attempt(arguments: ["account", "reset-password", "u1"], permitted: bureau),
            Attempt(arguments: ["account", "token", "u1"], permitted: bureau),
            // Reads: the inspector's reports, and records shown only to those they concern.
            // Issue 13: the bureau audits and reports (it grants the subsidies); a school audits and reports on
            // its own students and placements (filtered to them); enterprises do neither.
            Attempt(arguments: ["audit", "--on", "2026-03-31"], permitted: inspectorBureauAndSchools),
            Attempt(arguments: ["quota"], permitted: ["inspector:I01", "bureau:EDU"]),
            Attempt(arguments: ["history", "student-ST1"], permitted: inspector),
            Attempt(arguments: ["report", "subsidies", "--year", "2025"], permitted: inspectorBureauAndSchools),
            Attempt(arguments: ["report", "evaluation", "--year", "2025"], permitted: inspectorBureauAndSchools),
            // The host enterprise sees the placement, not the student's own record (the product's choice).
            Attempt(arguments: ["show", "student", "ST1"], permitted: ["bureau:EDU", "inspector:I01", "school:S01"]),
            Attempt(arguments: ["show", "placement", "PB"], permitted: ["bureau:EDU", "inspector:I01", "school:S01", "enterprise:E01"]),
            Attempt(arguments: ["show", "apprenticeship", "A1"], permitted: ["bureau:EDU", "inspector:I01", "school:S01", "enterprise:E01"]),
        ]
    }

    func run() -> ScenarioResult {
        let result = ScenarioResult("6 authorization: command x role", outcome: "correct")
        let runner = ctx.runner
        let district = ctx.freshPath("auth")
        Fixture.build(runner, district, extra: Self.extra)
        for attempt in attempts() {
            for actor in Self.actors {
                result.tried += 1
                let dir = ctx.freshPath("auth-try")
                if attempt.onEmptyLog {
                    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                } else {
                    Files.copyDirectory(district, to: dir)
                }
                let before = Files.segmentBytes(dir)
                let r = runner.registry(attempt.arguments + ["--as", actor], log: dir)
                let label = "'registry \(attempt.arguments.prefix(3).joined(separator: " "))' as \(actor)"
                let isImport = attempt.arguments.first == "import"
                if attempt.permitted.contains(actor) {
                    if r.status == 0 {
                        result.good += 1
                        result.add("permitted and succeeded")
                    } else {
                        result.fail("\(label) is permitted but failed: \(r)")
                    }
                } else {
                    // An import refuses a whole file for the wrong role (exit 5), or each row for the wrong organisation (exit 1).
                    let refused = r.status == 5 || (isImport && r.status == 1 && r.stdout.contains("Auth_01"))
                    let unchanged = Files.segmentBytes(dir) == before
                    if refused && unchanged && (r.stderr + r.stdout).contains("Auth_01") {
                        result.good += 1
                        result.add("refused (exit 5)")
                    } else {
                        result.fail("\(label) should be refused with Auth_01 (exit 5): \(r)\(unchanged ? "" : "; the log changed")")
                    }
                }
                Files.remove(dir)
            }
        }
        return result
    }
}
