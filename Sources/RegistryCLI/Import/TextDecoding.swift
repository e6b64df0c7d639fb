import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns the bytes of an import file into text: UTF-8 with or without a byte-order mark, or
/// GB18030 (which includes GBK and GB2312), as spreadsheet programs in China save "CSV".
///
/// The rule: a byte-order mark means UTF-8, and every byte must then be valid UTF-8; without one,
/// a file that is valid UTF-8 is UTF-8, and otherwise GB18030. A file that is not valid in the
/// encoding chosen for it is refused whole, naming the first bad line, and so is a file without a
/// byte-order mark whose lines are partly UTF-8 Chinese and partly not (rows pasted together from
/// two exports): decoded as GB18030 it would be valid but its UTF-8 rows would be mojibake
/// (王芳 stored as 鐜嬭姵). Nothing is ever imported half-decoded.
enum TextDecoding {
    /// The longest physical line accepted, in bytes.
    static let maximumLineLength = 1 << 20

    /// Decodes `bytes`, read from `file`.
    ///
    /// Checks the raw bytes first, in one pass and before building any string, so that a large
    /// binary file is turned away quickly: NUL bytes, and lines longer than `maximumLineLength`.
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - file: The file's name, for messages.
    ///   - kind: The kind of import, to show an example header for an empty file.
    /// - Returns: The text without a byte-order mark.
    /// - Throws: `ImportFileProblem` `.empty`, `.binary`, `.lineTooLong`, `.undecodable`,
    ///   `.invalidUTF8AfterBOM` or `.mixedEncodings`.
    static func decode(_ bytes: [UInt8], file: String, kind: ImportKind) throws(ImportFileProblem) -> String {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let hasBOM = bytes.starts(with: bom)
        let body = hasBOM ? bytes[3...] : bytes[...]
        try checkShape(body, offset: bytes.count - body.count, file: file, kind: kind)
        if let text = String(validating: body, as: UTF8.self) { return text }
        let lines = Self.lines(body)
        if hasBOM {
            // The whole file is not valid UTF-8, so some line is not.
            let bad = lines.firstIndex { String(validating: $0, as: UTF8.self) == nil }.map { $0 + 1 } ?? 1
            throw .invalidUTF8AfterBOM(file: file, line: bad)
        }
        if let (utf8Line, otherLine) = mixedEncodings(lines) {
            throw .mixedEncodings(file: file, utf8Line: utf8Line, otherLine: otherLine)
        }
        return try decodeGB18030(body, offset: bytes.count - body.count, file: file)
    }

    /// The physical lines of `body`, split at LF (a CR before it stays on the line).
    private static func lines(_ body: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        body.split(separator: 0x0A, omittingEmptySubsequences: false)
    }

    /// The first line that is UTF-8 Chinese and the first line that is not valid UTF-8, when a file
    /// has both. A line counts as UTF-8 Chinese only when it is valid UTF-8 and every non-ASCII
    /// character in it is a CJK ideograph, CJK punctuation or a full-width form: GBK text is
    /// sometimes valid UTF-8 by chance, but then decodes to Latin, Greek or other scripts, almost
    /// never to Chinese only.
    private static func mixedEncodings(_ lines: [ArraySlice<UInt8>]) -> (Int, Int)? {
        var utf8Line: Int?
        var otherLine: Int?
        for (i, line) in lines.enumerated() where line.contains(where: { $0 >= 0x80 }) {
            if let text = String(validating: line, as: UTF8.self) {
                let chinese = text.unicodeScalars.allSatisfy { scalar in
                    let v = scalar.value
                    return v < 0x80 || (0x3000...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
                        || (0xFF00...0xFFEF).contains(v) || (0x20000...0x3FFFF).contains(v)
                }
                if chinese && utf8Line == nil { utf8Line = i + 1 }
            } else if otherLine == nil {
                otherLine = i + 1
            }
            if let utf8Line, let otherLine { return (utf8Line, otherLine) }
        }
        return nil
    }

    /// The 1-based line holding byte `offset` of `body` (an offset from `body.startIndex`).
    private static func line(of offset: Int, in body: ArraySlice<UInt8>) -> Int {
        body[body.startIndex..<min(body.endIndex, body.startIndex + offset)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Rejects empty files, NUL bytes and overlong lines. GB18030 never uses the bytes 0x00 or 0x0A
    /// inside a multi-byte character, so the same scan serves both encodings.
    private static func checkShape(_ body: ArraySlice<UInt8>, offset: Int, file: String, kind: ImportKind) throws(ImportFileProblem) {
        var line = 1
        var lineStart = body.startIndex
        var hasText = false
        for i in body.indices {
            let byte = body[i]
            if byte == 0x0A {
                line += 1
                lineStart = i + 1
            } else if byte == 0 {
                throw .binary(file: file, offset: i - body.startIndex + offset)
            } else if i - lineStart >= maximumLineLength {
                throw .lineTooLong(file: file, line: line, limit: maximumLineLength)
            } else if !hasText && byte != 0x0D && byte != 0x20 && byte != 0x09 {
                hasText = true
            }
        }
        if !hasText { throw .empty(file: file, kind: kind) }
    }

    /// Decodes GB18030 with iconv.
    /// - Parameter offset: Where `bytes` start in the file (after a byte-order mark), for messages.
    private static func decodeGB18030(_ bytes: ArraySlice<UInt8>, offset: Int, file: String) throws(ImportFileProblem) -> String {
        let converter = iconv_open("UTF-8", "GB18030")
        guard Int(bitPattern: converter) != -1 else {
            throw .undecodable(file: file, line: 1, offset: offset)
        }
        defer { iconv_close(converter) }
        var input = Array(bytes)
        // A GB18030 character of 1, 2 or 4 bytes becomes at most 1, 3 or 4 bytes of UTF-8.
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failedAt: Int?
        let written: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                let inBase = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                let outBase = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inPointer = inBase
                var outPointer = outBase
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 || inLeft > 0 {
                    failedAt = inBuffer.count - inLeft
                }
                return outBuffer.count - outLeft
            }
        }
        if let failedAt { throw .undecodable(file: file, line: line(of: failedAt, in: bytes), offset: failedAt + offset) }
        return String(decoding: output[..<written], as: UTF8.self)
    }
}
