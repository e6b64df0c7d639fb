/// The result of importing one CSV file, as the import's row report states it.
public struct ImportResult: Sendable, Equatable {
    /// A row the registry refused, with the rule and sentence that refused it.
    public struct RejectedRow: Sendable, Equatable {
        /// The file's line number (the header is line 1).
        public var line: Int
        /// The row's record ID (student, placement, …) as written.
        public var id: String
        /// The rule ID, or a problem name for malformed values.
        public var rule: String
        public var message: String
        public init(line: Int, id: String, rule: String, message: String) {
            self.line = line
            self.id = id
            self.rule = rule
            self.message = message
        }
    }

    public var kind: ImportKindName
    /// The file name as uploaded.
    public var file: String
    public var rows: Int
    public var imported: Int
    /// Rows already in the registry from an earlier import of the same file (imports are idempotent).
    public var alreadyImported: Int
    /// Columns the import did not use.
    public var ignoredColumns: [String]
    public var rejected: [RejectedRow]

    public init(kind: ImportKindName, file: String, rows: Int, imported: Int, alreadyImported: Int = 0,
                ignoredColumns: [String] = [], rejected: [RejectedRow] = []) {
        self.kind = kind
        self.file = file
        self.rows = rows
        self.imported = imported
        self.alreadyImported = alreadyImported
        self.ignoredColumns = ignoredColumns
        self.rejected = rejected
    }
}

/// CSV upload for every import the role may run, and the row report of the last upload as a table.
public enum ImportPage {
    /// The upload form, with the last import's report under it if there is one.
    /// - Parameters:
    ///   - result: the report of the file just imported, or nil.
    ///   - fileProblem: a sentence saying why the file as a whole was refused (not CSV, wrong header), or nil.
    /// - Returns: an HTML document.
    public static func render(result: ImportResult? = nil, fileProblem: String? = nil, _ context: PageContext) -> String {
        let c = context
        var k = c
        if let fileProblem { k.form.add(fileProblem, rule: nil, candidates: ["csv"], fields: ["csv"]) }
        var html = "<p>\(HTML.text(c.t(.importIntro)))</p>\n" + PageForm.importFile.form(k, action: "/imports", submit: .upload).render()
        if let r = result {
            html += "<h2>\(HTML.text(c.t(.importReport))) — \(HTML.text(r.kind.label(c.language))) · \(HTML.text(r.file))</h2>\n"
            html += "<table class=\"summary\"><tbody>"
                + "<tr><th>\(HTML.text(c.t(.rowsRead)))</th><td class=\"num\">\(r.rows)</td></tr>"
                + "<tr><th>\(HTML.text(c.t(.rowsImported)))</th><td class=\"num\">\(r.imported)</td></tr>"
                + "<tr><th>\(HTML.text(c.t(.rowsAlreadyImported)))</th><td class=\"num\">\(r.alreadyImported)</td></tr>"
                + "<tr><th>\(HTML.text(c.t(.rowsRejected)))</th><td class=\"num\">\(r.rejected.count)</td></tr></tbody></table>\n"
            if !r.ignoredColumns.isEmpty {
                html += "<p class=\"meta\">\(HTML.text(c.t(.ignoredColumns))): \(HTML.text(r.ignoredColumns.joined(separator: ", ")))</p>\n"
            }
            if !r.rejected.isEmpty {
                html += "<table class=\"rows\"><thead><tr>" + [PageText.line, .recordID, .rule, .message]
                    .map { "<th>\(HTML.text(c.t($0)))</th>" }.joined() + "</tr></thead><tbody>\n"
                for row in r.rejected {
                    html += "<tr class=\"rejected\"><td class=\"num\">\(row.line)</td><td>\(HTML.text(row.id))</td>"
                        + "<td class=\"rule\">\(HTML.text(row.rule))</td><td>\(HTML.text(row.message))</td></tr>\n"
                }
                html += "</tbody></table>\n"
            }
        }
        return Layout.page(c.t(.imports), c, content: html)
    }
}
