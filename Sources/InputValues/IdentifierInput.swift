import Foundation
import RegistryDomain

/// Why a typed-in identifier (a school, student, placement … ID, or the ID of an actor) is refused.
public enum IdentifierFlaw: Error, Equatable, Sendable {
    /// Nothing was given.
    case empty
    /// More than `IdentifierInput.maximumLength` characters.
    case tooLong(characters: Int)
    /// White space before or after the ID, which a reader cannot see.
    case surroundingWhitespace
    /// White space inside the ID (the scalar's value).
    case whitespace(UInt32)
    /// A control character (Unicode category Cc), such as a line break.
    case control(UInt32)
    /// An invisible format character (Unicode category Cf): a bidirectional control such as
    /// U+202E, a zero-width character such as U+200B, U+200D or U+FEFF.
    case invisible(UInt32)
    /// A '/': IDs are segments of the web API's paths, where a '/' cannot stand inside one.
    case slash
}

/// The one rule for identifiers typed in by people, at every boundary (command-line arguments,
/// `--as`/`REGISTRY_ACTOR`, CSV imports, and later the web server):
///
/// - the text is normalised to Unicode NFC, so that `Sé` typed with U+00E9 and `Sé` typed as `e`
///   + U+0301 become the same bytes and therefore the same stream;
/// - it must be 1 to 64 characters of visible text: no white space (before, after or inside), no
///   control characters (Cc) and no invisible format characters (Cf: bidirectional controls,
///   zero-width characters, the byte-order mark), so that two IDs that look the same are the same;
/// - it holds no '/', since an ID is one segment of the web API's paths (`/api/v1/students/ID`).
///
/// Inside the program IDs are compared as bytes (EventLog/FORMAT.md section 3.1); this is what
/// makes comparing bytes and comparing what a person sees agree.
public enum IdentifierInput {
    /// The longest ID, in characters.
    public static let maximumLength = 64

    /// The NFC form of `text` if it is a valid identifier.
    /// - Parameter allowingSlash: for references that never stand in a web address's path (an
    ///   insurance policy's number, a command ID), which may hold '/'.
    /// - Throws: `IdentifierFlaw` naming the first thing wrong with it.
    public static func normalized(_ text: String, allowingSlash: Bool = false) throws(IdentifierFlaw) -> String {
        guard !text.isEmpty else { throw .empty }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return try normalizedASCII(text, allowingSlash: allowingSlash) }
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
           first.properties.isWhitespace || last.properties.isWhitespace {
            throw .surroundingWhitespace
        }
        for scalar in text.unicodeScalars {
            if let flaw = flaw(of: scalar), !(allowingSlash && flaw == .slash) { throw flaw }
        }
        let nfc = text.precomposedStringWithCanonicalMapping
        guard nfc.count <= maximumLength else { throw .tooLong(characters: nfc.count) }
        return nfc
    }

    /// `normalized` of ASCII text, checked by its bytes: the same answers as the Unicode properties
    /// give for these 128 scalars (a test compares them all), without the property tables' lookups,
    /// which were 5% of an imported row (an import checks a dozen IDs a row). ASCII text is already
    /// NFC; the mapping through Foundation was 2% of an imported row.
    private static func normalizedASCII(_ text: String, allowingSlash: Bool) throws(IdentifierFlaw) -> String {
        let bytes = text.utf8
        if isASCIIWhitespace(bytes.first!) || isASCIIWhitespace(bytes.last!) { throw .surroundingWhitespace }
        for byte in bytes {
            if let flaw = asciiFlaw(of: byte), !(allowingSlash && flaw == .slash) { throw flaw }
        }
        // One character per byte (a CR LF pair is one `Character`, but a CR is refused above).
        guard bytes.count <= maximumLength else { throw .tooLong(characters: text.count) }
        return text
    }

    /// `Unicode.Scalar.Properties.isWhitespace` of an ASCII scalar: tab to carriage return, and space.
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// `flaw(of:)` of an ASCII scalar.
    static func asciiFlaw(of byte: UInt8) -> IdentifierFlaw? {
        if byte == UInt8(ascii: "/") { return .slash }
        if byte < 0x20 || byte == 0x7F { return .control(UInt32(byte)) }
        if byte == 0x20 { return .whitespace(0x20) }
        return nil
    }

    /// What is wrong with `scalar` inside an identifier, if anything.
    static func flaw(of scalar: Unicode.Scalar) -> IdentifierFlaw? {
        if scalar == "/" { return .slash }
        switch scalar.properties.generalCategory {
        case .control: return .control(scalar.value)
        case .format: return .invisible(scalar.value)
        case .lineSeparator, .paragraphSeparator, .spaceSeparator: return .whitespace(scalar.value)
        default: return scalar.properties.isWhitespace ? .whitespace(scalar.value) : nil
        }
    }
}

extension IdentifierFlaw {
    /// `U+202E`.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// One sentence: `ID 'A\u{202e}B' is not valid: it holds U+202E, an invisible format character; …`.
    /// - Parameters:
    ///   - label: what the value is, e.g. `ID`, `--student`, or an import file's column name.
    ///   - value: the value as given; it is shown escaped.
    public func message(label: String, value: String, language: Language) -> String {
        let shown = DisplayText.escaped(value, limit: 80)
        let zh = language == .zh
        let why: String
        switch self {
        case .empty: why = zh ? "它是空的" : "it is empty"
        case .tooLong(let n): why = zh ? "它有 \(n) 个字符" : "it has \(n) characters"
        case .surroundingWhitespace: why = zh ? "它的开头或结尾有空白" : "it starts or ends with white space"
        case .whitespace(let v): why = zh ? "它含有空白字符 \(Self.codePoint(v))" : "it holds the white space \(Self.codePoint(v))"
        case .control(let v): why = zh ? "它含有控制字符 \(Self.codePoint(v))" : "it holds the control character \(Self.codePoint(v))"
        case .invisible(let v):
            why = zh ? "它含有不可见的格式字符 \(Self.codePoint(v))（如双向控制符或零宽字符）"
                : "it holds the invisible format character \(Self.codePoint(v)) (a bidirectional control or zero-width character)"
        case .slash: why = zh ? "它含有 '/'，网址中的编号不能含有该字符" : "it holds '/', which a web address cannot carry in an ID"
        }
        return zh ? "\(label) '\(shown)' 无效（\(why)）；请用 1 至 \(IdentifierInput.maximumLength) 个不含空格的可打印字符。"
            : "\(label) '\(shown)' is not valid (\(why)); use 1 to \(IdentifierInput.maximumLength) printable characters without spaces."
    }
}
