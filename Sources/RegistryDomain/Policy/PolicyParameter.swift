/// A policy parameter's name, kind and meaning: one row of `policy show`, one name `--set` accepts.
public struct ParameterDescriptor: Hashable, Sendable {
    /// The name `policy show` prints and `--set NAME=VALUE` takes, such as `quotaTargetRate`.
    public let name: String
    /// The kind of value it holds.
    public let kind: ParameterKind
    /// What it means, in English.
    public let meaningEN: String
    /// What it means, in Chinese.
    public let meaningZH: String

    /// What the parameter means in `language`.
    public func meaning(_ language: Language) -> String { language == .zh ? meaningZH : meaningEN }
}

/// A typed handle on one policy parameter: `policy[.quotaTargetRate]` is a `Parameter<Rate>?`.
///
/// To add a parameter, define it once as a static member of the extension for its value type and
/// list it in `PolicyParameters.all` (see `PolicyParameters.swift`, and `PolicyParameters+Duties.swift`
/// for the duties' own list); `--set`, `policy show`, the event's encoding and `registry rules`
/// then know it.
public struct PolicyParameter<Value: PolicyValue>: Sendable {
    /// The parameter's description.
    public let descriptor: ParameterDescriptor

    /// The parameter's name.
    public var name: String { descriptor.name }

    /// Defines a parameter.
    ///
    /// - Parameters:
    ///   - name: The name `--set` takes; dots group related figures (`apprenticeSubsidyPerYear.senior`).
    ///   - en: What it means, in English.
    ///   - zh: What it means, in Chinese.
    public init(_ name: String, en: String, zh: String) {
        self.descriptor = ParameterDescriptor(name: name, kind: Value.parameterKind, meaningEN: en, meaningZH: zh)
    }
}
