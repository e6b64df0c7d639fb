import ReadModel
import RegistryDomain
import RegistryService

/// An account as the bureau's account page lists it.
public struct AccountRow: Sendable, Equatable {
    public var user: String
    /// `school:S01`, `enterprise:E01`, `bureau:EDU`, `inspector:I01`.
    public var actor: String
    /// The person's name (张老师).
    public var name: String
    public var disabled: Bool
    public init(user: String, actor: String, name: String, disabled: Bool) {
        self.user = user
        self.actor = actor
        self.name = name
        self.disabled = disabled
    }
}

/// One parameter of the policy in force, as `registry policy show` prints it.
public struct PolicyLine: Sendable, Equatable {
    public var parameter: String
    /// The value as written (`0.1`, `3000.00`, `unset`).
    public var value: String
    /// The document (or local decision) the value comes from.
    public var source: String
    public init(parameter: String, value: String, source: String) {
        self.parameter = parameter
        self.value = value
        self.source = source
    }
}

/// The bureau's pages: schools, enterprises, accounts (create, disable, reset password), policy, subsidies.
public enum BureauPages {
    /// The district's schools.
    public static func schools(_ page: ListPage<SchoolListRow>, search: String?, _ context: PageContext) -> String {
        let c = context
        let list = ListView(c, path: "/bureau/schools", search: search, page: page)
        let rows = page.rows.map { s in
            [HTML.text(s.id), HTML.text(s.name), HTML.text(PageText.level(s.level, c.language)), "\(s.students)", "\(s.placements)"]
        }
        return Layout.page(c.t(.schools), c, content: list.searchForm()
                           + list.table(headers: [.schoolID, .name, .level, .students, .placements], rows: rows, numeric: [3, 4]))
    }

    /// The district's enterprises with their latest workforce declaration.
    public static func enterprises(_ page: ListPage<EnterpriseListRow>, search: String?, _ context: PageContext) -> String {
        let c = context
        let list = ListView(c, path: "/bureau/enterprises", search: search, page: page)
        let rows = page.rows.map { e in
            [HTML.text(e.id), HTML.text(e.name), HTML.text(c.t(e.aboveScale ? .yes : .no)),
             e.workforce.map { "\($0)" } ?? "–", Cell.optional(e.workforceAsOf), "\(e.placements)"]
        }
        return Layout.page(c.t(.enterprises), c, content: list.searchForm()
                           + list.table(headers: [.enterpriseID, .name, .aboveScale, .headcount, .asOf, .placements], rows: rows, numeric: [3, 5]))
    }

    /// Accounts: the list with disable and reset-password buttons, and the form to create one.
    /// - Parameters:
    ///   - accounts: every account, sorted by the caller.
    ///   - oneTimePassword: the user and initial (or reset) password just issued, shown once.
    /// - Returns: an HTML document.
    public static func accounts(_ accounts: [AccountRow], oneTimePassword: (user: String, password: String)? = nil, _ context: PageContext) -> String {
        let c = context
        var html = ""
        if let issued = oneTimePassword {
            html += "<div class=\"flash success\" role=\"status\"><p>\(HTML.text(c.t(.oneTimePasswordIntro))) <strong>\(HTML.text(issued.user))</strong></p>"
                + "<p class=\"password-once\" id=\"one-time-password\">\(HTML.text(issued.password))</p></div>\n"
        }
        html += "<table><thead><tr>" + [PageText.userName, .role, .personName, .status, .actions]
            .map { "<th>\(HTML.text(c.t($0)))</th>" }.joined() + "</tr></thead><tbody>\n"
        for a in accounts {
            let base = "/bureau/accounts/" + Cell.segment(a.user)
            var actions = "<form class=\"inline\" method=\"post\" action=\"\(HTML.attribute(base))/reset-password\">\(Layout.csrfField(c))"
                + "<button type=\"submit\">\(HTML.text(c.t(.resetPassword)))</button></form> "
            if !a.disabled {
                actions += "<form class=\"inline\" method=\"post\" action=\"\(HTML.attribute(base))/disable\">\(Layout.csrfField(c))"
                    + "<button type=\"submit\">\(HTML.text(c.t(.disable)))</button></form>"
            }
            html += "<tr><td>\(HTML.text(a.user))</td><td>\(HTML.text(a.actor))</td><td>\(HTML.text(a.name))</td>"
                + "<td>\(HTML.text(c.t(a.disabled ? .disabled : .enabled)))</td><td class=\"noprint\">\(actions)</td></tr>\n"
        }
        html += "</tbody></table>\n<h2>\(HTML.text(c.t(.createAccount)))</h2>\n"
            + PageForm.createAccount.form(c, action: "/bureau/accounts", submit: .createAccount).render()
        return Layout.page(c.t(.accounts), c, content: html)
    }

