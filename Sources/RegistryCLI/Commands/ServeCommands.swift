import Foundation
import RegistryDomain

/// What a command run by another module (the server's `serve` and `account` commands) is given:
/// the parsed command line, already checked against the command's options.
public struct ExternalInvocation: Sendable {
    /// The positional words after the command's own words (e.g. the user name of `account add`).
    public let words: [String]
    /// Options with values, by name (`--role` → [`school:S01`]).
    public let values: [String: [String]]
    /// Flags given (`--behind-proxy`).
    public let flags: Set<String>
    /// `--log`.
    public let logDirectory: String
    /// `--as`, if given.
    public let actor: Actor?
    /// `--lang`.
    public let language: Language
    /// The process environment (REGISTRY_NOW and the like).
    public let environment: [String: String]
    /// `--store` or `REGISTRY_STORE`: a PostgreSQL connection string; nil for the file log.
    public var store: String?
    /// Whether `--log` or `REGISTRY_LOG` named the directory (rather than the default `registry-log`).
    public var isLogGiven = false

    /// A value option's last value.
    public func value(_ name: String) -> String? { values[name]?.last }
}

/// Commands whose code lives in a module the command line cannot depend on (the server depends on
/// the command line). The `registry-server` executable installs the runner before calling `main`; in
/// `registry`, which has none, these commands replace the process with `registry-server`.
public enum ExternalCommands {
    /// Runs (command words, invocation) and returns the exit code; nil until installed.
    nonisolated(unsafe) public static var runner: ((_ path: [String], _ invocation: ExternalInvocation) -> Int32)?

    /// The executable that serves HTTP: in the same directory as `registry`, and linked as a
    /// position-independent executable, so that its addresses are randomised at every start.
    public static let serverExecutable = "registry-server"

    /// Replaces this process with `registry-server` from this executable's directory, given the same
    /// arguments (so its process ID, signals and exit code are the server's own). Returns only when
    /// that fails, with the usage error that says why.
    static func runServerExecutable(_ path: [String], arguments: [String]) -> UsageError {
        let command = "registry " + path.joined(separator: " ")
        guard let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return UsageError("'\(command)' runs \(serverExecutable) from the directory of registry, which could not be found.",
                              zh: "'\(command)' 需要运行 registry 所在目录中的 \(serverExecutable)，但找不到该目录。")
        }
        let directory = own.lastIndex(of: "/").map { String(own[..<$0]) } ?? "."
        let server = directory + "/" + serverExecutable
        fflush(nil)
        var argv: [UnsafeMutablePointer<CChar>?] = ([server] + arguments).map { strdup($0) }
        argv.append(nil)
        execv(server, argv)
        let failure = errno
        argv.forEach { free($0) }
        return UsageError("'\(command)' runs \(server), which could not be started (errno \(failure): \(String(cString: strerror(failure)))); "
                          + "copy \(serverExecutable) into the same directory as registry.",
                          zh: "'\(command)' 需要运行 \(server)，但无法启动（errno \(failure)）；请把 \(serverExecutable) 复制到 registry 所在的目录。")
    }
}

