/// An amount of renminbi in integer fen (分, 1/100 yuan), so sums and comparisons are exact.
public struct Money: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The amount in fen.
    public let fen: Int64

    /// Creates an amount of `fen` fen.
    public init(fen: Int64) {
        self.fen = fen
    }

    /// Creates an amount of whole yuan.
    public init(yuan: Int64) {
        self.fen = yuan * 100
    }

    /// Parses a non-negative yuan amount with at most two decimals, such as `"12.5"` or `"0.01"`.
    ///
    /// Signs, exponents, thousands separators, a bare or trailing `.`, more than two decimals
    /// and amounts that do not fit in `Int64` fen are rejected.
    public init?(yuan text: String) {
        let bytes = Array(text.utf8)
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerPart = bytes[..<(dot ?? bytes.endIndex)]
        let fractionPart = dot.map { bytes[($0 + 1)...] } ?? []
        guard !integerPart.isEmpty, integerPart.count <= 18,
              let whole = ASCIIDigits.number(integerPart)
        else { return nil }
        var fraction = 0
        if dot != nil {
            guard (1...2).contains(fractionPart.count), let parsed = ASCIIDigits.number(fractionPart) else {
                return nil
            }
            fraction = fractionPart.count == 1 ? parsed * 10 : parsed
        }
        let (scaled, o1) = Int64(whole).multipliedReportingOverflow(by: 100)
        let (total, o2) = scaled.addingReportingOverflow(Int64(fraction))
        guard !o1, !o2 else { return nil }
        self.fen = total
    }

    /// No money.
    public static let zero = Money(fen: 0)

    /// Whether the amount is below zero.
    public var isNegative: Bool { fen < 0 }

    /// Yuan with exactly two decimals, such as `1234.50`.
    public var description: String {
        let magnitude = fen.magnitude
        let cents = Int(magnitude % 100)
        return (fen < 0 ? "-" : "") + "\(magnitude / 100)." + ASCIIDigits.padded(cents, width: 2)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen + rhs.fen) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen - rhs.fen) }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }

    /// The amount multiplied by a count, such as an amount per month times months.
    public func times(_ count: Int) -> Money { Money(fen: fen * Int64(count)) }

    /// `self × numerator / denominator`, rounded down to whole fen (non-negative amounts).
    public func fraction(_ numerator: Int, of denominator: Int) -> Money {
        precondition(denominator > 0, "denominator must be positive")
        let d = Int64(denominator)
        let n = Int64(numerator)
        return Money(fen: (fen / d) * n + (fen % d) * n / d)
    }

    /// `self × numerator / denominator`, rounded up to whole fen (non-negative amounts).
    public func fractionRoundedUp(_ numerator: Int, of denominator: Int) -> Money {
        precondition(denominator > 0, "denominator must be positive")
        let d = Int64(denominator)
        let n = Int64(numerator)
        let remainder = (fen % d) * n
        return Money(fen: (fen / d) * n + remainder / d + (remainder % d > 0 ? 1 : 0))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.fen = try container.decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fen)
    }
}
