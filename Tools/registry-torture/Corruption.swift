import EventStore
import Foundation

/// Scenario 3: damage to committed records. Random single-byte flips and small rewrites anywhere in
/// the segment must each make `registry verify` exit 4 naming a position; a forger who rewrites one
/// record and recomputes its CRC and every chain hash after it must be caught by
/// `registry verify --expect-head HASH --at POSITION` with a head written down earlier.
struct CorruptionScenario {
    let ctx: TortureContext

    func run() -> ScenarioResult {
        let result = ScenarioResult("3 corruption: flips, rewrites, forgeries", outcome: "detected")
        let runner = ctx.runner
        let base = ctx.freshPath("corrupt")
        Fixture.build(runner, base)
        let units = ctx.isQuick ? 4 : 12
        var middle: VerifiedHead?
        for i in 0..<units {
            for c in Fixture.internship("c\(i)", months: 3) { runner.registry(c.fullArguments, log: base) }
            if i == units / 2 { middle = runner.verify(base).1 }
        }
        guard let head = runner.verify(base).1, let middle else {
            result.fail("the base log does not verify")
            return result
        }
        let segment = base + "/00000001.seg"
        let original = Files.read(segment)
        let records = LogBytes.records(original)

        // The forger's tool must be right: re-chaining an unchanged log changes nothing.
        var rechained = original
        LogBytes.rechain(&rechained, from: 0)
        if rechained != original { result.fail("registry-torture's own re-chaining does not reproduce the log (the forgery test would prove nothing)") }

        func restore() { Files.write(segment, original) }

        // Single-byte flips and small rewrites, in place, restored after each check.
        let flips = ctx.isQuick ? 200 : 3000
        let rewrites = ctx.isQuick ? 60 : 1000
        for n in 0..<(flips + rewrites) {
            var bytes = original
            let description: String
            let at: Int
            if n < flips {
                at = ctx.int(0..<bytes.count)
                let mask = UInt8(ctx.int(1...255))
                bytes[at] ^= mask
                description = "byte \(at) xor 0x\(String(mask, radix: 16))"
                result.add("single-byte flips")
            } else {
                let count = ctx.int(2...16)
                at = ctx.int(0...(bytes.count - count))
                for i in at..<(at + count) { bytes[i] = UInt8(ctx.int(0...255)) }
                if bytes == original { continue }
                description = "bytes \(at)..<\(at + count) rewritten"
                result.add("small rewrites")
            }
            result.tried += 1
            Files.write(segment, bytes)
            let (v, _) = runner.verify(base)
            ctx.verifier.compare(base, v, label: description, result: result)
            if v.status == 4 && isOneSentence(v.stderr) && v.stderr.contains("position") {
                result.good += 1
            } else if v.status == 4 {
                result.good += 1
                result.fail("\(description): detected, but the message is not one sentence naming the position: \(v.stderr.debugDescription)")
            } else {
                let inRecord = records.first { $0.offset <= at && $0.end > at }
                result.fail("\(description) (\(inRecord.map { "record at position \($0.position)" } ?? "segment header")): verify exited \(v.code), expected 4: \(v.stderr.debugDescription)")
            }
            // Nothing downstream silently uses a damaged record: reading every event fails too (sampled).
            if n % 10 == 0 {
                let export = runner.replay(["export", "--log", base])
                result.add("export refused (sampled)", export.status == 4 ? 1 : 0)
                if export.status != 4 { result.fail("\(description): 'registry-replay export' read the damaged log: \(export.status.map { "exit \($0)" } ?? "killed"), \(export.stdout.split(separator: "\n").count) events") }
            }
        }
        restore()

        // Forgeries: one record rewritten, its CRC and the chain after it recomputed.
        let forgeries = ctx.isQuick ? 30 : 300
        for n in 0..<forgeries {
            let dir = ctx.freshPath("forged")
            Files.copyDirectory(base, to: dir)
            let victim = records[ctx.int(0..<records.count)]
            guard let forged = forge(original, victim: victim, lengthening: n % 3 == 2) else { continue }
            result.tried += 1
            result.add("forgeries")
            Files.write(dir + "/00000001.seg", forged)
            if n % 2 == 1 {
                // A careful forger also removes the derived files that still describe the old bytes.
                for f in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm", "readmodel.sqlite", "readmodel.sqlite-wal", "readmodel.sqlite-shm"] {
                    Files.remove(dir + "/" + f)
                }
            }
            let label = "forgery of position \(victim.position)\(n % 3 == 2 ? " (lengthened)" : "")"
            let (plain, _) = runner.verify(dir)
            ctx.verifier.compare(dir, plain, label: label, result: result)
            if plain.status == 0 { result.add("forgeries passing plain verify") }
            var caught = true
            let (full, _) = runner.verify(dir, extra: ["--expect-head", head.hash, "--at", String(head.position)])
            if full.status != 4 || !full.stderr.contains("rewritten") {
                caught = false
                result.fail("\(label): 'verify --expect-head <head> --at \(head.position)' exited \(full.code): \(full.stderr.debugDescription)")
            }
            if victim.position <= middle.position {
                let (earlier, _) = runner.verify(dir, extra: ["--expect-head", middle.hash, "--at", String(middle.position)])
                if earlier.status != 4 {
                    caught = false
                    result.fail("\(label): 'verify --expect-head <earlier head> --at \(middle.position)' exited \(earlier.code): \(earlier.stderr.debugDescription)")
                }
                result.add("caught by an earlier head")
            }
            if caught { result.good += 1 }
            Files.remove(dir)
        }
        // And the untouched log still matches both heads (no false alarm).
        let (clean, _) = runner.verify(base, extra: ["--expect-head", middle.hash, "--at", String(middle.position)])
        if clean.status != 0 { result.fail("the untouched log fails 'verify --expect-head' with its own earlier head: \(clean)") }
        return result
    }

    /// The log with `victim`'s payload changed (a digit or letter replaced, or one byte inserted) and
    /// the CRC and chain recomputed from it to the end; nil if the payload has nothing to change.
    private func forge(_ original: [UInt8], victim: RecordExtent, lengthening: Bool) -> [UInt8]? {
        var bytes = original
        let digits = victim.payload.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }
        let letters = victim.payload.filter { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[$0]) }
        guard let at = digits.isEmpty ? letters.first : digits[ctx.int(0..<digits.count)] else { return nil }
        if lengthening {
            // Insert a digit after a digit (or a letter after a letter): L and the payload length grow by one.
            bytes.insert(bytes[at] == UInt8(ascii: "9") ? UInt8(ascii: "1") : bytes[at] &+ 1, at: at + 1)
            LogBytes.putU32(&bytes, victim.offset, UInt32(victim.bodyLength + 1))
            LogBytes.putU32(&bytes, victim.payload.lowerBound - 4, UInt32(victim.payload.count + 1))
        } else {
            let isDigit = !digits.isEmpty
            let low = isDigit ? UInt8(ascii: "0") : UInt8(ascii: "a"), span: UInt8 = isDigit ? 10 : 26
            bytes[at] = low + (bytes[at] - low + UInt8(ctx.int(1..<Int(span)))) % span
        }
        let index = LogBytes.records(bytes).firstIndex { $0.offset == victim.offset }!
        LogBytes.rechain(&bytes, from: index)
        return bytes
    }
}
