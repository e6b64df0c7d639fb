import EventStore
import Foundation
import RegistryDomain

/// What the operating system, the storage and SQLite say, in the reader's language: an I/O
/// failure keeps its path and errno for the technician but reads as a sentence; the storage's
/// reasons (torn tails, damaged headers, SQLite's words) are matched as templates and shown in
/// Chinese. IDs: `system.*`, `errno.<number>`, `operation.<call>`, `reason:<English template>`.
extension MessageCatalogue {
    public static let systemMessages: [Entry] = [
        msg("system.io", "{operation} failed for {path}: {cause} (errno {errno})", "无法{operation} {path}：{cause}（errno {errno}）"),
        msg("system.warning", "warning: ", "警告："),
        msg("system.recovered", "recovered from a torn tail: cut {bytes} bytes of an incomplete record group at offset {offset} of {segment} ({reason})",
            "已从残缺尾部恢复：截去 {segment} 偏移 {offset} 处 {bytes} 字节不完整的记录组（{reason}）"),

        msg("errno.1", "Operation not permitted", "不允许该操作"),
        msg("errno.2", "No such file or directory", "没有该文件或目录"),
        msg("errno.5", "Input/output error", "输入输出错误（磁盘或存储故障）"),
        msg("errno.9", "Bad file descriptor", "文件描述符无效"),
        msg("errno.13", "Permission denied", "没有权限"),
        msg("errno.16", "Device or resource busy", "设备或资源忙"),
        msg("errno.17", "File exists", "文件已存在"),
        msg("errno.20", "Not a directory", "路径中有一部分不是目录"),
        msg("errno.21", "Is a directory", "这是一个目录"),
        msg("errno.22", "Invalid argument", "参数无效"),
        msg("errno.24", "Too many open files", "打开的文件过多"),
        msg("errno.27", "File too large", "文件过大"),
        msg("errno.28", "No space left on device", "存储空间已满"),
        msg("errno.30", "Read-only file system", "文件系统为只读"),
        msg("errno.36", "File name too long", "文件名过长"),
        msg("errno.40", "Too many levels of symbolic links", "符号链接层数过多"),
        msg("errno.122", "Disk quota exceeded", "超出磁盘配额"),

        msg("operation.mkdir", "mkdir", "创建目录"),
        msg("operation.opendir", "opendir", "打开目录"),
        msg("operation.open", "open", "打开文件"),
        msg("operation.pread", "pread", "读取文件"),
        msg("operation.pwrite", "pwrite", "写入文件"),
        msg("operation.fsync", "fsync", "将文件同步到磁盘"),
        msg("operation.fdatasync", "fdatasync", "将文件同步到磁盘"),
        msg("operation.ftruncate", "ftruncate", "截断文件"),
        msg("operation.rename", "rename", "重命名文件"),
        msg("operation.unlink", "unlink", "删除文件"),
        msg("operation.flock", "flock", "锁定文件"),
        msg("operation.fstat", "fstat", "读取文件信息"),

        msg("reason:no such file", "no such file", "文件不存在"),
        msg("reason:it is a directory", "it is a directory", "这是一个目录，不是文件"),
        msg("reason:permission denied", "permission denied", "没有读取权限"),
        msg("reason:incomplete group", "incomplete group: {have} of {size} records", "记录组不完整：{size} 条记录只有 {have} 条"),
        msg("reason:segment header incomplete", "segment header incomplete", "段文件头不完整"),
        msg("reason:segment header chain", "segment header does not continue the chain", "段文件头未延续哈希链"),
        msg("reason:bad segment header", "bad segment header ({problem})", "段文件头无效（{problem}）"),
        msg("reason:segment file is missing", "segment file is missing", "缺少段文件"),
        msg("reason:segment missing instead", "segment file is missing (found {found} instead)", "缺少段文件（实际找到 {found}）"),
        msg("reason:record needs bytes", "record needs {needed} bytes but only {available} remain", "记录需要 {needed} 字节，但只剩 {available} 字节"),
        msg("reason:impossible length", "impossible record length {length}", "记录长度 {length} 不可能"),
        msg("reason:crc", "CRC32C mismatch", "CRC32C 校验和不符"),
        msg("reason:chain", "chain hash mismatch", "链哈希不符"),
        msg("reason:rewritten", "the chain hash differs from the one the stream index recorded; the log was rewritten", "链哈希与流索引记录的不同；日志已被改写"),
        msg("reason:ends at", "the log ends at position {position} but {committed} were committed", "日志止于位置 {position}，但已确认提交 {committed} 条"),
        msg("reason:ends before", "the log ends before position {position}", "日志在位置 {position} 之前就结束了"),
        msg("reason:record index hash", "record does not match the chain hash the index recorded", "记录与索引记录的链哈希不符"),
        msg("reason:merkle rebuild", "the Merkle tree cannot be rebuilt", "默克尔树无法重建"),
        msg("reason:merkle short", "the Merkle tree file is short", "默克尔树文件不完整"),
        msg("reason:merkle mismatch", "the Merkle tree no longer matches the log; reopen it to rebuild", "默克尔树与日志不再一致；重新打开即可重建"),
        msg("reason:malformed", "database disk image is malformed", "数据库文件已损坏"),
        msg("reason:not a database", "file is not a database", "该文件不是数据库"),
        msg("reason:cannot set aside", "{reason}, and it cannot be set aside ({cause})", "{reason}，且无法将其移开（{cause}）"),
        msg("reason:cannot set aside2", "{reason}; it cannot be set aside ({cause})", "{reason}；且无法将其移开（{cause}）"),
    ]

    /// The Chinese for an I/O failure, or the English sentence the store gives.
    public static func ioFailure(operation: String, path: String, errno code: Int32, message: String, _ language: Language) -> String {
        guard language == .zh else { return "\(operation) failed for \(path): \(message) (errno \(code))" }
        let operationZh = text("operation.\(operation)", .zh) ?? "执行 \(operation)"
        let cause = text("errno.\(code)", .zh) ?? "系统错误"
        return self.message("system.io", .zh, ["operation": operationZh, "path": path, "cause": cause, "errno": String(code)])
    }

    /// A reason from the storage or SQLite in `language`: matched against the `reason:` templates
    /// (their values translated in turn); a reason none matches is shown as it is, in quotes, after
    /// a Chinese lead so that the sentence around it stays Chinese.
    public static func reason(_ english: String, _ language: Language) -> String {
        guard language == .zh else { return english }
        if let known = translatedReason(english) { return known }
        return "系统报告：“\(english)”"
    }

    private static func translatedReason(_ english: String) -> String? {
        // The operating system's own words (strerror) are reasons too: `Permission denied`.
        let reasons = systemMessages.filter { $0.id.hasPrefix("reason:") || $0.id.hasPrefix("errno.") }
        if let entry = reasons.first(where: { $0.en == english }) { return entry.zh }
        for entry in reasons where entry.en.contains("{") {
            guard var values = match(english, template: entry.en) else { continue }
            for key in ["reason", "cause", "problem"] {
                if let value = values[key] { values[key] = translatedReason(value) ?? value }
            }
            var text = entry.zh
            for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
            return text
        }
        return nil
    }

    /// A torn-tail recovery, in `language`.
    public static func recovery(_ report: RecoveryReport, _ language: Language) -> String {
        guard language == .zh else { return report.description }
        return message("system.recovered", .zh, ["bytes": String(report.bytesRemoved), "offset": String(report.offset),
                                                 "segment": report.segment, "reason": reason(report.reason, .zh)])
    }
}
