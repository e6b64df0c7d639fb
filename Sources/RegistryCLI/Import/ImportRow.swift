import Foundation
import InputValues
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
        return Self.trimmed(record.fields[i])
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation when there is nothing to trim
    /// (nearly every cell, and every flag's text: `Invocation.checkedText` uses it too): that bridged call was 5% of an imported row. Trimming removes only
    /// scalars of the set at either end, so a cell whose end scalars are not in it is returned as
    /// it is. The set is asked, not restated: on Linux it holds more than its documented Zs and tab
    /// (U+200B, for one).
    static func trimmed(_ text: String) -> String {
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            (0x21...0x7E).contains(scalar.value) ? false : whitespaces.contains(scalar)
        }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              isWhitespace(first) || isWhitespace(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    private static let whitespaces = CharacterSet.whitespaces

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

    /// The value read by the one parser the command line uses too (`ValueParser`); its problem
    /// becomes the row's, worded as on the command line with the column's name.
    private func parsed<T>(_ column: String, _ value: String,
                           _ parse: (String) throws(InputValueProblem) -> T) throws(RowProblem) -> T {
        do {
            return try parse(value)
        } catch {
            throw RowProblem(en: error.message(field: label(column), language: .en), zh: error.message(field: label(column), language: .zh))
        }
    }

    /// An ID: the cell as written, so that white space around it is refused as on the command line
    /// (a reader cannot see it); normalised to NFC.
    mutating func identifier(_ column: String, allowingSlash: Bool = false) throws(RowProblem) -> String {
        _ = try requirePresent(column)
        // requirePresent found the column, so the header has an index for it.
        let cell = record.fields[header.index[column]!]
        return remember(try parsed(column, cell) { text throws(InputValueProblem) in try ValueParser.identifier(text, allowingSlash: allowingSlash) })
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
        let date = try parsed(column, try requirePresent(column), ValueParser.date)
        remember(date.description)
        return date
    }

    mutating func month(_ column: String) throws(RowProblem) -> YearMonth {
        let month = try parsed(column, try requirePresent(column), ValueParser.month)
        remember(month.description)
        return month
    }

    mutating func money(_ column: String) throws(RowProblem) -> Money {
        let money = try parsed(column, try requirePresent(column), ValueParser.amount)
        remember(String(money.fen))
        return money
    }

    /// yes/no, true/false, 1/0, 是/否, y/n; empty (or an absent column) is no.
    mutating func flag(_ column: String) throws(RowProblem) -> Bool {
        let answer = try parsed(column, raw(column), ValueParser.yesOrNo)
        remember(answer ? "1" : "0")
        return answer
    }

    mutating func placementKind(_ column: String) throws(RowProblem) -> PlacementKind {
        let kind = try parsed(column, try requirePresent(column), ValueParser.placementKind)
        remember(kind.rawValue)
        return kind
    }

    /// Reads personal values (a name, a birth date) without letting them into the row's command ID:
    /// that ID is in the log in clear, and a plain hash of a name and a birth date is reversed by
    /// trying the likely ones.
    mutating func withoutRemembering<T>(_ read: (inout ImportRow) throws(RowProblem) -> T) throws(RowProblem) -> T {
        let count = normalized.count
        defer { normalized.removeSubrange(count...) }
        return try read(&self)
    }

    /// The ID-card number (身份证号) of the row's personal-data column, checked (18 characters, 17
    /// digits then a digit or X; or the old 15 digits) and upper-cased; nil when the file has no
    /// such column or the cell is empty. Its value is never shown, even in a problem.
    func idCard() throws(RowProblem) -> String? {
        guard let field = header.personalDataFields.min(), field < record.fields.count else { return nil }
        let value = record.fields[field].trimmingCharacters(in: .whitespaces).uppercased()
        guard !value.isEmpty else { return nil }
        let digits = value.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        let valid = (value.count == 18 && value.unicodeScalars.count == 18 && (digits == 18 || (digits == 17 && value.hasSuffix("X"))))
            || (value.count == 15 && digits == 15)
        guard valid else {
            throw RowProblem(en: "the ID-card number (身份证号) is not 18 characters of digits (the last may be X).",
                             zh: "身份证号格式不正确：应为 18 位数字（最后一位可为 X）。")
        }
        return value
    }

    @discardableResult
    mutating func remember(_ value: String) -> String {
        normalized.append(value)
        return value
    }
}
