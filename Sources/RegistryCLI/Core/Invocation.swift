import EventStore
import Foundation
import InputValues
import RegistryDomain

/// A usage or input error: exit 2, one sentence.
struct UsageError: Error, Equatable {
    let message: String
    let chinese: String?
    init(_ message: String, zh: String? = nil) {
        self.message = message
        self.chinese = zh
    }

    func message(_ language: Language) -> String { language == .zh ? chinese ?? message : message }
}

/// The parsed command line: global options, the words that name the command, and its own options.
struct Invocation {
    /// The command line as given, after the executable's name (the server's commands pass it on to `registry-server`).
    var arguments: [String] = []
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
    /// `--excel`: CSV with a byte-order mark, for Excel on Chinese Windows.
    var isForExcel = false
    /// `--receipt FILE`: where to write the receipt of an acknowledged command (`-`: standard output).
    var receiptPath: String?
    var environment: [String: String]
    /// `--store` or `REGISTRY_STORE`: a PostgreSQL connection string; nil for the file log at `logDirectory`.
    var store: String?
    /// Whether `--log` or `REGISTRY_LOG` named `logDirectory` (a server on PostgreSQL keeps its cache there).
    var isLogGiven = false

    /// REGISTRY_LOG, or ./registry-log when it is unset or empty.
    static func defaultLogDirectory(_ environment: [String: String]) -> String {
        environment["REGISTRY_LOG"].flatMap { $0.isEmpty ? nil : $0 } ?? "registry-log"
    }

    /// The global options every command takes.
    static let globalValueOptions: Set<String> = ["--log", "--as", "--format", "--lang", "--command-id", "--receipt", "--store"]

    /// Splits `arguments` into words, `--name value` options and `--flag` booleans. `booleanFlags` names
    /// the options that take no value, for the command being parsed.
    static func parse(_ arguments: [String], environment: [String: String]) throws -> Invocation {
        var inv = Invocation(arguments: arguments, logDirectory: defaultLogDirectory(environment), environment: environment)
        inv.isLogGiven = !(environment["REGISTRY_LOG"] ?? "").isEmpty
        inv.language = Self.language(from: environment)
        var index = 0
        var rawValues: [(String, String?)] = []
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { inv.wantsHelp = true; continue }
            if argument == "--excel" { inv.isForExcel = true; continue }
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
        for name in globalValueOptions.sorted() where inv.flags.contains(name) {
            throw UsageError("option '\(name)' needs a value.", zh: "选项 '\(name)' 需要一个值。")
        }
        // A global option given twice is as ambiguous as a command's option given twice (`--as A --as B`).
        for name in globalValueOptions.sorted() {
            let given = rawValues.filter { $0.0 == name }.count
            if given > 1 {
                throw UsageError("option '\(name)' is given \(given) times; give it once.", zh: "选项 '\(name)' 出现了 \(given) 次；只能给一次。")
            }
        }
        if let log = inv.values.removeValue(forKey: "--log")?.last {
            guard !log.isEmpty else { throw UsageError("--log needs a directory.", zh: "--log 需要一个目录。") }
            inv.logDirectory = log
            inv.isLogGiven = true
        }
        if let format = inv.values.removeValue(forKey: "--format")?.last {
            guard let f = OutputFormat(rawValue: format) else {
                throw UsageError("unknown format '\(format)'; use table, json, csv or html.", zh: "未知格式 '\(format)'；请用 table、json、csv 或 html。")
            }
            inv.format = f
        }
        if let lang = inv.values.removeValue(forKey: "--lang")?.last {
            guard let l = Language(rawValue: lang) else { throw UsageError("unknown language '\(lang)'; use en or zh.", zh: "未知语言 '\(lang)'；请用 en 或 zh。") }
            inv.language = l
        }
        if inv.isForExcel {
            // --excel asks for CSV; with another format it is a contradiction, not a preference.
            if !arguments.contains(where: { $0 == "--format" || $0.hasPrefix("--format=") }) { inv.format = .csv }
            guard inv.format == .csv else {
                throw UsageError("--excel writes CSV for Excel; it cannot be combined with --format \(inv.format.rawValue).",
                                 zh: "--excel 输出供 Excel 打开的 CSV，不能与 --format \(inv.format.rawValue) 同用。")
            }
        }
        // A command ID is an ID like any other: NFC, visible, so that a retry typed differently is the same command.
        inv.commandID = try inv.values.removeValue(forKey: "--command-id")?.last.map { try checkedIdentifier($0, label: "--command-id", allowingSlash: true) }
        let actorOption = inv.values.removeValue(forKey: "--as")?.last
        // An empty REGISTRY_ACTOR is unset, as an empty REGISTRY_LOG is.
        inv.actorText = actorOption ?? environment["REGISTRY_ACTOR"].flatMap { $0.isEmpty ? nil : $0 }
        inv.receiptPath = inv.values.removeValue(forKey: "--receipt")?.last
        inv.store = try Self.store(inv.values.removeValue(forKey: "--store")?.last, environment: environment)
        if let text = inv.actorText {
            inv.actor = try Self.actor(text, source: actorOption == nil ? "REGISTRY_ACTOR" : "--as")
        }
        return inv
    }

