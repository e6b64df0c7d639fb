import Messages
import EventStore
import Foundation
import ReadModel
import RegistryDomain
import RegistryService
import WebPages

extension RegistryCLI {
    static var inspectorCommands: [CommandSpec] {
        let until = OptionSpec.value("--until", "POSITION|TIME", "judge the log as it was at a position or a recorded-at time", required: false)
        return [
            CommandSpec(
                path: ["audit"], summary: ("Every finding and breached rule on a date, as the log knew it.", "列出某日的全部发现与违规，可回溯至日志的任一时点。"),
                role: "inspector or bureau; a school for its own students and placements",
                options: [.value("--on", "DATE", "the business date to judge (default: today)", required: false), until,
                          .value("--school", "ID", "only this school's records", required: false),
                          .value("--enterprise", "ID", "only this enterprise's records", required: false)],
                examples: ["registry audit --on 2026-03-31 --as inspector:I01", "registry audit --on 2026-03-31 --until 1200 --format json --as inspector:I01",
                           "registry audit --format html --as inspector:I01 > report.html"],
                run: { inv, out in try runAudit(inv, out) }),
            CommandSpec(
                path: ["quota"], summary: ("Per enterprise: workforce, interns, the quota target and post-intern cap in force, and the status.", "各企业：职工数、实习生数、现行比例目标与岗位实习上限、状态。"),
                role: "inspector or bureau", options: [.value("--on", "DATE", "the date (default: today)", required: false), until],
                examples: ["registry quota --on 2026-03-31 --as inspector:I01"],
                run: { inv, out in try runQuota(inv, out) }),
            CommandSpec(
                path: ["history"], arguments: "STREAM", summary: ("Print one stream's events with their envelopes.", "输出某个流的全部事件及其信封。"),
                role: "inspector", options: [until],
                examples: ["registry history placement-P-17 --as inspector:I01"],
                run: { inv, out in try runHistory(inv, out) }),
            CommandSpec(
                path: ["report", "subsidies"], summary: ("Internship cost subsidies per enterprise and month, and the apprenticeship subsidy ledger.", "企业实习成本补助（按月）与学徒培训补贴台账。"),
                role: "inspector or bureau (it grants them); a school for its own placements and apprenticeships",
                options: [.value("--month", "YYYY-MM", "only this month", required: false), .value("--year", "YYYY", "only this year", required: false),
                          .value("--on", "DATE", "count payments made up to this date (default: today)", required: false), until,
                          .value("--school", "ID", "only this school's placements and apprenticeships", required: false)],
                examples: ["registry report subsidies --year 2025 --as inspector:I01"],
                run: { inv, out in try runSubsidyReport(inv, out) }),
        ]
    }
}

extension Invocation {
    /// Reports are for inspectors (Auth_01: an inspector reads everything and writes nothing).
    func requireInspector(_ command: String) throws {
        let actor = try requireActor()
        guard actor.role == .inspector else {
            throw NotPermitted(en: "'\(actor)' cannot run 'registry \(command)': only an inspector may.",
                               zh: "'\(actor)' 无权运行 'registry \(command)'：仅督查可以。")
        }
    }

    /// `--year YYYY`, if given.
    func optionalYear() throws -> Int? {
        try optionalText("--year").map { text -> Int in
            guard let y = Int(text), (1900...2999).contains(y) else {
                throw UsageError("--year '\(Invocation.printable(text))' is not a year; write YYYY.",
                                 zh: "--year '\(Invocation.printable(text))' 不是有效年份；请写成 YYYY。")
            }
            return y
        }
    }

    /// Today, from REGISTRY_NOW or the system clock, in China Standard Time (UTC+8).
    var today: CalendarDate {
        let micros = environment["REGISTRY_NOW"].flatMap(Timestamp.parse) ?? FileEventLog.systemClock()
        return CalendarDate(dayNumber: Int((micros + 8 * 3_600_000_000) / 86_400_000_000))
    }

