import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns the bytes of an import file into text: UTF-8 with or without a byte-order mark, or
/// GB18030 (which includes GBK and GB2312), as spreadsheet programs in China save "CSV".
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
    /// - Throws: `ImportFileProblem` `.empty`, `.binary`, `.lineTooLong` or `.undecodable`.
    static func decode(_ bytes: [UInt8], file: String, kind: ImportKind) throws(ImportFileProblem) -> String {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = bytes.starts(with: bom) ? bytes[3...] : bytes[...]
        try checkShape(body, offset: bytes.count - body.count, file: file, kind: kind)
        if let text = String(validating: body, as: UTF8.self) { return text }
        return try decodeGB18030(body, offset: bytes.count - body.count, file: file)
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
            throw .undecodable(file: file, offset: offset)
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
        if let failedAt { throw .undecodable(file: file, offset: failedAt + offset) }
        return String(decoding: output[..<written], as: UTF8.self)
    }
}
