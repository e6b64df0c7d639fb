import Messages
import InputValues
import RegistryDomain

/// Why a CSV file cannot be imported at all. Nothing is appended; the CLI exits 2.
///
/// Each case carries the facts its message names; `message(_:)` turns it into one sentence.
enum ImportFileProblem: Error, Equatable {
    /// The file cannot be read.
    case unreadable(file: String, reason: String)
    /// The file has no bytes (or only a byte-order mark and blank lines).
    case empty(file: String, kind: ImportKind)
    /// The file holds a NUL byte: a spreadsheet's binary format, or UTF-16 text.
    case binary(file: String, offset: Int)
    /// A physical line is longer than `limit` bytes.
    case lineTooLong(file: String, line: Int, limit: Int)
    /// The bytes are neither UTF-8 nor GB18030, first on `line` (at byte `offset` of the file).
    case undecodable(file: String, line: Int, offset: Int)
    /// A quoted field opened on `line` never closes.
    case unterminatedQuote(file: String, line: Int)
    /// A header cell is empty, before another named cell.
    case unnamedColumn(file: String, column: Int)
    /// Two header cells name the same column.
    case repeatedColumn(file: String, first: String, second: String)
    /// Header cells that name no column of this kind of import.
    case unknownColumns(file: String, kind: ImportKind, names: [String], missing: [ImportColumn])
    /// Required columns the header lacks.
    case missingColumns(file: String, kind: ImportKind, columns: [ImportColumn])
    /// The path names something other than a regular file: a device such as /dev/zero, a FIFO, a socket.
    case notARegularFile(file: String, what: String, zh: String)
    /// The file starts with a UTF-8 byte-order mark, but `line` is not valid UTF-8.
    case invalidUTF8AfterBOM(file: String, line: Int)
    /// Without a byte-order mark, `utf8Line` is UTF-8 Chinese text but `otherLine` is not valid UTF-8.
    case mixedEncodings(file: String, utf8Line: Int, otherLine: Int)
    /// An ID cell holds white space, a control or an invisible format character (U+202E, U+200B …):
    /// a file that spoofs or hides an identifier is refused whole.
    case invisibleInIdentifier(file: String, line: Int, column: String, value: String, flaw: IdentifierFlaw)

    /// One sentence naming the values, in `language`.
    func message(_ language: Language) -> String {
        let zh = language == .zh
        switch self {
        case let .unreadable(file, reason):
            return zh ? "无法读取 \(file)：\(MessageCatalogue.reason(reason, .zh))。" : "cannot read \(file): \(reason)."
        case let .empty(file, kind):
            let example = kind.columns.filter(\.isRequired).map { zh ? $0.chinese : $0.english }.joined(separator: ",")
            return zh ? "\(file) 是空文件；第一行须为列名行，例如 \(example)。"
                : "\(file) is empty; it needs a header row naming the columns, e.g. \(example)."
        case let .binary(file, offset):
            return zh ? "\(file) 在字节偏移 \(offset) 处含有 NUL 字节，不是文本 CSV 文件（可能是 Excel 工作簿或 UTF-16 文本）；请另存为“CSV UTF-8”或“CSV（逗号分隔）”。"
                : "\(file) holds a NUL byte at byte offset \(offset), so it is not a text CSV file (perhaps a spreadsheet workbook or UTF-16 text); save it as 'CSV UTF-8' or 'CSV (comma delimited)'."
        case let .lineTooLong(file, line, limit):
            return zh ? "\(file) 第 \(line) 行超过 \(limit / 1_048_576) MB；它不像 CSV 文件。"
                : "\(file) line \(line) is longer than \(limit / 1_048_576) MB; it does not look like a CSV file."
        case let .undecodable(file, line, offset):
            return zh ? "\(file) 第 \(line) 行（字节偏移 \(offset)）既不是 UTF-8 也不是 GB18030/GBK 编码；请另存为“CSV UTF-8”。"
                : "\(file) line \(line) is neither UTF-8 nor GB18030/GBK text (at byte offset \(offset)); save it as 'CSV UTF-8'."
        case let .notARegularFile(file, what, whatZh):
            return zh ? "\(file) 不是普通文件（它是\(whatZh)），不是可导入的文本；请给出 CSV 文件的路径。"
                : "\(file) is not a regular file (it is \(what)), so it is not text to import; give the path of a CSV file."
        case let .invalidUTF8AfterBOM(file, line):
            return zh ? "\(file) 以 UTF-8 字节顺序标记（BOM）开头，但第 \(line) 行不是有效的 UTF-8（可能混入了 GBK 编码的行）；请将整个文件另存为“CSV UTF-8”。"
                : "\(file) starts with a UTF-8 byte-order mark, but line \(line) is not valid UTF-8 (perhaps rows in GBK were pasted in); save the whole file as 'CSV UTF-8'."
        case let .invisibleInIdentifier(file, line, column, value, flaw):
            return zh ? "\(file) 第 \(line) 行：" + flaw.message(label: column, value: value, language: .zh).dropLast() + "；未导入任何行。"
                : "\(file) line \(line): " + flaw.message(label: column, value: value, language: .en).dropLast() + "; nothing was imported."
        case let .mixedEncodings(file, utf8Line, otherLine):
            return zh ? "\(file) 混用了两种编码：第 \(utf8Line) 行是 UTF-8，而第 \(otherLine) 行不是；请将整个文件另存为“CSV UTF-8”。"
                : "\(file) mixes two encodings: line \(utf8Line) is UTF-8 but line \(otherLine) is not; save the whole file as 'CSV UTF-8'."
        case let .unterminatedQuote(file, line):
            return zh ? "\(file) 第 \(line) 行开始的带引号字段没有结束引号。"
                : "\(file) has a quoted field starting on line \(line) that is never closed by a quote."
        case let .unnamedColumn(file, column):
            return zh ? "\(file) 列名行的第 \(column) 列没有名称。"
                : "\(file) header row has no name for column \(column)."
        case let .repeatedColumn(file, first, second):
            return first == second
                ? (zh ? "\(file) 列名行中列 '\(first)' 出现了两次。" : "\(file) header row names column '\(first)' twice.")
                : (zh ? "\(file) 列名行中 '\(first)' 与 '\(second)' 是同一列。"
                    : "\(file) header row names the same column twice, as '\(first)' and '\(second)'.")
        case let .unknownColumns(file, kind, names, missing):
            let quoted = names.map { "'\($0)'" }.joined(separator: ", ")
            let lacksEn = missing.isEmpty ? "" : " and lacks " + missing.map { "\($0.english) (\($0.chinese))" }.joined(separator: ", ")
            let lacksZh = missing.isEmpty ? "" : "，且缺少必需的列 " + missing.map { "\($0.chinese)（\($0.english)）" }.joined(separator: "、")
            return zh ? "\(file) 含有未知的列 \(quoted)\(lacksZh)；\(kind.zhNoun)导入接受的列为 \(kind.columnList)。"
                : "\(file) has unknown column\(names.count == 1 ? "" : "s") \(quoted)\(lacksEn); a \(kind.rawValue) import accepts \(kind.columnList)."
        case let .missingColumns(file, kind, columns):
            let names = columns.map { "\($0.english) (\($0.chinese))" }.joined(separator: ", ")
            return zh ? "\(file) 缺少必需的列 \(columns.map { "\($0.chinese)（\($0.english)）" }.joined(separator: "、"))；\(kind.zhNoun)导入接受的列为 \(kind.columnList)。"
                : "\(file) lacks the required column\(columns.count == 1 ? "" : "s") \(names); a \(kind.rawValue) import accepts \(kind.columnList)."
        }
    }
}
