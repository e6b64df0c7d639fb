import Messages
import EventStore
import Foundation
import ReadModel
import RegistryDomain
import RegistryService

extension RegistryCLI {
    static var readCommands: [CommandSpec] {
        let until = OptionSpec.value("--until", "POSITION|TIME", "show the record as the log knew it at a position or time", required: false)
        return [
            CommandSpec(
                path: ["show", "student"], arguments: "ID", summary: ("Show a student's record.", "查看学生记录。"),
                role: "any role, own records", options: [until], examples: ["registry show student 2023001 --as school:S01"],
                run: { inv, out in try showStudent(inv, out) }),
            CommandSpec(
                path: ["show", "placement"], arguments: "ID", summary: ("Show a placement with its insurance and stipend months.", "查看实习及其保险与报酬月份。"),
                role: "any role, own records", options: [until], examples: ["registry show placement P-17 --as enterprise:E01"],
                run: { inv, out in try showPlacement(inv, out) }),
            CommandSpec(
                path: ["show", "enterprise"], arguments: "ID", summary: ("Show an enterprise and its workforce declarations.", "查看企业及其职工人数申报。"),
                role: "any role", options: [until], examples: ["registry show enterprise E01 --as bureau:EDU"],
                run: { inv, out in try showEnterprise(inv, out) }),
            CommandSpec(
                path: ["show", "apprenticeship"], arguments: "ID", summary: ("Show an apprenticeship and its subsidy ledger.", "查看学徒培养及其补贴台账。"),
                role: "any role, own records", options: [until], examples: ["registry show apprenticeship A-3 --as enterprise:E01"],
                run: { inv, out in try showApprenticeship(inv, out) }),
            CommandSpec(
                path: ["show", "teacher"], arguments: "ID", summary: ("Show a teacher with 双师型 recognition, enterprise practice and corrections.", "查看教师及其“双师型”认定、企业实践与更正。"),
                role: "any role, own records", options: [until], examples: ["registry show teacher T-01 --as school:S01"],
                run: { inv, out in try showTeacher(inv, out) }),
        ] + listCommands  // the lists are reads too; listed here so the command table stays as it was
    }
}

extension Invocation {
    /// The last log position to read: `--until POSITION|TIME`, or the head.
    func untilPosition(_ registry: Registry) throws -> UInt64 {
        guard let position = try registry.position(until: optionalText("--until")) else {
            let text = optionalText("--until") ?? ""
            throw UsageError("--until '\(Invocation.printable(text))' is neither a log position nor a time such as 2025-09-01T08:00:00Z.",
                             zh: "--until '\(Invocation.printable(text))' 既不是日志位置，也不是 2025-09-01T08:00:00Z 这样的时间。")
        }
        return position
    }
}

/// Builds one stream's record as of `--until`, and returns it with the registry it was read from.
/// An ID that is not registered (then) is a usage error naming the nearest registered ID.
private func load<Record>(_ inv: Invocation, table: ListSubject, stream: (String) -> String,
                          make: ([(envelope: EventEnvelope, event: RegistryEvent)]) -> Record?) throws -> (Record, Registry) {
    _ = try inv.requireActor()
    let id = try inv.id(after: 0)
    let registry = try inv.openLogForReading()
    let through = try inv.untilPosition(registry)
    guard let record = make(try registry.events(of: stream(id), through: through)) else {
        // Suggest only among records the actor may see: a typo must not reveal another school's students.
        let actor = try inv.requireActor()
        let known = try registry.readModel().ids(in: table, school: actor.role == .school ? actor.id : nil,
                                                 enterprise: actor.role == .enterprise ? actor.id : nil)
        throw Invocation.unknownID(id, table, known: known)
    }
    return (record, registry)
}

private func deny(_ actor: Actor, _ what: String, _ whatZh: String) -> NotPermitted {
    NotPermitted(en: "'\(actor)' may not see \(what).", zh: "'\(actor)' 无权查看\(whatZh)。")
}

private func mayRead(_ actor: Actor, school: String?, enterprise: String?) -> Bool {
    switch actor.role {
    case .bureau, .inspector: return true
    case .school: return school == actor.id
    case .enterprise: return enterprise == actor.id
    }
}

