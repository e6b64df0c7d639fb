import EventStore
import Foundation
import RegistryDomain
import RegistryService

/// Signed checkpoints, Merkle proofs and receipts (issue 16; FORMAT.md sections 13–15). The tree,
/// the proofs and the signatures live in `EventStore/Merkle`; this file only parses and prints.
extension RegistryCLI {
    static var proofCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["checkpoint"],
                summary: ("Print a signed checkpoint of the log (C2SP signed note), or its public key.",
                          "输出日志的签名检查点（C2SP 签名注记）或其公钥。"),
                role: "any (--init-key: bureau)",
                options: [.flag("--public-key", "print the public key (PEM) and its note verifier key instead"),
                          .flag("--init-key", "give a log made before checkpoints existed its signing key (bureau)"),
                          .value("--tree-size", "N", "sign the tree of the first N records (default: all)", required: false)],
                examples: ["registry checkpoint > checkpoint.txt", "registry checkpoint --public-key",
                           "registry checkpoint --format json", "registry checkpoint --init-key --as bureau:EDU"],
                run: { inv, out in try runCheckpoint(inv, out) }),
            CommandSpec(
                path: ["checkpoint", "rotate-key"],
                summary: ("Replace the checkpoint signing key; the change is recorded in the log and old checkpoints stay verifiable.",
                          "更换检查点签名密钥；此变更记入日志，旧检查点仍可验证。"),
                role: "bureau",
                options: [.value("--reason", "TEXT", "why the key is replaced, e.g. the server was replaced")],
                examples: ["registry checkpoint rotate-key --reason \"annual rotation\" --as bureau:EDU"],
                run: { inv, out in try runRotateKey(inv, out) }),
            CommandSpec(
                path: ["prove", "inclusion"], arguments: "POSITION",
                summary: ("Prove that the event at a position is in the log: leaf hash and audit path (RFC 9162 2.1.3).",
                          "证明某位置的事件在日志中：叶哈希与审计路径（RFC 9162 2.1.3）。"),
                role: "any",
                options: [.value("--tree-size", "N", "prove against the tree of the first N records (default: all)", required: false)],
                examples: ["registry prove inclusion 42", "registry prove inclusion 3 --tree-size 10 --format json"],
                run: { inv, out in try runProveInclusion(inv, out) }),
            CommandSpec(
                path: ["prove", "consistency"], arguments: "OLD NEW",
                summary: ("Prove that the tree of NEW records extends the tree of OLD records (RFC 9162 2.1.4).",
                          "证明 NEW 条记录的树延续 OLD 条记录的树（RFC 9162 2.1.4）。"),
                role: "any",
                examples: ["registry prove consistency 10 20 --format json"],
                run: { inv, out in try runProveConsistency(inv, out) }),
        ]
    }
}

/// A proof or signature that does not hold: exit 4, one sentence.
struct ProofFailure: Error, Equatable {
    let en: String
    let zh: String
    func message(_ language: Language) -> String { language == .zh ? zh : en }
}

// MARK: - Opening the tree

/// Opens the Merkle tree beside the log (catching it up), warning when it had to be rebuilt.
func openMerkleTree(_ inv: Invocation, _ out: Output) throws -> MerkleTree {
    let tree = try inv.databaseMerkleTree() ?? MerkleTree(directory: inv.logDirectory)
    if tree.wasRebuilt {
        out.error(out.t("warning: the Merkle tree (\(MerkleTree.fileName)) did not match the log and was rebuilt from it.",
                        "警告：默克尔树（\(MerkleTree.fileName)）与日志不符，已据日志重建。"))
    }
    return tree
}

/// The signed checkpoint of the first `size` records.
func signedCheckpoint(_ inv: Invocation, tree: MerkleTree, size: UInt64? = nil) throws -> (Checkpoint, String) {
    let keys = try inv.checkpointKeys()
    guard keys.hasKey else {
        throw UsageError("this log has no checkpoint signing key yet; run 'registry checkpoint --init-key --as bureau:ID' once.",
                         zh: "该日志还没有检查点签名密钥；请先运行一次 'registry checkpoint --init-key --as bureau:编号'。")
    }
    let (key, noteKey) = try keys.current()
    let n = size ?? tree.size
    let checkpoint = Checkpoint(origin: noteKey.name, size: n, root: try tree.root(size: n))
    return (checkpoint, try checkpoint.signedNote(key: key, noteKey: noteKey))
}

