import Messages
import Foundation
@testable import EventStore
import RegistryDomain
import Testing
@testable import RegistryCLI

/// Issue 13, "whole Chinese": the message catalogue holds every message in both languages, and the
/// Chinese texts are Chinese.
@Suite("Message catalogue")
struct MessageCatalogueTests {
    @Test func everyIDIsUnique() {
        var seen: Set<String> = []
        let repeated = MessageCatalogue.entries.map(\.id).filter { !seen.insert($0).inserted }
        #expect(repeated.isEmpty, "IDs given twice: \(repeated)")
    }

    @Test func everyMessageHasAnEnglishAndAChineseText() {
        for entry in MessageCatalogue.entries {
            #expect(!entry.en.trimmingCharacters(in: .whitespaces).isEmpty, "\(entry.id) has no English text")
            #expect(!entry.zh.trimmingCharacters(in: .whitespaces).isEmpty, "\(entry.id) has no Chinese text")
            #expect(entry.zh.unicodeScalars.contains { $0.properties.isIdeographic }, "\(entry.id): '\(entry.zh)' holds no Chinese")
        }
    }

    @Test func bothTextsHoldTheSamePlaceholders() {
        for entry in MessageCatalogue.entries {
            #expect(Self.placeholders(entry.en) == Self.placeholders(entry.zh), "\(entry.id): placeholders differ")
        }
    }

    /// The Chinese texts keep no English word: what is left after removing IDs, codes, paths and
    /// the machine values a person types (checked by `ChineseLeak`) must be empty.
    @Test func chineseTextsLeaveNoEnglishWord() {
        for entry in MessageCatalogue.entries {
            let words = ChineseLeak.englishWords(in: entry.zh)
            #expect(words.isEmpty, "\(entry.id): '\(entry.zh)' keeps English words \(words)")
        }
    }

    /// Every option of every command, and every command's role, has its Chinese description.
    @Test func everyOptionAndRoleOfEveryCommandHasAChineseDescription() {
        for spec in RegistryCLI.commands {
            let command = spec.path.joined(separator: " ")
            if !spec.role.isEmpty {
                #expect(MessageCatalogue.roleHelp(spec.role, .zh) != spec.role, "\(command): role '\(spec.role)' has no Chinese")
            }
            for option in spec.options {
                #expect(MessageCatalogue.optionHelp(option.help, .zh) != option.help,
                        "\(command) \(option.name): '\(option.help)' has no Chinese")
            }
        }
    }

    @Test func templatesFillTheValuesTheyMatch() {
        #expect(MessageCatalogue.optionHelp("policy profile: a, b (default national)", .zh) == "政策配置：a, b（默认 national）")
        #expect(MessageCatalogue.reason("incomplete group: 1 of 3 records", .zh) == "记录组不完整：3 条记录只有 1 条")
        #expect(MessageCatalogue.reason("file is not a database", .zh) == "该文件不是数据库")
        #expect(MessageCatalogue.reason("file is not a database; it cannot be set aside (Permission denied)", .zh)
                == "该文件不是数据库；且无法将其移开（没有权限）")
        #expect(MessageCatalogue.ioFailure(operation: "opendir", path: "/x", errno: 20, message: "Not a directory", .zh)
                == "无法打开目录 /x：路径中有一部分不是目录（errno 20）")
        #expect(MessageCatalogue.ioFailure(operation: "opendir", path: "/x", errno: 20, message: "Not a directory", .en)
                == "opendir failed for /x: Not a directory (errno 20)")
    }

    @Test func aTornTailRecoveryReadsInChinese() {
        let report = RecoveryReport(segment: "00000001.seg", offset: 2091, bytesRemoved: 11, reason: "incomplete group: 1 of 2 records")
        #expect(MessageCatalogue.recovery(report, .zh) == "已从残缺尾部恢复：截去 00000001.seg 偏移 2091 处 11 字节不完整的记录组（记录组不完整：2 条记录只有 1 条）")
        #expect(MessageCatalogue.recovery(report, .en) == report.description)
        #expect(MessageCatalogue.ioFailure(operation: "open", path: "/log/x", errno: 13, message: "Permission denied", .zh)
                == "无法打开文件 /log/x：没有权限（errno 13）")
    }

    /// Every ID the code asks the catalogue for by a literal exists, so that no reader ever sees a bare ID.
    @Test func everyIDTheCodeUsesExists() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources/RegistryCLI")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let regex = try NSRegularExpression(pattern: "(?:message|text|say)\\(\"([a-zA-Z]+\\.[A-Za-z.]+)\"")
        var used: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { used.insert(String(text[range])) }
            }
        }
        #expect(used.count > 10)
        let missing = used.filter { MessageCatalogue.byID[$0] == nil }
        #expect(missing.isEmpty, "IDs used but not in the catalogue: \(missing.sorted())")
    }

    static func placeholders(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "\\{[A-Za-z]+\\}")  // a constant pattern
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
            .compactMap { Range($0.range, in: text).map { String(text[$0]) } }.sorted()
    }
}
