import RegistryDomain

/// One option of a command, for parsing and for `--help`.
struct OptionSpec {
    let name: String
    let valueName: String?
    let help: String
    var required = false
    var repeats = false

    var isFlag: Bool { valueName == nil }

    static func value(_ name: String, _ valueName: String, _ help: String, required: Bool = true, repeats: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, required: required, repeats: repeats)
    }

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, required: false)
    }
}

/// A command of the `registry` vocabulary: its words, its options, its help, and what runs it.
struct CommandSpec {
    /// The words that name it, e.g. ["placement", "register"].
    let path: [String]
    /// The positional arguments after the words, for the usage line, e.g. "ID".
    var arguments: String = ""
    /// One line in English and in Chinese.
    let summary: (en: String, zh: String)
    /// Who may run it (shown in help; enforced by Auth_01).
    var role: String = ""
    var options: [OptionSpec] = []
    var examples: [String] = []
    let run: (inout Invocation, Output) throws -> Int32

    var booleanFlags: [String] { options.filter(\.isFlag).map(\.name) }

    func usage() -> String {
        var line = "registry " + path.joined(separator: " ")
        if !arguments.isEmpty { line += " " + arguments }
        for option in options {
            let text = option.valueName.map { "\(option.name) \($0)" } ?? option.name
            line += option.required ? " \(text)" : " [\(text)]"
        }
        return line
    }

    func help(_ language: Language) -> String {
        var out = (language == .zh ? summary.zh : summary.en) + "\n\n"
        out += (language == .zh ? "用法" : "Usage") + ":\n  " + usage() + "\n"
        if !role.isEmpty { out += "\n" + (language == .zh ? "角色" : "Role") + ": \(role)\n" }
        if !options.isEmpty {
            out += "\n" + (language == .zh ? "选项" : "Options") + ":\n"
            let width = options.map { ($0.valueName.map { " " + $0 } ?? "").count + $0.name.count }.max() ?? 0
            for option in options {
                let left = option.name + (option.valueName.map { " " + $0 } ?? "")
                out += "  " + left + String(repeating: " ", count: width - left.count + 2) + option.help + "\n"
            }
        }
        out += "\n" + (language == .zh ? "全局选项" : "Global options") + ":\n"
        out += "  --log DIR            the log directory (or REGISTRY_LOG; default ./registry-log)\n"
        out += "  --as ROLE:ID         who acts (or REGISTRY_ACTOR): bureau, school, enterprise, inspector\n"
        out += "  --format FORMAT      table (default), json or csv\n"
        out += "  --lang en|zh         language of messages and headings (default from LANG)\n"
        out += "  --command-id ID      makes a retried command idempotent (default: generated)\n"
        out += "  --receipt FILE       after a recorded command, write its receipt (positions, signed checkpoint, proofs; - for stdout)\n"
        out += "  --excel              CSV with a UTF-8 byte-order mark for Excel (also written when output goes to a file)\n"
        if !examples.isEmpty {
            out += "\n" + (language == .zh ? "示例" : "Examples") + ":\n"
            for example in examples { out += "  " + example + "\n" }
        }
        return out
    }
}
