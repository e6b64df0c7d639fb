import EventStore
import Foundation
import RegistryDomain
import RegistryService

extension RegistryCLI {
    static var setupCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["init"], summary: ("Create the registry log for a jurisdiction and adopt a policy.", "为辖区创建登记簿日志并采用政策。"),
                role: "bureau",
                options: [.value("--jurisdiction", "NAME", "the jurisdiction, e.g. 三门峡市"),
                          .value("--policy", "PROFILE", "policy profile: \(PolicyProfiles.names.joined(separator: ", ")) (default national)", required: false),
                          .value("--from", "DATE", "the policy's effective date (default 2000-01-01)", required: false)],
                examples: ["registry init --as bureau:EDU --jurisdiction 三门峡市 --policy sanmenxia --from 2024-01-01"],
                run: { inv, out in
                    try inv.noPositionals()
                    let from = try inv.optionalDate("--from") ?? CalendarDate(year: 2000, month: 1, day: 1)!
                    let command = RegistryCommand.initialize(jurisdiction: try inv.name("--jurisdiction"),
                                                             profile: inv.optionalText("--policy") ?? "national", from: from)
                    return try runWrite(command, inv, out, creating: true,
                                        done: ("registry initialised in \(inv.logDirectory)", "登记簿已在 \(inv.logDirectory) 初始化"))
                }),
            CommandSpec(
                path: ["policy", "adopt"], arguments: "PROFILE",
                summary: ("Adopt a policy profile from a date.", "自某日起采用政策配置。"), role: "bureau",
                options: [.value("--from", "DATE", "the date the policy is in force from")],
                examples: ["registry policy adopt sanmenxia --from 2025-01-01 --as bureau:EDU"],
                run: { inv, out in
                    let profile = try inv.id(after: 0, label: "PROFILE")
                    return try runWrite(.adoptPolicy(profile: profile, from: try inv.date("--from")), inv, out,
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
                        let header = try registry.events(of: StreamID.registry).map(\.event).reduce(nil, RegistryHeader.evolve)
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
                              policyRows(policy), title: title + " (" + policy.profile + ")")
                    return ExitCode.success
                }),
            CommandSpec(
                path: ["verify"], summary: ("Check every record's CRC and chain link; print the head hash.", "校验每条记录的 CRC 与哈希链；输出链头哈希。"),
                role: "inspector (reads only)",
                options: [.value("--expect-head", "HASH", "a head hash written down earlier", required: false),
                          .value("--at", "POSITION", "the position that hash was taken at", required: false),
                          .value("--checkpoint", "FILE", "check a saved signed checkpoint: signature, and that the log extends it", required: false),
                          .value("--receipt", "FILE", "check a kept receipt: its events are still in the log, which extends its checkpoint", required: false)],
                examples: ["registry verify", "registry verify --expect-head 3f2a… --at 1200", "registry verify --checkpoint checkpoint.txt"],
                run: { inv, out in try runVerify(inv, out) }),
        ]
    }
}

/// The parameter rows of a policy: name, value, source.
func policyRows(_ policy: Policy) -> [[String]] {
    policy.rows.map { [$0.name, $0.value, $0.source] }
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
    if (expected == nil) != (at == nil) { throw UsageError("--expect-head and --at go together.", zh: "--expect-head 与 --at 须同时给出。") }
    let started = Date()
    let showProgress = isatty(2) != 0
    let report = try LogVerifier.verify(directory: inv.logDirectory, hashAt: at) { done, total in
        if showProgress && total > 32 << 20 { out.progress(out.t("verifying \(done >> 20) of \(total >> 20) MiB", "校验中 \(done >> 20) / \(total >> 20) MiB")) }
    }
    if showProgress && report.byteCount > 32 << 20 { out.endProgress() }
    if let torn = report.tornTail {
        out.error(out.t("warning: torn tail: \(torn.bytesRemoved) bytes of an incomplete record group at offset \(torn.offset) of \(torn.segment) (\(torn.reason)); they were never acknowledged and the next writer cuts them.",
                        "警告：尾部残缺：\(torn.segment) 偏移 \(torn.offset) 处有 \(torn.bytesRemoved) 字节不完整的记录组（\(torn.reason)）；它们从未被确认，下一个写入者会将其截去。"))
    }
    do {
        if let tree = try MerkleTree.check(directory: inv.logDirectory, verifiedThrough: report.head.position), tree.wasRebuilt {
            out.error(out.t("warning: the Merkle tree (\(MerkleTree.fileName)) did not match the log and was rebuilt from it.",
                            "警告：默克尔树（\(MerkleTree.fileName)）与日志不符，已据日志重建。"))
        }
    } catch {
        // The tree is derived data (a read-only copy of a log cannot rebuild it): the chain verified, so say so and go on.
        out.error(out.t("warning: the Merkle tree (\(MerkleTree.fileName)) could not be checked: ", "警告：无法检查默克尔树（\(MerkleTree.fileName)）：")
                  + RegistryCLI.describe(error, out.language).1)
    }
    let seconds = Date().timeIntervalSince(started)
    var fields: [(String, String, String, String)] = [
        ("events", "events", "事件数", String(report.eventCount)),
        ("head_position", "head position", "链头位置", String(report.head.position)),
        ("head_hash", "head hash", "链头哈希", report.head.hash.hex),
        ("segments", "segments", "段文件", String(report.segmentCount)),
        ("bytes", "bytes", "字节", String(report.byteCount)),
        ("streams", "streams", "流", String(report.streamCount)),
        ("seconds", "seconds", "耗时（秒）", String(format: "%.3f", seconds)),
    ]
    if let expected, let at {
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
        fields.append(("extends", "extends the recorded head", "延续所记录的链头", out.t("yes, at position \(at)", "是，位置 \(at)")))
    }
    out.record(fields.map { (key: $0.0, en: $0.1, zh: $0.2, value: $0.3) })
    return RegistryCLI.ExitCode.success
}
