import EventStore
import Foundation

/// A small, seedable generator (SplitMix64), so that a run can be repeated with `--seed`.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What one scenario tried and what came of it: a row of the final table.
final class ScenarioResult {
    let name: String
    /// The word for the good outcome: survived, recovered, detected, rejected, correct.
    let outcomeLabel: String
    var tried = 0
    var good = 0
    var failures: [String] = []
    /// Extra figures for the notes column, in order.
    var figures: [(String, Int)] = []
    /// Free-text notes for the figures column.
    var notes: [String] = []

    init(_ name: String, outcome: String) {
        self.name = name
        outcomeLabel = outcome
    }

    func fail(_ message: String) {
        failures.append(message)
    }

    func add(_ figure: String, _ n: Int = 1) {
        if let i = figures.firstIndex(where: { $0.0 == figure }) { figures[i].1 += n } else { figures.append((figure, n)) }
    }

    func figure(_ name: String) -> Int { figures.first { $0.0 == name }?.1 ?? 0 }
}

/// Everything a scenario needs: the runner, the seed's generator, the mode, a scratch directory.
final class TortureContext {
    let runner: Runner
    var random: SeededGenerator
    let isQuick: Bool
    let scratch: String
    let verbose: Bool
    /// verify-log.py, compared with `registry verify` on the damaged logs the scenarios make.
    let verifier: IndependentVerifier
    private var directoryCounter = 0

    init(runner: Runner, seed: UInt64, isQuick: Bool, scratch: String, verbose: Bool, verifier: IndependentVerifier) {
        self.verifier = verifier
        self.runner = runner
        random = SeededGenerator(seed: seed)
        self.isQuick = isQuick
        self.scratch = scratch
        self.verbose = verbose
    }

    /// A fresh, empty directory path under the scratch directory (not created).
    func freshPath(_ label: String) -> String {
        directoryCounter += 1
        return scratch + "/\(label)-\(directoryCounter)"
    }

    func log(_ message: @autoclosure () -> String) {
        if verbose { FileHandle.standardError.write(Data(("  " + message() + "\n").utf8)) }
    }

    func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }
    func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
}

// MARK: - Files

enum Files {
    static func copyDirectory(_ from: String, to: String) {
        try? FileManager.default.removeItem(atPath: to)
        do { try FileManager.default.copyItem(atPath: from, toPath: to) } catch {
            fatalError("registry-torture: cannot copy \(from) to \(to): \(error)")
        }
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func read(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("registry-torture: cannot read \(path)") }
        return [UInt8](data)
    }

    static func write(_ path: String, _ bytes: [UInt8]) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            fatalError("registry-torture: cannot write \(path)")
        }
    }

    static func truncate(_ path: String, to size: Int) {
        guard Glibc.truncate(path, off_t(size)) == 0 else { fatalError("registry-torture: cannot truncate \(path)") }
    }

    /// The segment files of a log directory, sorted.
    static func segments(_ log: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: log)) ?? []
        return names.filter { $0.hasSuffix(".seg") }.sorted().map { log + "/" + $0 }
    }

    /// The bytes of every segment, for byte-for-byte comparisons.
    static func segmentBytes(_ log: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for path in segments(log) { out[(path as NSString).lastPathComponent] = read(path) }
        return out
    }
}

// MARK: - The log, read in-process

/// Every event of a log, read through the library (read mode: no lock, nothing repaired).
func loadEvents(_ log: String) throws -> [EventEnvelope] {
    let store = try FileEventLog(directory: log, mode: .read)
    var events: [EventEnvelope] = []
    try store.readAll { events.append($0) }
    return events
}

/// Positions per command ID.
func positionsByCommand(_ events: [EventEnvelope]) -> [String: [UInt64]] {
    var out: [String: [UInt64]] = [:]
    for e in events { out[e.commandID, default: []].append(e.position) }
    return out
}

// MARK: - CLI output

/// The positions a write printed with `--format json`: `{"ok":true,"duplicate":false,"positions":[a,b],...}`.
struct WriteAck: Equatable {
    var duplicate: Bool
    var positions: ClosedRange<UInt64>?

    init?(json: String) {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["ok"] as? Bool == true else { return nil }
        duplicate = object["duplicate"] as? Bool ?? false
        let numbers = (object["positions"] as? [Any])?.compactMap { ($0 as? NSNumber)?.uint64Value } ?? []
        positions = numbers.count == 2 ? numbers[0]...numbers[1] : nil
    }
}

/// The head `registry verify --format json` printed.
struct VerifiedHead: Equatable {
    var position: UInt64
    var hash: String
    var events: UInt64

    init?(json: String) {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        func number(_ key: String) -> UInt64? {
            if let n = object[key] as? NSNumber { return n.uint64Value }
            if let s = object[key] as? String { return UInt64(s) }
            return nil
        }
        guard let position = number("head_position"), let hash = object["head_hash"] as? String else { return nil }
        self.position = position
        self.hash = hash
        events = number("events") ?? position
    }
}

extension Runner {
    /// `registry verify --format json` on `log`.
    func verify(_ log: String, extra: [String] = []) -> (RunResult, VerifiedHead?) {
        let r = registry(["verify", "--format", "json"] + extra, log: log)
        return (r, r.status == 0 ? VerifiedHead(json: r.stdout) : nil)
    }

    /// `registry-replay compare --log LOG`: exit 0 and the position compared, or the failure.
    func compareReadModel(_ log: String) -> (ok: Bool, position: UInt64?, result: RunResult) {
        let r = replay(["compare", "--log", log])
        // "no difference: the live read model at position N equals a rebuild from the log"
        var position: UInt64?
        if let range = r.stdout.range(of: "at position ") {
            position = UInt64(r.stdout[range.upperBound...].prefix { $0.isNumber })
        }
        return (r.status == 0, position, r)
    }
}

/// Whether a message is one clear sentence: one line, not empty, ends with a full stop (or the
/// Chinese one), no crash trace.
func isOneSentence(_ text: String) -> Bool {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    guard lines.count == 1, let line = lines.first else { return false }
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasSuffix(".") || trimmed.hasSuffix("。") || trimmed.hasSuffix("?") else { return false }
    let lower = trimmed.lowercased()
    return !lower.contains("fatal error") && !lower.contains("stack dump") && !lower.contains("swift runtime")
        && trimmed.count <= 600
}
