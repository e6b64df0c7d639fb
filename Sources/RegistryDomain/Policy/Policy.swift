/// A named set of rule parameters, each with its source (SPEC section 4). A parameter the policy
/// does not state is **unset**, and the rules that need it do not apply.
///
/// `PolicyAdopted` carries a whole `Policy`, so replaying the log never depends on the profiles
/// compiled into today's code. It is stored as `{"profile": NAME, PARAMETER: {"value": V, "source": S}, …}`
/// with only the parameters it states: the shape the log has always had, where every parameter was set.
public struct Policy: Codable, Sendable, Equatable {
    /// The profile the policy was built from, such as `national` or `sanmenxia`.
    public var profile: String
    /// The parameters the policy states, by name; absent names are unset.
    public private(set) var settings: [String: ParameterSetting]

    /// Creates a policy stating `settings` and nothing else.
    public init(profile: String, settings: [String: ParameterSetting] = [:]) {
        self.profile = profile
        self.settings = settings
    }

    /// The parameter `parameter` as this policy states it, or nil when it is unset; setting nil unsets it.
    public subscript<Value: PolicyValue>(_ parameter: PolicyParameter<Value>) -> Parameter<Value>? {
        get {
            guard let setting = settings[parameter.name], let value = Value(parameterValue: setting.value) else { return nil }
            return Parameter(value, source: setting.source)
        }
        set {
            settings[parameter.name] = newValue.map { ParameterSetting(value: $0.value.parameterValue, source: $0.source) }
        }
    }

    /// The setting of the parameter called `name`, or nil when it is unset (or unknown).
    public func setting(named name: String) -> ParameterSetting? { settings[name] }

    /// This policy with each override stated in place of what it stated before.
    public func applying(_ overrides: [ParameterOverride]) -> Policy {
        var policy = self
        for override in overrides {
            policy.settings[override.name] = ParameterSetting(value: override.value, source: override.source)
        }
        return policy
    }

    /// Whether the policy requires `cover` on every day of a placement's term (never, when `requiredCovers` is unset).
    public func requires(_ cover: Cover) -> Bool {
        self[.requiredCovers]?.value.contains(cover) ?? false
    }

    /// One row per known parameter, in `PolicyParameters.all` order, for `registry policy show` and
    /// `registry rules`; value and source are nil for an unset parameter.
    public var rows: [(name: String, value: String?, source: String?)] {
        PolicyParameters.all.map { descriptor in
            let setting = settings[descriptor.name]
            return (descriptor.name, setting?.value.text, setting?.source)
        }
    }

    private static let profileKey = ParameterCodingKey("profile")
    private static let valueKey = ParameterCodingKey("value")
    private static let sourceKey = ParameterCodingKey("source")

    /// Names the log used before issue 12 for parameters that have since been renamed.
    private static let formerNames = [
        "intermediateSubsidyPerYear": PolicyParameter.intermediateApprenticeSubsidy.name,
        "seniorSubsidyPerYear": PolicyParameter.seniorApprenticeSubsidy.name,
    ]

