/// Signing in and changing one's own password.
public enum AccountPages {
    /// The sign-in page. A failed sign-in shows one message for a wrong user or password alike.
    /// - Parameters:
    ///   - context: language and, after a failure, the user name typed and the error (`FormState.general`).
    ///   - next: where to go after signing in (kept in a hidden field).
    /// - Returns: an HTML document.
    public static func login(_ context: PageContext, next: String? = nil) -> String {
        let c = context
        var form = PageForm.login.form(c, action: "/login", submit: .signIn).render()
        if let next {
            form = form.replacingOccurrences(of: "</form>", with: "<input type=\"hidden\" name=\"next\" value=\"\(HTML.attribute(next))\"></form>")
        }
        return Layout.page(c.t(.signIn), c, content: "<p>\(HTML.text(c.t(.loginIntro)))</p>\n" + form)
    }

    /// The form to change one's own password.
    public static func changePassword(_ context: PageContext) -> String {
        Layout.page(context.t(.changePassword), context, content: PageForm.changePassword.form(context, action: "/password").render())
    }
}
