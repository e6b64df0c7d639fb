import Messages
import EventStore
import Foundation
import PostgresStore
import RegistryDomain
import RegistryService

extension Invocation {
    /// The actor, required for writing commands.
    func requireActor() throws -> Actor {
        guard let actor else {
            throw UsageError("this command needs an actor: pass --as ROLE:ID (or set REGISTRY_ACTOR), e.g. --as school:S01.",
                             zh: "该命令需要操作者：请传入 --as 角色:编号（或设置 REGISTRY_ACTOR），例如 --as school:S01。")
        }
        return actor
    }

    /// The log's options: the clock is the system's unless REGISTRY_NOW fixes it (tests and demos).
    var logOptions: FileEventLog.Options {
        var options = FileEventLog.Options()
        if let fixed = environment["REGISTRY_NOW"].flatMap(Timestamp.parse) {
            options.clock = { fixed }
        }
        if let wait = environment["REGISTRY_LOCK_TIMEOUT_MS"].flatMap(Int.init) { options.lockTimeoutMilliseconds = wait }
        options.notice = StorageMessages.printer(language)
        return options
    }

    /// Opens the registry for writing. Only `init` and `demo` may create a log; other commands need one.
    func openForWriting(creating: Bool = false) throws -> Registry {
        if let store { return showingCatchUp(try openDatabase(store, forWriting: true, creating: creating)) }
        if !creating && !FileManager.default.fileExists(atPath: logDirectory + "/00000001.seg") {
            throw EventStoreError.notALog(path: logDirectory)
        }
        return showingCatchUp(try Registry(directory: logDirectory, forWriting: true, options: logOptions))
    }

    func openForReading() throws -> Registry {
        if let store { return showingCatchUp(try openDatabase(store, forWriting: false, creating: false)) }
        return showingCatchUp(try Registry(directory: logDirectory, forWriting: false, options: logOptions))
    }

    /// A catch-up of the read model longer than this many events shows progress on a terminal.
    static let longCatchUp: UInt64 = 20_000

    /// `registry` with a progress line on standard error (a terminal only, as every progress line)
    /// while its read model catches up a long way: after the read model's schema changes, the first
    /// command folds the whole log into it (2 s for the 1M bench log, half a minute for the 10M one),
    /// which would otherwise pass in silence.
    func showingCatchUp(_ registry: Registry) -> Registry {
        guard EmbeddedRun.current == nil, Output.stderrIsTerminal else { return registry }
        let output = Output(format: .table, language: language)
        var showing = false
        registry.catchUpProgress = { applied, head in
            if !showing {
                // The first call comes after the first batch: show the line only if much is left.
                guard applied < head, head - applied >= Self.longCatchUp else { return }
                showing = true
            }
            if applied >= head {
                output.endProgress()
                showing = false
            } else {
                output.progress(output.t("bringing the read model up to date: \(applied) of \(head) events",
                                         "正在更新读模型：\(applied) / \(head) 个事件"))
            }
        }
        registry.catchUpWaiting = { head in
            // Ended by the catch-up's last progress call, as a fill of this process's own would be.
            showing = true
            output.progress(output.t("waiting: another process is updating the read model (\(head) events)",
                                     "等待：另一个进程正在更新读模型（\(head) 个事件）"))
        }
        return registry
    }

    /// The command ID: `--command-id`, or a fresh random one.
    var effectiveCommandID: String { commandID ?? "cli-" + UUID().uuidString.lowercased() }
}

/// Runs one writing command and prints what it did.
func runWrite(_ command: RegistryCommand, _ invocation: Invocation, _ output: Output, creating: Bool = false,
              done: (en: String, zh: String)) throws -> Int32 {
    let actor = try invocation.requireActor()
    let commandID = invocation.effectiveCommandID
    let outcome: CommandOutcome
    if let run = EmbeddedRun.current, let execute = run.execute {
        // Inside the server: its writer decides and appends, in a group with other requests.
        run.commandID = commandID
        outcome = try execute(command, actor, commandID)
        run.outcome = outcome
        printOutcome(outcome, output, done: done)
        return RegistryCLI.ExitCode.success
    }
    // A database store's connection is kept for the signing key's check below.
    var database: PostgresEventStore?
    do {
        // Released before the receipt is made, so the index holds the new events.
        let registry = try invocation.openForWriting(creating: creating)
        if let recovery = registry.recovery { output.error(output.t("warning: ", "警告：") + MessageCatalogue.recovery(recovery, output.language)) }
        outcome = try registry.execute(command, by: actor, commandID: commandID)
        database = registry.log as? PostgresEventStore
    }
    // Checkpoint keys and receipts: beside a file log, or for a database store in its key directory
    // and cache (StoreProofs.swift).
    ensureSigningKey(invocation, output, store: database)
    let receipt = deliverReceipt(positions: outcome.positions, commandID: commandID, invocation, output)
    printOutcome(outcome, output, done: done, receipt: receipt)
    if let receipt, invocation.receiptPath == "-", output.format != .json { output.line(receipt) }
    return RegistryCLI.ExitCode.success
}

func printOutcome(_ outcome: CommandOutcome, _ output: Output, done: (en: String, zh: String), receipt: String? = nil) {
    let positions = outcome.positions.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" } ?? "-"
    switch output.format {
    case .json:
        output.line("{\"ok\":true,\"duplicate\":\(outcome.wasDuplicate),\"positions\":[\(outcome.positions.map { "\($0.lowerBound),\($0.upperBound)" } ?? "")],\"events\":[\(outcome.events.map { jsonString($0.typeName) }.joined(separator: ","))]\(receipt.map { ",\"receipt\":" + $0 } ?? "")}")
    case .csv:
        output.line("ok,duplicate,positions,events")
        output.line("true,\(outcome.wasDuplicate),\(positions),\(csvField(outcome.events.map(\.typeName).joined(separator: " ")))")
    default:
        if outcome.wasDuplicate {
            output.line(output.t("\(done.en) (already recorded at position \(positions); nothing appended).",
                                 "\(done.zh)（此前已记录于位置 \(positions)，未追加）。"))
        } else {
            output.line(output.t("\(done.en) (position \(positions)).", "\(done.zh)（位置 \(positions)）。"))
        }
    }
}
