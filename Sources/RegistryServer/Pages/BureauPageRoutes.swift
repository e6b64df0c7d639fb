import Foundation
import HTTPServer
import ReadModel
import RegistryDomain
import RegistryService
import WebPages

/// The bureau's pages: schools, enterprises, accounts, policy, subsidies.
enum BureauPageRoutes {
    static func register(on router: Router) {
        router.get("/bureau/schools", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.bureau, .inspector]) { return refusal }
            let search = PageRoutes.query(c, "q")
            do {
                let page = try PageSupport.read(ListPage<SchoolListRow>.self, SchoolPageRoutes.listArguments("schools", c, search: search), c)
                return PageSupport.page(c, BureauPages.schools(page, search: search, PageSupport.context(c)))
            } catch { return PageSupport.failurePage(c, error, title: c.t("Schools", "学校")) }
        }
        router.get("/bureau/enterprises", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.bureau, .inspector]) { return refusal }
            let search = PageRoutes.query(c, "q")
            do {
                let page = try PageSupport.read(ListPage<EnterpriseListRow>.self, SchoolPageRoutes.listArguments("enterprises", c, search: search), c)
                return PageSupport.page(c, BureauPages.enterprises(page, search: search, PageSupport.context(c)))
            } catch { return PageSupport.failurePage(c, error, title: c.t("Enterprises", "企业")) }
        }
        router.get("/bureau/accounts", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.bureau]) { return refusal }
            return accounts(c, form: FormState())
        }
        router.post("/bureau/accounts") { c in
            let fields = PageForm.createAccount.fieldNames
            let values = PageSupport.values(c, fields)
            do {
                let password = try AccountRoutes.service(c).add(user: values["user"] ?? "", role: values["role"] ?? "",
                                                                name: values["name"].flatMap { $0.isEmpty ? nil : $0 })
                return accounts(c, form: FormState(), issued: (values["user"] ?? "", password), status: 201)
            } catch {
                let error = apiError(error)
                var form = FormState(values: values)
                switch error {
                case .badRequest(let field, let message): form.add(message, rule: nil, candidates: field.map { [$0, "user"] } ?? ["user"], fields: fields)
                case .conflict(let message): form.add(message, rule: nil, candidates: ["user"], fields: fields)
                default: form.add(error.message, rule: nil, candidates: [], fields: fields)
                }
                return accounts(c, form: form, status: error.status)
            }
        }
        router.post("/bureau/accounts/{user}/disable") { c in
            let user = c.parameters["user"] ?? ""
            do {
                try AccountRoutes.service(c).disable(user: user)
                return PageSupport.redirect(c, to: "/bureau/accounts", flash: c.t("Account \(user) disabled.", "账户 \(user) 已停用。"))
            } catch { return accounts(c, form: FormState(), flash: [.init(.error, apiError(error).message)], status: apiError(error).status) }
        }
        router.post("/bureau/accounts/{user}/reset-password") { c in
            let user = c.parameters["user"] ?? ""
            do {
                let password = try AccountRoutes.service(c).resetPassword(user: user)
                return accounts(c, form: FormState(), issued: (user, password))
            } catch { return accounts(c, form: FormState(), flash: [.init(.error, apiError(error).message)], status: apiError(error).status) }
        }
        router.get("/bureau/policy", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.bureau, .inspector]) { return refusal }
            do {
                let registry = try c.server.openReader()
                // The registry stream alone: folding the whole log for its header took half a minute at 10M events.
                let header = try registry.registryHeader()
                let today = PageSupport.today(c)
                let adoption = header?.adoptions.last { $0.from <= today }
                let policy = header?.policy(on: today) ?? PolicyProfiles.national
                let lines = policy.rows.map { PolicyLine(parameter: $0.name, value: $0.value ?? c.t("unset", "未设定"), source: $0.source ?? "") }
                return PageSupport.page(c, BureauPages.policy(profile: policy.profile, from: adoption?.from, lines: lines, PageSupport.context(c)))
            } catch { return PageSupport.failurePage(c, error, title: c.t("Policy", "政策")) }
        }
        router.get("/bureau/subsidies", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.bureau, .inspector]) { return refusal }
            do {
                let report = try PageSupport.read(SubsidyReport.self, ["report", "subsidies", "--on", PageSupport.today(c).description], c)
                return PageSupport.page(c, BureauPages.subsidies(report, PageSupport.context(c)))
            } catch { return PageSupport.failurePage(c, error, title: c.t("Subsidies", "补贴")) }
        }
    }

    /// The account service's failure (its methods throw only `APIError`).
    static func apiError(_ error: Error) -> APIError {
        error as? APIError ?? .internalError(message: "\(error)")
    }

    /// The accounts page, with a password just issued shown once.
    static func accounts(_ c: RequestContext, form: FormState, issued: (String, String)? = nil, flash: [PageContext.Flash] = [],
                         status: Int = 200) -> HTTPResponse {
        do {
            let rows = try AccountRoutes.service(c).list().map {
                AccountRow(user: $0.user, actor: $0.actor.description, name: $0.displayName ?? "", disabled: $0.isDisabled)
            }
            let html = BureauPages.accounts(rows, oneTimePassword: issued.map { (user: $0.0, password: $0.1) },
                                            PageSupport.context(c, form: form, flash: flash))
            return PageSupport.page(c, html, status: status)
        } catch { return PageSupport.failurePage(c, error, title: c.t("Accounts", "账户")) }
    }
}
