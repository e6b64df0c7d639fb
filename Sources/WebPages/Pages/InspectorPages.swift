import EventStore
import RegistryDomain
import RegistryService

/// The audit page's filters, as the query string carries them.
public struct AuditFilters: Sendable, Equatable {
    /// The business date judged (`--on`).
    public var on: CalendarDate
    /// Time travel: judge the log as it stood at the end of this day (`--until`), or nil for now.
    public var until: CalendarDate?
    public var school: String?
    public var enterprise: String?
    /// One rule ID (`Pay_04`), or nil for all.
    public var rule: String?
    public init(on: CalendarDate, until: CalendarDate? = nil, school: String? = nil, enterprise: String? = nil, rule: String? = nil) {
        self.on = on
        self.until = until
        self.school = school
        self.enterprise = enterprise
        self.rule = rule
    }

    /// Keeps the findings that match the school, enterprise and rule chosen.
    public func apply(to findings: [Finding]) -> [Finding] {
        findings.filter { f in
            (school.map { f.school == $0 } ?? true) && (enterprise.map { f.enterprise == $0 } ?? true)
                && (rule.map { f.ruleID.rawValue == $0 } ?? true)
        }
    }
}

/// What `verify` found, for the verify page.
public struct VerifyOutcome: Sendable, Equatable {
    /// Whether every record, checksum and chain link checked out.
    public var isIntact: Bool
    /// The head: position and chain hash, to write down and compare later.
    public var head: LogHead
    /// How many events were checked.
    public var events: UInt64
    /// Problems (an integrity failure's sentence) and warnings, in the page's language.
    public var problems: [String]
    public init(isIntact: Bool, head: LogHead, events: UInt64, problems: [String] = []) {
        self.isIntact = isIntact
        self.head = head
        self.events = events
        self.problems = problems
    }
}

/// An inspector's pages: the audit with charts, filters and time travel; a stream's history; verify.
public enum InspectorPages {
    /// The audit: a filter form (business date, a date picker for time travel, school, enterprise,
    /// rule), then the HTML audit's charts, grouped findings and quota table.
    /// - Parameters:
    ///   - state: the registry as of the log position `until` selects (the head without it).
    ///   - findings: the findings on `filters.on`, already filtered (`filters.apply`).
    ///   - head: the log head the audit saw.
    ///   - filters: the filters chosen, shown in the form.
    /// - Returns: an HTML document.
    ///   - through: the last log position judged (`until`'s); the head's when nil.
    public static func audit(state: RegistryState, findings: [Finding], head: LogHead, through: UInt64? = nil, filters: AuditFilters,
                             _ context: PageContext) -> String {
        let c = context
        var html = "<form class=\"search filters noprint\" method=\"get\" action=\"/audit\">"
        html += "<label>\(HTML.text(c.t(.businessDate))) <input type=\"date\" name=\"on\" value=\"\(filters.on)\"></label> "
        html += "<label title=\"\(HTML.attribute(c.t(.untilHint)))\">\(HTML.text(c.t(.until))) <input type=\"date\" name=\"until\" value=\"\(filters.until.map { "\($0)" } ?? "")\"></label> "
        html += "<label>\(HTML.text(c.t(.school))) <input type=\"text\" size=\"8\" name=\"school\" value=\"\(HTML.attribute(filters.school ?? ""))\"></label> "
        html += "<label>\(HTML.text(c.t(.enterprise))) <input type=\"text\" size=\"8\" name=\"enterprise\" value=\"\(HTML.attribute(filters.enterprise ?? ""))\"></label> "
        html += "<label>\(HTML.text(c.t(.rule))) <select name=\"rule\"><option value=\"\">\(HTML.text(c.t(.allRules)))</option>"
        for rule in RuleID.allCases where RuleCatalogue.severity(of: rule) == .finding {
            html += "<option value=\"\(rule.rawValue)\"\(filters.rule == rule.rawValue ? " selected" : "")>\(rule.rawValue)</option>"
        }
        html += "</select></label> <button type=\"submit\">\(HTML.text(c.t(.show)))</button></form>\n"
        if let until = filters.until {
            html += "<p class=\"flash success\">\(HTML.text(c.language == .zh ? "时间回溯：按 \(until) 日终时的日志判断（日志位置 \(through ?? head.position)）。" : "Time travel: the log as it stood at the end of \(until) (position \(through ?? head.position))."))</p>\n"
        }
        // The report's own heading stands under the page's; demote it so the page keeps one h1.
        let body = HTMLReport.body(state: state, findings: findings, on: filters.on, head: head, language: c.language)
            .replacingOccurrences(of: "<h1>", with: "<h2 class=\"report-title\">").replacingOccurrences(of: "</h1>", with: "</h2>")
        html += "<section class=\"audit\">\n" + body + "</section>\n"
        return Layout.page(c.t(.audit), c, content: html, extraStyle: auditStyle)
    }