    /// The registry folded up to `--until`, with progress for long logs.
    func foldedState(_ registry: Registry, _ out: Output) throws -> RegistryState {
        let through = try untilPosition(registry)
        let showProgress = isatty(2) != 0 && through > 200_000
        let state = try registry.state(through: through) { done, last in
            if showProgress { out.progress(out.t("replaying \(done) of \(last) events", "重放中 \(done) / \(last) 个事件")) }
        }
        if showProgress { out.endProgress() }
        return state
    }
}

func runAudit(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.requireRole([.inspector, .bureau, .school], "audit")
    try inv.noPositionals()
    let registry = try inv.openLogForReading()
    let school = try inv.reportSchool(registry, command: "audit")
    let enterprise = try inv.knownOption("--enterprise", .enterprises, in: registry)
    let on = try inv.optionalDate("--on") ?? inv.today
    let state = try inv.foldedState(registry, out)
    var findings = Audit.findings(in: state, on: on)
    if let school { findings = findings.filter { $0.school == school } }
    if let enterprise { findings = findings.filter { $0.enterprise == enterprise } }
    if out.format == .json {
        try out.json(AuditReport(findings, on: on, through: try inv.untilPosition(registry), school: school, enterprise: enterprise))
        return RegistryCLI.ExitCode.success
    }
    if out.format == .html {
        out.line(HTMLReport.render(state: state, findings: findings, on: on, head: registry.log.head, language: out.language))
        return RegistryCLI.ExitCode.success
    }
    out.table([("rule", "Rule", "规则"), ("severity", "Severity", "级别"), ("subject", "Subject", "对象"),
               ("school", "School", "学校"), ("enterprise", "Enterprise", "企业"), ("when", "Date", "日期"),
               ("expected", "Expected", "应为"), ("actual", "Actual", "实为"), ("source", "Source", "来源"),
               ("message", "Message", "说明")],
              findings.map { f in
                  [f.ruleID.rawValue, out.format == .table ? f.severity.name(out.language) : f.severity.rawValue,
                   out.format == .table ? DisplayValues.subject(f.subject, out.language) : f.subject, f.school ?? "", f.enterprise ?? "",
                   f.period?.description ?? f.date?.description ?? "", DisplayValues.findingValue(f.expected, out),
                   DisplayValues.findingValue(f.actual, out), SourceText.shown(f.source, out), f.message(out.language)]
              },
              title: out.t("Audit on \(on): \(findings.count) finding\(findings.count == 1 ? "" : "s")", "\(on) 审计：共 \(findings.count) 项发现"))
    printNotApplying([.quota01, .duration02, .pay03, .pay04, .wage03, .wage04, .practice01, .teacher01, .teacher02], state, on, out)
    return RegistryCLI.ExitCode.success
}

func runQuota(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.requireRole([.inspector, .bureau], "quota")
    try inv.noPositionals()
    let registry = try inv.openLogForReading()
    let on = try inv.optionalDate("--on") ?? inv.today
    let state = try inv.foldedState(registry, out)
    let lines = Audit.quota(in: state, on: on)
    if out.format == .json {
        try out.json(QuotaReport(lines, on: on, through: try inv.untilPosition(registry)))
        return RegistryCLI.ExitCode.success
    }
    // The headings name the rates in force on the date, not fixed figures.
    let policy = state.header?.policy(on: on) ?? PolicyProfiles.national
    let target = policy[.quotaTargetRate].map { "\($0.value)" }, cap = policy[.postInternCapRate].map { "\($0.value)" }
    out.table([("enterprise", "Enterprise", "企业"), ("name", "Name", "名称"), ("workforce", "Workforce", "职工数"),
               ("above_scale", "Above scale", "规模以上"), ("active_interns", "Interns", "在岗实习"),
               ("major_relevant", "Major-relevant", "专业对口"), ("post_interns", "Post interns", "岗位实习"),
               ("target", target.map { "\($0) target" } ?? "Target (none)", target.map { "\($0) 目标" } ?? "目标（无）"),
               ("cap", cap.map { "\($0) cap" } ?? "Cap (none)", cap.map { "\($0) 上限" } ?? "上限（无）"),
               ("status", "Status", "状态")],
              lines.map { l in
                  [l.enterprise, l.name, l.workforce.map(String.init) ?? "-", l.aboveScale ? out.t("yes", "是") : out.t("no", "否"),
                   String(l.activeInterns), String(l.majorRelevantInterns), String(l.activePostInterns),
                   l.target.map(String.init) ?? "-", l.cap.map(String.init) ?? "-", statusText(l.status, out)]
              },
              title: out.t("Quota on \(on)", "\(on) 实习比例"))
    printNotApplying([.quota01, .quota02], state, on, out)
    return RegistryCLI.ExitCode.success
}