extension Output {
    /// `yes`/`no` in the table's language; `true`/`false` for machines.
    func yesNo(_ value: Bool) -> String {
        format == .table || format == .html ? (value ? t("yes", "是") : t("no", "否")) : String(value)
    }
}

private func showStudent(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let (s, registry) = try load(inv, table: .students, stream: StreamID.student, make: StudentRecord.make)
    let actor = try inv.requireActor()
    guard mayRead(actor, school: s.school, enterprise: s.hires.last?.enterprise) else {
        throw deny(actor, "student '\(s.id)' of school '\(s.school)'", "学校 '\(s.school)' 的学生 '\(s.id)'")
    }
    if out.format == .json { try out.json(s); return RegistryCLI.ExitCode.success }
    let shownStatus = DisplayValues.shown("studentStatus", s.status, out)
    let status = s.statusEndedOn.map { "\(shownStatus) \($0)" } ?? shownStatus
    out.record([
        ("id", "student", "学生", s.id), ("school", "school", "学校", s.school), ("name", "name", "姓名", personalName(s, out)),
        ("major", "major", "专业", s.major), ("birth", "born", "出生日期", s.birth?.description ?? "-"),
        ("enrolled", "enrolled", "入学日期", s.enrolled.description),
        ("status", "status", "学籍状态", status),
        ("hired", "hired", "录用", s.hires.map { "\($0.enterprise) \($0.on)" }.joined(separator: "; ")),
    ] + (try correctionField(registry, stream: StreamID.student(s.id), inv, out)))
    return RegistryCLI.ExitCode.success
}

private func showPlacement(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let (p, registry) = try load(inv, table: .placements, stream: StreamID.placement, make: PlacementRecord.make)
    let actor = try inv.requireActor()
    guard mayRead(actor, school: p.school, enterprise: p.enterprise) else {
        throw deny(actor, "placement '\(p.id)'", "实习 '\(p.id)'")
    }
    if out.format == .json { try out.json(p); return RegistryCLI.ExitCode.success }
    out.record([
        ("id", "placement", "实习", p.id), ("student", "student", "学生", p.student), ("school", "school", "学校", p.school),
        ("enterprise", "enterprise", "企业", p.enterprise), ("kind", "kind", "类型", DisplayValues.shown("kind", p.kind, out)),
        ("planned", "planned term", "计划期限", "\(p.plannedStart)…\(p.plannedEnd)"),
        ("stipend", "monthly stipend (yuan)", "月报酬（元）", p.stipend),
        ("post", "post", "岗位", p.post ?? "-"), ("agreement", "agreement", "三方协议", p.agreement ?? "-"),
        ("major_relevant", "major-relevant", "专业对口", out.yesNo(p.majorRelevant)),
        ("status", "status", "状态", DisplayValues.shown("placementStatus", p.status, out)),
        ("started_on", "started", "开始日期", p.startedOn?.description ?? "-"),
        ("ended_on", "ended", "结束日期", p.endedOn?.description ?? "-"),
    ] + (try correctionField(registry, stream: StreamID.placement(p.id), inv, out)))
    if out.format == .table {
        out.line()
        out.table([("policy", "Insurance policy", "保单号"), ("insurer", "Insurer", "保险公司"), ("covers", "Covers", "险种"),
                   ("from", "From", "起"), ("to", "To", "止"), ("paid_by", "Paid by", "付费方"), ("cancelled", "Cancelled", "退保")],
                  p.insurance.map { [$0.policy, $0.insurer, DisplayValues.covers($0.covers, out), $0.from.description,
                                     $0.to.description, DisplayValues.shown("payer", $0.paidBy, out), $0.cancelledOn?.description ?? "-"] })
        out.line()
        out.table([("month", "Month", "月份"), ("amount", "Paid (yuan)", "实付（元）"), ("paid_on", "Paid on", "支付日期"),
                   ("correction", "Correction", "更正")],
                  p.stipendMonths.map { [$0.month.description, $0.amount, $0.paidOn.description, $0.corrections > 0 ? out.t("yes", "是") : ""] })
    }
    return RegistryCLI.ExitCode.success
}