    /// Parses `ROLE:ID`; the ID follows the identifier rule (`IdentifierInput`) and is normalised to NFC.
    /// - Parameter source: `--as` or `REGISTRY_ACTOR`, for the message.
    /// - Throws: `UsageError` (exit 2) with the value escaped, so that a stray line break cannot split the message.
    static func actor(_ text: String, source: String) throws -> Actor {
        guard let parsed = Actor(text) else {
            throw UsageError("\(source) '\(printable(text))' is not an actor; write ROLE:ID with ROLE one of bureau, school, enterprise, inspector.",
                             zh: "\(source) '\(printable(text))' 不是有效的操作者；请写成 角色:编号，角色为 bureau、school、enterprise 或 inspector。")
        }
        do {
            return Actor(role: parsed.role, id: try IdentifierInput.normalized(parsed.id))
        } catch {
            throw UsageError("\(source) '\(printable(text))' is not an actor: " + error.message(label: "its ID", value: parsed.id, language: .en),
                             zh: "\(source) '\(printable(text))' 不是有效的操作者：" + error.message(label: "其编号", value: parsed.id, language: .zh))
        }
    }

    /// Turns a value problem into a usage error (exit 2) naming `field`.
    static func usageError(_ problem: InputValueProblem, field: String) -> UsageError {
        UsageError(problem.message(field: field, language: .en), zh: problem.message(field: field, language: .zh))
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
            if let suggestion, editDistance(suggestion, name) <= 3 {
                throw UsageError("unknown option '\(name)'; did you mean '\(suggestion)'?", zh: "未知选项 '\(name)'；是否想用 '\(suggestion)'？")
            }
            let command = "registry " + spec.path.joined(separator: " ")
            throw UsageError("unknown option '\(name)' for '\(command)'.", zh: "'\(command)' 没有选项 '\(name)'。")
        }
        for option in spec.options where !option.isFlag {
            if let given = values[option.name], given.count > 1, !option.repeats {
                throw UsageError("option '\(option.name)' is given \(given.count) times; give it once.", zh: "选项 '\(option.name)' 出现了 \(given.count) 次；只能给一次。")
            }
        }
    }

    // MARK: Typed access

    func text(_ name: String) throws -> String {
        guard let value = values[name]?.last else { throw UsageError("missing \(name).", zh: "缺少 \(name)。") }
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

    /// A date in any form `ValueParser.date` accepts (`2025-09-01`, `2025/9/1`, `2025年9月1日`).
    static func date(_ text: String, option: String) throws -> CalendarDate {
        do { return try ValueParser.date(text) } catch { throw usageError(error, field: option) }
    }

    /// A month in any form `ValueParser.month` accepts (`2025-09`, `2025/9`, `2025年9月`).
    func month(_ name: String) throws -> YearMonth {
        let value = try text(name)
        do { return try ValueParser.month(value) } catch { throw Self.usageError(error, field: name) }
    }

    func money(_ name: String) throws -> Money {
        try Self.money(try text(name), option: name)
    }

    /// An amount in any form `ValueParser.amount` accepts (`3400`, `3,400.50`, `¥3400`, `3400元`).
    static func money(_ text: String, option: String) throws -> Money {
        do { return try ValueParser.amount(text) } catch { throw usageError(error, field: option) }
    }

    func count(_ name: String) throws -> Int {
        let value = try text(name)
        guard let n = Int(value), n >= 0, n <= 100_000_000 else {
            throw UsageError("\(name) '\(Self.printable(value))' is not a whole number of people.", zh: "\(name) '\(Self.printable(value))' 不是有效的人数。")
        }
        return n
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws -> T where T.RawValue == String {
        let value = try text(name)
        // Kinds have Chinese names too (岗位实习, 顶岗实习 …); the shared parser knows them.
        if T.self == PlacementKind.self {
            // Forced cast: T is PlacementKind here.
            do { return try ValueParser.placementKind(value) as! T } catch { throw Self.usageError(error, field: name) }
        }
        guard let parsed = T(rawValue: value) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("\(name) '\(Self.printable(value))' is not one of \(allowed).", zh: "\(name) '\(Self.printable(value))' 不是以下之一：\(allowed)。")
        }
        return parsed
    }

    /// The command's one positional ID after its words, e.g. the `P-17` of `placement start P-17`.
    func id(after count: Int, label: String = "ID") throws -> String {
        guard words.count > count else { throw UsageError("missing \(label).", zh: "缺少 \(label)。") }
        guard words.count == count + 1 else {
            throw UsageError("unexpected argument '\(Self.printable(words[count + 1]))'.", zh: "多余的参数 '\(Self.printable(words[count + 1]))'。")
        }
        return try Self.checkedIdentifier(words[count], label: label)
    }

    /// The identifier rule of `IdentifierInput`: 1 to 64 visible characters without white space,
    /// control or invisible format characters, returned in NFC.
    static func checkedIdentifier(_ id: String, label: String = "ID", allowingSlash: Bool = false) throws -> String {
        do { return try ValueParser.identifier(id, allowingSlash: allowingSlash) } catch { throw usageError(error, field: label) }
    }

    /// A name or free text: 1 to 200 characters, no control characters.
    static func checkedText(_ text: String, option: String, maxLength: Int = 200) throws -> String {
        let trimmed = ImportRow.trimmed(text)
        guard !trimmed.isEmpty, trimmed.count <= maxLength,
              trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }) else {
            throw UsageError("\(option) '\(Self.printable(text))' is not valid; use 1 to \(maxLength) characters without control characters.",
                             zh: "\(option) '\(Self.printable(text))' 无效；请用 1 至 \(maxLength) 个不含控制字符的字符。")
        }
        return trimmed
    }

    func name(_ option: String) throws -> String { try Self.checkedText(try text(option), option: option) }

    /// Shows control characters, bidirectional controls and zero-width characters as escapes and
    /// cuts long values, for messages (`DisplayText.escaped`).
    static func printable(_ text: String) -> String {
        DisplayText.escaped(text, limit: 80)
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
