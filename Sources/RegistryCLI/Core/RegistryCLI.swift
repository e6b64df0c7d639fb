import Messages
import EventStore
import Foundation
import PersonalData
import RegistryDomain
import RegistryService

/// The `registry` command line. `main` parses, dispatches to the command, and turns errors into
/// one-sentence messages and the exit codes of SPEC.md section 5.
public enum RegistryCLI {
    /// Exit codes (SPEC.md section 5).
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let rejected: Int32 = 1
        public static let usage: Int32 = 2
        public static let conflict: Int32 = 3
        public static let integrity: Int32 = 4
        public static let notPermitted: Int32 = 5
    }

    /// Every command of the vocabulary, built once (`vocabulary`).
    ///
    /// The server runs `main` for every request, and building the table (with the imports' column
    /// reference in their examples) cost more than deciding the command. Nothing in it changes after
    /// it is built (the specs' closures capture nothing mutable), so libmicrohttpd's threads share it.
    nonisolated(unsafe) static let commands: [CommandSpec] = vocabulary

    /// Builds the table of every command.
    private static var vocabulary: [CommandSpec] {
        setupCommands + organisationCommands + studentCommands + placementCommands + stipendCommands
            + apprenticeshipCommands + importCommands + readCommands + inspectorCommands + evaluationCommands + demoCommands
            + correctionCommands
            + rulesCommands
            + teacherCommands + certificationCommands + wageCommands + dutyReportCommands
            + proofCommands
            + storeCommands
            + personalDataCommands
            + serveCommands
    }

    /// Runs the command line and returns the exit code.
    public static func main(_ arguments: [String], environment: [String: String] = ProcessEnvironment.current()) -> Int32 {
        var language = Invocation.language(from: environment)
        var format = OutputFormat.table
        do {
            var invocation = try Invocation.parse(arguments, environment: environment)
            if invocation.words.isEmpty && invocation.flags.contains("--version") {
                let output = Output(format: .table, language: invocation.language)
                output.line(versionText(invocation.language))
                output.flush()
                return ExitCode.success
            }
            language = invocation.language
            format = invocation.format
            let output = Output(format: invocation.format, language: invocation.language)
            output.isForExcel = invocation.isForExcel
            defer { output.flush() }
            if invocation.words.isEmpty || invocation.words == ["help"] {
                // The overview goes to stdout either way (so that `registry | less` shows it); a missing
                // command is a usage error, and like every usage error it says so in one line on stderr.
                output.line(overview(invocation.language))
                guard invocation.words.isEmpty && !invocation.wantsHelp else { return ExitCode.success }
                output.error(output.t("error: no command given; run 'registry help' for the list of commands.",
                                      "错误：没有给出命令；运行 'registry help' 查看命令列表。"))
                return ExitCode.usage
            }
            if invocation.words.first == "help" { invocation.words.removeFirst(); invocation.wantsHelp = true }
            guard let spec = match(invocation.words) else {
                throw unknownCommand(invocation.words)
            }
            if invocation.wantsHelp {
                output.line(spec.help(invocation.language))
                return ExitCode.success
            }
            invocation.words.removeFirst(spec.path.count)
            try invocation.check(against: spec)
            for option in spec.options where option.required && !option.isFlag && invocation.values[option.name] == nil {
                let command = "registry " + spec.path.joined(separator: " ")
                throw UsageError("missing \(option.name) \(option.valueName ?? ""); see '\(command) --help'.",
                                 zh: "缺少 \(option.name) \(option.valueName ?? "")；参见 '\(command) --help'。")
            }
            return try spec.run(&invocation, output)
        } catch {
            EmbeddedRun.current?.error = error
            let (code, message) = describe(error, language)
            let output = Output(format: format, language: language)
            output.error(message)
            return code
        }
    }

    /// Runs the process's own command line (what `registry` and `registry-server` do): the arguments
    /// are taken as raw bytes, so that one that is not valid UTF-8 is refused rather than silently
    /// replaced with U+FFFD. Returns the exit code.
    public static func runProcessArguments() -> Int32 {
        var arguments: [String] = []
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index], let argument = String(validatingCString: raw) else {
                return refuseInvalidArgument(number: index)
            }
            arguments.append(argument)
        }
        return main(arguments)
    }

    /// Refuses an argument that is not valid UTF-8 (exit 2); nothing is appended.
    /// - Parameter number: the argument's 1-based position on the command line.
    public static func refuseInvalidArgument(number: Int, environment: [String: String] = ProcessEnvironment.current()) -> Int32 {
        let zh = Invocation.language(from: environment) == .zh
        Output(format: .table, language: zh ? .zh : .en).error(zh
            ? "错误：第 \(number) 个参数不是有效的 UTF-8 文本；请以 UTF-8 输入。"
            : "error: argument \(number) is not valid UTF-8 text; give names and IDs in UTF-8.")
        return ExitCode.usage
    }

    /// The command whose words start `words` (the longest match).
    static func match(_ words: [String]) -> CommandSpec? {
        commands.filter { words.starts(with: $0.path) }.max { $0.path.count < $1.path.count }
    }

    static func unknownCommand(_ words: [String]) -> UsageError {
        let nouns = Set(commands.map { $0.path[0] })
        let word = Invocation.printable(words[0])
        if nouns.contains(words[0]) {
            let verbList = commands.filter { $0.path[0] == words[0] && $0.path.count > 1 }.map { $0.path[1] }
            let verbs = verbList.joined(separator: ", ")
            let given = words.count > 1 ? "'\(Invocation.printable(words[1]))'" : nil
            return UsageError("'registry \(word)' needs one of \(verbs), not \(given ?? "nothing").",
                              zh: "'registry \(word)' 需要以下之一：\(verbList.map { "'\($0)'" }.joined(separator: "、"))\(given.map { "，而不是 \($0)" } ?? "")。")
        }
        let suggestion = nouns.min { editDistance($0, words[0]) < editDistance($1, words[0]) }
        if let suggestion, editDistance(suggestion, words[0]) <= 3 {
            return UsageError("unknown command '\(word)'; did you mean '\(suggestion)'?", zh: "未知命令 '\(word)'；是否想用 '\(suggestion)'？")
        }
        return UsageError("unknown command '\(word)'; run 'registry help' for the list.", zh: "未知命令 '\(word)'；运行 'registry help' 查看命令列表。")
    }

    static func overview(_ language: Language) -> String {
        var out = language == .zh
            ? "registry — 职业教育实习与学徒制登记簿（事件溯源、哈希链日志）\n\n命令：\n"
            : "registry — the placement registry of internships and apprenticeships (event-sourced, hash-chained log)\n\nCommands:\n"
        let width = commands.map { $0.usage().prefix(60).count }.max() ?? 0
        for spec in commands {
            let usage = "registry " + spec.path.joined(separator: " ") + (spec.arguments.isEmpty ? "" : " " + spec.arguments)
            out += "  " + usage + String(repeating: " ", count: max(2, min(width, 44) - usage.count)) + "  "
                + (language == .zh ? spec.summary.zh : spec.summary.en) + "\n"
        }
        out += language == .zh
            ? "\n'registry 命令 --help' 显示选项与示例。退出码：0 成功，1 规则拒绝，2 用法或输入错误，3 并发冲突，4 完整性失败，5 无权限。"
            : "\n'registry COMMAND --help' shows options and examples. Exit codes: 0 success, 1 rejected by a rule, 2 usage or malformed input, 3 conflict or lock timeout, 4 integrity failure, 5 not permitted."
        return out
    }

    /// The exit code and the one-sentence message for an error.
    static func describe(_ error: Error, _ language: Language) -> (Int32, String) {
        let zh = language == .zh
        if let storage = StorageMessages.describe(error, language) { return storage }
        switch error {
        case let e as UsageError:
            return (ExitCode.usage, (zh ? "错误：" : "error: ") + e.message(language))
        case RegistryError.rejected(let rejection):
            let prefix = rejection.ruleID.map { "error[\($0.rawValue)]: " } ?? (zh ? "错误：" : "error: ")
            let code: Int32
            switch rejection.kind {
            case .rule, .invalidState: code = ExitCode.rejected
            case .notFound, .invalidInput: code = ExitCode.usage
            case .notPermitted: code = ExitCode.notPermitted
            }
            return (code, prefix + rejection.message(language))
        case let e as ProofFailure:
            return (ExitCode.integrity, (zh ? "完整性错误：" : "integrity error: ") + e.message(language))
        case let e as NotPermitted:
            return (ExitCode.notPermitted, "error[Auth_01]: " + e.message(language))
        case RegistryError.undecodableEvent(let position, let type, let reason):
            return (ExitCode.integrity, zh ? "完整性错误：位置 \(position) 的事件（\(type)）无法解码：\(reason)。"
                    : "integrity error: the event at position \(position) (\(type)) does not decode: \(reason).")
        case RegistryError.commandIDReused(let id, let stream, let actor, let position):
            return (ExitCode.usage, zh ? "错误：命令编号 '\(id)' 已被 \(actor) 用于 \(stream)（位置 \(position)）的另一条命令；重试请用原命令，新命令请换一个编号。"
                    : "error: command ID '\(id)' was already used by \(actor) for another command on \(stream) at position \(position); retry the same command or use a new ID.")
        case RegistryError.readModel(let message):
            return (ExitCode.usage, (zh ? "错误：读模型失败：" : "error: the read model failed: ") + MessageCatalogue.reason(message, language) + (zh ? "。" : "."))
        case PersonalDataError.keyStore(let path, let reason):
            // Like the event store being unavailable (a database restarting): retried, the command is
            // decided again; an erase whose key was left is finished by running it again.
            return (ExitCode.conflict, zh ? "冲突：无法使用密钥库 \(path)（\(reason)）；请重试该命令。"
                    : "conflict: the key store \(path) cannot be used (\(reason)); retry the command.")
        case let e as EventStoreError:
            switch e {
            case let .conflict(stream, expected, actual):
                return (ExitCode.conflict, zh ? "冲突：流 '\(stream)' 已在版本 \(actual)，而预期为 \(expected)；请重试。"
                        : "conflict: stream '\(stream)' is at version \(actual), not \(expected) as expected; retry the command.")
            case let .lockTimeout(path, waited):
                return (ExitCode.conflict, zh ? "冲突：另一写入者持有日志锁 \(path) 超过 \(waited) 毫秒；请稍后重试。"
                        : "conflict: another writer held the log lock \(path) for more than \(waited) ms; retry later.")
            case let .integrity(position, segment, offset, reason):
                return (ExitCode.integrity, zh ? "完整性错误：位置 \(position)（段 \(segment)，偏移 \(offset)）：\(MessageCatalogue.reason(reason, .zh))。"
                        : "integrity error at position \(position) (segment \(segment), offset \(offset)): \(reason).")
            case .unavailable(let store, let reason):
                return (ExitCode.conflict, zh ? "冲突：无法使用存储 \(store)：\(reason)；未应用任何内容，请重试。"
                        : "conflict: the store \(store) is unavailable (\(reason)); nothing was applied, retry the command.")
            case .notALog(let path):
                return (ExitCode.usage, zh ? "错误：\(path) 中没有登记簿日志；请先运行 'registry init'。"
                        : "error: there is no registry log at \(path); run 'registry init' first or pass --log DIR.")
            case let .io(operation, path, code, message):
                return (ExitCode.usage, (zh ? "错误：" : "error: ")
                        + MessageCatalogue.ioFailure(operation: operation, path: path, errno: code, message: message, language) + (zh ? "。" : "."))
            default:
                return (ExitCode.usage, (zh ? "错误：" : "error: ") + e.description + ".")
            }
        default:
            return (ExitCode.usage, (zh ? "错误：" : "error: ") + "\(error).")
        }
    }
}

/// Auth_01 checked by the CLI for reads (`show`, reports): the role may not see the record.
struct NotPermitted: Error {
    let en: String
    let zh: String
    func message(_ language: Language) -> String { language == .zh ? zh : en }
}
