import Foundation

/// Finds English words left in text meant to be Chinese. What a person types or a technician
/// looks up stays as it is and is not counted: rule IDs (`Pay_04`), option names (`--as`),
/// `ROLE:ID` actors, IDs and codes with digits (`P-17`, `S01`, `errno`-numbers), paths, hashes,
/// file names, `{placeholders}`, the words a command line takes as values (`registry`, `post`,
/// `school`…, shown beside their Chinese), and a few names that have no Chinese form (CSV, UTF-8,
/// JSON, Excel, CRC32C, PEM, RFC, SQLite…).
enum ChineseLeak {
    /// Words allowed inside Chinese text.
    static let allowed: Set<String> = [
        "registry", "init", "errno", "CSV", "UTF", "JSON", "HTML", "Excel", "CRC", "CRC32C", "PEM", "RFC", "SQLite", "ID", "GB18030",
        "NUL", "FIFO", "BOM", "SQL", "API", "C2SP", "Merkle", "PNG", "Cookie", "nginx", "libpq", "PostgreSQL", "Chromium",
        // Values typed on the command line, shown beside their Chinese meaning.
        "table", "json", "csv", "html", "en", "zh", "bureau", "school", "enterprise", "inspector", "post", "observation",
        "modern", "intermediate", "senior", "liability", "accident", "professional", "general", "secondary", "higher",
        "undergraduate", "graduated", "withdrawn", "national", "hechuan", "huyi", "sanmenxia", "shaoxing", "overdue", "active",
        "ended", "registered",
        "LANG", "REGISTRY_LOG", "REGISTRY_ACTOR", "REGISTRY_NOW",
    ]

    /// The English words of `text` that are not allowed.
    static func englishWords(in text: String) -> [String] {
        var cleaned = text
        for pattern in [
            "\\{[A-Za-z]+\\}",                                  // placeholders
            "[a-z]+://[^\\s（）()，；]+",                          // URLs and connection strings
            "\\b[A-Z][A-Z_]+\\b",                              // metavariables (DATE, YYYY-MM-DD) and acronyms
            "--[a-z][a-z0-9-]*",                                // option names
            "\\b(bureau|school|enterprise|inspector):[^\\s，。；、）)']+",
            "error\\[[A-Za-z]+_\\d{2}\\]:",                     // the rejection's fixed prefix  // actors
            "\\b[A-Z][a-z]+_\\d{2}\\b",                         // rule IDs
            "(?:/[^\\s，。；、：）)'\"]+)+",                     // paths
            "'[^']*'",                                          // quoted values and commands
            "\\b[a-f0-9]{16,}\\b",                              // hashes
            "[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*",                // IDs, codes, numbers, file names with digits
            "\\b[A-Za-z]+\\.[A-Za-z.]+\\b",                     // parameter names (apprenticeSubsidyPerYear.intermediate), files
            "\\b[a-z]+[A-Z][A-Za-z]*\\b",                       // camelCase parameter names
            "[A-Za-z0-9+/]{30,}={0,2}",                         // base64 keys and signatures
        ] {
            cleaned = cleaned.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let regex = try! NSRegularExpression(pattern: "[A-Za-z][A-Za-z_]*")  // a constant pattern
        return regex.matches(in: cleaned, range: NSRange(cleaned.startIndex..., in: cleaned))
            .compactMap { Range($0.range, in: cleaned).map { String(cleaned[$0]) } }
            .filter { $0.count > 1 && !allowed.contains($0) }
    }
}

extension ChineseLeak {
    /// `line` without what is machine data rather than prose: command lines and metavariables,
    /// JSON payloads (`history`'s content column), event type names (`TeacherCorrected`), the
    /// checkpoint's origin line, and an import help's sample CSV lines and header names (which a
    /// clerk may write in English).
    static func withoutMachineData(_ line: String) -> String {
        var text = line
        for pattern in ["^\\s+\\S*,\\S*$", "^\\s{4,}[a-z_]+ (?=\\S)", "^\\s*registry [^\\s].*?(?=  \\S|$)", "\\b[A-Z][A-Z_]+\\b", "\\{\".*\\}", "\\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\\b", "placement-registry/[0-9a-f]+"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return text
    }

    /// The lines of `text` that keep English words.
    static func englishLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !englishWords(in: withoutMachineData($0)).isEmpty }
    }
}
