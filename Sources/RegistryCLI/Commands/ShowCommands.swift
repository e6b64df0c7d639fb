import EventStore
import Foundation
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
        ]
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

/// Loads one stream's state as of `--until`, enforcing who may see it.
private func load<State>(_ inv: Invocation, stream: String, kind: (en: String, zh: String), id: String,
                         fold: ([RegistryEvent]) -> State?) throws -> (State, Registry) {
    _ = try inv.requireActor()
    let registry = try inv.openForReading()
    let through = try inv.untilPosition(registry)
    let events = try registry.events(of: stream, through: through).map(\.event)
    guard let state = fold(events) else {
        throw UsageError(inv.language == .zh ? "\(kind.zh) '\(id)' 未登记。" : "\(kind.en) '\(id)' is not registered.")
    }
    return (state, registry)
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

private func showStudent(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let id = try inv.id(after: 0)
    let (s, registry) = try load(inv, stream: StreamID.student(id), kind: ("student", "学生"), id: id) { $0.reduce(nil, StudentState.evolve) }
    let actor = try inv.requireActor()
    guard mayRead(actor, school: s.school, enterprise: s.hires.last?.enterprise) else {
        throw deny(actor, "student '\(id)' of school '\(s.school)'", "学校 '\(s.school)' 的学生 '\(id)'")
    }
    out.record([
        ("id", "student", "学生", s.id), ("school", "school", "学校", s.school), ("name", "name", "姓名", s.name),
        ("major", "major", "专业", s.major), ("birth", "born", "出生日期", s.birth.description),
        ("enrolled", "enrolled", "入学日期", s.enrolled.description),
        ("status", "status", "学籍状态", s.statusEnded.map { "\($0.reason.rawValue) \($0.on)" } ?? out.t("enrolled", "在籍")),
        ("hired", "hired", "录用", s.hires.map { "\($0.enterprise) \($0.on)" }.joined(separator: "; ")),
    ] + (try correctionField(registry, stream: StreamID.student(id), inv, out)))
    return RegistryCLI.ExitCode.success
}

private func showPlacement(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let id = try inv.id(after: 0)
    let (p, registry) = try load(inv, stream: StreamID.placement(id), kind: ("placement", "实习"), id: id) { $0.reduce(nil, PlacementState.evolve) }
    let actor = try inv.requireActor()
    guard mayRead(actor, school: p.school, enterprise: p.enterprise) else {
        throw deny(actor, "placement '\(id)'", "实习 '\(id)'")
    }
    out.record([
        ("id", "placement", "实习", p.id), ("student", "student", "学生", p.student), ("school", "school", "学校", p.school),
        ("enterprise", "enterprise", "企业", p.enterprise), ("kind", "kind", "类型", p.kind.rawValue),
        ("planned", "planned term", "计划期限", "\(p.plannedStart)…\(p.plannedEnd)"),
        ("stipend", "monthly stipend (yuan)", "月报酬（元）", p.stipend.description),
        ("post", "post", "岗位", p.post ?? "-"), ("agreement", "agreement", "三方协议", p.agreement ?? "-"),
        ("major_relevant", "major-relevant", "专业对口", p.majorRelevant ? out.t("yes", "是") : out.t("no", "否")),
        ("status", "status", "状态", p.status.rawValue),
        ("started_on", "started", "开始日期", p.startedOn?.description ?? "-"),
        ("ended_on", "ended", "结束日期", p.endedOn?.description ?? "-"),
    ] + (try correctionField(registry, stream: StreamID.placement(id), inv, out)))
    if out.format == .table {
        out.line()
        out.table([("policy", "Insurance policy", "保单号"), ("insurer", "Insurer", "保险公司"), ("covers", "Covers", "险种"),
                   ("from", "From", "起"), ("to", "To", "止"), ("paid_by", "Paid by", "付费方"), ("cancelled", "Cancelled", "退保")],
                  p.insurance.map { [$0.policyNumber, $0.insurer, $0.covers.map(\.rawValue).joined(separator: ","), $0.from.description,
                                     $0.to.description, $0.paidBy.rawValue, $0.cancelledOn?.description ?? "-"] })
        out.line()
        out.table([("month", "Month", "月份"), ("amount", "Paid (yuan)", "实付（元）"), ("paid_on", "Paid on", "支付日期"),
                   ("correction", "Correction", "更正")],
                  p.stipends.keys.sorted().map { month in
                      let s = p.stipends[month]!  // the key comes from the dictionary
                      return [month.description, s.amount.description, s.paidOn.description, s.correction ? out.t("yes", "是") : ""]
                  })
    }
    return RegistryCLI.ExitCode.success
}

private func showEnterprise(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let id = try inv.id(after: 0)
    let (e, registry) = try load(inv, stream: StreamID.enterprise(id), kind: ("enterprise", "企业"), id: id) { $0.reduce(nil, EnterpriseState.evolve) }
    out.record([("id", "enterprise", "企业", e.id), ("name", "name", "名称", e.name),
                ("above_scale", "above designated size", "规模以上", e.aboveScale ? out.t("yes", "是") : out.t("no", "否"))]
               + (try correctionField(registry, stream: StreamID.enterprise(id), inv, out)))
    if out.format == .table {
        out.line()
        out.table([("as_of", "As of", "截至"), ("headcount", "Headcount", "职工总数"), ("posts", "Posts", "岗位人数"), ("wages", "Wage standards (yuan)", "工资标准（元）")],
                  e.declarations.map { d in
                      [d.asOf.description, String(d.headcount), d.posts.keys.sorted().map { "\($0)=\(d.posts[$0]!)" }.joined(separator: " "),
                       d.wageStandards.keys.sorted().map { "\($0)=\(d.wageStandards[$0]!)" }.joined(separator: " ")]
                  })
    }
    return RegistryCLI.ExitCode.success
}

private func showApprenticeship(_ inv: Invocation, _ out: Output) throws -> Int32 {
    let id = try inv.id(after: 0)
    let (a, _) = try load(inv, stream: StreamID.apprenticeship(id), kind: ("apprenticeship", "学徒培养"), id: id) {
        $0.reduce(nil, ApprenticeshipState.evolve)
    }
    let actor = try inv.requireActor()
    guard mayRead(actor, school: a.school, enterprise: a.enterprise) else {
        throw deny(actor, "apprenticeship '\(id)'", "学徒培养 '\(id)'")
    }
    let c = a.contract
    out.record([
        ("id", "apprenticeship", "学徒培养", c.id), ("student", "student", "学生", c.student), ("school", "school", "学校", c.school),
        ("enterprise", "enterprise", "企业", c.enterprise), ("scheme", "scheme", "类型", c.scheme.rawValue), ("level", "level", "等级", c.level.rawValue),
        ("term", "training term", "培养期限", "\(c.start)…\(c.end)"),
        ("labor_contract", "labour contract", "劳动合同", "\(c.laborContract) → \(c.contractEnd)"),
        ("tutors", "school tutor / mentor", "学校导师 / 企业师傅", "\(c.schoolTutor) / \(c.mentor)"),
        ("status", "status", "状态", a.status.rawValue), ("ended_on", "ended", "结束日期", a.endedOn?.description ?? "-"),
        ("certificate", "certificate", "证书", a.certificate ?? "-"),
        ("advanced", "advanced (yuan)", "预拨（元）", a.advanced.description), ("settled", "settled (yuan)", "结算（元）", a.settled.description),
        ("clawed_back", "clawed back (yuan)", "收回（元）", a.clawedBack.description),
    ])
    return RegistryCLI.ExitCode.success
}