    /// Decodes a policy; a name this version does not know is skipped, so that a log written by a
    /// later version with more parameters still reads (those rules do not exist here).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ParameterCodingKey.self)
        profile = try container.decode(String.self, forKey: Self.profileKey)
        settings = [:]
        for key in container.allKeys where key.stringValue != "profile" {
            let name = Self.formerNames[key.stringValue] ?? key.stringValue
            guard let descriptor = PolicyParameters.named(name) else { continue }
            let nested = try container.nestedContainer(keyedBy: ParameterCodingKey.self, forKey: key)
            let value = try ParameterValue.decode(descriptor.kind, from: nested, forKey: Self.valueKey)
            settings[name] = ParameterSetting(value: value, source: try nested.decode(String.self, forKey: Self.sourceKey))
        }
    }

    /// The policy `init(from:)` decodes from a payload stating `profile` and, under each other key,
    /// a value and its source (`stored`, keys unique); nil wherever `init(from:)` would throw (a value
    /// of another kind, a rate or cover it does not read) or could read two ways (a former name beside
    /// the name it became). For a decoder that reads the log's JSON without `JSONDecoder`: what the
    /// keys mean (former names, names this version does not know skipped) is decided here, once.
    public static func stored(profile: String, _ stored: [(key: String, value: StoredParameterValue, source: String)]) -> Policy? {
        var settings: [String: ParameterSetting] = [:]
        for entry in stored {
            let name = formerNames[entry.key] ?? entry.key
            guard let descriptor = PolicyParameters.named(name) else { continue }
            guard settings[name] == nil, let value = ParameterValue(descriptor.kind, stored: entry.value) else { return nil }
            settings[name] = ParameterSetting(value: value, source: entry.source)
        }
        return Policy(profile: profile, settings: settings)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ParameterCodingKey.self)
        try container.encode(profile, forKey: Self.profileKey)
        for (name, setting) in settings.sorted(by: { $0.key < $1.key }) {
            var nested = container.nestedContainer(keyedBy: ParameterCodingKey.self, forKey: ParameterCodingKey(name))
            try setting.value.encode(to: &nested, forKey: Self.valueKey)
            try nested.encode(setting.source, forKey: Self.sourceKey)
        }
    }
}

/// A parameter's value and the document that states it.
public struct ParameterSetting: Hashable, Sendable {
    /// The value.
    public var value: ParameterValue
    /// Where it comes from, such as `"001 item 16"` or `"户人社发〔2025〕3号"`.
    public var source: String

    /// Creates a setting.
    public init(value: ParameterValue, source: String) {
        self.value = value
        self.source = source
    }
}

/// A local figure a bureau adopted with a profile (`--set NAME=VALUE --source DOC`).
public struct ParameterOverride: Codable, Hashable, Sendable {
    /// The parameter's name, one of `PolicyParameters.names`.
    public var name: String
    /// The value.
    public var value: ParameterValue
    /// The document that states it.
    public var source: String

    /// Creates an override.
    public init(name: String, value: ParameterValue, source: String) {
        self.name = name
        self.value = value
        self.source = source
    }

    /// The override of parameter `name` stated as `text` (as `--set` takes it and the log stores it);
    /// nil when `name` is no parameter's or `text` is not a value of its kind.
    public init?(name: String, text: String, source: String) {
        guard let descriptor = PolicyParameters.named(name), let value = descriptor.kind.parse(text) else { return nil }
        self.init(name: name, value: value, source: source)
    }

    /// Why a `--set NAME=VALUE` text is not an override.
    public enum ParseError: Error, Equatable, Sendable {
        /// No `=` between name and value.
        case missingEquals(String)
        /// The name is not a parameter's.
        case unknownParameter(String)
        /// The value is not of the parameter's kind.
        case malformedValue(name: String, value: String, kind: ParameterKind)
    }

    /// Reads `NAME=VALUE` with the value in the parameter's kind.
    ///
    /// - Throws: `ParseError` naming what is wrong.
    public static func parse(_ text: String, source: String) throws(ParseError) -> ParameterOverride {
        guard let equals = text.firstIndex(of: "=") else { throw .missingEquals(text) }
        let name = String(text[..<equals]), valueText = String(text[text.index(after: equals)...])
        guard let descriptor = PolicyParameters.named(name) else { throw .unknownParameter(name) }
        guard let value = descriptor.kind.parse(valueText) else {
            throw .malformedValue(name: name, value: valueText, kind: descriptor.kind)
        }
        return ParameterOverride(name: name, value: value, source: source)
    }

    private enum CodingKeys: String, CodingKey { case name, value, source }

    /// Decodes an override; its value is stored as the text `--set` takes, read in the parameter's kind.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let source = try container.decode(String.self, forKey: .source)
        let text = try container.decode(String.self, forKey: .value)
        guard let override = ParameterOverride(name: name, text: text, source: source) else {
            throw DecodingError.dataCorruptedError(forKey: .value, in: container,
                                                   debugDescription: "'\(text)' is not a value of parameter '\(name)'.")
        }
        self = override
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value.text, forKey: .value)
        try container.encode(source, forKey: .source)
    }
}
