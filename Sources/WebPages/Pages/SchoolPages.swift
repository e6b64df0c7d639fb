import ReadModel
import RegistryDomain
import RegistryService

/// A school's pages: its students and placements as searchable, paged lists, one placement with
/// its insurance, months and status history, and the forms to enrol, register, insure and start.
public enum SchoolPages {
    /// The school's students.
    /// - Parameters:
    ///   - page: one page of the list (`ReadModelStore.list` filtered to the school).
    ///   - search: the search typed, kept in the box and across pages.
    /// - Returns: an HTML document.
    public static func students(_ page: ListPage<StudentListRow>, search: String?, _ context: PageContext) -> String {
        let c = context
        let list = ListView(c, path: "/school/students", search: search, page: page)
        let rows = page.rows.map { s in
            [HTML.text(s.id), HTML.text(s.name), HTML.text(s.major), Cell.optional(s.birth), "\(s.enrolled)",
             Cell.status(s.status, c), "\(s.placements)"]
        }
        let content = "<p class=\"noprint\">" + Cell.link("/school/students/new", c.t(.enrolStudent)) + " · "
            + Cell.link("/imports", c.t(.importCSV)) + "</p>\n" + list.searchForm()
            + list.table(headers: [.studentID, .name, .major, .birth, .enrolledOn, .status, .placements], rows: rows, numeric: [6])
        return Layout.page(c.t(.students), c, content: content)
    }

    /// Placements as a searchable, paged list with a status filter; the school's and the enterprise's lists alike.
    /// - Parameters:
    ///   - page: one page of the list.
    ///   - search: the search typed.
    ///   - status: the status filter chosen (`active`, `ended`, `overdue`, `registered`), if any.
    ///   - path: the list's own path (`/school/placements` or `/enterprise/placements`).
    /// - Returns: an HTML document.
    public static func placements(_ page: ListPage<PlacementListRow>, search: String?, status: String?, path: String = "/school/placements",
                                  _ context: PageContext) -> String {
        let c = context
        let list = ListView(c, path: path, search: search, page: page, filters: [("status", status)])
        let rows = page.rows.map { p in
            [Cell.link("/placements/\(Cell.segment(p.id))", p.id),
             HTML.text(p.student) + (p.studentName.map { " " + HTML.text($0) } ?? ""),
             HTML.text(p.enterprise) + (p.enterpriseName.map { " " + HTML.text($0) } ?? ""),
             HTML.text(PageText.kind(p.kind, c.language)), "<span class=\"nowrap\">\(p.plannedStart) – \(p.plannedEnd)</span>",
             HTML.text(p.stipend), Cell.status(p.status, c), HTML.text(c.t(p.insured ? .yes : .no))]
        }
        let statuses = ListStatus.allCases.map { ($0.rawValue, PageText.status($0.rawValue, c.language)) }
        var content = ""
        if c.actor?.role == .school {
            content += "<p class=\"noprint\">" + Cell.link("/school/placements/new", c.t(.registerPlacement)) + "</p>\n"
        }
        content += list.searchForm(statuses: statuses)
            + list.table(headers: [.placementID, .student, .enterprise, .kind, .term, .monthlyStipend, .status, .insured], rows: rows, numeric: [5])
        return Layout.page(c.t(.placements), c, content: content)
    }

