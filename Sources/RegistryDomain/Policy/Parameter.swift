/// A policy parameter: its value and the document item it comes from.
public struct Parameter<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The value in force.
    public var value: Value
    /// Where the value comes from, such as `"001 item 16"`.
    public var source: String

    /// Creates a parameter.
    public init(_ value: Value, source: String) {
        self.value = value
        self.source = source
    }
}
