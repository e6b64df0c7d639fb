import Messages
import EventStore
import Foundation
import RegistryDomain
import RegistryService
import SQLiteSupport

extension RegistryCLI {
    static var setupCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["init"], summary: ("Create the registry log for a jurisdiction and adopt a policy.", "为辖区创建登记簿日志并采用政策。"),
                role: "bureau",
                options: [.value("--jurisdiction", "NAME", "the jurisdiction, e.g. 三门峡市"),
                          .value("--policy", "PROFILE", "policy profile: \(PolicyProfiles.names.plainJoined(", ")) (default national)", required: false),
                          .value("--from", "DATE", "the policy's effective date (default 2000-01-01)", required: false)]
                    + policyOverrideOptions,
                examples: ["registry init --as bureau:EDU --jurisdiction 三门峡市 --policy sanmenxia --from 2024-01-01"],
                run: { inv, out in
                    try inv.noPositionals()
                    let from = try inv.optionalDate("--from") ?? CalendarDate(year: 2000, month: 1, day: 1)!
                    let command = RegistryCommand.initialize(jurisdiction: try inv.name("--jurisdiction"),
                                                             profile: inv.optionalText("--policy") ?? "national", from: from,
                                                             overrides: try policyOverrides(inv))
                    // The role and the policy profile are checked before anything is created: decided against
                    // an empty registry, the command is refused as it would be against the new log.
                    do {
                        _ = try Decider.decide(command, by: try inv.requireActor(), facts: RegistryState())
                    } catch let rejection as Rejection {
                        throw RegistryError.rejected(rejection)
                    }
                    // A refused or failed init (wrong role, unknown policy, an existing log) leaves no directory,
                    // lock or derived file behind: runWrite releases the log before it throws.
                    return try leavingNothingBehindOnFailure(in: inv.logDirectory) {
                        try runWrite(command, inv, out, creating: true,
                                     done: ("registry initialised in \(inv.storeDescription)", "登记簿已在 \(inv.storeDescription) 初始化"))
                    }
                }),
            CommandSpec(
                path: ["policy", "adopt"], arguments: "PROFILE",
                summary: ("Adopt a policy profile from a date, with local figures of its own.", "自某日起采用政策配置，可附本地参数。"), role: "bureau",
                options: [.value("--from", "DATE", "the date the policy is in force from")] + policyOverrideOptions,
                examples: ["registry policy adopt sanmenxia --from 2025-01-01 --as bureau:EDU",
                           "registry policy adopt huyi --from 2025-01-01 --set apprenticeSubsidyPerYear.intermediate=4000 --source '户人社发〔2025〕3号' --as bureau:EDU"],
                run: { inv, out in
                    let profile = try inv.id(after: 0, label: "PROFILE")
                    let overrides = try policyOverrides(inv)
                    return try runWrite(.adoptPolicy(profile: profile, from: try inv.date("--from"), overrides: overrides), inv, out,
                                        done: ("policy '\(profile)' adopted", "已采用政策 '\(profile)'"))
                }),
            CommandSpec(
                path: ["policy", "show"], arguments: "[PROFILE]",
                summary: ("Show the policy in force (or a named profile) with each parameter's source.", "显示现行政策（或指定配置）及各参数来源。"),
                role: "any",
                options: [.value("--on", "DATE", "the date to show the policy in force on (default: the latest adopted)", required: false)],
                examples: ["registry policy show", "registry policy show huyi", "registry policy show --on 2025-03-01"],
                run: { inv, out in
                    let policy: Policy
                    var title: String
                    if let name = inv.words.first {
                        guard let p = PolicyProfiles.named(name) else {
                            throw UsageError("unknown policy profile '\(name)'; known profiles are \(PolicyProfiles.names.joined(separator: ", ")).",
                                             zh: "未知政策配置 '\(name)'；可用配置为 \(PolicyProfiles.names.joined(separator: "、"))。")
                        }
                        policy = p
                        title = out.t("profile \(name)", "配置 \(name)")
                    } else {
                        let registry = try inv.openForReading()
                        let header = try registry.registryHeader()
                        guard let header else { throw RegistryError.rejected(.registryNotInitialized) }
                        if let on = try inv.optionalDate("--on") {
                            policy = header.policy(on: on)
                            title = out.t("policy in force on \(on) in \(header.jurisdiction)", "\(header.jurisdiction) 于 \(on) 的现行政策")
                        } else {
                            policy = header.latestAdoption?.policy ?? PolicyProfiles.national
                            let from = header.latestAdoption.map { "\($0.from)" } ?? "-"
                            title = out.t("policy in force from \(from) in \(header.jurisdiction)", "\(header.jurisdiction) 自 \(from) 起的现行政策")
                        }
                    }
                    out.table([("parameter", "Parameter", "参数"), ("value", "Value", "取值"), ("source", "Source", "来源")],
                              policyRows(policy, out), title: title + " (" + policy.profile + ")")
                    return ExitCode.success
                }),
            CommandSpec(
                path: ["verify"], summary: ("Check every record's CRC and chain link; print the head hash.", "校验每条记录的 CRC 与哈希链；输出链头哈希。"),
                role: "inspector (reads only)",
                options: [.value("--expect-head", "HASH", "a head hash written down earlier: the log must still carry it (at --at, or anywhere)", required: false),
                          .value("--at", "POSITION", "the position that hash was taken at (0: the empty log's genesis hash)", required: false),
                          .value("--checkpoint", "FILE", "check a saved signed checkpoint: signature, and that the log extends it", required: false),
                          .value("--receipt", "FILE", "check a kept receipt: its events are still in the log, which extends its checkpoint", required: false)],
                examples: ["registry verify", "registry verify --expect-head $HEAD --at $AT", "registry verify --expect-head $HEAD",
                           "registry checkpoint > checkpoint.txt", "registry verify --checkpoint checkpoint.txt"],
                run: { inv, out in try runVerify(inv, out) }),
        ]
    }
}

