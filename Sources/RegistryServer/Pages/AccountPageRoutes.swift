import Foundation
import HTTPServer
import RegistryDomain
import WebPages

/// Signing in and out, and changing one's own password, as pages.
enum AccountPageRoutes {
    static func register(on router: Router) {
        router.get("/login", access: .open) { c in
            if let actor = c.actor { return .redirect(to: PageRoutes.home(actor.role)) }
            return PageSupport.page(c, AccountPages.login(PageSupport.context(c), next: PageRoutes.query(c, "next")))
        }
        // Signing in has no session yet, so no CSRF token to check; SameSite=Strict keeps the cookie it sets first-party.
        router.post("/login", access: .open) { c in
            do {
                let answer = try SessionRoutes.logIn(c)
                var response = HTTPResponse.redirect(to: safeNext(c.formValue("next")) ?? "/")
                for (name, value) in answer.headers where name == "Set-Cookie" { response.addHeader(name, value) }
                return response
            } catch let error as APIError {
                var form = FormState(values: ["user": c.formValue("user") ?? ""])
                form.add(error.message, rule: nil, candidates: [], fields: [])
                return PageSupport.page(c, AccountPages.login(PageSupport.context(c, form: form), next: c.formValue("next")), status: error.status)
            }
        }
        router.post("/logout") { c in
            if let id = c.sessionID { c.server.sessions.end(id) }
            var response = HTTPResponse.redirect(to: "/login")
            response.addHeader("Set-Cookie", c.server.sessionCookie(nil))
            return response
        }
        router.get("/password", access: .open) { c in
            if let refusal = PageSupport.gate(c, Set(Role.allCases)) { return refusal }
            return PageSupport.page(c, AccountPages.changePassword(PageSupport.context(c)))
        }
        router.post("/password") { c in
            let fields = PageForm.changePassword.fieldNames
            var form = FormState()
            if c.formValue("new") != c.formValue("repeat") {
                form.add(c.t("the two new passwords differ.", "两次输入的新密码不一致。"), rule: nil, candidates: ["repeat"], fields: fields)
                return PageSupport.page(c, AccountPages.changePassword(PageSupport.context(c, form: form)), status: 400)
            }
            do {
                _ = try SessionRoutes.changePassword(c)
                return PageSupport.redirect(c, to: PageRoutes.home(c.actor!.role), flash: c.t("Your password is changed.", "密码已修改。"))
            } catch let error as APIError {
                switch error {
                case .badRequest(let field, let message): form.add(message, rule: nil, candidates: field.map { [$0] } ?? [], fields: fields)
                case .forbidden(_, let message): form.add(message, rule: nil, candidates: ["current"], fields: fields)
                default: form.add(error.message, rule: nil, candidates: [], fields: fields)
                }
                return PageSupport.page(c, AccountPages.changePassword(PageSupport.context(c, form: form)), status: error.status)
            }
        }
    }

    /// A local path to go to after signing in, never another site.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return nil }
        return next
    }
}
