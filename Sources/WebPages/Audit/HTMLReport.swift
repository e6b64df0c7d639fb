import Messages
import EventStore
import Foundation
import InputValues
import RegistryDomain

/// The audit as one self-contained HTML page: no external resources, inline SVG charts, printable.
///
/// Findings are grouped by rule and subject: a placement with seven unconfirmed stipend months is
/// one row listing the seven months, not seven rows (the text, JSON and CSV audits keep one row
/// per finding, for machines). Dates, months, rule IDs and severities never wrap inside
/// themselves; printed, the page is A4 landscape with the table header repeated on every page
/// and no row split across pages. `registry audit --format html` prints `render`; the inspector's
/// web page embeds `body` under its own header and filters, with `css` in its style sheet.
public enum HTMLReport {
    /// The whole audit as one self-contained document.
    /// - Parameters:
    ///   - state: the registry as of the audited log position.
    ///   - findings: the findings to list (already filtered).
    ///   - date: the business date judged.
    ///   - head: the log head the audit saw, printed with its hash.
    ///   - language: the language of headings and messages.
    /// - Returns: an HTML document.
    public static func render(state: RegistryState, findings: [Finding], on date: CalendarDate, head: LogHead, language: Language) -> String {
        let zh = language == .zh
        func t(_ en: String, _ zhText: String) -> String { zh ? zhText : en }
        return """
            <!DOCTYPE html>
            <html lang="\(zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
            <title>\(escape(t("Placement registry audit", "实习登记簿审计"))) \(date)</title>
            <style>
            \(css)</style></head><body>

            """ + body(state: state, findings: findings, on: date, head: head, language: language) + "</body></html>"
    }

    /// The report's style rules (the body's classes, and printing).
    public static let css = """
            body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",Helvetica,Arial,sans-serif;margin:2em;color:#222;max-width:1200px}
            h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
            .meta{color:#555;font-size:.9em} .meta code{overflow-wrap:anywhere}
            table{border-collapse:collapse;width:100%;font-size:.85em}
            th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top} th{background:#eee;white-space:nowrap}
            td{overflow-wrap:anywhere} td.num{text-align:right}
            .charts{display:flex;flex-wrap:wrap;gap:2em} figure{margin:0} figcaption{font-size:.85em;color:#444}
            .error{color:#a00}.finding{color:#b60}.report{color:#06a}
            td.nowrap,.when,.nowrap{white-space:nowrap;overflow-wrap:normal}
            .when{display:inline-block;margin-right:.5em}
            @page{size:A4 landscape;margin:12mm}
            @media print{body{margin:0;max-width:none;font-size:10pt;color:#000}
              *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
              h2{page-break-after:avoid;break-after:avoid} .charts,figure{page-break-inside:avoid;break-inside:avoid}
              thead{display:table-header-group} tr{page-break-inside:avoid;break-inside:avoid}
              th{background:#ddd} th,td{border-color:#666}}

            """

    /// The report without the document around it: title, head hash, charts, grouped findings, quota table.
    /// - Parameters: as `render`.
    /// - Returns: an HTML fragment.
    public static func body(state: RegistryState, findings: [Finding], on date: CalendarDate, head: LogHead, language: Language) -> String {
        let zh = language == .zh
        func t(_ en: String, _ zhText: String) -> String { zh ? zhText : en }
        let quota = Audit.quota(in: state, on: date)
        let months = stipendMonths(state, on: date)
        let insurance = insuranceCoverage(state, on: date)
        let groups = FindingGroup.grouping(findings)
        var html = """
            <h1>\(escape(t("Placement registry audit", "实习登记簿审计")))\(state.header.map { " — " + escape($0.jurisdiction) } ?? "")</h1>
            <p class="meta">\(escape(t("Business date", "业务日期"))) \(date) · \(escape(t("log head", "日志链头"))) \(head.position) · \(escape(t("head hash", "链头哈希"))) <code>\(head.hash.hex)</code></p>
            <p>\(escape(t("\(findings.count) findings in \(groups.count) rows (one per rule and subject)", "共 \(findings.count) 项发现，按规则与对象合并为 \(groups.count) 行"))): \(escape(countsByRule(findings)))</p>
            \(Audit.notApplying([.quota01, .duration02, .pay03, .pay04, .wage03, .wage04, .practice01, .teacher01, .teacher02], in: state, on: date)
                .map { "<p class=\"meta\">\(escape($0.message(language)))</p>\n" }.joined())
            <div class="charts">
            """
        // Headings name the rates of the policy in force on the date, not fixed figures.
        let policy = state.header?.policy(on: date) ?? PolicyProfiles.national
        let targetRate = policy[.quotaTargetRate]?.value, capRate = policy[.postInternCapRate]?.value
        let targetHeading = targetRate.map { t("\($0) target", "\($0) 目标") } ?? t("target (none in force)", "目标（现行政策未设定）")
        let capHeading = capRate.map { t("\($0) cap", "\($0) 上限") } ?? t("cap (none in force)", "上限（现行政策未设定）")
        html += figure(t("Quota: major-relevant interns against the ", "比例：专业对口实习生与") + targetHeading,
                       quotaChart(quota, t("interns", "实习生"), t("target", "目标")))
        html += figure(t("Stipend months due by \(date)", "截至 \(date) 到期的报酬月份"),
                       stackedBar([(t("on time", "按时"), months.onTime, "#2a7"), (t("late", "逾期"), months.late, "#e90"),
                                   (t("missing", "缺失"), months.missing, "#c33")]))
        html += figure(t("Insurance of started placements", "已开始实习的保险覆盖"),
                       stackedBar([(t("fully insured", "全程投保"), insurance.covered, "#2a7"), (t("gaps", "有缺口"), insurance.gaps, "#c33")]))
        html += "</div>\n<h2>\(escape(t("Findings", "发现")))</h2>\n<table><thead><tr>"
        for h in [t("Rule", "规则"), t("Severity", "级别"), t("Subject", "对象"), t("Count", "次数"), t("Dates / months", "日期 / 月份"),
                  t("Expected", "应为"), t("Actual", "实为"), t("Source", "来源"), t("Message", "说明")] {
            html += "<th>\(escape(h))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for group in groups {
            html += group.row(language)
        }
        html += "</tbody></table>\n<h2>\(escape(t("Quota by enterprise", "各企业实习比例")))</h2>\n<table><thead><tr>"
        for h in [t("Enterprise", "企业"), t("Workforce", "职工数"), t("Major-relevant interns", "专业对口实习生"), targetHeading,
                  t("Post interns", "岗位实习生"), capHeading] {
            html += "<th>\(escape(h))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for q in quota {
            html += "<tr><td>\(escape(q.enterprise)) \(escape(q.name))</td><td>\(q.workforce.map(String.init) ?? "-")</td><td>\(q.majorRelevantInterns)</td>"
                + "<td>\(q.target.map(String.init) ?? "-")</td><td>\(q.activePostInterns)</td><td>\(q.cap.map(String.init) ?? "-")</td></tr>\n"
        }
        html += "</tbody></table>\n"
        return html
    }

