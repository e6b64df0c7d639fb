import Foundation

/// `Tools/verify-log.py`, the verifier written from FORMAT.md alone, run beside `registry verify` on
/// the damaged logs the scenarios make: both must agree on the exit code and, for an integrity
/// failure, on the position, segment, offset and reason; for a sound log, on the head and the counts.
/// One Python process answers every log (`verify-log.py --serve`), so a comparison costs milliseconds.
final class IndependentVerifier {
    private let process: Process?
    private let input: FileHandle?
    private let output: FileHandle?
    private var buffer = Data()
    /// Why the comparison cannot run, when it cannot (no python3 or no verify-log.py).
    let unavailable: String?
    /// How many logs were compared.
    private(set) var compared = 0

    /// Starts `python3 verify-log.py --serve`, found at `script` or searched for above this executable.
    init(script: String?, executableDirectory: String) {
        var candidates = script.map { [$0] } ?? []
        var dir = URL(fileURLWithPath: executableDirectory)
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Tools/verify-log.py").path)
            dir.deleteLastPathComponent()
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/Tools/verify-log.py")
        let python = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }), let python else {
            process = nil; input = nil; output = nil
            unavailable = python == nil ? "no python3 on this machine" : "Tools/verify-log.py not found (pass --verify-log PATH)"
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [found, "--serve"]
        let toChild = Pipe(), fromChild = Pipe()
        p.standardInput = toChild
        p.standardOutput = fromChild
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch {
            process = nil; input = nil; output = nil
            unavailable = "cannot start \(python) \(found): \(error)"
            return
        }
        process = p
        input = toChild.fileHandleForWriting
        output = fromChild.fileHandleForReading
        unavailable = nil
    }

    deinit {
        try? input?.close()
        process?.waitUntilExit()
    }

    /// verify-log.py's answer for one log directory.
    private func ask(_ log: String) -> [String: Any]? {
        guard let input, let output else { return nil }
        input.write(Data((log + "\n").utf8))
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
        let end = buffer.firstIndex(of: UInt8(ascii: "\n"))!
        let line = buffer[buffer.startIndex..<end]
        buffer = Data(buffer[(end + 1)...])
        return try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
    }

    /// Compares `registry verify --format json` (already run on `log`, as `verify`) with verify-log.py;
    /// a disagreement is a failure of `result`.
    func compare(_ log: String, _ verify: RunResult, label: String, result: ScenarioResult) {
        guard unavailable == nil else { return }
        guard let answer = ask(log) else {
            result.fail("\(label): verify-log.py gave no answer")
            return
        }
        compared += 1
        result.add("compared with verify-log.py")
        func int(_ key: String) -> Int? { (answer[key] as? NSNumber)?.intValue }
        let theirs = int("exit") ?? -1
        guard Int(verify.code) == theirs else {
            result.fail("\(label): registry verify exited \(verify.code) but verify-log.py \(theirs) (\(answer["reason"] as? String ?? "")): \(verify.stderr.debugDescription)")
            return
        }
        if theirs == 4 {
            let pattern = #/integrity error at position (\d+) \(segment ([^,]+), offset (\d+)\): (.*)\./#
            guard let m = verify.stderr.firstMatch(of: pattern) else {
                result.fail("\(label): cannot read registry verify's failure: \(verify.stderr.debugDescription)")
                return
            }
            let ours = "\(m.1) \(m.2) \(m.3) \(m.4)"
            let other = "\(int("position") ?? -1) \(answer["segment"] as? String ?? "") \(int("offset") ?? -1) \(answer["reason"] as? String ?? "")"
            if ours != other { result.fail("\(label): registry verify says \(ours) but verify-log.py says \(other)") }
        } else if theirs == 0 {
            guard let data = verify.stdout.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                result.fail("\(label): registry verify's JSON does not parse: \(verify.stdout.debugDescription)")
                return
            }
            for key in ["head_position", "head_hash", "events", "segments", "bytes", "streams"] {
                let a = "\(object[key] ?? "-")", b = "\(answer[key] ?? "-")"
                if a != b { result.fail("\(label): \(key) is \(a) for registry verify but \(b) for verify-log.py") }
            }
            let torn = verify.stderr.contains("torn tail")
            if torn != (answer["torn"] as? Bool ?? false) {
                result.fail("\(label): registry verify \(torn ? "warns of" : "sees no") torn tail, verify-log.py the opposite")
            }
        }
    }
}
