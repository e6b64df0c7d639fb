import ReadModel
import RegistryDomain

/// One intern's row of the month's stipend sheet.
public struct StipendSheetRow: Sendable, Equatable {
    /// What happened to the row on the last submit.
    public enum Outcome: Sendable, Equatable {
        /// Not submitted yet (or not in the last submit).
        case none
        /// Confirmed by the last submit.
        case confirmed
        /// Rejected: the rule and its sentence, shown on the row.
        case rejected(rule: String?, message: String, field: String)
    }

    public var placement: String
    public var student: String
    public var studentName: String?
    /// The monthly stipend of the agreement, yuan: the amount prefilled.
    public var agreedStipend: String
    /// The confirmation already recorded for the month, if any (amount, paid on).
    public var confirmedAmount: String?
    public var confirmedPaidOn: CalendarDate?
    /// The values the user typed on the last submit, to show again beside a rejection.
    public var typedAmount: String?
    public var typedPaidOn: String?
    public var outcome: Outcome

    public init(placement: String, student: String, studentName: String? = nil, agreedStipend: String,
                confirmedAmount: String? = nil, confirmedPaidOn: CalendarDate? = nil,
                typedAmount: String? = nil, typedPaidOn: String? = nil, outcome: Outcome = .none) {
        self.placement = placement
        self.student = student
        self.studentName = studentName
        self.agreedStipend = agreedStipend
        self.confirmedAmount = confirmedAmount
        self.confirmedPaidOn = confirmedPaidOn
        self.typedAmount = typedAmount
        self.typedPaidOn = typedPaidOn
        self.outcome = outcome
    }
}

