import Messages
import Foundation
import RegistryDomain
import RegistryService

extension RegistryCLI {
    /// `report certifications|stipends|teachers`: the reports of issue 12's duties.
    static var dutyReportCommands: [CommandSpec] {
        let until = OptionSpec.value("--until", "POSITION|TIME", "judge the log as it was at a position or a recorded-at time", required: false)
        return [
            CommandSpec(
                path: ["report", "certifications"],
                summary: ("Certified 产教融合型企业 on a date, counted against the policy's target (Certification_01).", "某日已认定的产教融合型企业及其与目标数的对照（Certification_01）。"),
                role: "inspector",
                options: [.value("--on", "DATE", "the date (default: today)", required: false), until],
                examples: ["registry report certifications --on 2025-12-31 --as inspector:I01",
                           "registry report certifications --format json --as inspector:I01"],
                run: { inv, out in try runCertificationReport(inv, out) }),
            CommandSpec(
                path: ["report", "stipends"],
                summary: ("What each enterprise paid its interns and apprentices in a year (Deduction_01, the tax-deductible figure).", "企业年度支付实习学生与学徒的报酬（Deduction_01，税前扣除依据）。"),
                role: "inspector",
                options: [.value("--year", "YYYY", "the calendar year of the months paid for (default: this year)", required: false), until],
                examples: ["registry report stipends --year 2025 --as inspector:I01",
                           "registry report stipends --year 2025 --format csv --as inspector:I01"],
                run: { inv, out in try runPayReport(inv, out) }),
            CommandSpec(
                path: ["report", "teachers"],
                summary: ("Each school's 双师型 share of professional teachers against the policy's target (Teacher_01).", "各校“双师型”教师占专业课教师比例及目标（Teacher_01）。"),
                role: "inspector",
                options: [.value("--on", "DATE", "the date (default: today)", required: false), until],
                examples: ["registry report teachers --on 2025-12-31 --as inspector:I01"],
                run: { inv, out in try runTeacherReport(inv, out) }),
        ]
    }
}

func runCertificationReport(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.requireInspector("report certifications")
    try inv.noPositionals()
    let registry = try inv.openForReading()
    let on = try inv.optionalDate("--on") ?? inv.today
    let report = CertificationReport.make(try inv.foldedState(registry, out), on: on)
    let headings: [(key: String, en: String, zh: String)] = [
        ("enterprise", "Enterprise", "企业"), ("name", "Name", "名称"), ("status", "Status", "状态"),
        ("certified_on", "Certified on", "认定日期"), ("document", "Document", "文号"),
        ("revoked_on", "Revoked on", "撤销日期"), ("revocation_document", "Revocation document", "撤销文号"),
        ("revocation_reason", "Reason", "撤销原因")]
    let machine = out.format == .json || out.format == .csv
    let rows = report.lines.map { l -> [String] in
        let status = l.isCertified ? (machine ? "certified" : out.t("certified", "已认定")) : (machine ? "revoked" : out.t("revoked", "已撤销"))
        return [l.enterprise, l.name, status, l.certifiedOn?.description ?? "", l.document ?? "", l.revokedOn?.description ?? "",
                l.revocationDocument ?? "", l.revocationReason ?? ""]
    }
    let summary: String
    if let target = report.target {
        let state: String
        switch report.meetsTarget {
        case true?: state = out.t("target met", "已达目标")
        case false?: state = out.t("target missed", "未达目标")
        case nil: state = out.t("in progress", "推进中")
        }
        let by = target.value.byYear.map { out.t(" by \($0)", "（\($0) 年）") } ?? ""
        summary = out.t("Certification_01: \(report.certifiedCount) certified on \(on), target \(target.value.count)\(by) (\(target.source)): \(state).",
                        "Certification_01：\(on) 已认定 \(report.certifiedCount) 家，目标 \(target.value.count) 家\(by)（\(SourceText.text(target.source, .zh))）：\(state)。")
    } else {
        summary = out.t("Certification_01 does not apply: policy '\(report.profile)' sets no certification target; \(report.certifiedCount) certified on \(on).",
                        "Certification_01 不适用：政策 '\(report.profile)' 未设定认定目标；\(on) 已认定 \(report.certifiedCount) 家。")
    }
    if out.format == .json {
        let target = report.target.map { t in
            "{\"count\":\(t.value.count),\"byYear\":\(t.value.byYear.map(String.init) ?? "null"),\"source\":\(jsonString(t.source))}"
        } ?? "null"
        let meets = report.meetsTarget.map { $0 ? "true" : "false" } ?? "null"
        out.line("{\"on\":\(jsonString(on.description)),\"profile\":\(jsonString(report.profile)),\"certified\":\(report.certifiedCount),\"target\":\(target),\"meetsTarget\":\(meets),\n\"enterprises\":"
                 + out.jsonArray(headings, rows) + "}")
        return RegistryCLI.ExitCode.success
    }
    out.table(headings, rows, title: out.t("产教融合型企业 on \(on)", "\(on) 产教融合型企业"))
    if out.format == .table { out.line(summary) }
    return RegistryCLI.ExitCode.success
}

