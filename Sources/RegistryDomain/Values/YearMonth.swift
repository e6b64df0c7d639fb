/// A calendar month such as 2025-03, the period of a stipend confirmation.
public struct YearMonth: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1...12.
    public let month: Int

    /// Creates a month, or `nil` when `month` is not in 1...12.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses strictly `YYYY-MM` (zero-padded ASCII digits).
    public init?(_ text: String) {
        // Read in place: every stipend a replay decodes has a month, and copying its bytes into an
        // array first cost an allocation each.
        var text = text
        guard let month = text.withUTF8({ YearMonth(utf8: $0) }) else { return nil }
        self = month
    }

    /// Parses `YYYY-MM` as `init(_:)` does, from its UTF-8 bytes (a payload's, read in place).
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = ASCIIDigits.number(bytes[0..<4]),
              let month = ASCIIDigits.number(bytes[5..<7]),
              year >= 1
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month containing `date`.
    public init(containing date: CalendarDate) {
        self.init(validYear: date.year, month: date.month)
    }

    /// The first day of the month.
    public var firstDay: CalendarDate { CalendarDate(validYear: year, month: month, day: 1) }

    /// The last day of the month.
    public var lastDay: CalendarDate {
        CalendarDate(validYear: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
    }

    /// All days of the month.
    public var days: ClosedRange<CalendarDate> { firstDay...lastDay }

    /// The following month.
    public var next: YearMonth {
        month == 12 ? YearMonth(validYear: year + 1, month: 1) : YearMonth(validYear: year, month: month + 1)
    }

    /// The preceding month.
    public var previous: YearMonth {
        month == 1 ? YearMonth(validYear: year - 1, month: 12) : YearMonth(validYear: year, month: month - 1)
    }

    /// Whether `date` falls in this month.
    public func contains(_ date: CalendarDate) -> Bool {
        date.year == year && date.month == month
    }

    /// The months that overlap `range`, in order.
    public static func months(overlapping range: ClosedRange<CalendarDate>) -> [YearMonth] {
        var result: [YearMonth] = []
        var current = range.lowerBound.yearMonth
        let last = range.upperBound.yearMonth
        while current <= last {
            result.append(current)
            current = current.next
        }
        return result
    }

    /// `YYYY-MM`.
    public var description: String {
        "\(ASCIIDigits.padded(year, width: 4))-\(ASCIIDigits.padded(month, width: 2))"
    }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = YearMonth(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a month YYYY-MM, found '\(text)'.")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    init(validYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }
}
