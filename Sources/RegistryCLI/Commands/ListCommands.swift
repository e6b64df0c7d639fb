import Messages
import Foundation
import ReadModel
import RegistryDomain
import RegistryService

/// `registry list students|placements|apprenticeships|enterprises|schools|teachers`: pages of the read
/// model, filtered, in table, JSON or CSV. Answered from SQLite (caught up with the log's tail first),
/// never by replaying the log.
///
/// Scope (Auth_01): a school lists only its own students, placements, apprenticeships and teachers; an
/// enterprise only the placements and apprenticeships it hosts and their students; the bureau and
/// inspectors everything. Schools and enterprises are a public directory: every role lists them.
///
/// `list teachers` reads the read model's `teachers` table, created here in the shape the teacher
/// events (branch duties) project into; until those events exist it answers "no teachers are registered".
/// A filter that does not apply to a list (`list schools --uninsured`) is an unknown option (exit 2).
extension RegistryCLI {
    static var listCommands: [CommandSpec] {
        let school = OptionSpec.value("--school", "ID", "only this school's records", required: false)
        let enterprise = OptionSpec.value("--enterprise", "ID", "only records at this enterprise", required: false)
        let startingBefore = OptionSpec.value("--starting-before", "DATE", "planned start before this date", required: false)
        let uninsured = OptionSpec.flag("--uninsured", "not ended, with a day of the term no liability policy covers")
        let unpaid = OptionSpec.value("--unpaid-month", "YYYY-MM", "running in that month with no stipend confirmed for it", required: false)
        let search = OptionSpec.value("--search", "TEXT", "a part of an ID or a name (any case)", required: false)
        let on = OptionSpec.value("--on", "DATE", "the date 'overdue' is judged on (default: today)", required: false)
        let paging = [OptionSpec.value("--page", "N", "the page to print (default 1)", required: false),
                      OptionSpec.value("--per-page", "N", "rows per page, 1 to 1000 (default 50)", required: false)]
        func status(_ values: String) -> OptionSpec { .value("--status", values, "only records in this state", required: false) }
        func spec(_ subject: ListSubject, _ summary: (String, String), _ options: [OptionSpec], _ example: String) -> CommandSpec {
            CommandSpec(path: ["list", subject.rawValue], summary: summary,
                        role: "any role: a school sees its own records, an enterprise those it hosts", options: options + paging,
                        examples: [example], run: { inv, out in try runList(subject, inv, out) })
        }
        return [
            spec(.students, ("List students, filtered and paged.", "列出学生（可筛选、分页）。"),
                 [school, enterprise, status("active|ended|overdue"), uninsured, unpaid, search, on],
                 "registry list students --search 王 --as school:S01"),
            spec(.placements, ("List placements, filtered and paged.", "列出实习（可筛选、分页）。"),
                 [school, enterprise, status("registered|active|ended|overdue"), startingBefore, uninsured, unpaid, search, on],
                 "registry list placements --uninsured --as school:S01"),
            spec(.apprenticeships, ("List apprenticeships, filtered and paged.", "列出学徒培养（可筛选、分页）。"),
                 [school, enterprise, status("active|ended|overdue"), startingBefore, search, on],
                 "registry list apprenticeships --status active --as bureau:EDU"),
            spec(.enterprises, ("List enterprises with their workforce.", "列出企业及其职工人数。"),
                 [.value("--school", "ID", "only enterprises hosting this school's placements", required: false), unpaid, search],
                 "registry list enterprises --as bureau:EDU"),
            spec(.schools, ("List schools.", "列出学校。"), [search], "registry list schools --as bureau:EDU"),
            spec(.teachers, ("List teachers.", "列出教师。"), [school, search], "registry list teachers --as bureau:EDU"),
        ]
    }
}

