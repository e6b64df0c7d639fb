import Foundation
import RegistryDomain

/// Why one data row cannot become a command: its report message in both languages.
struct RowProblem: Error, Equatable {
    let en: String
    let zh: String
}

/// One data row read through the header: typed values checked with the same validators as the
/// command-line flags, and the normalized text of each value for the row's command ID.
struct ImportRow {
    let record: CSVRecord
    let header: ImportHeader
    /// The values as they enter the command, in column order, for the deterministic command ID.
    private(set) var normalized: [String] = []

    /// Checks the row's shape: as many fields as the header (trailing empty fields are allowed).
    init(_ record: CSVRecord, header: ImportHeader) throws(RowProblem) {
        self.record = record
        self.header = header
        if let field = record.strayTextAfterQuote {
            throw RowProblem(en: "field \(field) has text after its closing quote.",
                             zh: "第 \(field) 个字段在结束引号之后还有文字。")
        }
        let count = record.fields.count
        if count < header.width || record.fields.dropFirst(header.width).contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
            let given = count < header.width ? count : record.fields.lastIndex { !$0.allSatisfy(\.isWhitespace) }! + 1
            // Forced unwrap: the condition above found a non-blank field past the header's width.
            throw RowProblem(en: "the row has \(given) fields, but the header has \(header.width).",
                             zh: "该行有 \(given) 个字段，而列名行有 \(header.width) 列。")
        }
    }

    /// The column's value without surrounding white space; empty when an optional column is absent.
    func raw(_ column: String) -> String {
        guard let i = header.index[column] else { return "" }
        return record.fields[i].trimmingCharacters(in: .whitespaces)
    }

    private func label(_ column: String) -> String { header.label[column] ?? column }

    private func requirePresent(_ column: String) throws(RowProblem) -> String {
        let value = raw(column)
        guard !value.isEmpty else {
            let written = label(column)
            throw RowProblem(en: "\(written) is empty.", zh: written.allSatisfy(\.isASCII) ? "\(written) 为空。" : "\(written)为空。")
        }
        return value
    }

    /// The row's ID for the report: the value of `column` as written, shortened for display.
    func displayID(_ columns: [String]) -> String {
        columns.map { Invocation.printable(raw($0)) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    // MARK: Typed values

    mutating func identifier(_ column: String) throws(RowProblem) -> String {
        let value = try requirePresent(column)
        do {
            return remember(try Invocation.checkedIdentifier(value, label: label(column)))
        } catch {
            throw RowProblem(en: "\(label(column)) '\(Invocation.printable(value))' is not valid; use 1 to 64 printable characters without spaces.",
                             zh: "\(label(column)) '\(Invocation.printable(value))' 无效；须为 1 至 64 个可打印字符，不含空格。")
        }
    }

    mutating func text(_ column: String, maxLength: Int = 200) throws(RowProblem) -> String {
        let value = try requirePresent(column)
        do {
            return remember(try Invocation.checkedText(value, option: label(column), maxLength: maxLength))
        } catch {
            throw RowProblem(en: "\(label(column)) '\(Invocation.printable(value))' is not valid; use 1 to \(maxLength) characters without control characters.",
                             zh: "\(label(column)) '\(Invocation.printable(value))' 无效；须为 1 至 \(maxLength) 个字符，不含控制字符。")
        }
    }

    mutating func optionalText(_ column: String, maxLength: Int = 64) throws(RowProblem) -> String? {
        guard !raw(column).isEmpty else { remember(""); return nil }
        return try text(column, maxLength: maxLength)
    }

    mutating func date(_ column: String) throws(RowProblem) -> CalendarDate {
        let value = try requirePresent(column)
        let iso = Self.isoDate(value) ?? value
        do {
            let date = try Invocation.date(iso, option: label(column))
            remember(date.description)
            return date
        } catch {
            throw RowProblem(en: "\(label(column)) '\(Invocation.printable(value))' is not a calendar date; write YYYY-MM-DD, e.g. 2025-09-01.",
                             zh: "\(label(column)) '\(Invocation.printable(value))' 不是有效日期；请写作 YYYY-MM-DD，例如 2025-09-01。")
        }
    }

    mutating func month(_ column: String) throws(RowProblem) -> YearMonth {
        let value = try requirePresent(column)
        guard let month = YearMonth(Self.isoMonth(value) ?? value) else {
            throw RowProblem(en: "\(label(column)) '\(Invocation.printable(value))' is not a month; write YYYY-MM, e.g. 2025-09.",
                             zh: "\(label(column)) '\(Invocation.printable(value))' 不是有效月份；请写作 YYYY-MM，例如 2025-09。")
        }
        remember(month.description)
        return month
    }

    mutating func money(_ column: String) throws(RowProblem) -> Money {
        let value = try requirePresent(column)
        do {
            let money = try Invocation.money(Self.withoutThousandsSeparators(value) ?? value, option: label(column))
            remember(String(money.fen))
            return money
        } catch {
            throw RowProblem(en: "\(label(column)) '\(Invocation.printable(value))' is not an amount in yuan; write a non-negative number with at most two decimals, e.g. 1800.50.",
                             zh: "\(label(column)) '\(Invocation.printable(value))' 不是以元计的金额；请写不带符号、最多两位小数的数，例如 1800.50。")
        }
    }

    /// yes/no, true/false, 1/0, 是/否, y/n; empty (or an absent column) is no.
    mutating func flag(_ column: String) throws(RowProblem) -> Bool {
        let value = raw(column)
        let answer: Bool
        switch value.lowercased() {
        case "", "no", "n", "false", "0", "否": answer = false
        case "yes", "y", "true", "1", "是": answer = true
        default:
            throw RowProblem(en: "\(label(column)) '\(Invocation.printable(value))' is not yes or no; write yes/no, 是/否 or 1/0.",
                             zh: "\(label(column)) '\(Invocation.printable(value))' 不是“是”或“否”；请写 是/否、yes/no 或 1/0。")
        }
        remember(answer ? "1" : "0")
        return answer
    }

    mutating func placementKind(_ column: String) throws(RowProblem) -> PlacementKind {
        let value = try requirePresent(column)
        let kind: PlacementKind
        switch value.lowercased() {
        case "observation", "认识实习": kind = .observation
        case "post", "岗位实习", "顶岗实习": kind = .post
        default:
            throw RowProblem(en: "\(label(column)) '\(Invocation.printable(value))' is not one of observation (认识实习), post (岗位实习).",
                             zh: "\(label(column)) '\(Invocation.printable(value))' 不是 认识实习（observation）或 岗位实习（post）。")
        }
        remember(kind.rawValue)
        return kind
    }

    @discardableResult
    mutating func remember(_ value: String) -> String {
        normalized.append(value)
        return value
    }

    // MARK: Spreadsheet forms

    /// `3,400.50` as `3400.50`: a number whose commas group its integer digits by three, as a
    /// spreadsheet's number format writes it. `nil` for anything else (left to the strict validator).
    static func withoutThousandsSeparators(_ text: String) -> String? {
        let integer = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
              groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return text.replacingOccurrences(of: ",", with: "")
    }

    /// `2025/9/1`, `2025-9-1`, `2025.9.1` and `2025年9月1日` as `2025-09-01`: the forms spreadsheet
    /// programs in China write dates in. `nil` for anything else (left to the strict validator).
    static func isoDate(_ text: String) -> String? {
        guard let parts = numericParts(text, separators: "/-.年月日", count: 3), parts[0].count == 4 else { return nil }
        return parts[0] + "-" + pad(parts[1]) + "-" + pad(parts[2])
    }

    /// `2025/9`, `2025-9`, `2025.9` and `2025年9月` as `2025-09`.
    static func isoMonth(_ text: String) -> String? {
        guard let parts = numericParts(text, separators: "/-.年月", count: 2), parts[0].count == 4 else { return nil }
        return parts[0] + "-" + pad(parts[1])
    }

    private static func numericParts(_ text: String, separators: String, count: Int) -> [String]? {
        let parts = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
        guard parts.count == count,
              parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.dropFirst().allSatisfy({ $0.count <= 2 })
        else { return nil }
        return parts
    }

    private static func pad(_ part: String) -> String { part.count == 1 ? "0" + part : part }
}
