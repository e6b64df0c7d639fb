import Foundation
import RegistryDomain
import RegistryService

/// `registry report evaluation`: every indicator of 003 annex 1 with its weight, computed where the
/// registry's facts allow and marked not computable otherwise, so a school's total reads out of 100
/// beside the weight the registry can score.
func runEvaluation(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.requireRole([.inspector, .bureau, .school], "report evaluation")
    try inv.noPositionals()
    let year = try inv.optionalYear() ?? inv.today.year
    let registry = try inv.openLogForReading()
    let school = try inv.reportSchool(registry, command: "report evaluation")
    let through = try inv.untilPosition(registry)
    let state = try inv.foldedState(registry, out)
    if out.format == .json {
        try out.json(EvaluationReport.make(state, year: year, through: through, school: school))
        return RegistryCLI.ExitCode.success
    }
    var groups = Evaluation.evaluate(state, year: year)
    // A school sees its own lines, scored among all schools of its level.
    if let school { groups = groups.mapValues { $0.filter { $0.school == school } } }
    let levelNames: [SchoolLevel: (String, String)] = [.secondary: ("secondary vocational schools", "中职学校"),
                                                       .higher: ("higher vocational schools", "高职院校"),
                                                       .undergraduate: ("undergraduate schools", "本科院校")]
    let total = Evaluation.totalWeight, possible = Evaluation.computableWeight
    func shown(_ indicator: Evaluation.Indicator, _ value: Double) -> String {
        indicator.isShare ? String(format: "%.1f%%", value) : String(format: "%.0f", value)
    }
    if out.format == .csv {
        // One row per school and indicator, raw figures for machines; not computable ones have no value or score.
        var rows: [[String]] = []
        for level in SchoolLevel.allCases {
            for s in groups[level] ?? [] {
                for i in Evaluation.annex {
                    rows.append([level.rawValue, s.school, i.key, i.name, String(i.weight), i.isComputable ? "true" : "false",
                                 i.isComputable ? String(format: "%.4f", s.values[i.key] ?? 0) : "",
                                 i.isComputable ? String(format: "%.4f", s.scores[i.key] ?? 0) : ""])
                }
                rows.append([level.rawValue, s.school, "total", "合计", String(total), String(possible), "", String(format: "%.4f", s.total)])
            }
        }
        out.table([("level", "Level", "类别"), ("school", "School", "学校"), ("indicator", "Indicator", "指标"), ("name", "Name", "名称"),
                   ("weight", "Weight", "权重"), ("computable", "Computable", "可计算"), ("value", "Value", "指标值"),
                   ("score", "Score", "得分")], rows)
        return RegistryCLI.ExitCode.success
    }
    var first = true
    for level in SchoolLevel.allCases {
        guard let schools = groups[level], !schools.isEmpty else { continue }
        if !first { out.line() }
        first = false
        var headings: [(key: String, en: String, zh: String)] = [("indicator", "Indicator (weight)", "指标（权重）")]
        for s in schools { headings.append((s.school, s.school, s.school)) }
        var rows = Evaluation.annex.map { i -> [String] in
            [out.t("\(i.english) (\(i.weight)%)", "\(i.name)（\(i.weight)%）")]
                + schools.map { i.isComputable ? "\(shown(i, $0.values[i.key] ?? 0)) → \(String(format: "%.2f", $0.scores[i.key] ?? 0))"
                                               : out.t("not computable", "无法计算") }
        }
        rows.append([out.t("score (of \(total); \(possible) computable)", "得分（满分 \(total)，可计算 \(possible)）")]
                    + schools.map { String(format: "%.2f", $0.total) })
        let name = levelNames[level] ?? (level.rawValue, level.rawValue)
        out.table(headings, rows, title: out.t("Evaluation \(year), \(name.0): value → score (the best school on an indicator scores its full weight, the others in proportion)",
                                               "\(year) 年评价，\(name.1)：指标值 → 得分（单项最高者得满分，其余按比例赋分）"))
    }
    if first { out.line(out.t("no schools are registered.", "没有已登记的学校。")) }
    if out.format == .table {
        let missing = Evaluation.annex.filter { !$0.isComputable }
        out.line()
        out.line(out.t("The registry computes \(Evaluation.indicators.count) of the annex's \(Evaluation.annex.count) indicators, \(possible) of \(total) weight points.",
                       "登记簿可计算附件 1 的 \(Evaluation.annex.count) 项指标中的 \(Evaluation.indicators.count) 项，占权重 \(total) 分中的 \(possible) 分。"))
        out.line(out.t("Not computable (\(missing.count) indicators, \(total - possible) points):", "无法计算（\(missing.count) 项指标，\(total - possible) 分）："))
        for i in missing {
            let reason = i.notComputable.map { out.t($0.en, $0.zh) } ?? ""
            out.line("  - \(i.name)（\(i.weight)%）" + out.t(": ", "：") + reason)
        }
        out.line(out.t("How indicators are counted:", "指标口径："))
        for d in Evaluation.definitions { out.line("  - " + out.t(d.en, d.zh)) }
    }
    return RegistryCLI.ExitCode.success
}
