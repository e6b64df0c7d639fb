import RegistryDomain

/// The one parser of typed-in values, shared by the command line and the CSV import (and, later,
/// the web server's forms), so that every path accepts and refuses exactly the same text.
///
/// What it accepts, after white space around the value is dropped:
///
/// | value  | accepted forms                                                                      |
/// |--------|-------------------------------------------------------------------------------------|
/// | date   | `2025-09-01`, `2025-9-1`, `2025/9/1`, `2025.9.1`, `2025年9月1日` (one separator kind) |
/// | month  | `2025-09`, `2025-9`, `2025/9`, `2025.9`, `2025年9月`                                  |
/// | amount | `3400`, `3,400`, `3400.5`, `3400.50`, `3,400.50`, with `¥`/`￥` before or `元` after  |
/// | kind   | `observation`, `认识实习`; `post`, `岗位实习`, `顶岗实习`, `跟岗实习`                  |
/// | yes/no | `yes`/`no`, `y`/`n`, `true`/`false`, `1`/`0`, `是`/`否`                               |
///
/// English words are matched without regard to case. Kinds follow the 2021 national internship
/// rules (职业学校学生实习管理规定), which have two kinds: 认识实习 (observation) and 岗位实习 (post);
/// the 2016 rules' 跟岗实习 and 顶岗实习 both became 岗位实习, so both map to `post`.
/// Amounts are yuan with at most two decimals, never negative; thousands separators must group
/// digits by three; a currency sign and 元 are not both allowed.
public enum ValueParser {
    /// A calendar date.
    /// - Throws: `InputValueProblem.notADate`.
    public static func date(_ text: String) throws(InputValueProblem) -> CalendarDate {
        if let iso = isoDate(text) { return iso }
        let value = trimmed(text)
        guard let parts = numericParts(value, forms: [["-", "-"], ["/", "/"], [".", "."], ["年", "月", "日"]], count: 3),
              parts[0] >= 1, let date = CalendarDate(year: parts[0], month: parts[1], day: parts[2])
        else { throw .notADate(text) }
        return date
    }

    /// A month of a year.
    /// - Throws: `InputValueProblem.notAMonth`.
    public static func month(_ text: String) throws(InputValueProblem) -> YearMonth {
        let value = trimmed(text)
        guard let parts = numericParts(value, forms: [["-"], ["/"], ["."], ["年", "月"]], count: 2),
              parts[0] >= 1, let month = YearMonth(year: parts[0], month: parts[1])
        else { throw .notAMonth(text) }
        return month
    }

    /// An amount of money in yuan.
    /// - Throws: `InputValueProblem.notAnAmount`.
    public static func amount(_ text: String) throws(InputValueProblem) -> Money {
        var value = Substring(trimmed(text))
        let signed = value.first == "¥" || value.first == "￥"
        if signed { value = value.dropFirst() }
        if value.last == "元" {
            guard !signed else { throw .notAnAmount(text) }
            value = value.dropLast()
        }
        var number = String(value)
        let integer = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        if integer.contains(",") {
            let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw .notAnAmount(text)
            }
            number.removeAll { $0 == "," }
        }
        guard let money = Money(yuan: number) else { throw .notAnAmount(text) }
        return money
    }

    /// The kind of an internship.
    /// - Throws: `InputValueProblem.notAKind`.
    public static func placementKind(_ text: String) throws(InputValueProblem) -> PlacementKind {
        switch trimmed(text).lowercased() {
        case "observation", "认识实习": return .observation
        case "post", "岗位实习", "顶岗实习", "跟岗实习": return .post
        default: throw .notAKind(text)
        }
    }

    /// A yes-or-no answer; empty text is no (an optional column left blank).
    /// - Throws: `InputValueProblem.notYesOrNo`.
    public static func yesOrNo(_ text: String) throws(InputValueProblem) -> Bool {
        switch trimmed(text).lowercased() {
        case "", "no", "n", "false", "0", "否": return false
        case "yes", "y", "true", "1", "是": return true
        default: throw .notYesOrNo(text)
        }
    }

    /// An identifier: NFC, visible, 1 to 64 characters (see `IdentifierInput`).
    /// - Throws: `InputValueProblem.notAnIdentifier`.
    public static func identifier(_ text: String, allowingSlash: Bool = false) throws(InputValueProblem) -> String {
        do {
            return try IdentifierInput.normalized(text, allowingSlash: allowingSlash)
        } catch {
            throw .notAnIdentifier(text, error)
        }
    }

    // MARK: Pieces

    /// `YYYY-MM-DD` in ASCII digits, the form nearly every file and flag uses, read without the
    /// general path's substrings (a tenth of an imported row); nil for anything else, which the
    /// general path then reads or refuses exactly as before.
    private static func isoDate(_ text: String) -> CalendarDate? {
        var text = text
        return text.withUTF8 { b -> CalendarDate? in
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
            // The digits of b[start..<end] as a number, nil if any is not a digit. Plain loops: an array
            // of (part, range) tuples made the runtime look up `Int: Comparable` for `Range<Int>`'s
            // metadata, a scan of every conformance in the executable (270 k instructions a command).
            func number(_ start: Int, _ end: Int) -> Int? {
                var n = 0
                var i = start
                while i < end {
                    guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
                    n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
                    i += 1
                }
                return n
            }
            guard let year = number(0, 4), let month = number(5, 7), let day = number(8, 10), year >= 1 else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }
    }

    private static func trimmed(_ text: String) -> String {
        // Nearly every value has nothing to trim: no new string then.
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The numbers of `text` written as `YYYY` then 1- or 2-digit numbers, each followed by the
    /// separators of one of `forms` (the last separator of a form ends the text, as 日 does; a form
    /// with as many separators as numbers less one has nothing at the end).
    private static func numericParts(_ text: String, forms: [[Character]], count: Int) -> [Int]? {
        forms: for form in forms {
            var rest = Substring(text)
            var numbers: [Int] = []
            for i in 0..<count {
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard (i == 0 ? 4...4 : 1...2).contains(digits.count), let n = Int(digits) else { continue forms }
                numbers.append(n)
                rest = rest.dropFirst(digits.count)
                if i < form.count {
                    guard rest.first == form[i] else { continue forms }
                    rest = rest.dropFirst()
                }
            }
            if rest.isEmpty { return numbers }
        }
        return nil
    }
}
