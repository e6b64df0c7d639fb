import EventStore
import Foundation
import PostgresStore
import RegistryDomain

// MARK: - verify --checkpoint

/// What checking a saved checkpoint against the current log found.
struct CheckpointExtension {
    let checkpoint: Checkpoint
    let signer: NoteKey
    let logSize: UInt64
    let logRoot: Digest
}

/// Checks `note`'s signature under the log's keys (old ones included) and that the current log
/// extends it, through a consistency proof from the tree — not by replaying the log.
/// - Throws: `ProofFailure` (exit 4) when the signature, the origin or the proof does not hold.
func checkExtends(_ note: String, tree: MerkleTree, _ inv: Invocation) throws -> CheckpointExtension {
    let keys = try inv.checkpointKeys()
    let checkpoint: Checkpoint, signer: NoteKey
    do {
        (checkpoint, signer) = try Checkpoint.verify(note, keys: try keys.verifierKeys())
    } catch CheckpointError.malformed(let why) {
        throw UsageError("the checkpoint is not a signed note: \(why).", zh: "检查点不是签名注记：\(why)。")
    } catch CheckpointError.badSignature(let origin) {
        throw ProofFailure(en: "the checkpoint for '\(origin)' is not signed by any key of this log; it was not issued by this registry.",
                           zh: "'\(origin)' 的检查点并非由本日志的任何密钥签名；它不是本登记簿签发的。")
    }
    let origin = try keys.origin()
    guard checkpoint.origin == origin else {
        throw ProofFailure(en: "the checkpoint is for the log '\(checkpoint.origin)', not this log '\(origin)'.",
                           zh: "该检查点属于日志 '\(checkpoint.origin)'，而非本日志 '\(origin)'。")
    }
    guard checkpoint.size <= tree.size else {
        throw ProofFailure(en: "the log holds \(tree.size) records, fewer than the \(checkpoint.size) of the checkpoint; history was cut.",
                           zh: "日志只有 \(tree.size) 条记录，少于检查点的 \(checkpoint.size) 条；历史被截断。")
    }
    let root = try tree.root()
    let holds: Bool
    if checkpoint.size == 0 {
        holds = checkpoint.root == MerkleTree.emptyRoot
    } else {
        let proof = try tree.consistencyProof(old: checkpoint.size, new: tree.size)
        holds = MerkleVerifier.consistency(old: checkpoint.size, new: tree.size, oldRoot: checkpoint.root, newRoot: root, proof: proof)
    }
    guard holds else {
        throw ProofFailure(en: "the log does not extend the checkpoint: its first \(checkpoint.size) records no longer have the root \(checkpoint.root.hex); history was rewritten.",
                           zh: "日志并未延续该检查点：其前 \(checkpoint.size) 条记录的根哈希已不是 \(checkpoint.root.hex)；历史被改写。")
    }
    return CheckpointExtension(checkpoint: checkpoint, signer: signer, logSize: tree.size, logRoot: root)
}

func readTextFile(_ path: String, option: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw UsageError("\(option) '\(Invocation.printable(path))' cannot be read.", zh: "\(option) '\(Invocation.printable(path))' 无法读取。")
    }
    return String(decoding: data, as: UTF8.self)
}

/// `registry verify --checkpoint FILE` / `--receipt FILE`.
func runVerifyProof(_ inv: Invocation, _ out: Output) throws -> Int32 {
    try inv.noPositionals()
    let tree = try openMerkleTree(inv, out)
    if let path = inv.optionalText("--checkpoint") {
        let found = try checkExtends(try readTextFile(path, option: "--checkpoint"), tree: tree, inv)
        out.record([(key: "checkpoint_size", en: "checkpoint tree size", zh: "检查点树大小", value: String(found.checkpoint.size)),
                    (key: "checkpoint_root", en: "checkpoint root", zh: "检查点根哈希", value: found.checkpoint.root.hex),
                    (key: "signed_by", en: "signed by", zh: "签名密钥", value: found.signer.text),
                    (key: "log_size", en: "log tree size", zh: "日志树大小", value: String(found.logSize)),
                    (key: "log_root", en: "log root", zh: "日志根哈希", value: found.logRoot.hex),
                    (key: "extends", en: "the log extends the checkpoint", zh: "日志延续该检查点", value: out.t("yes", "是"))])
        return RegistryCLI.ExitCode.success
    }
    guard let path = inv.receiptPath else { throw UsageError("missing --receipt FILE.", zh: "缺少 --receipt FILE。") }
    let receipt = try Receipt.parse(try readTextFile(path, option: "--receipt"))
    let found = try checkExtends(receipt.checkpoint, tree: tree, inv)
    guard found.checkpoint.size == receipt.treeSize, found.checkpoint.root == receipt.rootHash else {
        throw ProofFailure(en: "the receipt's tree size or root hash differs from its own signed checkpoint.",
                           zh: "收据中的树大小或根哈希与其签名检查点不符。")
    }
    for proof in receipt.proofs {
        let index = proof.position - 1
        guard MerkleVerifier.inclusion(index: index, size: receipt.treeSize, leafHash: proof.leafHash, path: proof.path, root: receipt.rootHash),
              index < tree.size, try tree.leafHash(index: index) == proof.leafHash else {
            throw ProofFailure(en: "the receipt's inclusion proof for position \(proof.position) does not hold; the event is not in the log as received.",
                               zh: "收据中位置 \(proof.position) 的包含证明不成立；该事件已不在日志中或与收据不符。")
        }
    }
    let positions = receipt.proofs.map(\.position)
    out.record([(key: "positions", en: "positions", zh: "位置", value: positions.map(String.init).joined(separator: " ")),
                (key: "checkpoint_size", en: "checkpoint tree size", zh: "检查点树大小", value: String(found.checkpoint.size)),
                (key: "log_size", en: "log tree size", zh: "日志树大小", value: String(found.logSize)),
                (key: "still_recorded", en: "still recorded and extended", zh: "仍在日志中且被延续", value: out.t("yes", "是"))])
    return RegistryCLI.ExitCode.success
}

