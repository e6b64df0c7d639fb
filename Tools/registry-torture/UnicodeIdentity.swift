import EventStore
import Foundation

/// Scenario: Unicode identity. An identifier means one thing: IDs typed composed (`é`, U+00E9) or
/// decomposed (`e` + U+0301) are one ID at the command line (normalised to NFC); a log written
/// around the CLI with both forms holds two streams, and `verify` agrees (it compares bytes, as
/// FORMAT.md 3.1 says) and still finds a version jump across them. IDs with bidirectional
/// controls, zero-width or control characters, or surrounding white space are refused with exit 2
/// and one sentence; names may hold them but are shown escaped; a CSV mixing UTF-8 and GBK rows is
/// refused whole. The log is unchanged by every refusal.
struct UnicodeIdentityScenario {
    let ctx: TortureContext

    static let composed = "S\u{E9}"
    static let decomposed = "Se\u{301}"

    func run() -> ScenarioResult {
        let result = ScenarioResult("Unicode identity: NFC, invisible characters, bytes", outcome: "correct")
        let runner = ctx.runner
        let log = ctx.freshPath("unicode")
        Fixture.build(runner, log)

        func check(_ label: String, _ figure: String, _ ok: Bool, _ detail: @autoclosure () -> String) {
            result.tried += 1
            if ok { result.good += 1; result.add(figure) } else { result.fail("\(label): \(detail())") }
        }

        // One ID, typed two ways.
        let first = runner.registry(["school", "register", Self.composed, "--name", "Composed", "--level", "secondary", "--as", "bureau:EDU"], log: log)
        check("a composed school ID", "NFC cases", first.status == 0, "\(first)")
        let before = Files.segmentBytes(log)
        let second = runner.registry(["school", "register", Self.decomposed, "--name", "Decomposed", "--level", "secondary", "--as", "bureau:EDU"], log: log)
        check("the same ID decomposed is the same school", "NFC cases", second.status == 1 && Files.segmentBytes(log) == before, "\(second)")
        let enrolled = runner.registry(["student", "enroll", "U-" + Self.decomposed, "--name", "N", "--major", "M", "--birth", "2005-01-01",
                                        "--enrolled", "2023-09-01", "--as", "school:" + Self.decomposed], log: log)
        check("a decomposed actor and student ID", "NFC cases", enrolled.status == 0, "\(enrolled)")
        let shown = runner.registry(["show", "student", "U-" + Self.composed, "--as", "school:" + Self.composed], log: log)
        check("shown by the composed ID", "NFC cases", shown.status == 0, "\(shown)")
        let (verify, _) = runner.verify(log)
        check("verify after NFC input", "NFC cases", verify.status == 0, "\(verify)")

        // Invisible characters in IDs: refused, one sentence, nothing appended.
        let hostile = ["A\u{202E}B", "A\u{202D}B", "A\u{2066}B", "A\u{200B}B", "A\u{200C}B", "A\u{200D}B", "\u{FEFF}AB", "A\u{00AD}B",
                       "A\u{061C}B", "A\u{200E}B", " AB", "AB ", "A\u{3000}B", "A\u{1}B", "A\u{85}B", "AB\n"]
        let sample = ctx.isQuick ? Array(hostile.prefix(8)) + [hostile[10], hostile[13]] : hostile
        for id in sample {
            let before = Files.segmentBytes(log)
            for (label, arguments) in [
                ("school ID", ["school", "register", id, "--name", "N", "--level", "secondary", "--as", "bureau:EDU"]),
                ("actor ID", ["enterprise", "workforce", "E01", "--headcount", "1", "--as-of", "2021-01-01", "--as", "enterprise:" + id]),
            ] {
                let r = runner.registry(arguments, log: log)
                let invisible = id.unicodeScalars.contains { [.format, .control].contains($0.properties.generalCategory) }
                let escaped = !invisible || r.stderr.contains("\\u{")
                check("\(label) \(id.unicodeScalars.map { String($0.value, radix: 16) })", "invisible IDs refused",
                      r.status == 2 && isOneSentence(r.stderr) && escaped && Files.segmentBytes(log) == before, "\(r)")
            }
        }

        // A name may hold a bidi override but is shown escaped.
        let named = runner.registry(["enterprise", "register", "E-BIDI", "--name", "Good\u{202E}kroW", "--as", "bureau:EDU"], log: log)
        let show = runner.registry(["show", "enterprise", "E-BIDI", "--as", "bureau:EDU"], log: log)
        check("a bidi name shown escaped", "names escaped",
              named.status == 0 && show.status == 0 && show.stdout.contains("Good\\u{202e}kroW") && !show.stdout.contains("\u{202E}"), "\(show)")

        // A CSV mixing UTF-8 and GBK rows, with and without a byte-order mark: refused whole.
        let utf8Row = Array("2025001,王芳,数控技术,2007-01-02,2024-09-01\n".utf8)
        let gbkRow = Array("2025002,".utf8) + [0xC0, 0xEE, 0xC4, 0xC8] + Array(",CNC,2007-03-04,2024-09-01\n".utf8)
        for (label, bom) in [("with a BOM", [UInt8]([0xEF, 0xBB, 0xBF])), ("without a BOM", [])] {
            let path = ctx.freshPath("mixed") + ".csv"
            Files.write(path, bom + Array("id,name,major,birth,enrolled\n".utf8) + utf8Row + gbkRow)
            let before = Files.segmentBytes(log)
            let r = runner.registry(["import", "students", path, "--as", "school:S01"], log: log)
            check("a mixed-encoding CSV \(label)", "mixed CSVs refused",
                  r.status == 2 && r.stderr.contains("line 3") && Files.segmentBytes(log) == before, "\(r)")
        }

        // An import whose ID cell hides a bidi control or a zero-width space: refused whole, exit 2.
        for hidden in ["2025\u{202E}003", "2025\u{200B}003"] {
            let path = ctx.freshPath("hidden") + ".csv"
            Files.write(path, Array("id,name,major,birth,enrolled\n2025004,A,B,2007-01-02,2024-09-01\n\(hidden),A,B,2007-01-02,2024-09-01\n".utf8))
            let before = Files.segmentBytes(log)
            let r = runner.registry(["import", "students", path, "--as", "school:S01"], log: log)
            check("an import with an invisible ID", "invisible IDs refused",
                  r.status == 2 && isOneSentence(r.stderr) && r.stderr.contains("\\u{") && Files.segmentBytes(log) == before, "\(r)")
        }

        let compare = runner.compareReadModel(log)
        check("the read model equals a rebuild", "NFC cases", compare.ok, "\(compare.result)")

        checkStoreWrittenBothForms(check)
        return result
    }

