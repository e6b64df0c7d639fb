import Foundation
import InputValues
import RegistryDomain
import RegistryService

/// How results are printed.
enum OutputFormat: String {
    case table, json, csv, html
}

/// Standard output and error, with the chosen format and language.
final class Output {
    let format: OutputFormat
    let language: Language
    private var outBuffer: [UInt8] = []
    /// `--excel`: CSV starts with a UTF-8 byte-order mark wherever it goes.
    var isForExcel = false
    private var hasWritten = false

    init(format: OutputFormat, language: Language) {
        self.format = format
        self.language = language
    }

    /// `en` or `zh`, by the chosen language.
    func t(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    func line(_ text: String = "") {
        outBuffer.append(contentsOf: Array((text + "\n").utf8))
        if outBuffer.count > 1 << 16 { flush() }
    }

    func flush() {
        guard !outBuffer.isEmpty else { return }
        if let run = EmbeddedRun.current {
            run.write(outBuffer)
            outBuffer.removeAll(keepingCapacity: true)
            return
        }
        if !hasWritten {
            hasWritten = true
            if format == .csv && (isForExcel || Self.standardOutputIsEmptyFile()) { outBuffer.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
        }
        FileHandle.standardOutput.write(Data(outBuffer))
        outBuffer.removeAll(keepingCapacity: true)
    }

    /// One line on standard error.
    func error(_ text: String) {
        flush()
        if let run = EmbeddedRun.current { return run.writeError(text) }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A progress line on standard error, rewritten in place; only when standard error is a terminal,
    /// so that a script capturing stderr (or a log file) gets no carriage returns and escape codes.
    func progress(_ text: String) {
        guard Self.stderrIsTerminal else { return }
        FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
    }

    /// Ends a progress line (nothing when standard error is not a terminal).
    func endProgress() {
        guard Self.stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    /// Whether standard error is a terminal (`isatty(STDERR_FILENO)`).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Prints a read record as one line of JSON: English keys and machine values whatever the language.
    func json(_ record: some Encodable) throws {
        line(try ReadJSON.encode(record))
    }

    /// Prints rows in the chosen format. `headings` are (key for JSON/CSV, English, Chinese).
    func table(_ headings: [(key: String, en: String, zh: String)], _ rows: [[String]], title: String? = nil) {
        switch format {
        case .json:
            line(jsonArray(headings, rows))
        case .csv:
            line(headings.map { csvField($0.key) }.joined(separator: ","))
            for row in rows { line(row.map(csvField).joined(separator: ",")) }
        case .table, .html:
            if let title { line(title) }
            // Names may hold any text; what a reader cannot see, or what reorders the line, shows as an escape.
            line(TextTable.render(headings: headings.map { language == .zh ? $0.zh : $0.en },
                                  rows: rows.map { $0.map { DisplayText.escaped($0) } }))
        }
    }

    /// Rows as a JSON array of objects keyed by the headings' keys.
    func jsonArray(_ headings: [(key: String, en: String, zh: String)], _ rows: [[String]]) -> String {
        let objects = rows.map { row in
            "{" + zip(headings, row).map { "\(jsonString($0.0.key)):\(jsonString($0.1))" }.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n ") + "]"
    }

    /// Prints a record as "field: value" lines, or a JSON object.
    func record(_ fields: [(key: String, en: String, zh: String, value: String)]) {
        switch format {
        case .json:
            line("{" + fields.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ",") + "}")
        case .csv:
            line("field,value")
            for f in fields { line(csvField(f.key) + "," + csvField(f.value)) }
        case .table, .html:
            let labels = fields.map { language == .zh ? $0.zh : $0.en }
            let width = labels.map(TextTable.displayWidth).max() ?? 0
            for (label, f) in zip(labels, fields) {
                line(label + String(repeating: " ", count: width - TextTable.displayWidth(label)) + "  " + DisplayText.escaped(f.value))
            }
        }
    }
}

extension Output {
    /// Whether standard output is a regular file with nothing in it yet (`> report.csv`): CSV written
    /// there then starts with a UTF-8 byte-order mark, without which Excel on Chinese Windows reads
    /// UTF-8 as GBK. A terminal or a pipe gets none (a program reading the pipe expects plain UTF-8),
    /// and neither does a file being appended to, where a mark would land mid-file.
    static func standardOutputIsEmptyFile() -> Bool {
        var status = stat()
        guard fstat(STDOUT_FILENO, &status) == 0 else { return false }
        return (status.st_mode & S_IFMT) == S_IFREG && status.st_size == 0
    }
}

/// A JSON string literal.
func jsonString(_ text: String) -> String { JSONText.quoted(text) }

/// A CSV field, quoted when needed (RFC 4180).
func csvField(_ text: String) -> String {
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}

/// Plain-text tables whose columns line up with Chinese text too (CJK characters are two columns wide).
enum TextTable {
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return width + (wide ? 2 : 1)
        }
    }

    static func render(headings: [String], rows: [[String]]) -> String {
        var widths = headings.map(displayWidth)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        // One line per row, padded, without white space at its end. Nothing is padded after the last
        // cell that holds more than white space, since the trim would take it off again. (Padding the
        // last column to its widest cell and trimming it with the regular expression `\s+$` over every
        // line was a quarter of `report subsidies` on the 1M-event log, whose last column lists placements.)
        func format(_ cells: [String]) -> String {
            guard let last = cells.lastIndex(where: { $0.unicodeScalars.contains { !isWhiteSpace($0) } }) else { return "" }
            var line = ""
            for (i, cell) in cells[...last].enumerated() {
                if i > 0 { line += "  " }
                line += cell
                let padding = widths[i] - displayWidth(cell)
                if i < last && padding > 0 { line += String(repeating: " ", count: padding) }
            }
            return withoutTrailingWhiteSpace(line)
        }
        var lines = [format(headings), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(format)
        return lines.joined(separator: "\n")
    }

    /// `text` without the white space at its end, as the regular expression `\s+$` removed it: every
    /// scalar with Unicode's White_Space property (space, tab, line breaks, U+0085, U+00A0, U+3000…).
    static func withoutTrailingWhiteSpace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let last = scalars.lastIndex(where: { !isWhiteSpace($0) }) else { return "" }
        let end = scalars.index(after: last)
        return end == scalars.endIndex ? text : String(scalars[..<end])
    }

    /// Whether `scalar` has Unicode's White_Space property; ASCII's (tab…carriage return, space) is
    /// answered without Unicode's tables, which were the renderer's hot spot for padded lines.
    private static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
    }
}
