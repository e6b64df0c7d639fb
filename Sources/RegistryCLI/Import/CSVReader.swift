/// One record of a CSV file.
struct CSVRecord: Equatable {
    /// The physical line the record starts on, counting from 1.
    let line: Int
    /// The fields, unquoted; a CRLF inside a quoted field becomes LF.
    let fields: [String]
    /// The 1-based field that has text after its closing quote (`"abc"def`), if any.
    var strayTextAfterQuote: Int?

    /// Whether every field is empty or white space, as in a spreadsheet's empty row `,,,`.
    var isBlank: Bool { fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
}

/// Reads RFC 4180 CSV: comma-separated fields, fields quoted with `"` may hold commas, line breaks
/// and doubled quotes; records end with CRLF, LF or CR; a line break at the end of the file does
/// not start another record.
enum CSVReader {
    /// Splits `text` into records.
    /// - Parameter file: The file's name, for messages.
    /// - Returns: Every record, blank ones included, with the line it starts on.
    /// - Throws: `ImportFileProblem.unterminatedQuote` naming the line where the open quote is.
    /// - Complexity: O(n) in the length of `text`.
    static func records(in text: String, file: String) throws(ImportFileProblem) -> [CSVRecord] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let bytes = Array(text.utf8)
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var stray: Int?
        var i = 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            records.append(CSVRecord(line: recordLine, fields: fields, strayTextAfterQuote: stray))
            fields.removeAll(keepingCapacity: true)
            stray = nil
        }

        while i < bytes.count {
            let byte = bytes[i]
            if byte == quote && field.isEmpty {
                // A quoted field: read to the closing quote.
                let openedOn = line
                i += 1
                var closed = false
                while i < bytes.count {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if b == cr {
                        line += 1
                        field.append(lf)
                        i += (i + 1 < bytes.count && bytes[i + 1] == lf) ? 2 : 1
                        continue
                    }
                    if b == lf { line += 1 }
                    field.append(b)
                    i += 1
                }
                guard closed else { throw .unterminatedQuote(file: file, line: openedOn) }
                // Text after the closing quote is kept, and the record marked, so that the row is rejected.
                if i < bytes.count && bytes[i] != comma && bytes[i] != cr && bytes[i] != lf && stray == nil {
                    stray = fields.count + 1
                }
                continue
            }
            switch byte {
            case comma:
                endField()
                i += 1
            case cr, lf:
                endRecord()
                i += (byte == cr && i + 1 < bytes.count && bytes[i + 1] == lf) ? 2 : 1
                line += 1
                recordLine = line
            default:
                field.append(byte)
                i += 1
            }
        }
        // The last record, unless the file ended with a line break.
        if !field.isEmpty || !fields.isEmpty || (bytes.last.map { $0 != cr && $0 != lf } ?? false) {
            endRecord()
        }
        return records
    }
}