/// An enterprise's pages: the month's stipend sheet, its placements, its workforce declaration.
public enum EnterprisePages {
    /// The stipend sheet of `month` for every active intern on one page. Each row is prefilled with
    /// the agreement's amount and a paid-on date (`defaultPaidOn`, the tenth of the next month unless
    /// the server chooses otherwise), and carries a checkbox; one submit confirms every ticked row,
    /// each as its own command (`rows[i][placement]`, `…[amount]`, `…[paidOn]`), so one row's
    /// rejection leaves the others confirmed and is shown on its own row.
    /// - Parameters:
    ///   - month: the month shown (a month picker changes it).
    ///   - rows: the interns, in placement order.
    ///   - defaultPaidOn: the paid-on date prefilled in rows not yet confirmed.
    /// - Returns: an HTML document.
    public static func stipendSheet(month: YearMonth, rows: [StipendSheetRow], defaultPaidOn: CalendarDate, _ context: PageContext) -> String {
        let c = context
        var html = "<form class=\"search noprint\" method=\"get\" action=\"/enterprise/stipends\"><label>\(HTML.text(c.t(.month))) "
            + "<input type=\"month\" name=\"month\" value=\"\(month)\"></label> <button type=\"submit\">\(HTML.text(c.t(.show)))</button></form>\n"
        html += "<p>\(HTML.text(c.t(.stipendSheetIntro)))</p>\n"
        guard !rows.isEmpty else {
            return Layout.page(c.t(.stipendSheet) + " " + month.description, c, content: html + "<p>\(HTML.text(c.t(.noInterns)))</p>\n")
        }
        let rejected = rows.filter { if case .rejected = $0.outcome { true } else { false } }.count
        let confirmed = rows.filter { $0.outcome == .confirmed }.count
        if rejected + confirmed > 0 {
            let summary = c.language == .zh ? "本次提交：确认 \(confirmed) 行，退回 \(rejected) 行。" : "This submit: \(confirmed) rows confirmed, \(rejected) rejected."
            html += "<p class=\"flash \(rejected > 0 ? "error" : "success")\" role=\"status\">\(HTML.text(summary))</p>\n"
        }
        html += "<form method=\"post\" action=\"/enterprise/stipends\">\n" + Layout.csrfField(c) + "\n"
        html += "<input type=\"hidden\" name=\"month\" value=\"\(month)\">\n" + Form.generalErrors(c)
        html += "<table class=\"sheet\"><thead><tr><th><input type=\"checkbox\" id=\"all\" checked aria-label=\"\(HTML.attribute(c.t(.selectAll)))\"></th>"
            + [PageText.placementID, .student, .agreedStipend, .amount, .paidOn, .result].map { "<th>\(HTML.text(c.t($0)))</th>" }.joined()
            + "</tr></thead><tbody>\n"
        for (i, row) in rows.enumerated() {
            let done = row.confirmedAmount != nil
            var rowClass = "", result = "", amountInvalid = false, paidOnInvalid = false
            switch row.outcome {
            case .none:
                result = done ? HTML.text(c.t(.alreadyConfirmed)) : ""
            case .confirmed:
                rowClass = "accepted"
                result = HTML.text(c.t(.confirmed))
            case let .rejected(rule, message, field):
                rowClass = "rejected"
                amountInvalid = field == "amount"
                paidOnInvalid = field == "paidOn"
                result = "<span class=\"field-error\" id=\"row-\(i)-error\" role=\"alert\">" + (rule.map { "<span class=\"rule\">[\(HTML.text($0))]</span> " } ?? "")
                    + HTML.text(message) + "</span>"
            }
            let amount = row.typedAmount ?? row.confirmedAmount ?? row.agreedStipend
            let paidOn = row.typedPaidOn ?? row.confirmedPaidOn?.description ?? defaultPaidOn.description
            // A row already confirmed is unticked: submitting it again would be a correction, which is a deliberate act.
            let ticked = !done || row.typedAmount != nil
            let describedBy = rowClass == "rejected" ? " aria-describedby=\"row-\(i)-error\"" : ""
            html += "<tr class=\"\(rowClass)\"><td><input type=\"checkbox\" class=\"pick\" name=\"rows[\(i)][confirm]\" value=\"yes\"\(ticked ? " checked" : "")"
                + " aria-label=\"\(HTML.attribute(row.placement))\"></td>"
                + "<td>\(HTML.text(row.placement))<input type=\"hidden\" name=\"rows[\(i)][placement]\" value=\"\(HTML.attribute(row.placement))\"></td>"
                + "<td>\(HTML.text(row.student))\(row.studentName.map { " " + HTML.text($0) } ?? "")</td>"
                + "<td class=\"num\">\(HTML.text(row.agreedStipend))</td>"
                + "<td\(amountInvalid ? " class=\"invalid\"" : "")><input type=\"text\" inputmode=\"decimal\" size=\"10\" name=\"rows[\(i)][amount]\" value=\"\(HTML.attribute(amount))\"\(describedBy)></td>"
                + "<td\(paidOnInvalid ? " class=\"invalid\"" : "")><input type=\"date\" name=\"rows[\(i)][paidOn]\" value=\"\(HTML.attribute(paidOn))\"\(describedBy)></td>"
                + "<td>\(result)</td></tr>\n"
        }
        html += "</tbody></table>\n<div class=\"actions\"><button type=\"submit\" id=\"confirm-all\">\(HTML.text(c.t(.confirmSelected)))</button></div>\n</form>\n"
        // The only script: the header checkbox ticks or unticks every row.
        html += "<script>document.getElementById('all').addEventListener('change',function(e){document.querySelectorAll('input.pick').forEach(function(b){b.checked=e.target.checked;});});</script>\n"
        return Layout.page(c.t(.stipendSheet) + " " + month.description, c, content: html)
    }

    /// The workforce declaration form, with the latest declaration shown above it.
    /// - Parameters:
    ///   - current: the enterprise's row (its latest headcount and as-of date), if known.
    /// - Returns: an HTML document.
    public static func workforce(current: EnterpriseListRow?, _ context: PageContext) -> String {
        let c = context
        var html = ""
        if let e = current {
            html += "<p>\(HTML.text(e.name)) · \(HTML.text(c.t(.latestDeclaration))): "
                + (e.workforce.map { "\($0)" } ?? "–") + (e.workforceAsOf.map { " (\($0))" } ?? "") + "</p>\n"
        }
        html += "<p>\(HTML.text(c.t(.workforceIntro)))</p>\n" + PageForm.workforce.form(c, action: "/enterprise/workforce").render()
        return Layout.page(c.t(.workforce), c, content: html)
    }
}
