import EventStore
import Foundation

/// Scenario 7: the storage promises of issue 11, against the real binary.
///
/// - Acknowledged-tail damage: the last records of a log whose index records them are cut, zeroed
///   or flipped; `registry verify` and a writing command exit 4 naming the position, and nothing is
///   cut or appended. A tail past every acknowledged record is still a torn tail, cut by the writer.
/// - Unsupported segment header: format versions other than 1 (with a valid header CRC) stop
///   verify, writes, `show` and `registry-replay export` alike.
/// - Damaged derived files: a read model or stream index of random bytes, cut in half or with pages
///   overwritten is set aside (renamed) and rebuilt by a write, with one warning line; the rebuilt
///   read model equals one built from the log.
/// - Read-only copies: every read command works as an unprivileged user on a copy with mode 555/444,
///   nothing is written beside it, and a write exits 2.
///
/// Every log verified here is also verified by `Tools/verify-log.py`, which must agree.
struct StorageScenario {
    let ctx: TortureContext

    func run() -> ScenarioResult {
        let result = ScenarioResult("7 storage: acknowledged tails, headers, derived files, read-only copies", outcome: "held")
        let base = ctx.freshPath("storage")
        Fixture.build(ctx.runner, base)
        for i in 0..<2 {
            for c in Fixture.internship("st\(i)", months: 2) { ctx.runner.registry(c.fullArguments, log: base) }
        }
        acknowledgedTails(base, result)
        headerVersions(base, result)
        derivedFiles(base, result)
        readOnlyCopies(base, result)
        if let reason = ctx.verifier.unavailable { result.notes.append("verify-log.py comparison skipped: \(reason)") }
        return result
    }

    private var segmentName: String { "/00000001.seg" }

    /// A writing command that appends one event, with a fresh ID.
    private func write(_ tag: String) -> [String] {
        ["student", "enroll", "W-\(tag)", "--name", "写入 \(tag)", "--major", "数控技术", "--birth", "2005-01-01",
         "--enrolled", "2023-09-01", "--as", "school:S01", "--format", "json"]
    }

    private func copy(_ base: String, _ label: String) -> String {
        let dir = ctx.freshPath(label)
        Files.copyDirectory(base, to: dir)
        return dir
    }

    // MARK: Acknowledged tails

    private func acknowledgedTails(_ base: String, _ result: ScenarioResult) {
        let bytes = Files.read(base + segmentName)
        let records = LogBytes.records(bytes)
        guard let last = records.last else { result.fail("the storage log has no records"); return }
        var damages: [(String, ([UInt8]) -> [UInt8], UInt64)] = []
        let cuts = ctx.isQuick ? [1, 10, 36, 40, last.size / 2, last.size - 1] : Array(1..<last.size)
        for k in cuts { damages.append(("last record cut by \(k) bytes", { Array($0.dropLast(k)) }, last.position)) }
        for k in [10, 40] {
            damages.append(("last \(k) bytes zeroed", { b in var b = b; for i in (b.count - k)..<b.count { b[i] = 0 }; return b }, last.position))
        }
        for _ in 0..<(ctx.isQuick ? 4 : 40) {
            let at = ctx.int(last.offset..<last.end)
            damages.append(("byte \(at) of the last record flipped", { b in var b = b; b[at] ^= 0x20; return b }, last.position))
        }
        for r in records.suffix(ctx.isQuick ? 3 : 12) where r.groupIndex == 0 {
            damages.append(("log cut at the start of position \(r.position)", { Array($0.prefix(r.offset)) }, r.position))
        }
        for (label, damage, position) in damages {
            result.tried += 1
            let dir = copy(base, "ack")
            let damaged = damage(bytes)
            Files.write(dir + segmentName, damaged)
            let (v, _) = ctx.runner.verify(dir)
            ctx.verifier.compare(dir, v, label: label, result: result)
            let w = ctx.runner.registry(write(String(result.tried)), log: dir)
            let after = Files.read(dir + segmentName)
            var ok = true
            if v.status != 4 || !v.stderr.contains("position \(position)") {
                ok = false
                result.fail("\(label): registry verify should exit 4 at position \(position): \(v)")
            }
            if w.status != 4 || !w.stderr.contains("position \(position)") || !isOneSentence(w.stderr) {
                ok = false
                result.fail("\(label): the writer should refuse with exit 4 at position \(position): \(w)")
            }
            if after != damaged {
                ok = false
                result.fail("\(label): the writer changed the segment (\(damaged.count) -> \(after.count) bytes)")
            }
            if ok { result.good += 1 }
            result.add("acknowledged tails refused")
            Files.remove(dir)
        }
        // Garbage past the last acknowledged record is a torn tail: warned of, then cut by the writer.
        result.tried += 1
        let dir = copy(base, "torn")
        Files.write(dir + segmentName, bytes + [0x90, 0, 0, 0, 1, 2, 3, 4, 5])
        let (v, _) = ctx.runner.verify(dir)
        ctx.verifier.compare(dir, v, label: "garbage after the last record", result: result)
        let w = ctx.runner.registry(write("torn"), log: dir)
        if v.status == 0 && v.stderr.contains("torn tail") && w.status == 0 && w.stderr.contains("torn tail")
            && WriteAck(json: w.stdout)?.positions?.lowerBound == last.position + 1 {
            result.good += 1
        } else {
            result.fail("garbage after the last acknowledged record: verify \(v), write \(w)")
        }
        Files.remove(dir)
    }