/// One line per rule among `rules` that does not apply on `date` for want of a parameter, after a
/// table (tables only: JSON and CSV stay one document).
func printNotApplying(_ rules: [RuleID], _ state: RegistryState, _ date: CalendarDate, _ out: Output) {
    guard out.format == .table else { return }
    for rule in Audit.notApplying(rules, in: state, on: date) { out.line(rule.message(out.language)) }
}

func statusText(_ status: QuotaLine.Status, _ out: Output) -> String {
    if out.format == .json || out.format == .csv { return status.rawValue }
    switch status {
    case .meets: return out.t("meets", "达标")
    case .belowTarget: return out.t("below target", "低于目标")
    case .atCap: return out.t("at cap", "已达上限")
    case .overCap: return out.t("over cap", "超过上限")
    case .noTarget: return out.t("no target", "不适用")
    case .noWorkforce: return out.t("no workforce declared", "未申报职工数")
    }
}

func runHistory(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.requireInspector("history")
    let stream = try inv.id(after: 0, label: "STREAM")
    let registry = try inv.openLogForReading()
    let through = try inv.untilPosition(registry)
    // Personal fields are shown opened where their key is at hand; once erased, the ciphertext stays.
    let envelopes = try registry.log.read(stream: stream).filter { $0.position <= through }.map(registry.withPersonalDataOpened)
    guard !envelopes.isEmpty else {
        let store = try registry.readModel()
        // Suggest among the streams of the kind the name starts with (placement-…), or among all.
        let tables = [ListSubject.schools, .enterprises, .students, .placements, .apprenticeships]
        let sameKind = tables.filter { stream.lowercased().hasPrefix($0.noun.en + "-") }
        var known = sameKind.isEmpty ? ["registry"] : []
        for table in sameKind.isEmpty ? tables : sameKind {
            let kind = String(table.noun.en)
            known += try store.ids(in: table).map { "\(kind)-\($0)" }
        }
        let nearest = NearestID.find(stream, among: known) ?? "registry"
        throw UsageError("stream '\(Invocation.printable(stream))' has no events; the nearest stream is '\(nearest)' (streams are named like placement-P-17, student-2023001, registry).",
                         zh: "流 '\(Invocation.printable(stream))' 没有事件；最接近的流是 '\(nearest)'（流名形如 placement-P-17、student-2023001、registry）。")
    }
    if out.format == .json {
        try out.json(envelopes.map { e in
            HistoryEntry(e)
        })
        return RegistryCLI.ExitCode.success
    }
    out.table([("position", "Position", "位置"), ("version", "Version", "版本"), ("recorded_at", "Recorded at", "记录时间"),
               ("actor", "Actor", "操作者"), ("type", "Type", "类型"), ("command_id", "Command", "命令"), ("payload", "Payload", "内容")],
              envelopes.map { e in
                  [String(e.position), String(e.streamVersion), Timestamp.format(e.recordedAt), e.actor, e.type, e.commandID,
                   String(decoding: e.payload, as: UTF8.self)]
              },
              title: out.t("History of \(stream)", "\(stream) 的历史"))
    return RegistryCLI.ExitCode.success
}

