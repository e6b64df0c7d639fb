import Foundation
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

    static func placeholders(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "\\{[A-Za-z]+\\}")  // a constant pattern
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
            .compactMap { Range($0.range, in: text).map { String(text[$0]) } }.sorted()
    }
}
