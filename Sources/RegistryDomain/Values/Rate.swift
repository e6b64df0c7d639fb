/// A proportion in integer basis points (1/10000), such as the 2% quota or the 80% pay floor.
///
/// Integer basis points keep `ceil(rate × n)` exact: no binary floating point is involved.
public struct Rate: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The rate in basis points: 200 is 2%, 10000 is 100%.
    public let basisPoints: Int

    /// Creates a rate of `basisPoints` basis points.
    public init(basisPoints: Int) {
        self.basisPoints = basisPoints
    }

    /// Parses a non-negative decimal fraction with at most four decimals (`"0.02"`, `"1"`),
    /// or a percentage with at most two decimals (`"2%"`, `"12.5%"`).
    public init?(_ text: String) {
        var bytes = Array(text.utf8)
        var scale = 4
        if bytes.last == UInt8(ascii: "%") {
            bytes.removeLast()
            scale = 2
        }
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerPart = bytes[..<(dot ?? bytes.endIndex)]
        guard integerPart.count <= 6, let whole = ASCIIDigits.number(integerPart) else { return nil }
        var fraction = 0
        if let dot {
            let fractionPart = bytes[(dot + 1)...]
            guard (1...scale).contains(fractionPart.count), let parsed = ASCIIDigits.number(fractionPart) else {
                return nil
            }
            fraction = parsed
            for _ in fractionPart.count..<scale { fraction *= 10 }
        }
        var unit = 1
        for _ in 0..<scale { unit *= 10 }
        self.basisPoints = whole * unit + fraction
    }

    /// `ceil(rate × n)` for a non-negative count, exactly.
    public func ceilTimes(_ n: Int) -> Int {
        let product = basisPoints * n
        return product / 10_000 + (product % 10_000 > 0 ? 1 : 0)
    }

    /// `floor(rate × n)` for a non-negative count, exactly.
    public func floorTimes(_ n: Int) -> Int {
        basisPoints * n / 10_000
    }

    /// `rate × money`, rounded up to whole fen: the right rounding for a floor of pay.
    public func times(_ money: Money) -> Money {
        money.fractionRoundedUp(basisPoints, of: 10_000)
    }

    /// `rate × money`, rounded down to whole fen: the right rounding for a cap on a payment.
    public func floorTimes(_ money: Money) -> Money {
        money.fraction(basisPoints, of: 10_000)
    }

    /// The decimal fraction, such as `0.02` or `0.5`.
    public var decimalText: String {
        let whole = basisPoints / 10_000
        var fraction = basisPoints % 10_000
        guard fraction != 0 else { return "\(whole)" }
        var width = 4
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        return "\(whole)." + ASCIIDigits.padded(fraction, width: width)
    }

    /// The percentage, such as `2%` or `12.5%`.
    public var description: String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        guard fraction != 0 else { return "\(whole)%" }
        let text = fraction % 10 == 0 ? "\(fraction / 10)" : ASCIIDigits.padded(fraction, width: 2)
        return "\(whole).\(text)%"
    }

    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.basisPoints < rhs.basisPoints }

    /// Decodes the decimal text form, such as `"0.02"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let rate = Rate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a rate such as 0.02, found '\(text)'.")
        }
        self = rate
    }

    /// Encodes the decimal text form, such as `"0.02"`, which is exact.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimalText)
    }
}
