import Messages
import Foundation
import PostgresStore
import RegistryDomain
import RegistryService

extension RegistryCLI {
    static var demoCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["demo"],
                summary: ("Build a sample district (三门峡市) on the log through the ordinary commands and print its summary and audit.",
                          "通过常规命令在日志上构建示例辖区（三门峡市），并输出概要与审计结果。"),
                role: "none needed (each fact carries its own actor)",
                options: [.value("--on", "DATE", "the date to summarise and audit (default \(DemoDistrict.summaryDate))", required: false)],
                examples: ["registry demo", "registry demo --log demo-district --format json", "registry demo --on 2026-07-31 --lang zh"],
                run: { inv, out in try runDemo(inv, out) }),
        ]
    }
}

func runDemo(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.noPositionals()
    let on = try inv.optionalDate("--on") ?? DemoDistrict.summaryDate
    let showProgress = isatty(2) != 0
    let summary: DemoSummary
    let appended: ClosedRange<UInt64>?
    do {
        // Released before the receipt is made, so the index holds the new events.
        let registry = try inv.openForWriting(creating: true)
        if let recovery = registry.recovery { out.error(out.t("warning: ", "警告：") + MessageCatalogue.recovery(recovery, out.language)) }
        let before = registry.log.head.position
        do {
            summary = try DemoDistrict.build(into: registry, on: on) { done, total in
                if showProgress { out.progress(out.t("building the demo district: \(done) of \(total) commands", "正在构建示例辖区：\(done) / \(total) 条命令")) }
            }
        } catch let error as DemoError {
            if showProgress { out.endProgress() }
            throw demoFailure(error, out)
        }
        let after = registry.log.head.position
        appended = after > before ? (before + 1)...after : nil
    }
    if showProgress { out.endProgress() }
    if inv.store == nil {  // keys, checkpoints and receipts sit beside a file log only
        ensureSigningKey(inv, out)
        // One receipt for every event the demo appended (its commands ran under one writer lock, so
        // they are contiguous); its command ID names the demo, not one of its commands.
        if let receipt = deliverReceipt(positions: appended, commandID: "demo", inv, out), inv.receiptPath == "-" { out.line(receipt) }
    }
    if summary.appendedEvents > 0 {
        out.error(out.t("built the demo district: \(summary.commands) commands, \(summary.appendedEvents) events appended.",
                        "示例辖区已构建：\(summary.commands) 条命令，追加 \(summary.appendedEvents) 个事件。"))
    } else {
        out.error(out.t("the demo district is already in this log; nothing appended.", "该日志中已有示例辖区，未追加任何事件。"))
    }
    printDemoSummary(summary, inv, out)
    return RegistryCLI.ExitCode.success
}

/// The CLI's error for a failed build.
private func demoFailure(_ error: DemoError, _ out: Output) -> UsageError {
    switch error {
    case let .logHoldsAnotherRegistry(directory, events):
        return UsageError("the log at \(directory) already holds \(events) events that the demo did not write; run the demo on a new log with --log DIR.",
                          zh: "\(directory) 中的日志已有 \(events) 个不是由示例写入的事件；请用 --log 目录 在新日志上运行示例。")
    case let .unexpectedRejection(step, verb, rejection):
        // The script's fault, not the user's input: say which step and why.
        let rule = rejection.ruleID.map { " under \($0.rawValue)" } ?? ""
        let ruleZh = rejection.ruleID.map { "（\($0.rawValue)）" } ?? ""
        return UsageError("the demo's step \(step) ('\(verb)') was rejected\(rule): \(rejection.message(.en))",
                          zh: "示例第 \(step) 步（'\(verb)'）被拒绝\(ruleZh)：\(rejection.message(.zh))")
    case let .unexpectedAcceptance(step, verb, expected):
        return UsageError("the demo's step \(step) ('\(verb)') should have been rejected under \(expected.rawValue) but was accepted; the rules no longer match the demo script.",
                          zh: "示例第 \(step) 步（'\(verb)'）本应被 \(expected.rawValue) 拒绝却被接受；规则已与示例脚本不符。")
    }
}

