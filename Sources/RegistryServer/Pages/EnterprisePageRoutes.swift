import Foundation
import HTTPServer
import ReadModel
import RegistryDomain
import RegistryService
import WebPages

/// An enterprise's pages: the month's stipend sheet, its placements, its workforce declaration.
enum EnterprisePageRoutes {
    static func register(on router: Router) {
        router.get("/enterprise/stipends", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.enterprise]) { return refusal }
            return sheet(c, month: month(c, PageRoutes.query(c, "month")), outcomes: [:])
        }
        router.post("/enterprise/stipends") { c in confirm(c) }
        router.get("/enterprise/placements", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.enterprise]) { return refusal }
            return SchoolPageRoutes.placementList(c, path: "/enterprise/placements")
        }
        router.get("/enterprise/workforce", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.enterprise]) { return refusal }
            return workforcePage(c, form: FormState())
        }
        router.post("/enterprise/workforce") { c in
            let fields = PageForm.workforce.fieldNames
            let values = PageSupport.values(c, fields)
            let id = c.actor!.id  // Forced: an `.account` route.
            let result = PageSupport.run(["enterprise", "workforce", id] + PageSupport.options(values, [("headcount", "--headcount"), ("asOf", "--as-of")]), c)
            guard result.succeeded else {
                return workforcePage(c, form: PageSupport.formState(result, fields: fields, values: values, language: c.language),
                                     status: result.failure?.status ?? 422)
            }
            return PageSupport.redirect(c, to: "/enterprise/workforce",
                                        flash: c.t("Workforce of \(values["headcount"] ?? "") declared as of \(values["asOf"] ?? "").",
                                                   "已申报截至 \(values["asOf"] ?? "") 的职工总数 \(values["headcount"] ?? "")。"))
        }
    }

    /// The month asked for, else the month before today's (the month whose stipends are due now).
    static func month(_ c: RequestContext, _ text: String?) -> YearMonth {
        if let text, let month = YearMonth(text) { return month }
        let today = PageSupport.today(c)
        return YearMonth(containing: today.adding(months: -1))
    }

    /// The paid-on date prefilled: the tenth of the next month, or today if that is still to come.
    static func defaultPaidOn(_ month: YearMonth, today: CalendarDate) -> CalendarDate {
        min(month.lastDay.adding(days: 10), today)
    }

    /// The sheet of `month`: the enterprise's placements whose actual term overlaps it, with the last submit's outcomes by placement.
    static func sheet(_ c: RequestContext, month: YearMonth, outcomes: [String: (StipendSheetRow.Outcome, String, String)], status: Int = 200) -> HTTPResponse {
        do {
            let all = try PageSupport.read(ListPage<PlacementListRow>.self, ["list", "placements", "--per-page", "1000"], c)
            let unpaid = try PageSupport.read(ListPage<PlacementListRow>.self,
                                              ["list", "placements", "--per-page", "1000", "--unpaid-month", month.description], c)
            let unpaidIDs = Set(unpaid.rows.map(\.id))
            let first = CalendarDate(year: month.year, month: month.month, day: 1)!  // day 1 of a valid month exists
            let rows = all.rows.filter { p in
                guard let started = p.startedOn, started <= month.lastDay else { return false }
                return (p.endedOn ?? month.lastDay) >= first
            }.map { p -> StipendSheetRow in
                let done = !unpaidIDs.contains(p.id)
                var row = StipendSheetRow(placement: p.id, student: p.student, studentName: p.studentName, agreedStipend: p.stipend,
                                          confirmedAmount: done ? p.stipend : nil)
                if let (outcome, amount, paidOn) = outcomes[p.id] {
                    row.outcome = outcome
                    if case .rejected = outcome { row.typedAmount = amount; row.typedPaidOn = paidOn }
                }
                return row
            }
            let html = EnterprisePages.stipendSheet(month: month, rows: rows, defaultPaidOn: defaultPaidOn(month, today: PageSupport.today(c)),
                                                    PageSupport.context(c))
            return PageSupport.page(c, html, status: status)
        } catch { return PageSupport.failurePage(c, error, title: c.t("Stipend sheet", "实习报酬确认表")) }
    }

    /// Confirms every ticked row, each as its own command, and shows the sheet with each row's outcome.
    static func confirm(_ c: RequestContext) -> HTTPResponse {
        let month = month(c, c.formValue("month"))
        var outcomes: [String: (StipendSheetRow.Outcome, String, String)] = [:]
        let form = c.form
        var index = 0
        while let placement = form["rows[\(index)][placement]"]?.last {
            defer { index += 1 }
            guard form["rows[\(index)][confirm]"]?.last == "yes" else { continue }
            let amount = (form["rows[\(index)][amount]"]?.last ?? "").trimmingCharacters(in: .whitespaces)
            let paidOn = (form["rows[\(index)][paidOn]"]?.last ?? "").trimmingCharacters(in: .whitespaces)
            let result = PageSupport.run(["stipend", "confirm", placement, "--month", month.description, "--amount=" + amount, "--paid-on=" + paidOn], c)
            if result.succeeded {
                outcomes[placement] = (.confirmed, amount, paidOn)
            } else {
                let state = PageSupport.formState(result, fields: ["amount", "paidOn", "month"], values: [:], language: c.language)
                let field = ["amount", "paidOn", "month"].first { state.errors[$0] != nil } ?? ""
                let error = state.errors[field] ?? state.general.first ?? .init(rule: nil, message: result.failure?.message ?? "")
                outcomes[placement] = (.rejected(rule: error.rule, message: error.message, field: field), amount, paidOn)
            }
        }
        return sheet(c, month: month, outcomes: outcomes)
    }

    /// The workforce form with the enterprise's latest declaration.
    static func workforcePage(_ c: RequestContext, form: FormState, status: Int = 200) -> HTTPResponse {
        let id = c.actor?.id ?? ""
        let current = (try? PageSupport.read(ListPage<EnterpriseListRow>.self, ["list", "enterprises", "--per-page", "1000"], c))?.rows.first { $0.id == id }
        return PageSupport.page(c, EnterprisePages.workforce(current: current, PageSupport.context(c, form: form)), status: status)
    }
}