    /// A log written through the store's API with both forms (as an older CLI or another tool could):
    /// two streams, which `verify` accepts; and with the second stream made to start at version 2 (and
    /// the chain recomputed, as a forger would), `verify` reports the jump.
    private func checkStoreWrittenBothForms(_ check: (String, String, Bool, @autoclosure () -> String) -> Void) {
        let log = ctx.freshPath("unicode-store")
        do {
            let store = try FileEventLog(directory: log, mode: .write)
            for (i, stream) in ["school-" + Self.composed, "school-" + Self.decomposed].enumerated() {
                _ = try store.append([NewEvent(type: "Probe", payload: Array("{}".utf8))], to: stream, expectingVersion: .noStream,
                                     commandID: "u-\(i)", actor: "bureau:EDU")
            }
        } catch {
            check("two streams through the store", "store cases", false, "\(error)")
            return
        }
        let (verify, head) = ctx.runner.verify(log)
        check("verify on two streams that differ only in normalisation", "store cases", verify.status == 0 && head?.events == 2, "\(verify)")

        let segment = log + "/00000001.seg"
        var bytes = Files.read(segment)
        let records = LogBytes.records(bytes)
        guard records.count == 2 else { return check("the store's records", "store cases", false, "\(records.count) records") }
        bytes[records[1].offset + 4 + 20] = 2
        LogBytes.rechain(&bytes, from: 1)
        Files.write(segment, bytes)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: log)) ?? [] where name.hasPrefix("index.sqlite") {
            Files.remove(log + "/" + name)
        }
        let jump = ctx.runner.registry(["verify"], log: log)
        check("verify finds a version jump across the two forms", "store cases",
              jump.status == 4 && jump.stderr.contains("position 2") && jump.stderr.contains("jumps to version 2"), "\(jump)")
    }
}
