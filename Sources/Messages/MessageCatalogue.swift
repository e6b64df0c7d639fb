import Foundation
import RegistryDomain

/// The command line's messages, headings and shown values, keyed by an ID, with the English and
/// the Chinese text side by side (as a `.strings` file or a gettext catalogue holds them).
///
/// Texts may hold placeholders `{name}`, filled by `text(_:_:_:)`. Each part of the catalogue is
/// a list of its own in a file of its own (`MessageCatalogue+Values.swift`, `+System.swift`,
/// `+Help.swift`), so that a new part is a new file and a new message a new line at the end of a
/// list. `MessageCatalogueTests` checks that every ID is unique, has both texts, that both texts
/// hold the same placeholders, and that no English word is left in a Chinese text.
public enum MessageCatalogue {
    /// One message: its ID, English text and Chinese text.
    public struct Entry: Sendable {
        public let id: String
        public let en: String
        public let zh: String
    }

    /// Every entry, part by part.
    public static var entries: [Entry] { values + systemMessages + helpTexts + importHelpTexts }

    /// The entries by ID (the first wins; the tests refuse duplicates).
    public static let byID: [String: Entry] = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// The text of `id` in `language`, with `{name}` placeholders replaced from `arguments`;
    /// nil when the catalogue has no such ID.
    public static func text(_ id: String, _ language: Language, _ arguments: [String: String] = [:]) -> String? {
        guard let entry = byID[id] else { return nil }
        var text = language == .zh ? entry.zh : entry.en
        for (name, value) in arguments { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The text of `id` in `language`. A missing ID is a programming error caught by the tests;
    /// at run time the ID itself is shown rather than nothing.
    public static func message(_ id: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        text(id, language, arguments) ?? id
    }
}

/// Builds a catalogue entry; a line per message keeps the lists easy to read and to merge.
public func msg(_ id: String, _ en: String, _ zh: String) -> MessageCatalogue.Entry {
    MessageCatalogue.Entry(id: id, en: en, zh: zh)
}

extension MessageCatalogue {
    /// The Chinese text of the entry whose ID is `prefix + english`, or of the first entry with that
    /// prefix whose English text, read as a template (`{name}` standing for any text), matches
    /// `english`; the values matched are filled into the Chinese text. Nil when none matches.
    public static func translated(_ english: String, prefix: String) -> String? {
        if let entry = byID[prefix + english] { return entry.zh }
        for entry in entries where entry.id.hasPrefix(prefix) && entry.en.contains("{") {
            if let values = match(english, template: entry.en) {
                var text = entry.zh
                for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
                return text
            }
        }
        return nil
    }

    /// `english` in `language`: itself in English, else the Chinese `translated(_:prefix:)` finds,
    /// else `english` unchanged.
    public static func translatedText(_ english: String, prefix: String, _ language: Language) -> String {
        language == .zh ? translated(english, prefix: prefix) ?? english : english
    }

    /// The values of the `{name}` placeholders when `text` matches `template`, else nil.
    public static func match(_ text: String, template: String) -> [String: String]? {
        var pattern = "^"
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + "(.*?)"
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
              let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        var values: [String: String] = [:]
        for (i, name) in names.enumerated() {
            if let range = Range(found.range(at: i + 1), in: text) { values[name] = String(text[range]) }
        }
        return values
    }
}
