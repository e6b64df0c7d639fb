import Messages
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
    /// The examples in a given language, for a command whose help holds notes beside its examples
    /// (the imports' column reference); nil: `examples` in every language.
    var localizedExamples: ((Language) -> [String])? = nil
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
        let say = { (id: String) in MessageCatalogue.message(id, language) }
        var out = (language == .zh ? summary.zh : summary.en) + "\n\n"
        out += say("help.usage") + ":\n  " + usage() + "\n"
        if !role.isEmpty { out += "\n" + say("help.role") + ": \(MessageCatalogue.roleHelp(role, language))\n" }
        if !options.isEmpty {
            out += "\n" + say("help.options") + ":\n"
            let width = options.map { ($0.valueName.map { " " + $0 } ?? "").count + $0.name.count }.max() ?? 0
            for option in options {
                let left = option.name + (option.valueName.map { " " + $0 } ?? "")
                out += "  " + left + String(repeating: " ", count: width - left.count + 2)
                    + MessageCatalogue.optionHelp(option.help, language) + "\n"
            }
        }
        out += "\n" + say("help.globalOptions") + ":\n"
        for (left, id) in Self.globalOptionLines {
            out += "  " + left + String(repeating: " ", count: 21 - left.count) + say(id) + "\n"
        }
        let examples = localizedExamples?(language) ?? examples
        if !examples.isEmpty {
            out += "\n" + say("help.examples") + ":\n"
            for example in examples { out += "  " + example + "\n" }
        }
        return out
    }

    /// The global options every `--help` lists, with their catalogue IDs.
    static let globalOptionLines: [(String, String)] = [
        ("--log DIR", "help.global.log"), ("--as ROLE:ID", "help.global.as"), ("--format FORMAT", "help.global.format"),
        ("--lang en|zh", "help.global.lang"), ("--command-id ID", "help.global.commandID"),
        ("--receipt FILE", "help.global.receipt"), ("--excel", "help.global.excel"),
    ]
}