private func runList(_ subject: ListSubject, _ inv: Invocation, _ out: Output) throws -> Int32 {
    let actor = try inv.requireActor()
    try inv.noPositionals()
    var query = ListQuery(subject: subject, today: try inv.optionalDate("--on") ?? inv.today)
    query.page = try positive(inv, "--page", default: 1, max: 10_000_000)
    query.perPage = try positive(inv, "--per-page", default: 50, max: 1000)
    if let text = inv.optionalText("--status") {
        let allowed: [ListStatus] = subject == .placements ? [.registered, .active, .ended, .overdue] : [.active, .ended, .overdue]
        guard let status = ListStatus(rawValue: text), allowed.contains(status) else {
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            throw UsageError("--status '\(Invocation.printable(text))' is not one of \(names).",
                             zh: "--status '\(Invocation.printable(text))' 不是以下之一：\(names)。")
        }
        query.status = status
    }
    query.startingBefore = try inv.optionalDate("--starting-before")
    query.uninsured = inv.flag("--uninsured")
    if inv.optionalText("--unpaid-month") != nil { query.unpaidMonth = try inv.month("--unpaid-month") }
    if let text = inv.optionalText("--search") { query.search = try Invocation.checkedText(text, option: "--search") }

    let registry = try inv.openLogForReading()
    query.school = try inv.knownOption("--school", .schools, in: registry)
    query.enterprise = try inv.knownOption("--enterprise", .enterprises, in: registry)
    // Whether the person asked for a subset, before the role's own scope narrows it further.
    let filtered = query.school != nil || query.enterprise != nil || query.status != nil || query.startingBefore != nil
        || query.uninsured || query.unpaidMonth != nil || query.search != nil
    try scope(&query, to: actor)
    let store = try registry.readModel()
    func render<Row>(_ page: ListPage<Row>, _ query: ListQuery, _ out: Output, _ headings: [(key: String, en: String, zh: String)],
                     _ cells: (Row) -> [String]) throws {
        try renderPage(page, query, filtered: filtered, out, headings, cells)
    }
    switch subject {
    case .students:
        try render(try store.listStudents(query), query, out,
                   [("id", "Student", "学号"), ("name", "Name", "姓名"), ("school", "School", "学校"), ("major", "Major", "专业"),
                    ("enrolled", "Enrolled", "入学日期"), ("status", "Status", "学籍状态"), ("placements", "Placements", "实习数")]) { r in
            // An empty name is one whose key was missing when it was projected (issue 16).
            [r.id, r.name.isEmpty ? out.t("(unavailable)", "（不可用）") : r.name, r.school, r.major, r.enrolled.description,
             status(r.status, out), String(r.placements)]
        }
    case .placements:
        try render(try store.listPlacements(query), query, out,
                   [("id", "Placement", "实习"), ("student", "Student", "学生"), ("name", "Name", "姓名"), ("enterprise", "Enterprise", "企业"),
                    ("kind", "Kind", "类型"), ("planned", "Planned term", "计划期限"), ("stipend", "Stipend", "月报酬"),
                    ("status", "Status", "状态"), ("insured", "Insured", "已投保")]) { r in
            [r.id, r.student, r.studentName ?? "", r.enterprise, status(r.kind, out), "\(r.plannedStart)…\(r.plannedEnd)", r.stipend,
             status(r.status, out), out.yesNo(r.insured)]
        }
    case .apprenticeships:
        try render(try store.listApprenticeships(query), query, out,
                   [("id", "Apprenticeship", "学徒培养"), ("student", "Student", "学生"), ("school", "School", "学校"),
                    ("enterprise", "Enterprise", "企业"), ("level", "Level", "等级"), ("term", "Term", "培养期限"), ("status", "Status", "状态")]) { r in
            [r.id, r.student, r.school, r.enterprise, DisplayValues.shown("apprenticeLevel", r.level, out), "\(r.start)…\(r.end)", status(r.status, out)]
        }
    case .enterprises:
        try render(try store.listEnterprises(query), query, out,
                   [("id", "Enterprise", "企业"), ("name", "Name", "名称"), ("above_scale", "Above scale", "规模以上"),
                    ("workforce", "Workforce", "职工数"), ("placements", "Placements", "实习数")]) { r in
            [r.id, r.name, out.yesNo(r.aboveScale), r.workforce.map { "\($0) (\(r.workforceAsOf?.description ?? ""))" } ?? "-", String(r.placements)]
        }
    case .schools:
        try render(try store.listSchools(query), query, out,
                   [("id", "School", "学校"), ("name", "Name", "名称"), ("level", "Level", "类别"),
                    ("students", "Students", "学生数"), ("placements", "Placements", "实习数")]) { r in
            [r.id, r.name, status(r.level, out), String(r.students), String(r.placements)]
        }
    case .teachers:
        try render(try store.listTeachers(query), query, out,
                   [("id", "Teacher", "教师"), ("name", "Name", "姓名"), ("school", "School", "学校"), ("course", "Course", "课程"),
                    ("qualified", "Dual-qualified since", "双师型认定")]) { r in
            [r.id, r.name.isEmpty ? out.t("(unavailable)", "（不可用）") : r.name, r.school, DisplayValues.course(r.course, out), r.qualifiedOn?.description ?? "-"]
        }
    }
    return RegistryCLI.ExitCode.success
}

