import EventStore
import Foundation
import PersonalData
import PostgresStore

extension RegistryCLI {
    /// `registry migrate`: a file log into PostgreSQL.
    static var storeCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["migrate"],
                summary: ("Copy a file log into an empty PostgreSQL database, record for record, and check the head hash.",
                          "将文件日志逐条复制到空的 PostgreSQL 数据库，并核对链头哈希。"),
                options: [.value("--from", "DIR", "the log directory to copy"),
                          .value("--to", "postgresql://…", "the database, e.g. postgresql://registry@db.example/registry (any libpq connection string); its schema is created if missing")],
                // No example: every help example runs in the tests, and this one needs a database (README shows one).
                run: { inv, out in try runMigrate(inv, out) }),
        ]
    }
}

/// Copies positions, timestamps, command groups and so every chain hash; then the copy's head must
/// be the log's (exit 4 otherwise). The database must hold no events: a copy never merges histories.
func runMigrate(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.noPositionals()
    let from = try inv.text("--from")
    guard let to = try Invocation.store(try inv.text("--to"), environment: [:]) else { throw UsageError("missing --to.", zh: "缺少 --to。") }
    guard FileManager.default.fileExists(atPath: from + "/00000001.seg") else { throw EventStoreError.notALog(path: from) }
    let source = try FileEventLog(directory: from, mode: .read, options: inv.logOptions)
    let target = try PostgresEventStore.create(conninfo: to, options: inv.databaseOptions).store
    let showProgress = isatty(2) != 0
    let head: LogHead
    do {
        head = try target.copy(from: source) { done, total in
            if showProgress { out.progress(out.t("copying \(done) of \(total) events", "复制中 \(done) / \(total) 个事件")) }
        }
    } catch PostgresEventStore.CopyError.notEmpty(let events) {
        throw UsageError("the database \(PostgresEventStore.redacted(to)) already holds \(events) events; migrate copies into an empty database.",
                         zh: "数据库 \(PostgresEventStore.redacted(to)) 已有 \(events) 个事件；迁移只能复制到空数据库。")
    } catch PostgresEventStore.CopyError.headMismatch(let expected, let copied) {
        out.error(out.t("error: the copy's head (position \(copied.position), \(copied.hash.hex)) is not the log's (position \(expected.position), \(expected.hash.hex)).",
                        "错误：副本的链头（位置 \(copied.position)，\(copied.hash.hex)）与日志的链头（位置 \(expected.position)，\(expected.hash.hex)）不符。"))
        return RegistryCLI.ExitCode.integrity
    }
    if showProgress { out.endProgress() }
    // The key store goes with the events: without it every sealed name would read as unavailable.
    let keys = try SQLiteKeyStore(directory: from, writable: false).contents()
    try PostgresKeyStore(store: target).load(keys)
    let checkpointKeys = try carryCheckpointKeys(from: from, to: inv.checkpointKeyDirectory(of: target))
    out.record([
        (key: "events", en: "events copied", zh: "已复制事件", value: String(head.position)),
        (key: "head_position", en: "head position", zh: "链头位置", value: String(head.position)),
        (key: "head_hash", en: "head hash", zh: "链头哈希", value: head.hash.hex),
        (key: "head_matches", en: "matches the log's head", zh: "与日志链头一致", value: out.t("yes", "是")),
        (key: "personal_keys", en: "personal-data keys copied", zh: "已复制个人信息密钥",
         value: "\(keys.rows.filter { $0.key != nil }.count) + \(keys.rows.filter { $0.key == nil }.count) " + out.t("erased", "已删除")),
        (key: "checkpoint_keys", en: "checkpoint keys", zh: "检查点密钥", value: checkpointKeys ?? out.t("none in the log", "日志中没有")),
    ])
    return RegistryCLI.ExitCode.success
}

/// Copies the log's checkpoint keys into the database's key directory, so that checkpoints signed
/// before the migration verify against the database and it goes on signing with the same key. A
/// directory that already has a signing key keeps it and only learns the log's verifier keys.
/// - Returns: the directory, or nil when the log has no checkpoint keys.
private func carryCheckpointKeys(from log: String, to directory: String) throws -> String? {
    let files = FileManager.default
    let sourcePublic = log + "/" + CheckpointKeys.publicKeysFile
    guard let logKeys = files.contents(atPath: sourcePublic) else { return nil }
    try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let targetPrivate = directory + "/" + CheckpointKeys.privateKeyFile
    let targetPublic = directory + "/" + CheckpointKeys.publicKeysFile
    if !files.fileExists(atPath: targetPrivate), let pem = files.contents(atPath: log + "/" + CheckpointKeys.privateKeyFile) {
        guard files.createFile(atPath: targetPrivate, contents: pem, attributes: [.posixPermissions: 0o600]),
              files.createFile(atPath: targetPublic, contents: logKeys, attributes: [.posixPermissions: 0o644]) else {
            throw UsageError("the checkpoint keys cannot be written to \(directory).", zh: "无法将检查点密钥写入 \(directory)。")
        }
        return directory
    }
    let own = String(decoding: files.contents(atPath: targetPublic) ?? Data(), as: UTF8.self)
    let known = Set(own.split(separator: "\n"))
    let missing = String(decoding: logKeys, as: UTF8.self).split(separator: "\n").filter { !known.contains($0) }
    guard !missing.isEmpty else { return directory }
    // The log's keys go first: they signed earlier checkpoints than the directory's own key.
    let merged = missing.joined(separator: "\n") + "\n" + own
    guard files.createFile(atPath: targetPublic, contents: Data(merged.utf8), attributes: [.posixPermissions: 0o644]) else {
        throw UsageError("the checkpoint keys cannot be written to \(directory).", zh: "无法将检查点密钥写入 \(directory)。")
    }
    return directory
}
