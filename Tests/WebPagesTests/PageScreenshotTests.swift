import EventStore
import Foundation
import ReadModel
import RegistryDomain
import RegistryService
import Testing
@testable import WebPages

/// The pages rendered from the demo district's real records, written as HTML files and, where
/// Chromium is installed, as PNG screenshots to look at: `$TMPDIR/registry-web-pages/*.png`.
@Suite("Page screenshots", .serialized)
struct PageScreenshotTests {
    static let folder = NSTemporaryDirectory() + "registry-web-pages"

    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }()

    /// Every page from one demo log, in both languages.
    @Test func demoPagesRenderInBothLanguages() throws {
        let directory = NSTemporaryDirectory() + "registry-web-pages-log-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let registry = try Registry(directory: directory, forWriting: true)
        _ = try DemoDistrict.build(into: registry)
        let store = try registry.readModel()
        let state = try registry.state()
        let today = DemoDistrict.summaryDate
        try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)

        var query = ListQuery(subject: .placements, today: today)
        query.perPage = 20
        let placements = try store.listPlacements(query)
        let first = try #require(placements.rows.first)
        query.school = first.school
        let schoolPlacements = try store.listPlacements(query)
        var studentQuery = ListQuery(subject: .students, today: today)
        studentQuery.school = first.school
        studentQuery.perPage = 20
        let students = try store.listStudents(studentQuery)
        let record = try #require(PlacementRecord.make(try registry.events(of: StreamID.placement(first.id))))
        let findings = AuditReport.make(state, on: today, through: registry.log.head.position).findings.filter { $0.subjectId == first.id }
        let schools = try store.listSchools(ListQuery(subject: .schools, today: today))
        let enterprises = try store.listEnterprises(ListQuery(subject: .enterprises, today: today))
        let audit = Audit.findings(in: state, on: today)
        let subsidy = SubsidyReport.make(state, on: today, through: registry.log.head.position, month: nil, year: nil)
        let history = try registry.events(of: StreamID.placement(first.id)).map { HistoryEntry($0.envelope) }
        let month = try #require(YearMonth(year: 2026, month: 2))

        for language in Language.allCases {
            func context(_ role: Role, _ id: String, _ path: String) -> PageContext {
                PageContext(language: language, actor: Actor(role: role, id: id), user: "demo-\(role.rawValue)", csrfToken: "t", path: path, today: today)
            }
            let school = context(.school, first.school, "/school/placements")
            var rejected = school
            rejected.form = FormState(values: ["id": "P-NEW", "student": "2099001", "end": "2025-10-01"])
            rejected.form.add(.notOwnRecord(actor: Actor(role: .school, id: first.school), verb: "placement register", record: .student("2099001")),
                              fields: PageForm.registerPlacement.fieldNames, language: language)
            rejected.form.add(.postInternshipTooShort(placement: "P-NEW", start: today, end: today.adding(days: 30),
                                                      minimumEnd: today.adding(days: 180), months: 6),
                              fields: PageForm.registerPlacement.fieldNames, language: language)
            let enterprise = context(.enterprise, first.enterprise, "/enterprise/stipends")
            let sheetRows = placements.rows.filter { $0.enterprise == first.enterprise }.prefix(5).enumerated().map { i, p in
                StipendSheetRow(placement: p.id, student: p.student, studentName: p.studentName, agreedStipend: p.stipend,
                                typedAmount: i == 1 ? "99999" : nil,
                                outcome: i == 0 ? .confirmed : i == 1 ? .rejected(rule: "Data_04", message: language == .zh ? "金额 99999.00 元超过协议报酬的 5 倍。" : "99999.00 yuan is more than 5 times the agreed stipend.", field: "amount") : .none)
            }
            let bureau = context(.bureau, "EDU", "/bureau/accounts")
            let inspector = context(.inspector, "I01", "/audit")
            let pages: [(String, String)] = [
                ("login", AccountPages.login(PageContext(language: language, path: "/login"))),
                ("school-students", SchoolPages.students(students, search: nil, context(.school, first.school, "/school/students"))),
                ("school-placements", SchoolPages.placements(schoolPlacements, search: nil, status: nil, school)),
                ("placement", SchoolPages.placement(record, findings: findings, school)),
                ("register-rejected", SchoolPages.registerForm(rejected)),
                ("import", ImportPage.render(result: ImportResult(kind: .students, file: "students.csv", rows: 3, imported: 2,
                                                                  rejected: [.init(line: 4, id: "2025009", rule: "Data_03",
                                                                                   message: language == .zh ? "学生 '2025009' 入学时年龄不合理。" : "student '2025009' is implausibly young.")]),
                                             school)),
                ("stipend-sheet", EnterprisePages.stipendSheet(month: month, rows: Array(sheetRows), defaultPaidOn: month.lastDay.adding(days: 10), enterprise)),
                ("workforce", EnterprisePages.workforce(current: enterprises.rows.first, enterprise)),
                ("bureau-schools", BureauPages.schools(schools, search: nil, bureau)),
                ("bureau-enterprises", BureauPages.enterprises(enterprises, search: nil, bureau)),
                ("bureau-accounts", BureauPages.accounts([AccountRow(user: "zhang", actor: "school:S01", name: "张老师", disabled: false),
                                                          AccountRow(user: "li", actor: "enterprise:E01", name: "李经理", disabled: true)],
                                                         oneTimePassword: ("zhang", "k7Qm-2xPa-9Lwe"), bureau)),
                ("bureau-subsidies", BureauPages.subsidies(subsidy, bureau)),
                ("audit", InspectorPages.audit(state: state, findings: audit, head: registry.log.head, filters: AuditFilters(on: today), inspector)),
                ("history", InspectorPages.history(stream: StreamID.placement(first.id), entries: history, inspector)),
                ("verify", InspectorPages.verify(VerifyOutcome(isIntact: true, head: registry.log.head, events: registry.log.head.position), inspector)),
            ]
            for (name, html) in pages {
                #expect(html.hasPrefix("<!DOCTYPE html>"), "\(name)")
                #expect(html.hasSuffix("</html>\n"), "\(name)")
                let file = "\(Self.folder)/\(name)-\(language.rawValue).html"
                try html.write(toFile: file, atomically: true, encoding: .utf8)
                if let chromium = Self.chromium, ["login", "placement", "register-rejected", "stipend-sheet", "audit", "import", "bureau-accounts"].contains(name) {
                    let png = try render(chromium, page: file, to: "\(Self.folder)/\(name)-\(language.rawValue).png", profile: directory + "/profile")
                    #expect(png.count > 10_000, "\(name): the screenshot is nearly empty")
                }
            }
        }
    }

    /// Runs headless Chromium on `page` and returns the PNG's bytes.
    private func render(_ chromium: String, page: String, to picture: String, profile: String) throws -> [UInt8] {
        try? FileManager.default.removeItem(atPath: picture)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                             "--user-data-dir=\(profile)", "--screenshot=\(picture)", "--window-size=1280,1800", "file://\(page)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Array(try #require(FileManager.default.contents(atPath: picture), "chromium wrote no \(picture)"))
    }
}