    /// The audit's own style rules, scoped to its section.
    static let auditStyle = """
        .audit .charts{display:flex;flex-wrap:wrap;gap:2em} .audit figure{margin:0} .audit figcaption{font-size:.85em;color:#444}
        .audit .meta{color:#555;font-size:.9em} .audit .error{color:#a00}.audit .finding{color:#b60}.audit .report{color:#06a}
        .audit td.nowrap,.audit .when,.audit .nowrap{white-space:nowrap;overflow-wrap:normal} .audit .when{display:inline-block;margin-right:.5em}
        .filters label{margin-right:.6em;white-space:nowrap}

        """

    /// The events of one stream, oldest first, with who recorded each.
    /// - Parameters:
    ///   - stream: the stream's name (`placement-P-17`), shown in the form.
    ///   - entries: its events.
    /// - Returns: an HTML document.
    public static func history(stream: String?, entries: [HistoryEntry], _ context: PageContext) -> String {
        let c = context
        var html = "<form class=\"search noprint\" method=\"get\" action=\"/history\"><label>\(HTML.text(c.t(.stream))) "
            + "<input type=\"text\" name=\"stream\" value=\"\(HTML.attribute(stream ?? ""))\" placeholder=\"placement-P-17\"></label> "
            + "<button type=\"submit\">\(HTML.text(c.t(.show)))</button></form>\n"
        if stream != nil && entries.isEmpty {
            html += "<p>\(HTML.text(c.t(.nothingFound)))</p>\n"
        } else if !entries.isEmpty {
            html += "<table><thead><tr>" + [PageText.logPosition, .version, .recordedAt, .recordedBy, .eventType, .details]
                .map { "<th>\(HTML.text(c.t($0)))</th>" }.joined() + "</tr></thead><tbody>\n"
            for e in entries {
                html += "<tr><td class=\"num\">\(e.position)</td><td class=\"num\">\(e.version)</td><td class=\"nowrap\">\(HTML.text(e.recordedAt))</td>"
                    + "<td>\(HTML.text(e.actor))</td><td>\(HTML.text(e.type))</td><td><code>\(HTML.text(payloadText(e.payload)))</code></td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        return Layout.page(c.t(.history) + (stream.map { " " + $0 } ?? ""), c, content: html)
    }

    /// The payload as compact `key: value` pairs, keys sorted.
    static func payloadText(_ value: JSONFragment) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .string(let s): return s
        case .array(let a): return "[" + a.map(payloadText).joined(separator: ", ") + "]"
        case .object(let o): return o.keys.sorted().map { "\($0): \(payloadText(o[$0]!))" }.joined(separator: "; ")  // the key is from `o`
        }
    }

    /// The verify result with the head hash set out to be written down.
    public static func verify(_ outcome: VerifyOutcome, _ context: PageContext) -> String {
        let c = context
        var html = "<p class=\"flash \(outcome.isIntact ? "success" : "error")\" role=\"status\">\(HTML.text(c.t(outcome.isIntact ? .logIntact : .logBroken)))</p>\n"
        html += "<dl class=\"facts\"><dt>\(HTML.text(c.t(.eventsChecked)))</dt><dd>\(outcome.events)</dd>"
            + "<dt>\(HTML.text(c.t(.headPosition)))</dt><dd>\(outcome.head.position)</dd>"
            + "<dt>\(HTML.text(c.t(.headHash)))</dt><dd><code class=\"hash\" id=\"head-hash\">\(outcome.head.hash.hex)</code></dd></dl>\n"
        html += "<p>\(HTML.text(c.t(.writeDownHash)))</p>\n"
        if !outcome.problems.isEmpty {
            html += "<ul class=\"error\">" + outcome.problems.map { "<li>\(HTML.text($0))</li>" }.joined() + "</ul>\n"
        }
        return Layout.page(c.t(.verify), c, content: html)
    }
}
