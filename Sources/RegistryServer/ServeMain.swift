import EventStore
import Foundation
import HTTPServer
import PostgresStore
import RegistryCLI
import RegistryDomain
import RegistryService

/// `registry serve` and `registry account …`, installed into the command line by the `registry`
/// executable (`RegistryServerMain.install()`), since the server depends on the command line.
public enum RegistryServerMain {
    /// Installs the runner of the server's commands into the command line.
    public static func install() {
        ExternalCommands.runner = { path, invocation in
            path == ["serve"] ? serve(invocation) : account(path, invocation)
        }
    }

    /// Routes that pages add before the server starts; the `pages` module appends its registrar here.
    nonisolated(unsafe) public static var routeRegistrars: [(Router) -> Void] = []

    static func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    static func complain(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    /// The demo accounts `serve --demo` creates: user, actor, display name.
    static let demoAccounts: [(String, String, String)] = [
        ("bureau", "bureau:EDU", "教育局管理员"), ("inspector", "inspector:INSP", "督查员"),
        ("s01", "school:S01", "三门峡职业技术学院教务员"), ("s02", "school:S02", "三门峡市中等专业学校教务员"),
        ("e01", "enterprise:E01", "豫西精工人事专员"), ("e02", "enterprise:E02", "崤函汽车人事专员"),
        ("e03", "enterprise:E03", "黄河电气人事专员"), ("e04", "enterprise:E04", "天鹅湖物流人事专员"),
        ("e05", "enterprise:E05", "陕州康养人事专员"),
    ]

    static func serve(_ inv: ExternalInvocation) -> Int32 {
        let zh = inv.language == .zh
        func t(_ en: String, _ cn: String) -> String { zh ? cn : en }
        // Blocked before any thread starts, so that every thread inherits the mask and SIGTERM reaches sigwait below.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        let listen = inv.value("--listen") ?? "127.0.0.1:8080"
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
            complain(t("error: --listen '\(listen)' is not ADDRESS:PORT, e.g. 127.0.0.1:8080.", "错误：--listen '\(listen)' 不是 地址:端口，例如 127.0.0.1:8080。"))
            return 2
        }
        var host = String(listen[..<colon])
        if host == "localhost" { host = "127.0.0.1" }
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else {
            complain(t("error: --listen '\(listen)': '\(host)' is not an IPv4 address.", "错误：--listen '\(listen)'：'\(host)' 不是 IPv4 地址。"))
            return 2
        }
        let isLoopback = host.hasPrefix("127.")
        let behindProxy = inv.flags.contains("--behind-proxy")
        guard isLoopback || behindProxy else {
            complain(t("error: refusing to listen on \(host), which is not a loopback address: the registry speaks plain HTTP; put nginx (TLS) in front and pass --behind-proxy (see docs/deploy/).",
                       "错误：拒绝监听非回环地址 \(host)：登记簿只提供明文 HTTP；请在前面放置 nginx（TLS）并加上 --behind-proxy（见 docs/deploy/）。"))
            return 2
        }
        var http = HTTPServerConfiguration(host: host, port: port)
        if let text = inv.value("--max-connections") {
            guard let n = Int(text), n > 0, n <= 100_000 else { complain(t("error: --max-connections '\(text)' is not a positive number.", "错误：--max-connections '\(text)' 不是正整数。")); return 2 }
            http.connectionLimit = n
        }
        if let text = inv.value("--timeout") {
            guard let n = Int(text), n > 0, n <= 3600 else { complain(t("error: --timeout '\(text)' is not a number of seconds (1 to 3600).", "错误：--timeout '\(text)' 不是秒数（1 至 3600）。")); return 2 }
            http.connectionTimeoutSeconds = n
        }
        // Sessions end after 8 hours idle; tests and registry-torture shorten that to see one end.
        var sessionIdleSeconds: Double = 8 * 3600
        if let text = inv.environment["REGISTRY_SESSION_IDLE_SECONDS"] {
            guard let n = Int(text), n > 0, n <= 8 * 3600 else {
                complain(t("error: REGISTRY_SESSION_IDLE_SECONDS '\(text)' is not a number of seconds (1 to 28800).",
                           "错误：REGISTRY_SESSION_IDLE_SECONDS '\(text)' 不是秒数（1 至 28800）。"))
                return 2
            }
            sessionIdleSeconds = Double(n)
        }
        var configuration = ServerConfiguration(logDirectory: inv.logDirectory, http: http)
        configuration.sessionIdleSeconds = sessionIdleSeconds
        configuration.isBehindProxy = behindProxy
        configuration.environment = inv.environment
        if let conninfo = inv.store {
            configuration.store = conninfo
            configuration.logDirectory = ServerStore.serverCacheBase(logDirectory: inv.logDirectory, isLogGiven: inv.isLogGiven,
                                                                     environment: inv.environment)
        }

        if inv.flags.contains("--demo"), let conninfo = inv.store {
            let code = databaseDemo(conninfo, inv, cacheBase: configuration.logDirectory)
            guard code == 0 else { return code }
        } else if inv.flags.contains("--demo") {
            if !FileManager.default.fileExists(atPath: inv.logDirectory + "/00000001.seg") {
                say(t("building the demo district in \(inv.logDirectory) …", "正在 \(inv.logDirectory) 中构建示例辖区……"))
                let code = RegistryCLI.main(["demo", "--log", inv.logDirectory, "--lang", inv.language.rawValue], environment: inv.environment,
                                            embeddedIn: EmbeddedRun(execute: nil))
                guard code == 0 else { complain(t("error: the demo district could not be built.", "错误：无法构建示例辖区。")); return code }
            }
            do {
                let credentials = try CredentialStore(directory: inv.logDirectory)
                let bureau = Actor(role: .bureau, id: "EDU")
                let service = AccountService(credentials: credentials, actor: bureau, language: inv.language, record: { event in
                    try AccountLog.append(event, by: bureau, to: try Registry(directory: inv.logDirectory, forWriting: true))
                })
                try addDemoAccounts(credentials, service, inv)
            } catch let error as APIError {
                complain("error: " + error.message)
                return 2
            } catch {
                complain("error: \(error)")
                return 2
            }
        }

        let server: RegistryServer
        do {
            server = try RegistryServer(configuration: configuration)
        } catch {
            let (code, message) = RegistryCLI.exitCodeAndMessage(for: error, language: inv.language)
            complain(message)
            return code
        }
        for registrar in routeRegistrars { registrar(server.router) }
        let bound: UInt16
        do {
            bound = try server.start()
        } catch {
            complain(t("error: \(error).", "错误：\(error)。"))
            server.writer.stop()
            return 2
        }
        if let conninfo = inv.store {
            let redacted = PostgresEventStore.redacted(conninfo)
            say(t("registry serve: listening on http://\(host):\(bound) (store \(redacted), cache \(server.database?.cacheDirectory ?? "")); SIGTERM or Ctrl-C stops it.",
                  "registry serve：正在监听 http://\(host):\(bound)（存储 \(redacted)，缓存 \(server.database?.cacheDirectory ?? "")）；SIGTERM 或 Ctrl-C 停止。"))
        } else {
            say(t("registry serve: listening on http://\(host):\(bound) (log \(inv.logDirectory)); SIGTERM or Ctrl-C stops it.",
                  "registry serve：正在监听 http://\(host):\(bound)（日志 \(inv.logDirectory)）；SIGTERM 或 Ctrl-C 停止。"))
        }
        var received: Int32 = 0
        sigwait(&signals, &received)
        say(t("registry serve: stopping: finishing the requests in flight …", "registry serve：正在停止，完成进行中的请求……"))
        server.shutDown()
        say(t("registry serve: stopped; \(server.writer.commands) commands in \(server.writer.groups) durable groups.",
              "registry serve：已停止；\(server.writer.groups) 个持久组中共 \(server.writer.commands) 条命令。"))
        return 0
    }