    // MARK: Segment header versions

    private func headerVersions(_ base: String, _ result: ScenarioResult) {
        for version in [UInt16(0), 2, 255, 65535] {
            result.tried += 1
            let dir = copy(base, "header")
            var bytes = Files.read(dir + segmentName)
            bytes[8] = UInt8(version & 0xFF)
            bytes[9] = UInt8(version >> 8)
            LogBytes.putU32(&bytes, 60, CRC32C.checksum(bytes[0..<60]))
            Files.write(dir + segmentName, bytes)
            let reason = "bad segment header (unsupportedVersion(\(version)))"
            let (v, _) = ctx.runner.verify(dir)
            ctx.verifier.compare(dir, v, label: "format version \(version)", result: result)
            let w = ctx.runner.registry(write("v\(version)"), log: dir)
            let show = ctx.runner.registry(["show", "student", "ST-st0", "--as", "school:S01"], log: dir)
            let export = ctx.runner.replay(["export", "--log", dir])
            var ok = true
            for (what, r) in [("verify", v), ("a write", w), ("show", show)] where r.status != 4 || !r.stderr.contains(reason) {
                ok = false
                result.fail("format version \(version): \(what) should exit 4 with '\(reason)': \(r)")
            }
            if export.status != 4 { ok = false; result.fail("format version \(version): registry-replay export read the log: \(export)") }
            if Files.read(dir + segmentName) != bytes { ok = false; result.fail("format version \(version): the writer changed the segment") }
            if ok { result.good += 1 }
            result.add("header versions refused")
            Files.remove(dir)
        }
    }

    // MARK: Damaged derived files