extension Invocation {
    /// A tree size or position argument: a whole number within `1...limit` (or `0...` when `allowZero`).
    func treeNumber(_ text: String, label: String, limit: UInt64, allowZero: Bool = false) throws -> UInt64 {
        guard let n = UInt64(text), n >= (allowZero ? 0 : 1) else {
            throw UsageError("\(label) '\(Invocation.printable(text))' is not a \(allowZero ? "" : "positive ")whole number.",
                             zh: "\(label) '\(Invocation.printable(text))' 不是\(allowZero ? "" : "正")整数。")
        }
        guard n <= limit else {
            throw UsageError("\(label) \(n) is beyond the log's \(limit) records.", zh: "\(label) \(n) 超出日志的 \(limit) 条记录。")
        }
        return n
    }

    func optionalTreeSize(_ tree: MerkleTree) throws -> UInt64? {
        try optionalText("--tree-size").map { try treeNumber($0, label: "--tree-size", limit: tree.size) }
    }
}

private func jsonArray(_ digests: [Digest]) -> String { "[" + digests.map { "\"\($0.hex)\"" }.joined(separator: ",") + "]" }

// MARK: - checkpoint

func runCheckpoint(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.noPositionals()
    let keys = try inv.checkpointKeys()
    guard try inv.hasRecords() else { throw EventStoreError.notALog(path: inv.storeDescription) }
    if inv.flag("--init-key") {
        let actor = try inv.requireActor()
        guard actor.role == .bureau else {
            throw NotPermitted(en: "only the bureau may create the log's signing key, not \(actor).", zh: "只有教育行政部门可以创建日志签名密钥，\(actor) 不可以。")
        }
        if keys.hasKey {
            // Asking again is not a mistake: the key stays as it is (rotate it with 'checkpoint rotate-key').
            out.line(out.t("this log already has a checkpoint signing key; nothing changed.", "该日志已有检查点签名密钥，未作改动。"))
            return RegistryCLI.ExitCode.success
        }
        let noteKey = try keys.create()
        out.record([(key: "note_key", en: "signing key created; verifier key", zh: "已创建签名密钥；验证公钥", value: noteKey.text)])
        return RegistryCLI.ExitCode.success
    }
    if inv.flag("--public-key") {
        guard keys.hasKey else {
            throw UsageError("this log has no checkpoint signing key yet; run 'registry checkpoint --init-key --as bureau:ID' once.",
                             zh: "该日志还没有检查点签名密钥；请先运行一次 'registry checkpoint --init-key --as bureau:编号'。")
        }
        let (key, noteKey) = try keys.current()
        let pem = String(decoding: try key.publicKeyPEM(), as: UTF8.self)
        if out.format == .json {
            out.line("{\"publicKeyPEM\":\(jsonString(pem)),\"noteKey\":\(jsonString(noteKey.text)),\"previousKeys\":["
                     + (try keys.verifierKeys()).filter { $0 != noteKey }.map { jsonString($0.text) }.joined(separator: ",") + "]}")
        } else {
            out.line(pem + noteKey.text)
        }
        return RegistryCLI.ExitCode.success
    }
    let tree = try openMerkleTree(inv, out)
    let (checkpoint, note) = try signedCheckpoint(inv, tree: tree, size: try inv.optionalTreeSize(tree))
    if out.format == .json {
        out.line("{\"origin\":\(jsonString(checkpoint.origin)),\"treeSize\":\(checkpoint.size),\"rootHash\":\"\(checkpoint.root.hex)\",\"checkpoint\":\(jsonString(note))}")
    } else {
        // The note exactly as signed: a file saved from this output verifies byte for byte.
        out.line(String(note.dropLast()))
    }
    return RegistryCLI.ExitCode.success
}

// MARK: - rotate-key

/// Appends `SigningKeyRotated` (stream `registry`) with the new verifier key, then installs the new
/// private key; the old verifier key stays in `checkpoint-keys.txt`. If the process dies between the
/// two, the log names a key that never signed anything and the old key goes on signing: harmless,
/// and a second rotation fixes it.
func runRotateKey(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.noPositionals()
    let actor = try inv.requireActor()
    guard actor.role == .bureau else {
        throw NotPermitted(en: "only the bureau may rotate the log's signing key, not \(actor).", zh: "只有教育行政部门可以更换日志签名密钥，\(actor) 不可以。")
    }
    let reason = try inv.name("--reason")
    let keys = try inv.checkpointKeys()
    guard try inv.hasRecords() else { throw EventStoreError.notALog(path: inv.storeDescription) }
    guard keys.hasKey else {
        throw UsageError("this log has no checkpoint signing key to rotate; run 'registry checkpoint --init-key --as bureau:ID'.",
                         zh: "该日志没有可更换的签名密钥；请运行 'registry checkpoint --init-key --as bureau:编号'。")
    }
    let old = try keys.current().noteKey
    let (key, noteKey) = try keys.prepareRotation()
    let event = RegistryEvent.signingKeyRotated(SigningKeyRotated(publicKey: noteKey.text, previousKey: old.text, reason: reason))
    let result: AppendResult
    do {
        let registry = try inv.openForWriting()
        result = try registry.log.append([try EventCodec().encode(event)], to: StreamID.registry, expectingVersion: .any,
                                         commandID: inv.effectiveCommandID, actor: actor.description)
    }
    let positions = result.positions.map { "\($0.lowerBound)" } ?? "-"
    if result.wasDuplicate {
        out.line(out.t("the key was already rotated by this command (position \(positions)); nothing changed.",
                       "此命令已更换过密钥（位置 \(positions)），未作更改。"))
        return RegistryCLI.ExitCode.success
    }
    try keys.install(key)
    // The receipt's checkpoint is signed with the new key, which the rotation event just recorded.
    let receipt = deliverReceipt(positions: result.positions, commandID: inv.effectiveCommandID, inv, out)
    out.record([(key: "position", en: "rotation recorded at position", zh: "更换记录于位置", value: positions),
                (key: "previous_key", en: "previous key", zh: "原密钥", value: old.text),
                (key: "note_key", en: "new key", zh: "新密钥", value: noteKey.text)])
    if let receipt, inv.receiptPath == "-", out.format != .json { out.line(receipt) }
    return RegistryCLI.ExitCode.success
}

