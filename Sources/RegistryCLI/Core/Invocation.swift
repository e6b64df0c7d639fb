import EventStore
import Foundation
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

    /// REGISTRY_LOG, or ./registry-log when it is unset or empty.
    static func defaultLogDirectory(_ environment: [String: String]) -> String {
        environment["REGISTRY_LOG"].flatMap { $0.isEmpty ? nil : $0 } ?? "registry-log"
    }

    /// The global options every command takes.
    static let globalValueOptions: Set<String> = ["--log", "--as", "--format", "--lang", "--command-id", "--receipt"]

    /// Splits `arguments` into words, `--name value` options and `--flag` booleans. `booleanFlags` names
    /// the options that take no value, for the command being parsed.
    static func parse(_ arguments: [String], environment: [String: String]) throws -> Invocation {
        var inv = Invocation(logDirectory: defaultLogDirectory(environment), environment: environment)
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
        if let log = inv.values.removeValue(forKey: "--log")?.last {
            guard !log.isEmpty else { throw UsageError("--log needs a directory.", zh: "--log 需要一个目录。") }
            inv.logDirectory = log
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
        inv.commandID = inv.values.removeValue(forKey: "--command-id")?.last
        inv.receiptPath = inv.values.removeValue(forKey: "--receipt")?.last
        inv.actorText = inv.values.removeValue(forKey: "--as")?.last ?? environment["REGISTRY_ACTOR"]
        if let text = inv.actorText {
            guard let actor = Actor(text) else {
                throw UsageError("'\(text)' is not an actor; write ROLE:ID with ROLE one of bureau, school, enterprise, inspector.",
                                 zh: "'\(text)' 不是有效的操作者；请写成 角色:编号，角色为 bureau、school、enterprise 或 inspector。")
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

    static func date(_ text: String, option: String) throws -> CalendarDate {
        guard let date = CalendarDate(text) else {
            throw UsageError("\(option) '\(printable(text))' is not a calendar date; write YYYY-MM-DD, e.g. 2025-09-01.",
                             zh: "\(option) '\(printable(text))' 不是有效日期；请写成 YYYY-MM-DD，例如 2025-09-01。")
        }
        return date
    }

    func month(_ name: String) throws -> YearMonth {
        let value = try text(name)
        guard let month = YearMonth(value) else { throw UsageError("\(name) '\(Self.printable(value))' is not a month; write YYYY-MM, e.g. 2025-09.",
                                                                    zh: "\(name) '\(Self.printable(value))' 不是有效月份；请写成 YYYY-MM，例如 2025-09。") }
        return month
    }

    func money(_ name: String) throws -> Money {
        try Self.money(try text(name), option: name)
    }

    static func money(_ text: String, option: String) throws -> Money {
        guard let money = Money(yuan: text) else {
            throw UsageError("\(option) '\(printable(text))' is not an amount in yuan; write a non-negative number with at most two decimals, e.g. 1800.50.",
                             zh: "\(option) '\(printable(text))' 不是有效的金额（元）；请写不小于零、最多两位小数的数，例如 1800.50。")
        }
        return money
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

    /// IDs are printable, at most 64 characters, without spaces or control characters.
    static func checkedIdentifier(_ id: String, label: String = "ID") throws -> String {
        guard !id.isEmpty, id.count <= 64,
              id.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F
                                             && !(0x80...0x9F).contains($0.value) }) else {
            throw UsageError("\(label) '\(Self.printable(id))' is not valid; use 1 to 64 printable characters without spaces.",
                             zh: "\(label) '\(Self.printable(id))' 无效；请用 1 至 64 个不含空格的可打印字符。")
        }
        return id
    }

    /// A name or free text: 1 to 200 characters, no control characters.
    static func checkedText(_ text: String, option: String, maxLength: Int = 200) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= maxLength,
              trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }) else {
            throw UsageError("\(option) '\(Self.printable(text))' is not valid; use 1 to \(maxLength) characters without control characters.",
                             zh: "\(option) '\(Self.printable(text))' 无效；请用 1 至 \(maxLength) 个不含控制字符的字符。")
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
