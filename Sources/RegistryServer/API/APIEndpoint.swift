import RegistryCLI

/// One endpoint of the JSON API and the command of the command line it runs.
///
/// The pattern (issue 15): `POST /api/v1/{noun}s` creates, `POST /api/v1/{noun}s/{id}/{verb}` acts,
/// `GET /api/v1/{noun}s[?filters]` lists, `GET /api/v1/{noun}s/{id}` shows. A JSON body's (or the
/// query's) keys are the command's options in camelCase (`paidOn` is `--paid-on`; `true` gives a
/// flag); a creating command's ID is the body's `id`.
public struct APIEndpoint: Sendable {
    /// `GET` or `POST`.
    public let method: String
    /// The route pattern, e.g. `/api/v1/placements/{id}/stipends`.
    public let pattern: String
    /// The command line's words, e.g. `["stipend", "confirm"]`.
    public let command: [String]
    /// The path parameters that become the command's positional arguments, in order.
    public let positionals: [String]
    /// The body key that becomes the first positional argument (`id` for creating commands).
    public let bodyPositional: String?
    /// The body is a CSV file (imports), up to 10 MB.
    public let isUpload: Bool

    /// The endpoint for each command of the command line that the server serves.
    public static var all: [APIEndpoint] {
        RegistryCLI.commandDescriptions.compactMap { endpoint(for: $0.path, arguments: $0.arguments) }
    }

    /// Commands that only the command line runs, with the reason (listed in the OpenAPI document).
    public static let commandLineOnly: [[String]: String] = [
        ["init"]: "creates the log; run once on the server's machine before `registry serve`",
        ["demo"]: "builds a sample district on a log; `registry serve --demo` does it before serving",
        ["serve"]: "starts this server",
        ["checkpoint", "rotate-key"]: "replaces the signing key kept on the server's machine; an operator's task",
    ]

    private static let creatingVerbs: Set<String> = ["register", "enroll", "contract"]

    private static func plural(_ noun: String) -> String { noun.hasSuffix("s") ? noun : noun + "s" }

    static func endpoint(for path: [String], arguments: String) -> APIEndpoint? {
        if commandLineOnly[path] != nil { return nil }
        let noun = path[0]
        let verb = path.count > 1 ? path[1] : nil
        func make(_ method: String, _ pattern: String, _ positionals: [String] = [], body: String? = nil, upload: Bool = false) -> APIEndpoint {
            APIEndpoint(method: method, pattern: "/api/v1/" + pattern, command: path, positionals: positionals, bodyPositional: body, isUpload: upload)
        }
        switch (noun, verb) {
        case ("account", _): return nil  // AccountRoutes
        case ("policy", "adopt"): return make("POST", "policies/{profile}/adopt", ["profile"])
        case ("policy", "show"): return make("GET", "policy")
        case ("stipend", "confirm"): return make("POST", "placements/{id}/stipends", ["id"])
        case ("wage", "confirm"): return make("POST", "apprenticeships/{id}/wages", ["id"])
        case ("insurance", "enroll"): return make("POST", "placements/{id}/insurance", ["id"])
        case ("insurance", let verb?): return make("POST", "placements/{id}/insurance/\(verb)", ["id"])
        case ("subsidy", let verb?): return make("POST", "apprenticeships/{id}/subsidy/\(verb)", ["id"])
        case ("import", let kind?): return make("POST", "imports/\(kind)", upload: true)
        case ("show", let kind?): return make("GET", "\(plural(kind))/{id}", ["id"])
        case ("list", let kind?): return make("GET", kind)
        case ("report", let kind?): return make("GET", "reports/\(kind)")
        case ("history", nil): return make("GET", "history/{stream}", ["stream"])
        case ("prove", "inclusion"): return make("GET", "proofs/inclusion/{position}", ["position"])
        case ("prove", "consistency"): return make("GET", "proofs/consistency/{old}/{new}", ["old", "new"])
        case (_, nil): return make("GET", noun)
        case (_, let verb?):
            if creatingVerbs.contains(verb) && arguments == "ID" { return make("POST", plural(noun), body: "id") }
            return make("POST", "\(plural(noun))/{id}/\(verb)", ["id"])
        }
    }
}
