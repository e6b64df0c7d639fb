import InputValues

/// Escaping of values placed in pages. Every value that comes from a record, a form or a query
/// goes through `text` (element content) or `attribute` (inside a double-quoted attribute): the
/// HTML metacharacters become entities, and invisible or bidirectional characters are shown as
/// escapes (`DisplayText`), so a name holding U+202E cannot reorder the page.
public enum HTML {
    /// `value` safe as element content.
    /// - Complexity: O(n) in the length of `value`.
    public static func text(_ value: String) -> String {
        entities(DisplayText.escaped(value))
    }

    /// `value` safe inside a double-quoted attribute. Invisible characters are kept as typed: a
    /// form's prefilled value must submit what the user typed, not the escape that shows it.
    /// - Complexity: O(n) in the length of `value`.
    public static func attribute(_ value: String) -> String {
        entities(value).replacingOccurrences(of: "'", with: "&#39;")
    }

    /// `value` as a URL query component (RFC 3986 unreserved characters kept, everything else percent-encoded).
    public static func query(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A query string (`?a=1&b=2`, entity-escaped for an `href`) of the pairs whose value is not empty.
    public static func queryString(_ pairs: [(String, String?)]) -> String {
        let kept = pairs.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : "\(query(key))=\(query($0))" } }
        return kept.isEmpty ? "" : "?" + kept.joined(separator: "&amp;")
    }

    private static func entities(_ text: String) -> String {
        // Most values hold none of these; skip building a copy.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