    static func account(_ path: [String], _ inv: ExternalInvocation) -> Int32 {
        let zh = inv.language == .zh
        guard let actor = inv.actor else {
            complain(zh ? "错误：该命令需要操作者：请传入 --as bureau:编号。" : "error: this command needs an actor: pass --as bureau:ID.")
            return 2
        }
        if let conninfo = inv.store {
            do {
                let store = try ServerStore.openDatabase(conninfo, environment: inv.environment)
                let credentials = CredentialStore(storage: PostgresCredentialStorage(tables: PostgresServerTables(store: store)))
                let service = AccountService(credentials: credentials, actor: actor, language: inv.language, record: { event in
                    // The command line's own cache (not a server's): it never waits for a running server.
                    let registry = try ServerStore.registry(store, cacheDirectory: store.cacheDirectory(environment: inv.environment),
                                                            forWriting: true, environment: inv.environment)
                    try AccountLog.append(event, by: actor, to: registry)
                })
                return accountCommand(path, inv, service)
            } catch {
                let (code, message) = RegistryCLI.exitCodeAndMessage(for: error, language: inv.language)
                complain(message)
                return code
            }
        }
        guard FileManager.default.fileExists(atPath: inv.logDirectory + "/00000001.seg") else {
            complain(zh ? "错误：\(inv.logDirectory) 中没有登记簿日志；请先运行 'registry init'。"
                     : "error: there is no registry log at \(inv.logDirectory); run 'registry init' first or pass --log DIR.")
            return 2
        }
        do {
            let options = inv.environment["REGISTRY_LOCK_TIMEOUT_MS"].flatMap(Int.init).map { FileEventLog.Options(lockTimeoutMilliseconds: $0) }
                ?? FileEventLog.Options()
            let service = AccountService(credentials: try CredentialStore(directory: inv.logDirectory), actor: actor, language: inv.language,
                                         record: { event in
                // The command line takes the writer lock for the one event (exit 3 while a server holds it).
                let registry = try Registry(directory: inv.logDirectory, forWriting: true, options: options)
                try AccountLog.append(event, by: actor, to: registry)
            })
            return accountCommand(path, inv, service)
        } catch {
            complain((zh ? "错误：" : "error: ") + "\(error)")
            return 2
        }
    }