// MARK: - Receipts

/// What a receipt proves: the positions of an acknowledged command, the signed checkpoint after it,
/// and one inclusion proof per position against that checkpoint (FORMAT.md section 15).
struct Receipt {
    struct Inclusion {
        var position: UInt64
        var leafHash: Digest
        var path: [Digest]
    }
    var commandID: String
    var treeSize: UInt64
    var rootHash: Digest
    var checkpoint: String
    var proofs: [Inclusion]

    /// Makes the receipt for `positions` against the log's current tree.
    static func make(positions: ClosedRange<UInt64>, commandID: String, _ inv: Invocation, _ out: Output) throws -> Receipt {
        let tree = try openMerkleTree(inv, out)
        let (checkpoint, note) = try signedCheckpoint(inv, tree: tree)
        let proofs = try positions.map { p in
            Inclusion(position: p, leafHash: try tree.leafHash(index: p - 1), path: try tree.inclusionProof(index: p - 1, treeSize: checkpoint.size))
        }
        return Receipt(commandID: commandID, treeSize: checkpoint.size, rootHash: checkpoint.root, checkpoint: note, proofs: proofs)
    }

    /// The receipt as one JSON object.
    var json: String {
        let inclusions = proofs.map { p in
            "{\"position\":\(p.position),\"index\":\(p.position - 1),\"leafHash\":\"\(p.leafHash.hex)\",\"path\":[" + p.path.map { "\"\($0.hex)\"" }.joined(separator: ",") + "]}"
        }
        return "{\"receipt\":1,\"commandID\":\(jsonString(commandID)),\"positions\":[\(proofs.first?.position ?? 0),\(proofs.last?.position ?? 0)],"
            + "\"treeSize\":\(treeSize),\"rootHash\":\"\(rootHash.hex)\",\"checkpoint\":\(jsonString(checkpoint)),\"proofs\":[" + inclusions.joined(separator: ",") + "]}"
    }

    static func parse(_ text: String) throws -> Receipt {
        let malformed = UsageError("the receipt is not a registry receipt (JSON with treeSize, rootHash, checkpoint and proofs).",
                                   zh: "该收据不是登记簿收据（须为含 treeSize、rootHash、checkpoint、proofs 的 JSON）。")
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let size = (object["treeSize"] as? NSNumber)?.uint64Value,
              let root = (object["rootHash"] as? String).flatMap(Digest.init(hex:)),
              let checkpoint = object["checkpoint"] as? String,
              let rawProofs = object["proofs"] as? [[String: Any]], !rawProofs.isEmpty else { throw malformed }
        var proofs: [Inclusion] = []
        for raw in rawProofs {
            guard let position = (raw["position"] as? NSNumber)?.uint64Value, position >= 1,
                  let leaf = (raw["leafHash"] as? String).flatMap(Digest.init(hex:)),
                  let hexes = raw["path"] as? [String] else { throw malformed }
            let path = hexes.compactMap(Digest.init(hex:))
            guard path.count == hexes.count else { throw malformed }
            proofs.append(Inclusion(position: position, leafHash: leaf, path: path))
        }
        return Receipt(commandID: object["commandID"] as? String ?? "", treeSize: size, rootHash: root, checkpoint: checkpoint, proofs: proofs)
    }
}

/// Writes the receipt of an acknowledged command where `--receipt` asks (`-`: standard output),
/// and returns its JSON for a `--format json` answer.
///
/// The command is acknowledged by then, so a receipt that cannot be made is a warning, not a failure:
/// the exit status stays that of the command, and `registry prove inclusion` can make the proofs later.
func deliverReceipt(positions: ClosedRange<UInt64>?, commandID: String, _ inv: Invocation, _ out: Output) -> String? {
    guard let target = inv.receiptPath, let positions else { return nil }
    do {
        let json = try Receipt.make(positions: positions, commandID: commandID, inv, out).json
        if target != "-" {
            guard FileManager.default.createFile(atPath: target, contents: Data((json + "\n").utf8)) else {
                throw UsageError("--receipt '\(Invocation.printable(target))' cannot be written.", zh: "--receipt '\(Invocation.printable(target))' 无法写入。")
            }
        }
        return json
    } catch {
        out.error(out.t("warning: the command was recorded, but its receipt could not be made: ", "警告：命令已记录，但无法生成收据：")
                  + RegistryCLI.describe(error, out.language).1)
        return nil
    }
}

/// Gives a log its checkpoint signing key after its first write: at `init` (and `demo`), or the
/// first write to a log made before checkpoints existed. The origin names the log by its first
/// record, so the key is made once that record exists. The command is recorded by then, so a key
/// that cannot be made (a concurrent writer making it at the same moment) is a warning, never a failure.
func ensureSigningKey(_ inv: Invocation, _ out: Output, store opened: PostgresEventStore? = nil) {
    guard let keys = try? inv.checkpointKeys(using: opened), !keys.hasKey else { return }
    do {
        try keys.create()
    } catch {
        if !keys.hasKey {
            out.error(out.t("warning: the log's checkpoint signing key could not be made: ", "警告：无法创建日志的检查点签名密钥：")
                      + RegistryCLI.describe(error, out.language).1)
        }
    }
}
