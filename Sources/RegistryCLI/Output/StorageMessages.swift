import Messages
import EventStore
import Foundation
import RegistryDomain
import RegistryService

/// The one-line messages about the log's storage: damaged derived files that were set aside or
/// ignored, read-only storage, and index or read-model failures. Each names the file and the cause in
/// one sentence and never prints SQL.
enum StorageMessages {
    /// The warning printed (on stderr) for a derived file the command set aside or ignored.
    static func warning(_ notice: DerivedFileNotice, _ language: Language) -> String {
        let name = fileName(notice.path)
        let reason = MessageCatalogue.reason(notice.reason, language)
        if let moved = notice.movedTo {
            let aside = fileName(moved)
            return language == .zh
                ? "警告：\(name) 已损坏（\(reason)），已改名为 \(aside) 保留，并据日志重建。"
                : "warning: \(name) was damaged (\(notice.reason)); it was set aside as \(aside) and rebuilt from the log."
        }
        return language == .zh
            ? "警告：\(name) 已损坏（\(reason)），本次改为直接读取日志段文件；下一个写入命令会重建它。"
            : "warning: \(name) is damaged (\(notice.reason)); this command reads the log's segments instead, and the next writing command rebuilds it."
    }

    /// Prints each notice as it comes, in the invocation's language.
    static func printer(_ language: Language) -> @Sendable (DerivedFileNotice) -> Void {
        { notice in FileHandle.standardError.write(Data((warning(notice, language) + "\n").utf8)) }
    }

    /// The exit code and message for the storage errors, or nil for other errors.
    static func describe(_ error: Error, _ language: Language) -> (Int32, String)? {
        let zh = language == .zh
        switch error {
        case EventStoreError.readOnly(let path):
            return (RegistryCLI.ExitCode.usage, zh ? "错误：\(path) 处的日志位于只读存储上，写入命令需要写权限；只读副本只能运行读取命令。"
                    : "error: the log at \(path) is on read-only storage, so writing commands cannot run there; read commands can.")
        case EventStoreError.damagedIndex(let path, let reason):
            return (RegistryCLI.ExitCode.integrity, zh ? "完整性错误：流索引 \(path) 已损坏且无法重建（\(MessageCatalogue.reason(reason, .zh))）。"
                    : "integrity error: the stream index \(path) is damaged and could not be rebuilt (\(reason)).")
        case EventStoreError.index(let message):
            return (RegistryCLI.ExitCode.usage, zh ? "错误：流索引失败：\(MessageCatalogue.reason(message, .zh))。" : "error: the stream index failed: \(message).")
        case RegistryError.readModelDamaged(let path, let reason):
            return (RegistryCLI.ExitCode.integrity, zh ? "完整性错误：读模型 \(path) 已损坏且无法重建（\(MessageCatalogue.reason(reason, .zh))）。"
                    : "integrity error: the read model \(path) is damaged and could not be rebuilt (\(reason)).")
        case RegistryError.readModel(let message):
            return (RegistryCLI.ExitCode.usage, zh ? "错误：读模型失败：\(MessageCatalogue.reason(message, .zh))。" : "error: the read model failed: \(message).")
        default:
            return nil
        }
    }

    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