    /// HTML-escaped, with invisible and bidirectional characters shown as escapes (a name with U+202E
    /// must not reorder the page).
    static func escape(_ text: String) -> String {
        DisplayText.escaped(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func countsByRule(_ findings: [Finding]) -> String {
        var counts: [String: Int] = [:]
        for f in findings { counts[f.ruleID.rawValue, default: 0] += 1 }
        return counts.keys.sorted().map { "\($0) × \(counts[$0]!)" }.joined(separator: ", ")
    }

    static func figure(_ caption: String, _ svg: String) -> String {
        "<figure>\(svg)<figcaption>\(escape(caption))</figcaption></figure>\n"
    }

    /// Horizontal bars per above-scale enterprise: interns (bar) against the target (tick).
    static func quotaChart(_ quota: [QuotaLine], _ internsLabel: String, _ targetLabel: String) -> String {
        let rows = quota.filter { $0.target != nil }
        let height = 30 + rows.count * 26
        let maxValue = max(1, rows.map { max($0.majorRelevantInterns, $0.target ?? 0) }.max() ?? 1)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"460\" height=\"\(height)\" role=\"img\">"
        for (i, q) in rows.enumerated() {
            let y = 10 + i * 26
            // Bars up to 240 px leave room on the right for the "interns/target" label.
            let width = 240 * q.majorRelevantInterns / maxValue
            let target = 150 + 240 * (q.target ?? 0) / maxValue
            let color = q.majorRelevantInterns >= (q.target ?? 0) ? "#2a7" : "#c33"
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(escape(q.enterprise))</text>"
            svg += "<rect x=\"150\" y=\"\(y)\" width=\"\(width)\" height=\"18\" fill=\"\(color)\"/>"
            svg += "<line x1=\"\(target)\" y1=\"\(y - 2)\" x2=\"\(target)\" y2=\"\(y + 20)\" stroke=\"#000\" stroke-width=\"2\"/>"
            svg += "<text x=\"\(150 + width + 4)\" y=\"\(y + 14)\" font-size=\"11\">\(q.majorRelevantInterns)/\(q.target ?? 0)</text>"
        }
        svg += "<text x=\"150\" y=\"\(height - 4)\" font-size=\"11\" fill=\"#555\">\(escape(internsLabel)) — | \(escape(targetLabel))</text></svg>"
        return svg
    }

    /// One stacked bar with a legend.
    static func stackedBar(_ parts: [(label: String, value: Int, color: String)]) -> String {
        let total = max(1, parts.reduce(0) { $0 + $1.value })
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"\(40 + parts.count * 18)\" role=\"img\">"
        var x = 0
        for part in parts {
            let width = 300 * part.value / total
            svg += "<rect x=\"\(x)\" y=\"0\" width=\"\(width)\" height=\"24\" fill=\"\(part.color)\"/>"
            x += width
        }
        for (i, part) in parts.enumerated() {
            let y = 40 + i * 18
            svg += "<rect x=\"0\" y=\"\(y - 10)\" width=\"10\" height=\"10\" fill=\"\(part.color)\"/>"
            svg += "<text x=\"16\" y=\"\(y)\" font-size=\"12\">\(escape(part.label)): \(part.value) (\(100 * part.value / total)%)</text>"
        }
        return svg + "</svg>"
    }

    /// Stipend months of actual terms that were due by `date`: on time, late, missing.
    static func stipendMonths(_ state: RegistryState, on date: CalendarDate) -> (onTime: Int, late: Int, missing: Int) {
        var result = (onTime: 0, late: 0, missing: 0)
        for p in state.placements.values {
            guard let term = p.actualTerm, term.lowerBound <= date else { continue }
            for month in YearMonth.months(overlapping: term) {
                let grace = state.header?.policy(on: month.lastDay)[.payGraceDays]?.value
                // Where the policy states no deadline (payGraceDays unset), a paid month cannot be late.
                let due = month.lastDay.adding(days: grace ?? 0)
                guard due < date else { continue }
                if let c = p.stipends[month], c.paidOn <= date {
                    if grace == nil || c.paidOn <= due { result.onTime += 1 } else { result.late += 1 }
                } else if p.stipendDue(for: month) > .zero {
                    // As in the audit (Pay_04): a month with nothing due is not a missing payment.
                    result.missing += 1
                }
            }
        }
        return result
    }

    /// Started placements whose actual term (to `date`) is covered by every required insurance, and those with gaps.
    static func insuranceCoverage(_ state: RegistryState, on date: CalendarDate) -> (covered: Int, gaps: Int) {
        var result = (covered: 0, gaps: 0)
        for p in state.placements.values {
            guard let term = p.actualTerm, term.lowerBound <= date else { continue }
            let covers = state.header?.policy(on: term.lowerBound)[.requiredCovers]?.value ?? [.liability]
            let span = term.lowerBound...min(term.upperBound, date)
            if Set(covers + [.liability]).allSatisfy({ p.firstUncovered($0, in: span) == nil }) { result.covered += 1 } else { result.gaps += 1 }
        }
        return result
    }
}

/// The findings of one rule about one subject, as one row of the HTML audit.
struct FindingGroup {
    let findings: [Finding]

    /// Groups `findings` by rule and subject, in the order each group first appears.
    static func grouping(_ findings: [Finding]) -> [FindingGroup] {
        var order: [String] = []
        var byKey: [String: [Finding]] = [:]
        for f in findings {
            let key = f.ruleID.rawValue + "\u{1F}" + f.subject
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(f)
        }
        return order.map { FindingGroup(findings: byKey[$0]!) }  // every key in `order` was stored
    }

    /// `text` (already escaped) with every date and month in a span that does not wrap: browsers
    /// break lines after a hyphen, which split `2026-04-19` across two lines of a message.
    static func keepingDatesWhole(_ text: String) -> String {
        text.replacingOccurrences(of: #"(?<![0-9])([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)(?![0-9])"#,
                                  with: "<span class=\"nowrap\">$1</span>", options: .regularExpression)
    }

    /// The day or month of a finding, as the text audit writes it.
    static func when(_ f: Finding) -> String { f.period?.description ?? f.date?.description ?? "" }

    /// One table row. A group of one reads as the finding itself; a larger group lists its dates
    /// or months, shows an expected or actual value once when every finding has the same one and
    /// otherwise per date, and says what the rule is with the count instead of repeating its message.
    func row(_ language: Language) -> String {
        let first = findings[0]
        let e = HTMLReport.escape
        let whens = findings.map(Self.when)
        func values(_ value: (Finding) -> String) -> String {
            let all = findings.map(value)
            // `none` (no confirmation) and `open` read in the page's language, as in the text audit.
            let shown = all.map { DisplayValues.word("finding", $0, language) }
            if Set(shown).count <= 1 { return e(shown.first ?? "") }
            return zip(whens, shown).map { "<span class=\"nowrap\">\(e($0)): \(e($1))</span>" }.joined(separator: "<br>")
        }
        let message: String
        if findings.count == 1 {
            message = first.message(language)
        } else {
            let summary = RuleCatalogue.rule(first.ruleID).summary(language)
            message = language == .zh ? "\(first.subject(.zh))：\(summary)（共 \(findings.count) 次）"
                : "\(first.subject): \(summary) (\(findings.count) times)"
        }
        return "<tr><td class=\"nowrap\">\(first.ruleID.rawValue)</td>"
            + "<td class=\"nowrap \(first.severity.rawValue)\">\(e(first.severity.name(language)))</td>"
            + "<td class=\"nowrap\">\(e(first.subject(language)))</td><td class=\"num\">\(findings.count)</td>"
            + "<td>" + whens.map { "<span class=\"when\">\(e($0))</span>" }.joined(separator: " ") + "</td>"
            + "<td class=\"nowrap\">\(values(\.expected))</td><td class=\"nowrap\">\(values(\.actual))</td>"
            + "<td>\(e(SourceText.text(first.source, language)))</td><td>\(Self.keepingDatesWhole(e(message)))</td></tr>\n"
    }
}