/// Prints the summary: figures, the audit by rule, and what to try next.
func printDemoSummary(_ s: DemoSummary, _ inv: Invocation, _ out: Output) {
    let zh = out.language == .zh
    let date = s.date.description
    // The next commands name the same store: a database given by REGISTRY_STORE needs no option, one
    // given by --store is shown with its password hidden; a log directory other than the default is named.
    let logOption: String
    if let store = inv.store {
        logOption = inv.environment["REGISTRY_STORE"] == store ? "" : " --store '\(PostgresEventStore.redacted(store))'"
    } else {
        logOption = inv.logDirectory == Invocation.defaultLogDirectory(inv.environment) ? "" : " --log \(inv.logDirectory)"
    }
    let next = (s.samplePlacement.map { ["registry show placement \($0.id) --as school:\($0.school)\(logOption)"] } ?? []) + [
        "registry audit --on \(date) --as inspector:I01\(logOption)",
        "registry quota --on \(date) --as inspector:I01\(logOption)",
        "registry report subsidies --on \(date) --as inspector:I01\(logOption)",
        "registry verify\(logOption)",
    ]
    if out.format == .json {
        out.line(demoJSON(s, next: next))
        return
    }

    func level(_ l: SchoolLevel) -> String {
        switch l {
        case .secondary: out.t("secondary", "中职")
        case .higher: out.t("higher", "高职")
        case .undergraduate: out.t("undergraduate", "本科")
        }
    }
    func status(_ p: PlacementStatus) -> String {
        switch p {
        case .registered: out.t("registered", "已登记未开始")
        case .active: out.t("active", "在岗")
        case .completed: out.t("completed", "已完成")
        case .terminated: out.t("terminated", "已终止")
        }
    }
    func apprenticeship(_ a: ApprenticeshipStatus) -> String {
        switch a {
        case .contracted: out.t("running", "在训")
        case .completed: out.t("completed", "已完成")
        case .terminated: out.t("terminated", "已终止")
        }
    }
    let separator = zh ? "，" : ", "
    func parenthesised(_ text: String) -> String { zh ? "（\(text)）" : " (\(text))" }
    let placementParts = [PlacementKind.post, .observation].compactMap { kind -> String? in
        let rows = s.placements.filter { $0.kind == kind }
        guard !rows.isEmpty else { return nil }
        let name = kind == .post ? out.t("post", "岗位实习") : out.t("observation", "认识实习")
        let total = rows.reduce(0) { $0 + $1.count }
        let parts = rows.map { zh ? "\(status($0.status)) \($0.count)" : "\($0.count) \(status($0.status))" }.joined(separator: separator)
        return zh ? "\(name) \(total)：\(parts)" : "\(total) \(name): \(parts)"
    }
    let rejectedList = s.rejected.map { $0.count == 1 ? $0.rule.rawValue : "\($0.rule.rawValue) ×\($0.count)" }.joined(separator: separator)
    let fields: [(key: String, en: String, zh: String, value: String)] = [
        ("schools", "schools", "学校", "\(s.schoolsByLevel.reduce(0) { $0 + $1.count })"
            + parenthesised(s.schoolsByLevel.map { zh ? "\(level($0.level)) \($0.count)" : "\($0.count) \(level($0.level))" }.joined(separator: separator))),
        ("enterprises", "enterprises", "企业",
         out.t("\(s.enterprises) (\(s.aboveScaleEnterprises) above designated size)", "\(s.enterprises)（规模以上 \(s.aboveScaleEnterprises)）")),
        ("students", "students", "学生",
         out.t("\(s.students) (\(s.graduated) graduated, \(s.hired) hired)", "\(s.students)（毕业 \(s.graduated)，被录用 \(s.hired)）")),
        ("placements", "placements", "实习", "\(s.placementCount)" + parenthesised(placementParts.joined(separator: zh ? "；" : "; "))),
        ("active_on_date", "active on \(date)", "\(date) 在岗", "\(s.activeOnDate)"),
        ("insured_placements", "insured placements", "已投保实习", "\(s.insuredPlacements)"),
        ("confirmed_stipend_months", "confirmed stipend months", "已确认报酬月数", "\(s.confirmedStipendMonths)"),
        ("apprenticeships", "apprenticeships", "学徒培养", "\(s.apprenticeships)"
            + parenthesised(s.apprenticeshipsByStatus.map { zh ? "\(apprenticeship($0.status)) \($0.count)" : "\($0.count) \(apprenticeship($0.status))" }.joined(separator: separator))),
        ("intern_subsidy", "intern subsidy to \(date)", "截至 \(date) 实习补助",
         out.t("\(s.internSubsidy) yuan for \(s.subsidizedInternMonths) intern-months (Subsidy_01)",
               "\(s.internSubsidy) 元，\(s.subsidizedInternMonths) 人月（Subsidy_01）")),
        ("commands", "commands", "命令", "\(s.commands)"),
        ("rejected", "rejected by the rules", "被规则拒绝",
         out.t("\(s.rejectedCount), nothing appended: \(rejectedList)", "\(s.rejectedCount) 条，均未追加：\(rejectedList)")),
        ("events", "events in the log", "日志事件数", "\(s.events)"),
        ("head_hash", "head hash", "链头哈希", s.headHash),
    ]
    let policyFrom = s.policyFrom.map { "\($0)" } ?? "-"
    if out.format == .table {
        out.line(out.t("Demo district \(s.jurisdiction) in \(inv.storeDescription): policy \(s.policy) in force from \(policyFrom).",
                       "示例辖区 \(s.jurisdiction)（\(inv.storeDescription)）：自 \(policyFrom) 起施行 \(s.policy) 政策。"))
        out.line()
    }
    out.record(fields)
    out.line()
    out.table([("rule", "Rule", "规则"), ("severity", "Severity", "级别"), ("findings", "Findings", "发现数"), ("source", "Source", "来源")],
              s.findings.map { [$0.rule.rawValue, out.format == .table ? $0.severity.name(out.language) : $0.severity.rawValue, String($0.count),
                                 SourceText.shown($0.source, out)] },
              title: out.t("Audit on \(date): \(s.findingCount) findings", "\(date) 审计：共 \(s.findingCount) 项发现"))
    if out.format == .table {
        out.line()
        out.line(out.t("Try next:", "接下来可以试试："))
        for command in next { out.line("  " + command) }
    }
}

