/// One rule of the catalogue as a policy applies it: for `registry rules` and RULES.md.
public struct RuleInForce: Equatable, Sendable {
    /// The rule as catalogued.
    public let rule: RuleDescription
    /// Each parameter the rule applies, with the value and source the policy gives it (nil: unset).
    public let parameters: [(name: String, setting: ParameterSetting?)]
    /// The profile of the policy.
    public let profile: String

    /// Whether the rule applies under the policy: a data-quality rule or a rule without parameters
    /// always does; a rule with parameters does when its first parameter is set; Insurance_02 only
    /// where the required covers include accident insurance.
    public var applies: Bool {
        guard let first = parameters.first else { return true }
        if rule.id == .insurance02 { return first.setting?.value.text.contains(Cover.accident.rawValue) ?? false }
        return first.setting != nil
    }

    /// Whether part of the rule stands without its figures: Subsidy_02 still grants nothing to a
    /// modern apprenticeship and pays a balance only after completion, with no limit where none is set.
    public var appliesInPart: Bool {
        !applies && rule.id == .subsidy02
    }

    public static func == (lhs: RuleInForce, rhs: RuleInForce) -> Bool {
        lhs.rule == rhs.rule && lhs.profile == rhs.profile
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.setting) == rhs.parameters.map(\.setting)
    }
}

extension RuleCatalogue {
    /// Every rule, in catalogue order, with the values `policy` gives its parameters.
    public static func inForce(under policy: Policy) -> [RuleInForce] {
        all.map { rule in
            RuleInForce(rule: rule, parameters: rule.parameters.map { ($0, policy.setting(named: $0)) }, profile: policy.profile)
        }
    }
}
