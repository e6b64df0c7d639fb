/// The kinds of value a policy parameter can hold; each knows how to read `--set NAME=VALUE` text
/// and how to print a value for `policy show`.
public enum ParameterKind: String, Sendable, CaseIterable {
    /// A proportion: `0.02` or `2%` (see `Rate.init?(_:)`).
    case rate
    /// A non-negative whole number: months, days, years, a count.
    case integer
    /// Yuan with at most two decimals, kept in fen.
    case money
    /// A comma-separated list of insurance covers: `liability` or `liability,accident`.
    case covers

    /// What a value of this kind looks like, for usage errors: `a rate such as 0.02 or 2%`.
    public func example(_ language: Language) -> String {
        switch (self, language) {
        case (.rate, .en): "a rate such as 0.02 or 2%"
        case (.rate, .zh): "比例，如 0.02 或 2%"
        case (.integer, .en): "a whole number such as 12"
        case (.integer, .zh): "整数，如 12"
        case (.money, .en): "an amount in yuan such as 5000 or 200.50"
        case (.money, .zh): "以元计的金额，如 5000 或 200.50"
        case (.covers, .en): "covers such as liability or liability,accident"
        case (.covers, .zh): "险种，如 liability 或 liability,accident"
        }
    }

    /// Reads `text` as a value of this kind, or nil when it is malformed.
    public func parse(_ text: String) -> ParameterValue? {
        switch self {
        case .rate:
            return Rate(text).map(ParameterValue.rate)
        case .integer:
            guard !text.isEmpty, text.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(text) else { return nil }
            return .integer(n)
        case .money:
            return Money(yuan: text).map(ParameterValue.money)
        case .covers:
            var covers: [Cover] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let cover = Cover(rawValue: String(part)) else { return nil }
                covers.append(cover)
            }
            return covers.isEmpty ? nil : covers.parameterValue
        }
    }
}

/// One parameter's value, whatever its kind.
public enum ParameterValue: Hashable, Sendable {
    case rate(Rate)
    case integer(Int)
    case money(Money)
    case covers([Cover])

    /// The value's kind.
    public var kind: ParameterKind {
        switch self {
        case .rate: .rate
        case .integer: .integer
        case .money: .money
        case .covers: .covers
        }
    }

    /// The value as `policy show` prints it and `--set` reads it: `0.02`, `12`, `5000.00`, `liability,accident`.
    public var text: String {
        switch self {
        case .rate(let rate): rate.decimalText
        case .integer(let n): "\(n)"
        case .money(let money): money.description
        case .covers(let covers): covers.map(\.rawValue).joined(separator: ",")
        }
    }

    /// Encodes the value as the log has always stored it: a rate as `"0.02"`, money as fen, covers as names.
    func encode(to container: inout KeyedEncodingContainer<ParameterCodingKey>, forKey key: ParameterCodingKey) throws {
        switch self {
        case .rate(let rate): try container.encode(rate, forKey: key)
        case .integer(let n): try container.encode(n, forKey: key)
        case .money(let money): try container.encode(money, forKey: key)
        case .covers(let covers): try container.encode(covers, forKey: key)
        }
    }

    /// Decodes a value of `kind` stored under `key`.
    static func decode(_ kind: ParameterKind, from container: KeyedDecodingContainer<ParameterCodingKey>,
                       forKey key: ParameterCodingKey) throws -> ParameterValue {
        switch kind {
        case .rate: .rate(try container.decode(Rate.self, forKey: key))
        case .integer: .integer(try container.decode(Int.self, forKey: key))
        case .money: .money(try container.decode(Money.self, forKey: key))
        case .covers: try container.decode([Cover].self, forKey: key).parameterValue
        }
    }
}

/// A parameter's value as a payload's JSON stores it, before the parameter's kind says how to read it.
public enum StoredParameterValue: Sendable, Equatable {
    /// A JSON integer (an integer parameter; money, in fen).
    case integer(Int64)
    /// A JSON string (a rate, such as `"0.02"`).
    case text(String)
    /// A JSON array of strings (covers, by name).
    case texts([String])
}

extension ParameterValue {
    /// The value of `kind` that `decode(_:from:forKey:)` reads from `stored`; nil where it would throw.
    public init?(_ kind: ParameterKind, stored: StoredParameterValue) {
        switch (kind, stored) {
        case (.rate, .text(let text)):
            guard let rate = Rate(text) else { return nil }
            self = .rate(rate)
        case (.integer, .integer(let n)):
            guard let n = Int(exactly: n) else { return nil }
            self = .integer(n)
        case (.money, .integer(let fen)):
            self = .money(Money(fen: fen))
        case (.covers, .texts(let names)):
            let covers = names.compactMap(Cover.init(rawValue:))
            guard covers.count == names.count else { return nil }
            self = covers.parameterValue
        default:
            return nil
        }
    }
}

/// A coding key made of any string: parameter names are data, not a fixed enum.
struct ParameterCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A Swift type a parameter's value can be read as; the bridge between `ParameterValue` and the rules' types.
public protocol PolicyValue: Codable, Sendable, Equatable {
    /// The kind of parameter that holds values of this type.
    static var parameterKind: ParameterKind { get }
    /// The typed value, or nil when `value` is of another kind.
    init?(parameterValue value: ParameterValue)
    /// The value wrapped.
    var parameterValue: ParameterValue { get }
}

extension Rate: PolicyValue {
    public static var parameterKind: ParameterKind { .rate }
    public init?(parameterValue value: ParameterValue) {
        guard case .rate(let rate) = value else { return nil }
        self = rate
    }
    public var parameterValue: ParameterValue { .rate(self) }
}

extension Int: PolicyValue {
    public static var parameterKind: ParameterKind { .integer }
    public init?(parameterValue value: ParameterValue) {
        guard case .integer(let n) = value else { return nil }
        self = n
    }
    public var parameterValue: ParameterValue { .integer(self) }
}

extension Money: PolicyValue {
    public static var parameterKind: ParameterKind { .money }
    public init?(parameterValue value: ParameterValue) {
        guard case .money(let money) = value else { return nil }
        self = money
    }
    public var parameterValue: ParameterValue { .money(self) }
}

extension Array: PolicyValue where Element == Cover {
    public static var parameterKind: ParameterKind { .covers }
    public init?(parameterValue value: ParameterValue) {
        guard case .covers(let covers) = value else { return nil }
        self = covers
    }
    public var parameterValue: ParameterValue { .covers(Array(Set(self)).sorted()) }
}