func runSubsidyReport(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.requireRole([.inspector, .bureau, .school], "report subsidies")
    try inv.noPositionals()
    let registry = try inv.openLogForReading()
    let school = try inv.reportSchool(registry, command: "report subsidies")
    let on = try inv.optionalDate("--on") ?? inv.today
    let month = try inv.optionalText("--month") == nil ? nil : inv.month("--month")
    let year = try inv.optionalYear()
    let state = try inv.foldedState(registry, out)
    let subsidySource = (state.header?.policy(on: on) ?? PolicyProfiles.national)[.internSubsidyPerMonth]?.source ?? RuleCatalogue.source(of: .subsidy01)
    let inForce = state.header?.policy(on: on) ?? PolicyProfiles.national
    let apprenticeSource = Array(Set([PolicyParameter.intermediateApprenticeSubsidy, .seniorApprenticeSubsidy].compactMap { inForce[$0]?.source }))
        .sorted().joined(separator: "; ")
        .replacingOccurrences(of: "^$", with: RuleCatalogue.source(of: .subsidy02), options: .regularExpression)
    let through = try inv.untilPosition(registry)
    let report = SubsidyReport.make(state, on: on, through: through, month: month, year: year, school: school)
    if out.format == .json { try out.json(report); return RegistryCLI.ExitCode.success }
    let internHeadings: [(key: String, en: String, zh: String)] = [
        ("enterprise", "Enterprise", "企业"), ("month", "Month", "月份"), ("interns", "Intern-months", "实习人月"),
        ("amount", "Subsidy (yuan)", "补助（元）"), ("placements", "Placements", "实习")]
    let internRows = report.internSubsidies.map { [$0.enterprise, $0.month.description, String($0.internMonths), $0.amount,
                                                   $0.placements.joined(separator: " ")] }
    let ledgerHeadings: [(key: String, en: String, zh: String)] = [
        ("apprenticeship", "Apprenticeship", "学徒培养"), ("enterprise", "Enterprise", "企业"), ("level", "Level", "等级"),
        ("status", "Status", "状态"), ("advanced", "Advanced", "预拨"), ("settled", "Settled", "结算"),
        ("clawed_back", "Clawed back", "收回"), ("owed_back", "Owed back", "应收回")]
    let ledgerRows = report.apprenticeships.map { a -> [String] in
        [a.apprenticeship, a.enterprise, DisplayValues.shown("apprenticeLevel", a.level, out),
         DisplayValues.shown("apprenticeshipStatus", a.status, out), a.advanced, a.settled, a.clawedBack, a.owedBack]
    }
    out.table(internHeadings, internRows,
              title: out.t("Internship cost subsidy (Subsidy_01, \(subsidySource)), payments up to \(on)", "实习成本补助（Subsidy_01，\(subsidySource)），截至 \(on) 的支付"))
    if out.format == .table {
        out.line(out.t("total: \(report.internTotal) yuan", "合计：\(report.internTotal) 元"))
        out.line(out.t(Audit.subsidyAttribution.en, Audit.subsidyAttribution.zh))
        printNotApplying([.subsidy01], state, on, out)
        out.line()
    }
    out.table(ledgerHeadings, ledgerRows,
              title: out.t("Apprenticeship training subsidies (Subsidy_02/03, \(apprenticeSource)), yuan", "学徒培训补贴（Subsidy_02/03，\(apprenticeSource)），元"))
    return RegistryCLI.ExitCode.success
}

extension RegistryCLI {
    static var evaluationCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["report", "evaluation"],
                summary: ("The school evaluation of seed 003 annex 1, for the indicators the registry supports.", "003 号文件附件 1 学校产教融合评价（登记簿可计算的指标）。"),
                role: "inspector or bureau; a school for its own lines",
                options: [.value("--year", "YYYY", "the calendar year (default: this year)", required: false),
                          .value("--until", "POSITION|TIME", "judge the log as it was at a position or time", required: false),
                          .value("--school", "ID", "only this school's lines (scored among all schools of its level)", required: false)],
                examples: ["registry report evaluation --year 2025 --as inspector:I01"],
                run: { inv, out in try runEvaluation(inv, out) }),
        ]
    }
}