    private func derivedFiles(_ base: String, _ result: ScenarioResult) {
        for file in ["readmodel.sqlite", "index.sqlite"] {
            for damage in ["random bytes", "cut in half", "pages overwritten"] {
                result.tried += 1
                let dir = copy(base, "derived")
                let path = dir + "/" + file
                Files.remove(path + "-wal")
                Files.remove(path + "-shm")
                var bytes = Files.read(path)
                switch damage {
                case "random bytes": bytes = (0..<20_000).map { _ in UInt8(ctx.int(0...255)) }
                case "cut in half": bytes = Array(bytes.prefix(bytes.count / 2))
                default:
                    var page = 4096
                    while page < bytes.count {
                        for i in page..<min(page + 4096, bytes.count) { bytes[i] = UInt8(ctx.int(0...255)) }
                        page += 8192
                    }
                }
                Files.write(path, bytes)
                let label = "\(file) \(damage)"
                let w = ctx.runner.registry(write("d\(result.tried)"), log: dir)
                let aside = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix(file + ".damaged-") }
                let lines = w.stderr.split(separator: "\n")
                var ok = true
                if w.status != 0 || lines.count != 1 || !w.stderr.hasPrefix("warning: \(file)") || aside.isEmpty {
                    ok = false
                    result.fail("\(label): the write should proceed with one warning and set the file aside: \(w) (set aside: \(aside))")
                }
                if ["CREATE", "SELECT", "PRAGMA"].contains(where: { w.stderr.contains($0) }) { ok = false; result.fail("\(label): SQL in the message: \(w.stderr)") }
                let (v, _) = ctx.runner.verify(dir)
                ctx.verifier.compare(dir, v, label: label, result: result)
                if v.status != 0 { ok = false; result.fail("\(label): verify after healing: \(v)") }
                let compare = ctx.runner.compareReadModel(dir)
                if !compare.ok { ok = false; result.fail("\(label): the healed read model differs from a rebuild: \(compare.result)") }
                if ok { result.good += 1 }
                result.add("derived files healed")
                Files.remove(dir)
            }
        }
    }

    // MARK: Read-only copies

    private func readOnlyCopies(_ base: String, _ result: ScenarioResult) {
        var prefix: [String] = []
        if geteuid() == 0 {
            guard let tool = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                result.notes.append("read-only copies skipped: running as root without setpriv, so no unprivileged user")
                return
            }
            prefix = [tool, "--reuid=65534", "--regid=65534", "--clear-groups"]
            // The unprivileged user must reach the binaries and the scratch directory (a checkout under
            // a private home would not be): otherwise say so rather than report a failure of the product.
            for path in [ctx.runner.registryPath, ctx.runner.replayPath, ctx.scratch] {
                let probe = ctx.runner.wait(ctx.runner.spawn(tool, Array(prefix.dropFirst()) + ["/usr/bin/test", "-x", path]))
                if probe.status != 0 {
                    result.notes.append("read-only copies skipped: the unprivileged user cannot reach \(path)")
                    return
                }
            }
        }
        for variant in ["current derived files", "no derived files"] {
            let dir = copy(base, "readonly")
            if variant == "no derived files" {
                for f in ["index.sqlite", "readmodel.sqlite"] { for s in ["", "-wal", "-shm"] { Files.remove(dir + "/" + f + s) } }
            }
            Files.remove(dir + "/writer.lock")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] { chmod(dir + "/" + name, 0o444) }
            chmod(dir, 0o555)
            let before = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? []
            let environment = ["TMPDIR": "/tmp"]
            func run(_ executable: String, _ arguments: [String]) -> RunResult {
                let command = prefix + [executable] + arguments
                return ctx.runner.wait(ctx.runner.spawn(command[0], Array(command.dropFirst()), environment: environment))
            }
            var reads: [(String, [String])] = [
                (ctx.runner.registryPath, ["--log", dir, "audit", "--on", "2025-12-31", "--as", "inspector:I01"]),
                (ctx.runner.registryPath, ["--log", dir, "quota", "--on", "2025-12-31", "--as", "inspector:I01"]),
                (ctx.runner.registryPath, ["--log", dir, "show", "student", "ST-st0", "--as", "school:S01"]),
                (ctx.runner.registryPath, ["--log", dir, "history", "placement-PL-st0", "--as", "inspector:I01"]),
                (ctx.runner.registryPath, ["--log", dir, "report", "subsidies", "--year", "2025", "--as", "inspector:I01"]),
                (ctx.runner.registryPath, ["--log", dir, "report", "evaluation", "--year", "2025", "--as", "inspector:I01"]),
                (ctx.runner.registryPath, ["--log", dir, "verify"]),
                (ctx.runner.replayPath, ["export", "--log", dir]),
            ]
            if variant == "current derived files" { reads.append((ctx.runner.replayPath, ["compare", "--log", dir])) }
            for (executable, arguments) in reads {
                result.tried += 1
                let r = run(executable, arguments)
                if r.status == 0 { result.good += 1 } else {
                    result.fail("read-only copy (\(variant)): '\(arguments.joined(separator: " "))' as an unprivileged user: \(r)")
                }
                result.add("read-only reads")
            }
            result.tried += 1
            let w = run(ctx.runner.registryPath, ["--log", dir] + write("ro"))
            if w.status == 2 && isOneSentence(w.stderr) { result.good += 1 } else {
                result.fail("read-only copy (\(variant)): a write should exit 2 with one sentence: \(w)")
            }
            let after = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? []
            if after != before { result.fail("read-only copy (\(variant)): files appeared or vanished: \(before) -> \(after)") }
            chmod(dir, 0o755)
            Files.remove(dir)
        }
    }
}