/// Narrows `query` to what `actor` may see (Auth_01); naming another organisation is refused (exit 5).
private func scope(_ query: inout ListQuery, to actor: Actor) throws {
    let subject = query.subject
    switch actor.role {
    case .bureau, .inspector:
        return
    case .school where [.students, .placements, .apprenticeships, .teachers].contains(subject):
        if let school = query.school, school != actor.id {
            throw NotPermitted(en: "'\(actor)' may not list the \(subject.rawValue) of school '\(school)': a school sees only its own.",
                               zh: "'\(actor)' 无权列出学校 '\(school)' 的\(subject.noun.zh)：学校只能查看本校的记录。")
        }
        query.school = actor.id
    case .enterprise where subject == .teachers:
        throw NotPermitted(en: "'\(actor)' may not list teachers: they are the schools' records.",
                           zh: "'\(actor)' 无权列出教师：教师是学校的记录。")
    case .enterprise where [.students, .placements, .apprenticeships].contains(subject):
        if let enterprise = query.enterprise, enterprise != actor.id {
            throw NotPermitted(en: "'\(actor)' may not list the \(subject.rawValue) of enterprise '\(enterprise)': an enterprise sees only those it hosts.",
                               zh: "'\(actor)' 无权列出企业 '\(enterprise)' 的\(subject.noun.zh)：企业只能查看本企业接收的记录。")
        }
        query.enterprise = actor.id
    default:
        return
    }
}

private func positive(_ inv: Invocation, _ name: String, default value: Int, max: Int) throws -> Int {
    guard let text = inv.optionalText(name) else { return value }
    guard let n = Int(text), (1...max).contains(n) else {
        throw UsageError("\(name) '\(Invocation.printable(text))' is not a whole number from 1 to \(max).",
                         zh: "\(name) '\(Invocation.printable(text))' 不是 1 至 \(max) 之间的整数。")
    }
    return n
}

/// A machine value shown in the table's language (JSON and CSV keep the value), from the message catalogue.
private func status(_ value: String, _ out: Output) -> String { DisplayValues.anyValue(value, out) }

/// Prints a page: the JSON page record, CSV rows, or the table with a line saying which rows it shows.
private func renderPage<Row>(_ page: ListPage<Row>, _ query: ListQuery, filtered: Bool, _ out: Output,
                             _ headings: [(key: String, en: String, zh: String)], _ cells: (Row) -> [String]) throws {
    switch out.format {
    case .json:
        try out.json(page)
        return
    case .csv:
        try out.csv(page.rows)
        return
    case .table, .html:
        break
    }
    let name = query.subject.rawValue, noun = query.subject.noun.zh
    guard page.total > 0 else {
        out.line(filtered ? out.t("no \(name) match these filters.", "没有符合条件的\(noun)。")
                          : out.t("no \(name) are registered\(scoped(query)).", "\(scopedZh(query))尚未登记任何\(noun)。"))
        return
    }
    out.table(headings, page.rows.map(cells))
    if page.rows.isEmpty {
        let pages = (page.total + page.perPage - 1) / page.perPage
        out.line(out.t("page \(page.page) is past the end: \(page.total) rows, \(pages) pages of \(page.perPage).",
                       "第 \(page.page) 页已超出范围：共 \(page.total) 行，每页 \(page.perPage) 行，共 \(pages) 页。"))
        return
    }
    var footer = out.t("rows \(page.firstRow)–\(page.lastRow) of \(page.total)", "第 \(page.firstRow)–\(page.lastRow) 行，共 \(page.total) 行")
    if page.lastRow < page.total { footer += out.t("; next: --page \(page.page + 1)", "；下一页：--page \(page.page + 1)") }
    out.line(footer)
}

/// " for school S01" when a role's scope narrowed an unfiltered list, so "none" is not read as "none at all".
private func scoped(_ query: ListQuery) -> String {
    query.school.map { " for school \($0)" } ?? query.enterprise.map { " at enterprise \($0)" } ?? ""
}

private func scopedZh(_ query: ListQuery) -> String {
    query.school.map { "学校 \($0) " } ?? query.enterprise.map { "企业 \($0) " } ?? ""
}