/// The parameter rows of a policy: name, value, source; an unset parameter reads `unset` and `—`.
func policyRows(_ policy: Policy, _ out: Output) -> [[String]] {
    policy.rows.map { [$0.name, $0.value ?? out.t("unset", "未设定"), $0.source.map { SourceText.shown($0, out) } ?? "—"] }
}

/// `--set NAME=VALUE` (repeatable) and `--source DOC`, shared by `init` and `policy adopt`.
let policyOverrideOptions: [OptionSpec] = [
    .value("--set", "NAME=VALUE", "a local figure stated over the profile's, e.g. apprenticeSubsidyPerYear.intermediate=4000; names as in 'registry policy show' (repeatable)",
           required: false, repeats: true),
    .value("--source", "DOC", "the document that states the --set figures, e.g. 户人社发〔2025〕3号; one for all, or one per --set in order",
           required: false, repeats: true),
]

/// The overrides of `--set` and `--source`. Every figure needs the document that states it: one
/// `--source` for all of them, or one per `--set`, paired in order.
///
/// - Throws: `UsageError` for a malformed `NAME=VALUE`, an unknown parameter, a value not of the
///   parameter's kind, a parameter set twice, or sources that do not match the `--set`s.
func policyOverrides(_ inv: Invocation) throws -> [ParameterOverride] {
    let sets = inv.all("--set"), sources = inv.all("--source")
    if sets.isEmpty {
        guard sources.isEmpty else { throw UsageError("--source names the document of a --set figure; there is no --set.", zh: "--source 指明 --set 参数的来源文件，但没有 --set。") }
        return []
    }
    guard sources.count == 1 || sources.count == sets.count else {
        throw UsageError("each --set figure needs the document that states it: give one --source for all, or one per --set (\(sets.count) --set, \(sources.count) --source).",
                         zh: "每个 --set 参数都须注明来源文件：给出一个 --source 适用于全部，或每个 --set 各一个（\(sets.count) 个 --set，\(sources.count) 个 --source）。")
    }
    var seen: Set<String> = []
    return try sets.enumerated().map { index, text in
        let source = try Invocation.checkedText(sources.count == 1 ? sources[0] : sources[index], option: "--source")
        do {
            let override = try ParameterOverride.parse(text, source: source)
            guard seen.insert(override.name).inserted else {
                throw UsageError("--set gives parameter '\(override.name)' twice.", zh: "--set 两次给出参数 '\(override.name)'。")
            }
            return override
        } catch let error as ParameterOverride.ParseError {
            switch error {
            case .missingEquals(let text):
                throw UsageError("--set '\(Invocation.printable(text))' is not NAME=VALUE.", zh: "--set '\(Invocation.printable(text))' 不是 参数名=取值 的形式。")
            case .unknownParameter(let name):
                let names = PolicyParameters.names
                let near = names.min { editDistance($0, name) < editDistance($1, name) }
                let hint = near.map { editDistance($0, name) <= 3 ? " Did you mean '\($0)'?" : "" } ?? ""
                throw UsageError("unknown policy parameter '\(Invocation.printable(name))'; known parameters are \(names.joined(separator: ", ")).\(hint)",
                                 zh: "未知的政策参数 '\(Invocation.printable(name))'；可用的参数为 \(names.joined(separator: "、"))。")
            case .malformedValue(let name, let value, let kind):
                throw UsageError("--set \(name)='\(Invocation.printable(value))' is not \(kind.example(.en)).",
                                 zh: "--set \(name)='\(Invocation.printable(value))' 不是\(kind.example(.zh))。")
            }
        }
    }
}