extension RegistryCLI {
    /// `registry serve` and `registry account …` (issue 15): run by `ExternalCommands.runner`.
    static var serveCommands: [CommandSpec] {
        func external(_ inv: inout Invocation, _ path: [String], positionals: Int) throws -> Int32 {
            if inv.words.count > positionals {
                throw UsageError("unexpected argument '\(Invocation.printable(inv.words[positionals]))'.",
                                 zh: "多余的参数 '\(Invocation.printable(inv.words[positionals]))'。")
            }
            if inv.words.count < positionals { throw UsageError("missing USER.", zh: "缺少 USER。") }
            if positionals > 0 { _ = try Invocation.checkedIdentifier(inv.words[0], label: "USER") }
            guard let runner = ExternalCommands.runner else {
                // The `registry` executable holds no server: it is linked without PIE for a faster start, and
                // the server's commands run in `registry-server`, which lives beside it (issue 17).
                throw ExternalCommands.runServerExecutable(path, arguments: inv.arguments)
            }
            var external = ExternalInvocation(words: inv.words, values: inv.values, flags: inv.flags, logDirectory: inv.logDirectory,
                                              actor: inv.actor, language: inv.language, environment: inv.environment)
            external.store = inv.store
            external.isLogGiven = inv.isLogGiven
            return runner(path, external)
        }
        let bureauOnly = "bureau"
        return [
            CommandSpec(
                path: ["serve"],
                summary: ("Serve the registry over HTTP: the JSON API (and pages) with accounts, sessions and group commit.",
                          "通过 HTTP 提供登记簿服务：JSON 接口（及页面），含账户、会话与组提交。"),
                role: "the server's own system user (holds the log's writer lock while it runs)",
                options: [.value("--listen", "ADDR:PORT", "where to listen (default 127.0.0.1:8080; port 0 picks a free one)", required: false),
                          .flag("--behind-proxy", "allow a non-loopback address and mark cookies Secure (TLS ends at nginx)"),
                          .flag("--demo", "build the demo district on an empty log and create demo accounts, printing their passwords"),
                          .value("--max-connections", "N", "at most N connections at once (default 256)", required: false),
                          .value("--timeout", "SECONDS", "close idle or slow connections after this long (default 30)", required: false)],
                examples: ["registry serve --listen 127.0.0.1:8080 --log /var/lib/registry/log",
                           "registry serve --demo --log demo-district",
                           "registry serve --listen 127.0.0.1:8080 --store postgresql://registry@db1/registry --log /var/cache/registry"],
                run: { inv, _ in try external(&inv, ["serve"], positionals: 0) }),
            CommandSpec(
                path: ["account", "add"], arguments: "USER",
                summary: ("Create an account for an organisation's person; prints a one-time initial password.",
                          "为机构人员创建账户；输出一次性初始密码。"),
                role: bureauOnly,
                options: [.value("--role", "ROLE:ID", "the organisation the person acts for, e.g. school:S01"),
                          .value("--name", "NAME", "the person's name (kept in the credentials store, not the log)", required: false)],
                examples: ["registry account add zhang --role school:S01 --name 张老师 --as bureau:EDU"],
                run: { inv, _ in try external(&inv, ["account", "add"], positionals: 1) }),
            CommandSpec(
                path: ["account", "disable"], arguments: "USER",
                summary: ("Disable an account: its sessions and tokens stop working.", "停用账户：其会话与令牌立即失效。"),
                role: bureauOnly, options: [],
                examples: ["registry account disable zhang --as bureau:EDU"],
                run: { inv, _ in try external(&inv, ["account", "disable"], positionals: 1) }),
            CommandSpec(
                path: ["account", "reset-password"], arguments: "USER",
                summary: ("Give an account a new one-time password, printed once.", "为账户重设一次性密码（仅输出一次）。"),
                role: bureauOnly, options: [],
                examples: ["registry account reset-password zhang --as bureau:EDU"],
                run: { inv, _ in try external(&inv, ["account", "reset-password"], positionals: 1) }),
            CommandSpec(
                path: ["account", "token"], arguments: "USER",
                summary: ("Issue an API token for a machine client of the account (sent as Authorization: Bearer); printed once, stored hashed.",
                          "为账户的机器客户端签发 API 令牌（放在 HTTP 请求的授权头中发送）；仅输出一次，哈希保存。"),
                role: bureauOnly, options: [],
                examples: ["registry account token zhang --as bureau:EDU"],
                run: { inv, _ in try external(&inv, ["account", "token"], positionals: 1) }),
            CommandSpec(
                path: ["account", "list"],
                summary: ("List the accounts: user, role, state (names only with --as bureau).", "列出账户：用户、角色、状态。"),
                role: bureauOnly, options: [],
                examples: ["registry account list --as bureau:EDU"],
                run: { inv, _ in try external(&inv, ["account", "list"], positionals: 0) }),
        ]
    }
}