private func showEnterprise(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let (e, registry) = try load(inv, table: .enterprises, stream: StreamID.enterprise, make: EnterpriseRecord.make)
    if out.format == .json { try out.json(e); return RegistryCLI.ExitCode.success }
    out.record([("id", "enterprise", "企业", e.id), ("name", "name", "名称", e.name),
                ("above_scale", "above designated size", "规模以上", out.yesNo(e.aboveScale))]
               + (try correctionField(registry, stream: StreamID.enterprise(e.id), inv, out)))
    if out.format == .table {
        out.line()
        out.table([("as_of", "As of", "截至"), ("headcount", "Headcount", "职工总数"), ("posts", "Posts", "岗位人数"), ("wages", "Wage standards (yuan)", "工资标准（元）")],
                  e.declarations.map { d in
                      [d.asOf.description, String(d.headcount),
                       d.posts.compactMap { p in p.headcount.map { "\(p.post)=\($0)" } }.joined(separator: " "),
                       d.posts.compactMap { p in p.wageStandard.map { "\(p.post)=\($0)" } }.joined(separator: " ")]
                  })
    }
    return RegistryCLI.ExitCode.success
}

private func showApprenticeship(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let (a, _) = try load(inv, table: .apprenticeships, stream: StreamID.apprenticeship, make: ApprenticeshipRecord.make)
    let actor = try inv.requireActor()
    guard mayRead(actor, school: a.school, enterprise: a.enterprise) else {
        throw deny(actor, "apprenticeship '\(a.id)'", "学徒培养 '\(a.id)'")
    }
    if out.format == .json { try out.json(a); return RegistryCLI.ExitCode.success }
    out.record([
        ("id", "apprenticeship", "学徒培养", a.id), ("student", "student", "学生", a.student), ("school", "school", "学校", a.school),
        ("enterprise", "enterprise", "企业", a.enterprise), ("scheme", "scheme", "类型", DisplayValues.shown("scheme", a.scheme, out)),
        ("level", "level", "等级", DisplayValues.shown("apprenticeLevel", a.level, out)),
        ("term", "training term", "培养期限", "\(a.start)…\(a.end)"),
        ("labor_contract", "labour contract", "劳动合同", "\(a.laborContract) → \(a.contractEnd)"),
        ("tutors", "school tutor / mentor", "学校导师 / 企业师傅", "\(a.schoolTutor) / \(a.mentor)"),
        ("status", "status", "状态", DisplayValues.shown("apprenticeshipStatus", a.status, out)), ("ended_on", "ended", "结束日期", a.endedOn?.description ?? "-"),
        ("certificate", "certificate", "证书", a.certificate ?? "-"),
        ("advanced", "advanced (yuan)", "预拨（元）", a.advanced), ("settled", "settled (yuan)", "结算（元）", a.settled),
        ("clawed_back", "clawed back (yuan)", "收回（元）", a.clawedBack),
    ])
    return RegistryCLI.ExitCode.success
}

private func showTeacher(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let (t, registry) = try load(inv, table: .teachers, stream: StreamID.teacher, make: TeacherRecord.make)
    let actor = try inv.requireActor()
    // A teacher is the school's record: the school, the bureau and inspectors see it; an enterprise does not.
    guard mayRead(actor, school: t.school, enterprise: nil) else {
        throw deny(actor, "teacher '\(t.id)' of school '\(t.school)'", "学校 '\(t.school)' 的教师 '\(t.id)'")
    }
    if out.format == .json { try out.json(t); return RegistryCLI.ExitCode.success }
    out.record([
        ("id", "teacher", "教师", t.id), ("school", "school", "学校", t.school), ("name", "name", "姓名", t.name),
        ("course", "course", "课程类别", DisplayValues.course(t.course, out)),
        ("since", "at the school since", "到校日期", t.since?.description ?? "-"),
        ("qualified_on", "双师型 since", "“双师型”认定", t.qualifiedOn?.description ?? "-"),
        ("qualification_document", "recognition document", "认定文件", t.qualificationDocument ?? "-"),
    ] + (try correctionField(registry, stream: StreamID.teacher(t.id), inv, out)))
    if out.format == .table && !t.practice.isEmpty {
        out.line()
        out.table([("enterprise", "Practice at", "实践企业"), ("from", "From", "起"), ("to", "To", "止")],
                  t.practice.map { [$0.enterprise, $0.from.description, $0.to.description] })
    }
    return RegistryCLI.ExitCode.success
}