func runPayReport(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.requireInspector("report stipends")
    try inv.noPositionals()
    let year = try inv.optionalYear() ?? inv.today.year
    let registry = try inv.openForReading()
    let lines = PayReportLine.lines(try inv.foldedState(registry, out), year: year)
    let headings: [(key: String, en: String, zh: String)] = [
        ("enterprise", "Enterprise", "企业"), ("name", "Name", "名称"), ("interns", "Interns", "实习学生"),
        ("stipend_months", "Intern-months", "实习人月"), ("stipends", "Stipends (yuan)", "实习报酬（元）"),
        ("apprentices", "Apprentices", "学徒"), ("wage_months", "Apprentice-months", "学徒人月"),
        ("wages", "Apprentice wages (yuan)", "学徒工资（元）"), ("total", "Total (yuan)", "合计（元）")]
    var rows = lines.map { l in
        [l.enterprise, l.name, String(l.interns), String(l.stipendMonths), l.stipends.description, String(l.apprentices),
         String(l.wageMonths), l.wages.description, l.total.description]
    }
    if out.format == .table {
        let stipends = lines.reduce(Money.zero) { $0 + $1.stipends }, wages = lines.reduce(Money.zero) { $0 + $1.wages }
        rows.append([out.t("total", "合计"), "", "", "", stipends.description, "", "", wages.description, (stipends + wages).description])
    }
    out.table(headings, rows,
              title: out.t("Pay to interns and apprentices for the months of \(year), by enterprise (Deduction_01; 001 item 48, 002 三(三), 004 item 16: deductible when computing taxable income). Confirmed amounts, counted in the year of the month paid for.",
                           "\(year) 年各月企业支付实习学生与学徒的报酬（Deduction_01；001 第48项、002 三(三)、004 第16项：计算应纳税所得额时扣除）。按确认金额，计入所付月份的年度。"))
    return RegistryCLI.ExitCode.success
}

func runTeacherReport(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.requireInspector("report teachers")
    try inv.noPositionals()
    let registry = try inv.openForReading()
    let on = try inv.optionalDate("--on") ?? inv.today
    let state = try inv.foldedState(registry, out)
    let policy = state.header?.policy(on: on) ?? PolicyProfiles.national
    let headings: [(key: String, en: String, zh: String)] = [
        ("school", "School", "学校"), ("level", "Level", "类别"), ("professional", "Professional teachers", "专业课教师"),
        ("dual_qualified", "双师型", "双师型"), ("share", "Share", "比例"), ("target", "Target", "目标"), ("status", "Status", "状态")]
    let machine = out.format == .json || out.format == .csv
    let rows = Audit.teacherShares(in: state, on: on).map { share -> [String] in
        let level = state.schools[share.school]?.level
        let share100 = Rate(basisPoints: share.basisPoints).description
        var status = machine ? "noTarget" : out.t("no target", "不适用")
        var targetText = "-"
        if let level, let target = policy.dualQualifiedTarget(for: level) {
            targetText = target.value.rate.description + (target.value.byYear.map { out.t(" by \($0)", "（\($0) 年）") } ?? "")
            let below = share.dualQualified * 10_000 < target.value.rate.basisPoints * share.professional
            if !below { status = machine ? "meets" : out.t("meets", "达标") }
            else if target.value.isDue(on: on) { status = machine ? "belowTarget" : out.t("below target", "低于目标") }
            else { status = machine ? "inProgress" : out.t("in progress", "推进中") }
        }
        return [share.school, level.map { DisplayValues.shown("schoolLevel", $0.rawValue, out) } ?? "", String(share.professional), String(share.dualQualified), share100, targetText, status]
    }
    out.table(headings, rows, title: out.t("双师型 teachers on \(on)", "\(on) “双师型”教师"))
    if out.format == .table {
        let targets = SchoolLevel.allCases.compactMap { level in policy.dualQualifiedTarget(for: level).map { (level, $0) } }
        out.line(targets.isEmpty ? out.t("Teacher_01 does not apply: policy '\(policy.profile)' sets no 双师型 target.",
                          "Teacher_01 不适用：政策 '\(policy.profile)' 未设定“双师型”比例目标。")
                 : targets.map { out.t("Teacher_01 target for \($0.0.rawValue) schools: \($0.1.value.rate) (\($0.1.source)).",
                                       "Teacher_01 \(DisplayValues.word("schoolLevel", $0.0.rawValue, .zh))学校目标：\($0.1.value.rate)（\(SourceText.text($0.1.source, .zh))）。") }.joined(separator: "\n"))
        out.line(policy.teacherPractice.map { out.t("Teacher_02: at least \($0.value.months) months (\($0.value.minimumDays) days) of enterprise practice in every \($0.value.years) years (\($0.source)).", "Teacher_02：每 \($0.value.years) 年赴企业实践累计不少于 \($0.value.months) 个月（\($0.value.minimumDays) 天）（\(SourceText.text($0.source, .zh))）。") }
                 ?? out.t("Teacher_02 does not apply: policy '\(policy.profile)' sets no enterprise-practice rule.",
                          "Teacher_02 不适用：政策 '\(policy.profile)' 未设定教师企业实践要求。"))
    }
    return RegistryCLI.ExitCode.success
}