    /// The policy in force with each parameter's source.
    /// - Parameters:
    ///   - profile: the profile's name (`national`, `huyi`, …) and the date it is in force from.
    ///   - lines: the parameters.
    /// - Returns: an HTML document.
    public static func policy(profile: String, from: CalendarDate?, lines: [PolicyLine], _ context: PageContext) -> String {
        let c = context
        var html = "<p>\(HTML.text(c.t(.policyInForce))): <strong>\(HTML.text(profile))</strong>\(from.map { " · \(HTML.text(c.t(.from))) \($0)" } ?? "")</p>\n"
        html += "<table><thead><tr>" + [PageText.parameter, .value, .source].map { "<th>\(HTML.text(c.t($0)))</th>" }.joined()
            + "</tr></thead><tbody>\n"
        for l in lines {
            html += "<tr><td class=\"nowrap\">\(HTML.text(l.parameter))</td><td>\(HTML.text(l.value))</td><td>\(HTML.text(l.source))</td></tr>\n"
        }
        return Layout.page(c.t(.policy), c, content: html + "</tbody></table>\n")
    }

    /// Subsidies: intern months per enterprise and month, and apprenticeship subsidies with what is owed back.
    public static func subsidies(_ report: SubsidyReport, _ context: PageContext) -> String {
        let c = context
        var html = "<p class=\"meta\">\(HTML.text(c.t(.businessDate))) \(report.on) · \(HTML.text(c.t(.logPosition))) \(report.throughPosition)</p>\n"
        html += "<h2>\(HTML.text(c.t(.internSubsidies)))</h2>\n<table><thead><tr>" + [PageText.enterprise, .month, .internMonths, .amount, .placements]
            .map { "<th>\(HTML.text(c.t($0)))</th>" }.joined() + "</tr></thead><tbody>\n"
        for m in report.internSubsidies {
            html += "<tr><td>\(HTML.text(m.enterprise))</td><td class=\"date\">\(m.month)</td><td class=\"num\">\(m.internMonths)</td>"
                + "<td class=\"num\">\(HTML.text(m.amount))</td><td>\(HTML.text(m.placements.joined(separator: ", ")))</td></tr>\n"
        }
        html += "<tr><th colspan=\"3\">\(HTML.text(c.t(.total)))</th><td class=\"num\">\(HTML.text(report.internTotal))</td><td></td></tr></tbody></table>\n"
        html += "<h2>\(HTML.text(c.t(.apprenticeships)))</h2>\n<table><thead><tr>"
            + [PageText.apprenticeship, .school, .enterprise, .level, .status, .advanced, .settled, .clawedBack, .owedBack]
            .map { "<th>\(HTML.text(c.t($0)))</th>" }.joined() + "</tr></thead><tbody>\n"
        for a in report.apprenticeships {
            html += "<tr><td>\(HTML.text(a.apprenticeship))</td><td>\(HTML.text(a.school))</td><td>\(HTML.text(a.enterprise))</td>"
                + "<td>\(HTML.text(a.level))</td><td>\(Cell.status(a.status, c))</td><td class=\"num\">\(HTML.text(a.advanced))</td>"
                + "<td class=\"num\">\(HTML.text(a.settled))</td><td class=\"num\">\(HTML.text(a.clawedBack))</td><td class=\"num\">\(HTML.text(a.owedBack))</td></tr>\n"
        }
        return Layout.page(c.t(.subsidies), c, content: html + "</tbody></table>\n")
    }
}
