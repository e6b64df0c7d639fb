/// A day of the proleptic Gregorian calendar, without time or time zone.
///
/// Business dates (`on`, `paidOn`, `start`, ...) are calendar dates: the registry never looks at
/// a clock, so a date is only ever parsed from the user's text or computed from another date.
public struct CalendarDate: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The year (four digits when parsed from text).
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// Creates a date from its components, or `nil` for an impossible date such as 2025-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses strictly `YYYY-MM-DD` (zero-padded, ASCII digits), rejecting impossible dates.
    ///
    /// - Parameter text: For example `"2025-03-01"`; `"2025-3-1"` and `"2025-02-30"` are rejected.
    public init?(_ text: String) {
        // Read in place: a replay parses every date it decodes, and copying the bytes into an array
        // first cost an allocation each (about 470 instructions a date, callgrind).
        var text = text
        guard let date = text.withUTF8({ CalendarDate(utf8: $0) }) else { return nil }
        self = date
    }

    /// Parses `YYYY-MM-DD` as `init(_:)` does, from its UTF-8 bytes (a payload's, read in place).
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = ASCIIDigits.number(bytes[0..<4]),
              let month = ASCIIDigits.number(bytes[5..<7]),
              let day = ASCIIDigits.number(bytes[8..<10]),
              year >= 1
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Creates the date that lies `dayNumber` days after 1970-01-01 (negative: before).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// The same day `months` calendar months later, clamped to the target month's last day.
    ///
    /// For example 2025-08-31 + 6 months = 2026-02-28.
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        let newDay = min(day, CalendarDate.daysIn(month: newMonth, year: newYear))
        // The components are valid by construction: month in 1...12 and day clamped to the month.
        return CalendarDate(validYear: newYear, month: newMonth, day: newDay)
    }

    /// The last day of a term of `months` calendar months that starts on this date.
    ///
    /// For example a six-month term starting 2025-03-01 ends on 2025-08-31.
    public func endOfTerm(months: Int) -> CalendarDate {
        adding(months: months).adding(days: -1)
    }

    /// Completed years of age on `date` of someone born on this date.
    ///
    /// Someone born on 29 February turns a year older on 1 March in common years.
    public func age(on date: CalendarDate) -> Int {
        let hadBirthday = (date.month, date.day) >= (month, day)
        return date.year - year - (hadBirthday ? 0 : 1)
    }

    /// The month this date falls in.
    public var yearMonth: YearMonth { YearMonth(validYear: year, month: month) }

    /// `YYYY-MM-DD`.
    /// `YYYY-MM-DD`. Written byte by byte: a rebuild renders millions of dates into read-model rows,
    /// and string interpolation of padded parts took a third of its projecting thread.
    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return "\(ASCIIDigits.padded(year, width: 4))-\(ASCIIDigits.padded(month, width: 2))-\(ASCIIDigits.padded(day, width: 2))"
        }
        return String(unsafeUninitializedCapacity: 10) { out in
            ASCIIDigits.write(year, width: 4, into: out, at: 0)
            out[4] = UInt8(ascii: "-")
            ASCIIDigits.write(month, width: 2, into: out, at: 5)
            out[7] = UInt8(ascii: "-")
            ASCIIDigits.write(day, width: 2, into: out, at: 8)
            return 10
        }
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a date YYYY-MM-DD, found '\(text)'.")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    init(validYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

extension ClosedRange where Bound == CalendarDate {
    /// Number of days in the range, both ends included.
    public var dayCount: Int { upperBound.dayNumber - lowerBound.dayNumber + 1 }

    /// `start…end`, the way messages print a term.
    public var text: String { "\(lowerBound)…\(upperBound)" }
}

/// Strict ASCII digit helpers shared by the value parsers.
enum ASCIIDigits {
    /// The decimal value of a run of ASCII digits, or `nil` if a byte is not a digit or the value overflows.
    static func number<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return value
    }

    /// `value` in decimal, left-padded with zeros to `width` digits (a minus sign goes first).
    static func padded(_ value: Int, width: Int) -> String {
        var digits = 1
        var rest = value.magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let sign = value < 0 ? 1 : 0
        let total = sign + max(digits, width)
        return String(unsafeUninitializedCapacity: total) { out in
            if sign == 1 { out[0] = UInt8(ascii: "-") }
            write(value.magnitude, width: total - sign, into: out, at: sign)
            return total
        }
    }

    /// Writes the last `width` decimal digits of `value` (zero-padded) into `out` at `offset`.
    @inline(__always)
    static func write<T: BinaryInteger>(_ value: T, width: Int, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        var i = offset + width - 1
        while i >= offset {
            out[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            i -= 1
        }
    }
}