// MARK: - prove

func runProveInclusion(_ inv: Invocation, _ out: Output) throws -> Int32 {
    guard inv.words.count == 1 else {
        throw UsageError(inv.words.isEmpty ? "missing POSITION." : "unexpected argument '\(Invocation.printable(inv.words[1]))'.",
                         zh: inv.words.isEmpty ? "缺少 POSITION。" : "多余的参数 '\(Invocation.printable(inv.words[1]))'。")
    }
    let tree = try openMerkleTree(inv, out)
    let size = try inv.optionalTreeSize(tree) ?? tree.size
    let position = try inv.treeNumber(inv.words[0], label: "POSITION", limit: size)
    let index = position - 1
    let path = try tree.inclusionProof(index: index, treeSize: size)
    let leaf = try tree.leafHash(index: index)
    let (checkpoint, note) = try signedCheckpoint(inv, tree: tree, size: size)
    if out.format == .json {
        out.line("{\"treeSize\":\(size),\"index\":\(index),\"leafHash\":\"\(leaf.hex)\",\"path\":\(jsonArray(path)),\"rootHash\":\"\(checkpoint.root.hex)\",\"checkpoint\":\(jsonString(note))}")
    } else {
        out.record([(key: "position", en: "position", zh: "位置", value: String(position)),
                    (key: "index", en: "leaf index (0-based)", zh: "叶序号（从 0 起）", value: String(index)),
                    (key: "tree_size", en: "tree size", zh: "树大小", value: String(size)),
                    (key: "leaf_hash", en: "leaf hash", zh: "叶哈希", value: leaf.hex),
                    (key: "root_hash", en: "root hash", zh: "根哈希", value: checkpoint.root.hex)]
                   + path.enumerated().map { (key: "path_\($0.offset)", en: "path \($0.offset)", zh: "路径 \($0.offset)", value: $0.element.hex) })
        out.line()
        out.line(String(note.dropLast()))
    }
    return RegistryCLI.ExitCode.success
}

func runProveConsistency(_ inv: Invocation, _ out: Output) throws -> Int32 {
    guard inv.words.count == 2 else {
        throw UsageError("'registry prove consistency' needs OLD and NEW tree sizes, e.g. 'registry prove consistency 1000 1200'.",
                         zh: "'registry prove consistency' 需要 OLD 与 NEW 两个树大小，例如 'registry prove consistency 1000 1200'。")
    }
    let tree = try openMerkleTree(inv, out)
    let new = try inv.treeNumber(inv.words[1], label: "NEW", limit: tree.size)
    let old = try inv.treeNumber(inv.words[0], label: "OLD", limit: new)
    let path = try tree.consistencyProof(old: old, new: new)
    let oldRoot = try tree.root(size: old), newRoot = try tree.root(size: new)
    if out.format == .json {
        out.line("{\"oldSize\":\(old),\"newSize\":\(new),\"path\":\(jsonArray(path)),\"oldRoot\":\"\(oldRoot.hex)\",\"newRoot\":\"\(newRoot.hex)\"}")
    } else {
        out.record([(key: "old_size", en: "old size", zh: "旧树大小", value: String(old)),
                    (key: "new_size", en: "new size", zh: "新树大小", value: String(new)),
                    (key: "old_root", en: "old root", zh: "旧根哈希", value: oldRoot.hex),
                    (key: "new_root", en: "new root", zh: "新根哈希", value: newRoot.hex)]
                   + path.enumerated().map { (key: "path_\($0.offset)", en: "path \($0.offset)", zh: "路径 \($0.offset)", value: $0.element.hex) })
    }
    return RegistryCLI.ExitCode.success
}
