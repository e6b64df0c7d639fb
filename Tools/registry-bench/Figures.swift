import CCrypto
import EventStore
import Foundation
import ReadModel
import RegistryService

/// libcrypto's SHA-256 speed over one large buffer (the raw ceiling), in bytes per second.
func sha256Throughput(megabytes: Int) -> Double {
    let buffer = [UInt8](repeating: 0xA5, count: megabytes << 20)
    var digest = [UInt8](repeating: 0, count: 32)
    var best = 0.0
    for _ in 0..<3 {
        let t = now()
        buffer.withUnsafeBytes { raw in
            _ = EVP_Digest(raw.baseAddress, raw.count, &digest, nil, EVP_sha256(), nil)
        }
        best = max(best, Double(buffer.count) / (now() - t))
    }
    return best
}

/// libcrypto's SHA-256 speed as the chain uses it: one digest per record of `recordSize` bytes plus the
/// previous 32-byte hash, through a reused EVP context — the most a verifier of this format can reach.
func chainedSHA256Throughput(megabytes: Int, recordSize: Int) -> Double {
    let record = [UInt8](repeating: 0xA5, count: recordSize)
    var hash = [UInt8](repeating: 0, count: 32)
    let count = (megabytes << 20) / recordSize
    guard let ctx = EVP_MD_CTX_new() else { return 0 }
    defer { EVP_MD_CTX_free(ctx) }
    let t = now()
    for _ in 0..<count {
        EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
        EVP_DigestUpdate(ctx, hash, 32)
        record.withUnsafeBytes { _ = EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) }
        EVP_DigestFinal_ex(ctx, &hash, nil)
    }
    return Double(count * recordSize) / (now() - t)
}

/// A stipend confirmation an enterprise may issue on a generated log: a correction of a month
/// already confirmed, so every run is accepted and appends one event.
struct StipendTarget {
    var placement: String
    var month: String
    var amountYuan: String
    var paidOn: String
    var enterprise: String
}

func stipendTargets(in directory: String, count: Int) throws -> [StipendTarget] {
    // Through the registry, which catches the read model up first: one of an older schema version
    // (a log generated before the version changed) is emptied when opened and must be rebuilt from
    // the log, as a command would, before there are stipends to choose from.
    let store = try Registry(directory: directory, forWriting: false).readModel()
    // Spread over the whole history: every step-th confirmed month in the order of the table's key
    // (placement IDs carry their year). The table has no rowid to count by.
    var total: Int64 = 0
    if case .integer(let n)? = try store.database.query("SELECT COUNT(*) FROM stipends").first?.first { total = n }
    let step = max(1, total / Int64(count + 1))
    let rows = try store.database.query("""
        SELECT s.placement, s.month, s.amount_fen, s.paid_on, p.enterprise
        FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY placement, month) AS n FROM stipends) s JOIN placements p ON p.id = s.placement
        WHERE s.n % ? = 0 ORDER BY s.n LIMIT ?
        """, [.integer(step), .integer(Int64(count))])
    return rows.compactMap { row in
        guard case .text(let placement) = row[0], case .text(let month) = row[1], case .integer(let fen) = row[2],
              case .text(let paidOn) = row[3], case .text(let enterprise) = row[4] else { return nil }
        return StipendTarget(placement: placement, month: month, amountYuan: "\(fen / 100).\(String(format: "%02d", fen % 100))",
                             paidOn: paidOn, enterprise: enterprise)
    }
}

/// Makes sure a generated log of `events` events from `seed` exists under `root`, generating it if not.
func generatedLog(root: String, events: Int, seed: UInt64) throws -> String {
    let directory = "\(root)/events-\(events)-seed-\(seed)"
    if let log = try? FileEventLog(directory: directory, mode: .read), log.head.position >= UInt64(events),
       FileManager.default.fileExists(atPath: directory + "/generated") {
        return directory
    }
    try? FileManager.default.removeItem(atPath: directory)
    say("generating a \(si(events))-event log in \(directory) (seed \(seed)) ...")
    let load = loadAverage()
    let summary = try HistoryGenerator.generate(directory: directory, options: GenerationOptions(seed: seed, events: events))
    // The marker keeps how long the generator took, and how busy the machine was then, for the scale part.
    _ = FileManager.default.createFile(atPath: directory + "/generated", contents: Data("\(summary.events) \(summary.seconds) \(load)\n".utf8))
    say("  \(summary.events) events in \(fmt(summary.seconds)) s (\(Int(Double(summary.events) / summary.seconds)) events/s)")
    return directory
}

func directorySize(_ directory: String, suffix: String) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(suffix) }.reduce(0) { total, name in
        total + ((try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0)
    }
}
