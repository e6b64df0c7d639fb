import RegistryDomain

/// The frame of every page: title, the signed-in account, the role's menu, the language switch,
/// flash messages, then the page's own content. One small style sheet, inline so a saved or
/// printed page is whole; no scripts but the few lines a page adds itself.
public enum Layout {
    /// A whole document.
    /// - Parameters:
    ///   - title: the page's heading (already plain text; it is escaped here).
    ///   - context: language, account, flash messages.
    ///   - content: the page's HTML (already escaped by the page's renderer).
    ///   - extraStyle: style rules the page needs beyond the shared sheet (the audit's).
    /// - Returns: an HTML document.
    public static func page(_ title: String, _ context: PageContext, content: String, extraStyle: String = "") -> String {
        let c = context
        var html = """
            <!DOCTYPE html>
            <html lang="\(c.language == .zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.text(title)) · \(HTML.text(c.t(.appName)))</title>
            <style>
            \(css)\(extraStyle)</style></head><body>
            <header class="top"><a class="brand" href="/">\(HTML.text(c.t(.appName)))</a>
            """
        html += "<nav>" + menu(c).map { "<a href=\"\($0.href)\">\(HTML.text(c.t($0.label)))</a>" }.joined(separator: " ") + "</nav>"
        html += "<span class=\"who\">"
        if let actor = c.actor {
            html += HTML.text(roleName(actor, c.language)) + (c.user.map { " · " + HTML.text($0) } ?? "")
            if let today = c.today { html += " · \(HTML.text(c.t(.businessDate))) \(today)" }
            html += " <a href=\"/password\">\(HTML.text(c.t(.changePassword)))</a>"
            html += " <form class=\"inline\" method=\"post\" action=\"/logout\">\(csrfField(c))<button type=\"submit\" class=\"link\">\(HTML.text(c.t(.signOut)))</button></form>"
        }
        let other: Language = c.language == .zh ? .en : .zh
        html += " <a class=\"lang\" href=\"\(HTML.attribute(c.path))?lang=\(other.rawValue)\" hreflang=\"\(other == .zh ? "zh-CN" : "en")\">\(other == .zh ? "中文" : "English")</a>"
        html += "</span></header>\n<main>\n<h1>\(HTML.text(title))</h1>\n"
        for flash in c.flash {
            html += "<p class=\"flash \(flash.kind.rawValue)\" role=\"\(flash.kind == .error ? "alert" : "status")\">\(HTML.text(flash.message))</p>\n"
        }
        html += content
        html += "\n</main>\n</body></html>\n"
        return html
    }

    /// The hidden CSRF field every form carries.
    static func csrfField(_ c: PageContext) -> String {
        "<input type=\"hidden\" name=\"csrf_token\" value=\"\(HTML.attribute(c.csrfToken))\">"
    }

    /// `学校 S01` / `school S01`.
    static func roleName(_ actor: Actor, _ language: Language) -> String {
        let zh = language == .zh
        switch actor.role {
        case .school: return (zh ? "学校 " : "school ") + actor.id
        case .enterprise: return (zh ? "企业 " : "enterprise ") + actor.id
        case .bureau: return (zh ? "教育局 " : "bureau ") + actor.id
        case .inspector: return (zh ? "督查 " : "inspector ") + actor.id
        }
    }

    /// The menu of the signed-in role: each role's pages, nothing it may not use.
    static func menu(_ c: PageContext) -> [(href: String, label: PageText)] {
        switch c.actor?.role {
        case .school?: [("/school/students", .students), ("/school/placements", .placements), ("/school/students/new", .enrolStudent),
                        ("/school/placements/new", .registerPlacement), ("/imports", .imports)]
        case .enterprise?: [("/enterprise/stipends", .stipendSheet), ("/enterprise/placements", .placements), ("/enterprise/workforce", .workforce),
                            ("/imports", .imports)]
        case .bureau?: [("/bureau/schools", .schools), ("/bureau/enterprises", .enterprises), ("/bureau/accounts", .accounts),
                        ("/bureau/policy", .policy), ("/bureau/subsidies", .subsidies), ("/audit", .audit)]
        case .inspector?: [("/audit", .audit), ("/history", .history), ("/verify", .verify)]
        case nil: []
        }
    }

    /// The shared style sheet: readable on screen, printable on A4 (menus and buttons hidden).
    public static let css = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",Helvetica,Arial,sans-serif;margin:0;color:#222;font-size:15px;line-height:1.45}
        header.top{display:flex;flex-wrap:wrap;gap:1em;align-items:center;background:#1d4f7a;color:#fff;padding:.5em 1.5em}
        header.top a,header.top button.link{color:#fff} .brand{font-weight:bold;text-decoration:none;margin-right:1em}
        header nav a{margin-right:.8em} .who{margin-left:auto;font-size:.9em}
        main{padding:1em 1.5em;max-width:1200px}
        h1{font-size:1.4em;margin:.3em 0 .6em} h2{font-size:1.15em;margin-top:1.4em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;width:100%;font-size:.9em;margin:.5em 0}
        th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top} th{background:#eef2f6;white-space:nowrap}
        td.num,th.num{text-align:right} .nowrap,td.date{white-space:nowrap}
        form.card{border:1px solid #ccd;background:#fafbfd;padding:1em;max-width:760px}
        .field{display:grid;grid-template-columns:11em 1fr;gap:.2em 1em;margin:.45em 0;align-items:start}
        .field label{font-weight:600;padding-top:.25em} .field input[type=checkbox]{justify-self:start} textarea{font-family:monospace;width:100%} .field .hint{grid-column:2;color:#666;font-size:.85em}
        input,select,button{font:inherit;padding:.25em .4em} input[type=text],input[type=password],input[type=date],input[type=month],input[type=number],select{min-width:16em}
        button{background:#1d4f7a;color:#fff;border:0;padding:.4em 1.1em;border-radius:3px;cursor:pointer}
        button.link{background:none;border:0;padding:0;text-decoration:underline;cursor:pointer}
        form.inline{display:inline} .actions{margin-top:.8em}
        .error,.field-error{color:#b00020} .field-error{grid-column:2;font-size:.9em}
        .field.invalid input,.field.invalid select,td.invalid input{border:2px solid #b00020;background:#fff5f5}
        table.sheet td:nth-child(2){white-space:nowrap} tr.rejected td{background:#fff1f1} tr.accepted td{background:#f1fff4}
        .flash{padding:.5em .8em;border-radius:3px} .flash.success{background:#e3f6e8;color:#145c2a} .flash.error,.form-errors{background:#fde8e8;color:#8a0015;padding:.5em .8em}
        .rule{font-family:monospace;font-size:.85em;color:#555;white-space:nowrap}
        .search{margin:.5em 0} .pager{margin:.6em 0} .pager a,.pager span{margin-right:.8em}
        .status-active{color:#146c2e}.status-registered{color:#8a5a00}.status-terminated{color:#b00020}
        dl.facts{display:grid;grid-template-columns:10em 1fr;gap:.2em 1em} dl.facts dt{font-weight:600}
        code.hash{font-size:1.05em;overflow-wrap:anywhere;background:#f4f4f4;padding:.2em .4em}
        .password-once{font-size:1.3em;font-family:monospace;background:#fff8d6;padding:.3em .6em;border:1px dashed #b80}
        @page{size:A4;margin:12mm}
        @media print{header.top nav,header.top .who,.search,.pager,form .actions,button,.noprint{display:none} body{font-size:10pt}
          header.top{background:none;color:#000;padding:0} header.top a{color:#000} thead{display:table-header-group} tr{break-inside:avoid}}

        """
}
