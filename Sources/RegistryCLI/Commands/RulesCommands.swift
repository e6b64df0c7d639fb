import Messages
import EventStore
import Foundation
import RegistryDomain
import RegistryService

extension RegistryCLI {
    /// `registry rules`: the rules catalogue (RULES.md) with the values of the policy in force.
    static var rulesCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["rules"],
                summary: ("The rules catalogue with the values and sources of the policy in force.", "规则目录，附现行政策的参数取值与来源。"),
                role: "any",
                options: [.value("--on", "DATE", "the date of the policy in force (default: the latest adopted)", required: false),
                          .value("--policy", "PROFILE", "show a shipped profile instead of the log's policy", required: false)],
                examples: ["registry rules", "registry rules --on 2025-03-01 --lang zh", "registry rules --policy hechuan --format json"],
                run: { inv, out in try runRules(inv, out) }),
        ]
    }
}

/// Prints one row per rule: ID, severity, parameters with value and source (or `unset`, or the
/// registry setting of a data-quality rule), whether it applies, the documents, and what it says.
func runRules(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.noPositionals()
    let policy: Policy
    var title: String
    if let name = inv.optionalText("--policy") {
        guard let profile = PolicyProfiles.named(name) else {
            throw UsageError("unknown policy profile '\(Invocation.printable(name))'; known profiles are \(PolicyProfiles.names.joined(separator: ", ")).",
                             zh: "未知政策配置 '\(Invocation.printable(name))'；可用配置为 \(PolicyProfiles.names.joined(separator: "、"))。")
        }
        if inv.optionalText("--on") != nil {
            throw UsageError("--on picks the policy in force in the log; --policy names a profile instead: give one of them.",
                             zh: "--on 选择日志中的现行政策，--policy 指定配置：二者只能给出一个。")
        }
        policy = profile
        title = out.t("Rules under profile \(name)", "配置 \(name) 下的规则")
    } else {
        let registry = try inv.openForReading()
        let header = try registry.registryHeader()
        guard let header else { throw RegistryError.rejected(.registryNotInitialized) }
        if let on = try inv.optionalDate("--on") {
            policy = header.policy(on: on)
            title = out.t("Rules under the policy in force on \(on) in \(header.jurisdiction) (\(policy.profile))",
                          "\(header.jurisdiction) 于 \(on) 的现行政策（\(policy.profile)）下的规则")
        } else {
            policy = header.latestAdoption?.policy ?? PolicyProfiles.national
            let from = header.latestAdoption.map { "\($0.from)" } ?? "-"
            title = out.t("Rules under the policy in force from \(from) in \(header.jurisdiction) (\(policy.profile))",
                          "\(header.jurisdiction) 自 \(from) 起的现行政策（\(policy.profile)）下的规则")
        }
    }
    let machine = out.format == .json || out.format == .csv
    let rows = RuleCatalogue.inForce(under: policy).map { r -> [String] in
        let rule = r.rule
        let parameters: String, values: String, valueSources: String, applies: String
        if rule.isDataQuality {
            parameters = "—"
            values = rule.setting.map { machine ? $0 : MessageCatalogue.translatedText($0, prefix: "setting:", out.language) } ?? "—"
            valueSources = out.t("registry setting", "登记簿设定")
            applies = machine ? "data-quality" : out.t("yes (data quality)", "是（数据质量）")
        } else if r.parameters.isEmpty {
            (parameters, values, valueSources) = ("—", "—", "—")
            applies = machine ? "yes" : out.t("yes", "是")
        } else {
            parameters = r.parameters.map(\.name).joined(separator: "; ")
            values = r.parameters.map { $0.setting?.value.text ?? out.t("unset", "未设定") }.joined(separator: "; ")
            valueSources = Array(Set(r.parameters.compactMap { $0.setting?.source })).sorted().joined(separator: "; ")
            applies = r.applies ? (machine ? "yes" : out.t("yes", "是"))
                : r.appliesInPart ? (machine ? "partly" : out.t("partly: no limits set", "部分：未设定限额"))
                : machine ? "no"
                : r.parameters.first?.setting != nil ? out.t("no: not required", "否：未要求") : out.t("no: unset", "否：未设定")
        }
        return [rule.id.rawValue, machine ? rule.severity.rawValue : rule.severity.name(out.language), parameters, values,
                valueSources.isEmpty ? "—" : SourceText.shown(valueSources, out), applies, SourceText.shown(rule.source, out),
                rule.summary(out.language)]
    }
    out.table([("rule", "Rule", "规则"), ("severity", "Severity", "级别"), ("parameters", "Parameter", "参数"),
               ("values", "Value", "取值"), ("value_source", "Value's source", "取值来源"), ("applies", "Applies", "适用"),
               ("source", "Source", "依据"), ("summary", "Rule", "规则内容")],
              rows, title: title)
    return RegistryCLI.ExitCode.success
}
