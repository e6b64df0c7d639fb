import ReadModel

/// A searchable, paged table: the search box (a GET form, so a search is a link one can share),
/// the rows, and links to the other pages keeping the search.
struct ListView {
    let context: PageContext
    /// The list's path, e.g. `/school/students`.
    let path: String
    let search: String?
    /// Extra query pairs kept across pages (a status filter).
    var filters: [(String, String?)] = []
    let total: Int
    let page: Int
    let perPage: Int
    let firstRow: Int
    let lastRow: Int

    init<Row>(_ context: PageContext, path: String, search: String?, page: ListPage<Row>, filters: [(String, String?)] = []) {
        self.context = context
        self.path = path
        self.search = search
        self.filters = filters
        total = page.total
        self.page = page.page
        perPage = page.perPage
        firstRow = page.firstRow
        lastRow = page.lastRow
    }

    /// The search form, with the status choices given (value, label) if any.
    func searchForm(statuses: [(String, String)] = []) -> String {
        let c = context
        var html = "<form class=\"search\" method=\"get\" action=\"\(HTML.attribute(path))\" role=\"search\">"
        html += "<input type=\"search\" name=\"q\" value=\"\(HTML.attribute(search ?? ""))\" placeholder=\"\(HTML.attribute(c.t(.searchHint)))\" aria-label=\"\(HTML.attribute(c.t(.search)))\"> "
        if !statuses.isEmpty {
            let chosen = filters.first { $0.0 == "status" }?.1 ?? ""
            html += "<select name=\"status\" aria-label=\"\(HTML.attribute(c.t(.status)))\"><option value=\"\">\(HTML.text(c.t(.allStatuses)))</option>"
            for (value, label) in statuses {
                html += "<option value=\"\(HTML.attribute(value))\"\(value == chosen ? " selected" : "")>\(HTML.text(label))</option>"
            }
            html += "</select> "
        }
        html += "<button type=\"submit\">\(HTML.text(c.t(.search)))</button></form>\n"
        return html
    }

    /// `rows` in a table under `headers`, then the pager.
    func table(headers: [PageText], rows: [[String]], numeric: Set<Int> = []) -> String {
        let c = context
        guard !rows.isEmpty else { return "<p class=\"empty\">\(HTML.text(c.t(.nothingFound)))</p>\n" }
        var html = "<table><thead><tr>"
        for (i, h) in headers.enumerated() { html += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(HTML.text(c.t(h)))</th>" }
        html += "</tr></thead><tbody>\n"
        for row in rows {
            html += "<tr>" + row.enumerated().map { "<td\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\($0.element)</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody></table>\n" + pager()
    }

    /// `Rows 1–50 of 312 · ‹ previous · next ›`.
    func pager() -> String {
        let c = context
        let pages = max(1, (total + perPage - 1) / perPage)
        var html = "<nav class=\"pager\"><span>" + HTML.text(c.language == .zh ? "第 \(firstRow)–\(lastRow) 条，共 \(total) 条" : "Rows \(firstRow)–\(lastRow) of \(total)") + "</span>"
        func link(_ n: Int, _ label: PageText, rel: String) -> String {
            let query = HTML.queryString([("q", search)] + filters + [("page", String(n))])
            return "<a rel=\"\(rel)\" href=\"\(HTML.attribute(path))\(query)\">\(HTML.text(c.t(label)))</a>"
        }
        if page > 1 { html += link(page - 1, .previousPage, rel: "prev") }
        if page < pages { html += link(page + 1, .nextPage, rel: "next") }
        return html + "</nav>\n"
    }
}

/// Small cell helpers shared by the pages.
enum Cell {
    /// A link to `href` showing `text`.
    static func link(_ href: String, _ text: String) -> String {
        "<a href=\"\(HTML.attribute(href))\">\(HTML.text(text))</a>"
    }

    /// A status in the page's language, coloured by class.
    static func status(_ status: String, _ c: PageContext) -> String {
        "<span class=\"status-\(HTML.attribute(status))\">\(HTML.text(PageText.status(status, c.language)))</span>"
    }

    /// `value`, or a dash for nil.
    static func optional(_ value: CustomStringConvertible?) -> String {
        value.map { HTML.text($0.description) } ?? "–"
    }

    /// A path segment for an ID (percent-encoded).
    static func segment(_ id: String) -> String { HTML.query(id) }
}
