import RegistryDomain

/// What every page needs besides its records: who is looking, in which language, the session's
/// CSRF token for forms, messages carried over from the last action, and a rejected form's errors.
public struct PageContext: Sendable, Equatable {
    /// A message shown once at the top of the page (after a redirect).
    public struct Flash: Sendable, Equatable {
        /// `success` (green) or `error` (red).
        public enum Kind: String, Sendable { case success, error }
        public var kind: Kind
        public var message: String
        public init(_ kind: Kind, _ message: String) {
            self.kind = kind
            self.message = message
        }
    }

    /// Chinese unless the user chose English.
    public var language: Language
    /// The signed-in account's role and organisation, or nil on the login page.
    public var actor: Actor?
    /// The signed-in person's user name, shown beside the actor.
    public var user: String?
    /// The session's CSRF token, written into every form as the hidden field `csrf_token` (the name the server checks).
    public var csrfToken: String
    /// Messages shown once at the top.
    public var flash: [Flash]
    /// The errors of the form being shown again after a rejection, with the values typed.
    public var form: FormState
    /// The request's path (without query), so the language switch links back to the same page.
    public var path: String
    /// The registry's business date ("today" as the registry's clock has it), shown in the header
    /// and used as the default of date fields.
    public var today: CalendarDate?

    /// A context; everything but the language is optional.
    public init(language: Language = .zh, actor: Actor? = nil, user: String? = nil, csrfToken: String = "",
                flash: [Flash] = [], form: FormState = FormState(), path: String = "/", today: CalendarDate? = nil) {
        self.language = language
        self.actor = actor
        self.user = user
        self.csrfToken = csrfToken
        self.flash = flash
        self.form = form
        self.path = path
        self.today = today
    }

    /// `en` or `zh` text of a catalogue entry.
    func t(_ text: PageText) -> String { text.text(language) }
}