/// The summary as one JSON object.
private func demoJSON(_ s: DemoSummary, next: [String]) -> String {
    func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(jsonString($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
    let pairs: [(String, String)] = [
        ("jurisdiction", jsonString(s.jurisdiction)),
        ("policy", jsonString(s.policy)),
        ("policy_from", s.policyFrom.map { jsonString($0.description) } ?? "null"),
        ("on", jsonString(s.date.description)),
        ("schools", object(s.schoolsByLevel.map { ($0.level.rawValue, String($0.count)) })),
        ("enterprises", String(s.enterprises)),
        ("above_scale_enterprises", String(s.aboveScaleEnterprises)),
        ("students", String(s.students)),
        ("graduated", String(s.graduated)),
        ("hired", String(s.hired)),
        ("placements", "[" + s.placements.map { object([("kind", jsonString($0.kind.rawValue)), ("status", jsonString($0.status.rawValue)),
                                                         ("count", String($0.count))]) }.joined(separator: ",") + "]"),
        ("active_on_date", String(s.activeOnDate)),
        ("insured_placements", String(s.insuredPlacements)),
        ("confirmed_stipend_months", String(s.confirmedStipendMonths)),
        ("apprenticeships", object(s.apprenticeshipsByStatus.map { ($0.status.rawValue, String($0.count)) })),
        ("subsidized_intern_months", String(s.subsidizedInternMonths)),
        ("intern_subsidy_yuan", jsonString(s.internSubsidy.description)),
        ("commands", String(s.commands)),
        ("rejected", object(s.rejected.map { ($0.rule.rawValue, String($0.count)) })),
        ("findings", "[" + s.findings.map { object([("rule", jsonString($0.rule.rawValue)), ("severity", jsonString($0.severity.rawValue)),
                                                     ("count", String($0.count)), ("source", jsonString($0.source))]) }.joined(separator: ",") + "]"),
        ("events", String(s.events)),
        ("head_hash", jsonString(s.headHash)),
        ("next", "[" + next.map(jsonString).joined(separator: ",") + "]"),
    ]
    return object(pairs)
}
