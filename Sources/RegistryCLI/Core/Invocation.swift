import EventStore
import Foundation
import RegistryDomain

/// A usage or input error: exit 2, one sentence.
struct UsageError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The parsed command line: global options, the words that name the command, and its own options.
struct Invocation {
    var words: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var logDirectory: String
    var actor: Actor?
    var actorText: String?
    var format: OutputFormat = .table
    var language: Language = .en
    var commandID: String?
    var wantsHelp = false
    var environment: [String: String]

    /// The global options every command takes.
    static let globalValueOptions: Set<String> = ["--log", "--as", "--format", "--lang", "--command-id"]

    /// Splits `arguments` into words, `--name value` options and `--flag` booleans. `booleanFlags` names
    /// the options that take no value, for the command being parsed.
    static func parse(_ arguments: [String], environment: [String: String]) throws -> Invocation {
        var inv = Invocation(logDirectory: environment["REGISTRY_LOG"] ?? "registry-log", environment: environment)
        inv.language = Self.language(from: environment)
        var index = 0
        var rawValues: [(String, String?)] = []
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { inv.wantsHelp = true; continue }
            if argument.hasPrefix("--") && argument.count > 2 {
                var name = argument
                var value: String?
                if let eq = argument.firstIndex(of: "=") {
                    name = String(argument[..<eq])
                    value = String(argument[argument.index(after: eq)...])
                } else if index < arguments.count, !arguments[index].hasPrefix("--") || Double(arguments[index]) != nil {
                    // A value follows unless the next token is another option. Negative numbers are values.
                    value = arguments[index]
                    rawValues.append((name, value))
                    index += 1
                    continue
                }
                rawValues.append((name, value))
            } else {
                inv.words.append(argument)
            }
        }
        for (name, value) in rawValues {
            if let value { inv.values[name, default: []].append(value) } else { inv.flags.insert(name) }
        }
        if let log = inv.values.removeValue(forKey: "--log")?.last { inv.logDirectory = log }
        if let format = inv.values.removeValue(forKey: "--format")?.last {
            guard let f = OutputFormat(rawValue: format) else {
                throw UsageError("unknown format '\(format)'; use table, json, csv or html.")
            }
            inv.format = f
        }
        if let lang = inv.values.removeValue(forKey: "--lang")?.last {
            guard let l = Language(rawValue: lang) else { throw UsageError("unknown language '\(lang)'; use en or zh.") }
            inv.language = l
        }
        inv.commandID = inv.values.removeValue(forKey: "--command-id")?.last
        inv.actorText = inv.values.removeValue(forKey: "--as")?.last ?? environment["REGISTRY_ACTOR"]
        if let text = inv.actorText {
            guard let actor = Actor(text) else {
                throw UsageError("'\(text)' is not an actor; write ROLE:ID with ROLE one of bureau, school, enterprise, inspector.")
            }
            inv.actor = actor
        }
        return inv
    }

    static func language(from environment: [String: String]) -> Language {
        let lang = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
        return lang.lowercased().hasPrefix("zh") ? .zh : .en
    }

    /// Moves the boolean flags that were given a value by mistake back (`--above-scale X`), and
    /// rejects options the command does not know.
    mutating func check(against spec: CommandSpec) throws {
        for flag in spec.booleanFlags {
            if let given = values.removeValue(forKey: flag) {
                flags.insert(flag)
                words.append(contentsOf: given)
            }
        }
        let known = Set(spec.options.map(\.name))
        for name in Array(values.keys) + Array(flags) where !known.contains(name) {
            let suggestion = known.min { editDistance($0, name) < editDistance($1, name) }
            var message = "unknown option '\(name)' for 'registry \(spec.path.joined(separator: " "))'."
            if let suggestion, editDistance(suggestion, name) <= 3 { message = "unknown option '\(name)'; did you mean '\(suggestion)'?" }
            throw UsageError(message)
        }
        for option in spec.options where !option.isFlag {
            if let given = values[option.name], given.count > 1, !option.repeats {
                throw UsageError("option '\(option.name)' is given \(given.count) times; give it once.")
            }
        }
    }

    // MARK: Typed access

    func text(_ name: String) throws -> String {
        guard let value = values[name]?.last else { throw UsageError("missing \(name).") }
        return value
    }

    func optionalText(_ name: String) -> String? { values[name]?.last }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func date(_ name: String) throws -> CalendarDate {
        try Self.date(try text(name), option: name)
    }

    func optionalDate(_ name: String) throws -> CalendarDate? {
        try optionalText(name).map { try Self.date($0, option: name) }
    }

    static func date(_ text: String, option: String) throws -> CalendarDate {
        guard let date = CalendarDate(text) else {
            throw UsageError("\(option) '\(text)' is not a calendar date; write YYYY-MM-DD, e.g. 2025-09-01.")
        }
        return date
    }

    func month(_ name: String) throws -> YearMonth {
        let value = try text(name)
        guard let month = YearMonth(value) else { throw UsageError("\(name) '\(value)' is not a month; write YYYY-MM, e.g. 2025-09.") }
        return month
    }

    func money(_ name: String) throws -> Money {
        try Self.money(try text(name), option: name)
    }

    static func money(_ text: String, option: String) throws -> Money {
        guard let money = Money(yuan: text) else {
            throw UsageError("\(option) '\(text)' is not an amount in yuan; write a non-negative number with at most two decimals, e.g. 1800.50.")
        }
        return money
    }

    func count(_ name: String) throws -> Int {
        let value = try text(name)
        guard let n = Int(value), n >= 0, n <= 100_000_000 else {
            throw UsageError("\(name) '\(value)' is not a whole number of people.")
        }
        return n
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws -> T where T.RawValue == String {
        let value = try text(name)
        guard let parsed = T(rawValue: value) else {
            throw UsageError("\(name) '\(value)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return parsed
    }

    /// The command's one positional ID after its words, e.g. the `P-17` of `placement start P-17`.
    func id(after count: Int, label: String = "ID") throws -> String {
        guard words.count > count else { throw UsageError("missing \(label).") }
        guard words.count == count + 1 else {
            throw UsageError("unexpected argument '\(words[count + 1])'.")
        }
        return try Self.checkedIdentifier(words[count], label: label)
    }

    /// IDs are printable, at most 64 characters, without spaces or control characters.
    static func checkedIdentifier(_ id: String, label: String = "ID") throws -> String {
        guard !id.isEmpty, id.count <= 64,
              id.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F
                                             && !(0x80...0x9F).contains($0.value) }) else {
            throw UsageError("\(label) '\(Self.printable(id))' is not valid; use 1 to 64 printable characters without spaces.")
        }
        return id
    }

    /// A name or free text: 1 to 200 characters, no control characters.
    static func checkedText(_ text: String, option: String, maxLength: Int = 200) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= maxLength,
              trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }) else {
            throw UsageError("\(option) '\(Self.printable(text))' is not valid; use 1 to \(maxLength) characters without control characters.")
        }
        return trimmed
    }

    func name(_ option: String) throws -> String { try Self.checkedText(try text(option), option: option) }

    /// Shows control characters as escapes and cuts long values, for messages.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(80) {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 80 ? out + "…" : out
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
