/// Text from users shown to people: names may hold any printable text, but what a reader cannot
/// see, or what would reorder the line around it, is shown as an escape instead.
public enum DisplayText {
    /// `text` with control characters (Cc), invisible format characters (Cf: bidirectional
    /// controls such as U+202E, zero-width characters such as U+200B, U+200D, U+FEFF) and the
    /// line and paragraph separators written as `\u{202e}` (a tab as the tab sign `␉`); with `limit`, cut to that many
    /// scalars and ended with `…`.
    /// - Complexity: O(n) in the length of `text`.
    public static func escaped(_ text: String, limit: Int? = nil) -> String {
        // Most names need nothing escaped; return them as they are without building a copy.
        if limit.map({ text.unicodeScalars.count <= $0 }) ?? true, !text.unicodeScalars.contains(where: needsEscape) {
            return text
        }
        var out = ""
        let scalars = limit.map { Array(text.unicodeScalars.prefix($0)) } ?? Array(text.unicodeScalars)
        for scalar in scalars {
            if scalar == "\t" {
                // A tab reads as the tab sign, as a spreadsheet cell would show it, not as an escape.
                out += "␉"
            } else if needsEscape(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if let limit, text.unicodeScalars.count > limit { out += "…" }
        return out
    }

    /// Whether `scalar` is shown as an escape.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