extension Invocation {
    func noPositionals() throws {
        if let extra = words.first { throw UsageError("unexpected argument '\(Invocation.printable(extra))'.", zh: "多余的参数 '\(Invocation.printable(extra))'。") }
    }
}

func runVerify(_ inv: Invocation, _ out: Output) throws -> Int32 {
    if inv.optionalText("--checkpoint") != nil || inv.receiptPath != nil { return try runVerifyProof(inv, out) }
    try inv.noPositionals()
    let expected = try inv.optionalText("--expect-head").map { text -> Digest in
        guard let d = Digest(hex: text) else { throw UsageError("--expect-head '\(Invocation.printable(text))' is not a SHA-256 hash of 64 hexadecimal digits.", zh: "--expect-head '\(Invocation.printable(text))' 不是 64 位十六进制的 SHA-256 哈希。") }
        return d
    }
    let at = try inv.optionalText("--at").map { text -> UInt64 in
        guard let p = UInt64(text) else { throw UsageError("--at '\(Invocation.printable(text))' is not a log position.", zh: "--at '\(Invocation.printable(text))' 不是日志位置。") }
        return p
    }
    if at != nil && expected == nil { throw UsageError("--at needs --expect-head HASH: it is the position that hash was taken at.", zh: "--at 须与 --expect-head 哈希同时给出：它是记录该哈希时的位置。") }
    try inv.requireLogDirectory()  // a directory without segments is not a log: say so, not "0 events, ok"
    let started = Date()
    let showProgress = isatty(2) != 0
    // With --at, the chain hash at that position is compared; without it, the hash is looked for
    // along the whole log (an inspector may have written down only the hash).
    let report = try inv.store.map { try inv.verifyDatabase($0, hashAt: at, find: at == nil ? expected : nil) }
        ?? LogVerifier.verify(directory: inv.logDirectory, hashAt: at, find: at == nil ? expected : nil) { done, total in
        if showProgress && total > 32 << 20 { out.progress(out.t("verifying \(done >> 20) of \(total >> 20) MiB", "校验中 \(done >> 20) / \(total >> 20) MiB")) }
    }
    if showProgress && report.byteCount > 32 << 20 { out.endProgress() }
    if let torn = report.tornTail {
        out.error(out.t("warning: torn tail: \(torn.bytesRemoved) bytes of an incomplete record group at offset \(torn.offset) of \(torn.segment) (\(torn.reason)); they were never acknowledged and the next writer cuts them.",
                        "警告：尾部残缺：\(torn.segment) 偏移 \(torn.offset) 处有 \(torn.bytesRemoved) 字节不完整的记录组（\(MessageCatalogue.reason(torn.reason, .zh))）；它们从未被确认，下一个写入者会将其截去。"))
    }
    do {
        // The Merkle tree is a file beside a file log; a database store has none yet.
        if inv.store == nil, let tree = try MerkleTree.check(directory: inv.logDirectory, verifiedThrough: report.head.position), tree.wasRebuilt {
            out.error(out.t("warning: the Merkle tree (\(MerkleTree.fileName)) did not match the log and was rebuilt from it.",
                            "警告：默克尔树（\(MerkleTree.fileName)）与日志不符，已据日志重建。"))
        }
    } catch {
        // The tree is derived data (a read-only copy of a log cannot rebuild it): the chain verified, so say so and go on.
        out.error(out.t("warning: the Merkle tree (\(MerkleTree.fileName)) could not be checked: ", "警告：无法检查默克尔树（\(MerkleTree.fileName)）：")
                  + RegistryCLI.describe(error, out.language).1)
    }
    let seconds = Date().timeIntervalSince(started)
    // (key, English label, Chinese label, value, whether JSON shows it as a number)
    var fields: [(String, String, String, String, Bool)] = [
        ("events", "events", "事件数", String(report.eventCount), true),
        ("head_position", "head position", "链头位置", String(report.head.position), true),
        ("head_hash", "head hash", "链头哈希", report.head.hash.hex, false),
        ("segments", "segments", "段文件", String(report.segmentCount), true),
        ("bytes", "bytes", "字节", String(report.byteCount), true),
        ("streams", "streams", "流", String(report.streamCount), true),
        ("seconds", "seconds", "耗时（秒）", String(format: "%.3f", seconds), true),
    ]
    if let expected {
        let position: UInt64
        if let at {
            guard at <= report.head.position, let actual = report.hashAtExpectedPosition else {
                out.error(out.t("error: the log ends at position \(report.head.position), before position \(at) the expected head was taken at; history was cut.",
                                "错误：日志止于位置 \(report.head.position)，早于记录链头的位置 \(at)；历史被截断。"))
                return RegistryCLI.ExitCode.integrity
            }
            guard actual == expected else {
                out.error(out.t("error: the log was rewritten: the chain hash at position \(at) is \(actual.hex), not the \(expected.hex) written down earlier.",
                                "错误：日志被改写：位置 \(at) 的链哈希为 \(actual.hex)，而非此前记录的 \(expected.hex)。"))
                return RegistryCLI.ExitCode.integrity
            }
            position = at
        } else {
            guard let found = report.positionOfFoundHash else {
                out.error(out.t("error: the log was rewritten or cut: no position up to \(report.head.position) carries the chain hash \(expected.hex) written down earlier.",
                                "错误：日志被改写或截断：位置 \(report.head.position) 及之前没有任何位置的链哈希为此前记录的 \(expected.hex)。"))
                return RegistryCLI.ExitCode.integrity
            }
            position = found
        }
        fields.append(("extends_at", "extends the recorded head", "延续所记录的链头", out.format == .table || out.format == .html
                       ? out.t("yes, at position \(position)", "是，位置 \(position)") : String(position), true))
    }
    if out.format == .json {
        out.line("{" + fields.map { "\(jsonString($0.0)):" + ($0.4 ? $0.3 : jsonString($0.3)) }.joined(separator: ",") + "}")
    } else {
        out.record(fields.map { (key: $0.0, en: $0.1, zh: $0.2, value: $0.3) })
    }
    return RegistryCLI.ExitCode.success
}