    /// Runs one `registry account …` command through `service`.
    static func accountCommand(_ path: [String], _ inv: ExternalInvocation, _ service: AccountService) -> Int32 {
        let zh = inv.language == .zh
        do {
            let user = inv.words.first ?? ""
            switch path[1] {
            case "add":
                let password = try service.add(user: user, role: inv.value("--role") ?? "", name: inv.value("--name"))
                say(zh ? "账户 '\(user)' 已创建；一次性初始密码（仅显示这一次）：\(password)" : "account '\(user)' created; one-time initial password (shown only now): \(password)")
            case "disable":
                try service.disable(user: user)
                say(zh ? "账户 '\(user)' 已停用。" : "account '\(user)' disabled.")
            case "reset-password":
                let password = try service.resetPassword(user: user)
                say(zh ? "账户 '\(user)' 的新一次性密码（仅显示这一次）：\(password)" : "new one-time password for '\(user)' (shown only now): \(password)")
            case "token":
                let token = try service.token(user: user)
                say(zh ? "账户 '\(user)' 的 API 令牌（仅显示这一次；以 Authorization: Bearer 发送）：\(token)"
                    : "API token for '\(user)' (shown only now; send as Authorization: Bearer): \(token)")
            default:
                for account in try service.list() {
                    say([account.user, account.actor.description, account.isDisabled ? (zh ? "已停用" : "disabled") : (zh ? "启用" : "active"),
                         account.displayName ?? ""].joined(separator: "\t"))
                }
            }
            return 0
        } catch {  // every call above throws APIError alone (typed throws)
            let prefix = error.status == 403 ? "error[Auth_01]: " : (zh ? "错误：" : "error: ")
            complain(prefix + error.message)
            return error.status == 403 ? 5 : error.status == 409 ? 3 : error.status == 500 ? 4 : 2
        }
    }

    /// Prints the demo accounts not yet made, with their one-time passwords.
    static func addDemoAccounts(_ credentials: CredentialStore, _ service: AccountService, _ inv: ExternalInvocation) throws {
        let zh = inv.language == .zh
        var lines: [String] = []
        for (user, actor, name) in demoAccounts {
            // An existing account keeps its password; a demo restarted prints only new ones.
            guard try credentials.account(user) == nil else { continue }
            lines.append("  \(user.padding(toLength: 10, withPad: " ", startingAt: 0)) \(actor.padding(toLength: 16, withPad: " ", startingAt: 0)) "
                         + (try service.add(user: user, role: actor, name: name)))
        }
        if !lines.isEmpty {
            say(zh ? "示例账户（用户、角色、一次性密码）：" : "demo accounts (user, role, one-time password):")
            lines.forEach(say)
        }
    }

    /// `serve --demo --store …`: the demo district in an empty database, and the demo accounts in its tables.
    static func databaseDemo(_ conninfo: String, _ inv: ExternalInvocation, cacheBase: String) -> Int32 {
        let zh = inv.language == .zh
        let isEmpty = (try? PostgresEventStore(conninfo: conninfo, options: ServerStore.databaseOptions(inv.environment)).head.position == 0) ?? true
        if isEmpty {
            say(zh ? "正在数据库中构建示例辖区……" : "building the demo district in the database …")
            var environment = inv.environment
            environment["REGISTRY_CACHE"] = cacheBase
            let code = RegistryCLI.main(["demo", "--store", conninfo, "--lang", inv.language.rawValue], environment: environment,
                                        embeddedIn: EmbeddedRun(execute: nil))
            guard code == 0 else { complain(zh ? "错误：无法构建示例辖区。" : "error: the demo district could not be built."); return code }
        }
        do {
            let store = try ServerStore.openDatabase(conninfo, environment: inv.environment)
            let credentials = CredentialStore(storage: PostgresCredentialStorage(tables: PostgresServerTables(store: store)))
            let bureau = Actor(role: .bureau, id: "EDU")
            let service = AccountService(credentials: credentials, actor: bureau, language: inv.language, record: { event in
                let registry = try ServerStore.registry(store, cacheDirectory: store.cacheDirectory(base: cacheBase), forWriting: true,
                                                        environment: inv.environment)
                try AccountLog.append(event, by: bureau, to: registry)
            })
            try addDemoAccounts(credentials, service, inv)
            return 0
        } catch let error as APIError {
            complain("error: " + error.message)
            return 2
        } catch {
            let (code, message) = RegistryCLI.exitCodeAndMessage(for: error, language: inv.language)
            complain(message)
            return code
        }
    }
}