    /// One placement: its facts, insurance, stipend months, extensions, status history and open
    /// findings, with the forms that apply to its status (insure; start while registered).
    /// - Parameters:
    ///   - record: the placement (`PlacementRecord.make`).
    ///   - findings: the audit's findings about it today (may be empty).
    ///   - form: which form the context's `FormState` belongs to, so a rejected form is shown with its errors.
    /// - Returns: an HTML document.
    public static func placement(_ record: PlacementRecord, findings: [AuditReport.Finding] = [], form: PageForm? = nil,
                                 _ context: PageContext) -> String {
        let c = context
        let p = record
        func fact(_ label: PageText, _ value: String) -> String { "<dt>\(HTML.text(c.t(label)))</dt><dd>\(value)</dd>" }
        var html = "<dl class=\"facts\">"
        html += fact(.student, Cell.link("/students/\(Cell.segment(p.student))", p.student))
        html += fact(.school, HTML.text(p.school)) + fact(.enterprise, HTML.text(p.enterprise))
        html += fact(.kind, HTML.text(PageText.kind(p.kind, c.language)))
        html += fact(.term, "<span class=\"nowrap\">\(p.plannedStart) – \(p.plannedEnd)</span>")
        html += fact(.monthlyStipend, HTML.text(p.stipend) + " " + HTML.text(c.t(.yuan)))
        html += fact(.post, Cell.optional(p.post)) + fact(.agreement, Cell.optional(p.agreement))
        html += fact(.majorRelevant, HTML.text(c.t(p.majorRelevant ? .yes : .no)))
        html += fact(.status, Cell.status(p.status, c) + (p.startedOn.map { " · \(HTML.text(c.t(.startedOn))) \($0)" } ?? "")
                     + (p.endedOn.map { " · \(HTML.text(c.t(.endedOn))) \($0)" } ?? "")
                     + (p.terminationReason.map { " (" + HTML.text($0) + ")" } ?? ""))
        html += "</dl>\n"

        if !findings.isEmpty {
            html += "<h2>\(HTML.text(c.t(.openFindings)))</h2>\n<ul class=\"findings\">"
            for f in findings {
                html += "<li><span class=\"rule\">[\(HTML.text(f.rule))]</span> \(HTML.text(c.language == .zh ? f.messageZh : f.messageEn))</li>"
            }
            html += "</ul>\n"
        }

        html += "<h2>\(HTML.text(c.t(.insurance)))</h2>\n"
        if p.insurance.isEmpty {
            html += "<p class=\"error\">\(HTML.text(c.t(.noInsurance)))</p>\n"
        } else {
            html += "<table><thead><tr>" + [PageText.policyNumber, .insurer, .covers, .from, .to, .paidBy, .cancelledOn]
                .map { "<th>\(HTML.text(c.t($0)))</th>" }.joined() + "</tr></thead><tbody>\n"
            for i in p.insurance {
                html += "<tr><td>\(HTML.text(i.policy))</td><td>\(HTML.text(i.insurer))</td>"
                    + "<td>\(HTML.text(i.covers.map { PageText.cover($0, c.language) }.joined(separator: c.language == .zh ? "、" : ", ")))</td>"
                    + "<td class=\"date\">\(i.from)</td><td class=\"date\">\(i.to)</td><td>\(HTML.text(PageText.payer(i.paidBy, c.language)))</td>"
                    + "<td class=\"date\">\(Cell.optional(i.cancelledOn))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }

        html += "<h2>\(HTML.text(c.t(.stipendMonths)))</h2>\n"
        if p.stipendMonths.isEmpty {
            html += "<p>\(HTML.text(c.t(.noMonths)))</p>\n"
        } else {
            html += "<table><thead><tr>" + [PageText.month, .amount, .paidOn, .corrections, .recordedBy]
                .map { "<th>\(HTML.text(c.t($0)))</th>" }.joined() + "</tr></thead><tbody>\n"
            for m in p.stipendMonths {
                html += "<tr><td class=\"date\">\(m.month)</td><td class=\"num\">\(HTML.text(m.amount))</td><td class=\"date\">\(m.paidOn)</td>"
                    + "<td class=\"num\">\(m.corrections)</td><td>\(HTML.text(m.recorded.actor))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }

        if !p.extensions.isEmpty {
            html += "<h2>\(HTML.text(c.t(.extensions)))</h2>\n<ul>"
            for e in p.extensions { html += "<li>\(e.from) → \(e.to)</li>" }
            html += "</ul>\n"
        }

        html += "<h2>\(HTML.text(c.t(.statusHistory)))</h2>\n<table><thead><tr>"
            + [PageText.status, .date, .recordedBy, .logPosition].map { "<th>\(HTML.text(c.t($0)))</th>" }.joined() + "</tr></thead><tbody>\n"
        for s in p.statusHistory {
            html += "<tr><td>\(Cell.status(s.status, c))\(s.reason.map { " (" + HTML.text($0) + ")" } ?? "")</td><td class=\"date\">\(s.on)</td>"
                + "<td>\(HTML.text(s.recorded.actor))</td><td class=\"num\">\(s.recorded.position)</td></tr>\n"
        }
        html += "</tbody></table>\n"
        html += "<p class=\"noprint\">" + Cell.link("/history?stream=" + HTML.query("placement-" + p.id), c.t(.fullHistory)) + "</p>\n"

        if c.actor?.role == .school {
            let base = "/placements/\(Cell.segment(p.id))"
            // A rejected form keeps its values and errors; the other form opens empty.
            func ctx(_ f: PageForm) -> PageContext { var k = c; if form != f { k.form = FormState() }; return k }
            // An ended placement takes no new policy.
            if p.status == "registered" || p.status == "active" {
                html += "<h2 id=\"insure\">\(HTML.text(c.t(.insurePlacement)))</h2>\n"
                html += PageForm.insure.form(withTerm(ctx(.insure), p), action: base + "/insure", submit: .insureSubmit).render()
            }
            if p.status == "registered" {
                html += "<h2 id=\"start\">\(HTML.text(c.t(.startPlacement)))</h2>\n"
                html += PageForm.start.form(ctx(.start), action: base + "/start", submit: .startSubmit).render()
            }
        }
        return Layout.page(c.t(.placement) + " " + p.id, c, content: html)
    }

    /// The insurance form opens with the placement's term as the policy's period.
    private static func withTerm(_ c: PageContext, _ p: PlacementRecord) -> PageContext {
        var k = c
        if k.form.values["from"] == nil { k.form.values["from"] = p.plannedStart.description }
        if k.form.values["to"] == nil { k.form.values["to"] = p.plannedEnd.description }
        return k
    }

    /// The form to enrol a student.
    public static func enrolForm(_ context: PageContext) -> String {
        Layout.page(context.t(.enrolStudent), context, content: PageForm.enrolStudent.form(context, action: "/school/students/new").render())
    }

    /// The form to register a placement.
    public static func registerForm(_ context: PageContext) -> String {
        Layout.page(context.t(.registerPlacement), context,
                    content: PageForm.registerPlacement.form(context, action: "/school/placements/new").render())
    }

    /// One student: facts, status history, hires.
    public static func student(_ record: StudentRecord, _ context: PageContext) -> String {
        let c = context
        let s = record
        func fact(_ label: PageText, _ value: String) -> String { "<dt>\(HTML.text(c.t(label)))</dt><dd>\(value)</dd>" }
        var html = "<dl class=\"facts\">" + fact(.name, HTML.text(s.name)) + fact(.school, HTML.text(s.school)) + fact(.major, HTML.text(s.major))
            + fact(.birth, Cell.optional(s.birth)) + fact(.enrolledOn, "\(s.enrolled)") + fact(.status, Cell.status(s.status, c)) + "</dl>\n"
        html += "<p class=\"noprint\">" + Cell.link("/school/placements?q=" + HTML.query(s.id), c.t(.placements)) + "</p>\n"
        if !s.hires.isEmpty {
            html += "<h2>\(HTML.text(c.t(.hires)))</h2><ul>" + s.hires.map { "<li>\(HTML.text($0.enterprise)) \($0.on)</li>" }.joined() + "</ul>\n"
        }
        return Layout.page(c.t(.student) + " " + s.id, c, content: html)
    }
}
