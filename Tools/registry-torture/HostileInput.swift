import Foundation

/// Scenario 5: malformed and hostile input through the CLI and through CSV import. Each case gets its
/// documented exit code and one clear sentence naming the value, and the log is byte-for-byte
/// unchanged. Names full of SQL metacharacters are not errors: they must be stored and shown verbatim.
struct HostileInputScenario {
    let ctx: TortureContext

    struct Case {
        let label: String
        let arguments: [[UInt8]]
        /// Exit codes the documentation allows.
        let expected: Set<Int32>
        /// Text the message must contain (the offending value or field), if any.
        let mention: String?
        /// For accepted input: the student whose record must show `verbatim`.
        var verbatim: (student: String, text: String)?
    }

    private static func bytes(_ args: [String]) -> [[UInt8]] { args.map { Array($0.utf8) } }

    func run() -> ScenarioResult {
        let result = ScenarioResult("5 hostile input: CLI and CSV", outcome: "rejected")
        let runner = ctx.runner
        let log = ctx.freshPath("hostile")
        Fixture.build(runner, log)
        for c in Fixture.internship("H", months: 1) { runner.registry(c.fullArguments, log: log) }

        var cases = cliCases()
        cases += csvCases()
        for c in cases {
            result.tried += 1
            let before = Files.segmentBytes(log)
            let r = runner.wait(runner.spawn(runner.registryPath, rawArguments: c.arguments + [Array("--log".utf8), Array(log.utf8)]))
            let after = Files.segmentBytes(log)
            var problems: [String] = []
            let code = r.status ?? -1
            if !c.expected.contains(code) {
                problems.append("exit \(r.status.map(String.init) ?? "signal \(r.signal ?? 0)"), expected \(c.expected.sorted().map(String.init).joined(separator: " or "))")
            }
            if let (student, text) = c.verbatim, code == 0 {
                let shown = runner.registry(["show", "student", student, "--as", "school:S01", "--format", "json"], log: log)
                if !shown.stdout.contains(jsonEscaped(text)) { problems.append("stored or shown differently: \(shown.stdout.prefix(200).debugDescription)") }
            } else if code != 0 {
                // The message: on stderr for a refused command; in the rejected-rows table for an import's rows.
                let message = code == 1 && c.arguments.first == Array("import".utf8) ? r.stdout : r.stderr
                if code != 1 || c.arguments.first != Array("import".utf8) {
                    if !isOneSentence(message) { problems.append("the message is not one sentence: \(message.prefix(300).debugDescription)") }
                    if !message.hasPrefix("error") && !message.hasPrefix("conflict") { problems.append("the message does not start with 'error': \(message.prefix(200).debugDescription)") }
                }
                if let mention = c.mention, !message.contains(mention) {
                    problems.append("the message does not name '\(mention)': \(message.prefix(300).debugDescription)")
                }
                if after != before { problems.append("the log changed") }
            } else if c.verbatim == nil && after != before {
                problems.append("the log changed")
            }
            if problems.isEmpty {
                result.good += 1
                result.add(c.arguments.first == Array("import".utf8) ? "CSV cases" : "CLI cases")
            } else {
                result.fail("\(c.label): \(problems.joined(separator: "; "))")
            }
        }
        let compare = runner.compareReadModel(log)
        if !compare.ok { result.fail("after the hostile inputs the read model differs from a rebuild: \(compare.result)") }
        return result
    }

    private func jsonEscaped(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [s])
        let text = String(decoding: data, as: UTF8.self)
        return String(text.dropFirst(2).dropLast(2)).replacingOccurrences(of: "\\/", with: "/")
    }

    // MARK: The CLI

    private func cliCases() -> [Case] {
        var cases: [Case] = []
        let enroll: [String: String] = ["ID": "HX-1", "--name": "王芳", "--major": "数控技术", "--birth": "2006-03-14",
                                        "--enrolled": "2023-09-01", "--as": "school:S01"]
        var serial = 0
        func enrollArgs(_ changes: [String: [UInt8]]) -> [[UInt8]] {
            // A new student ID per case, so that a wrongly accepted case cannot mask the next one.
            serial += 1
            var out: [[UInt8]] = [Array("student".utf8), Array("enroll".utf8), changes["ID"] ?? Array("HX-\(serial)".utf8)]
            for key in ["--name", "--major", "--birth", "--enrolled", "--as"] {
                out.append(Array(key.utf8))
                out.append(changes[key] ?? Array(enroll[key]!.utf8))
            }
            return out
        }
        func bad(_ label: String, _ field: String, _ value: String, _ code: Int32 = 2, mention: String? = nil) {
            cases.append(Case(label: "student enroll \(field) \(value.debugDescription)", arguments: enrollArgs([field: Array(value.utf8)]),
                              expected: [code], mention: mention ?? (value.isEmpty ? field : String(value.prefix(20)))))
        }
        func badRaw(_ label: String, _ field: String, _ value: [UInt8]) {
            cases.append(Case(label: label, arguments: enrollArgs([field: value]), expected: [2], mention: nil))
        }
        // Dates.
        for d in ["2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "20250101", "2025/02/30", "0000-00-00",
                  "99999-01-01", "-2025-01-01", "2025-01-01 x", "２０２５-０１-０１", "2025-01-01T00:00", "yesterday"] {
            bad("date", "--birth", d)
        }
        bad("empty date", "--enrolled", "", mention: "--enrolled")
        // Names and IDs.
        bad("overlong name", "--name", String(repeating: "名", count: 201), mention: "--name")
        bad("huge name", "--name", String(repeating: "x", count: 100_000), mention: "--name")
        for (label, value) in [("newline", "王\n芳"), ("bell", "王\u{7}芳"), ("escape", "\u{1B}[31mred"), ("C1 NEL", "a\u{85}b"),
                               ("DEL", "a\u{7F}b"), ("tab", "a\tb"), ("blank", "   ")] {
            bad(label, "--name", value, mention: "--name")
        }
        bad("empty name", "--name", "", mention: "--name")
        bad("empty major", "--major", "", mention: "--major")
        for id in ["A B", String(repeating: "I", count: 65), "A\tB", "", "a\nb"] {
            cases.append(Case(label: "student enroll ID \(id.prefix(20).debugDescription)", arguments: enrollArgs(["ID": Array(id.utf8)]),
                              expected: [2], mention: "ID"))
        }
        // Invalid UTF-8 (bytes no text can hold).
        badRaw("student enroll --name with invalid UTF-8 (A FF FE B)", "--name", [0x41, 0xFF, 0xFE, 0x42])
        badRaw("student enroll ID with invalid UTF-8 (X C3)", "ID", [0x58, 0xC3])
        badRaw("student enroll --major with an overlong UTF-8 encoding (C0 AF)", "--major", [0xC0, 0xAF])
        // Birth after enrolment: the message must say which dates disagree.
        cases.append(Case(label: "student enroll born after enrolment (--birth 2024-01-01 --enrolled 2023-09-01)",
                          arguments: enrollArgs(["--birth": Array("2024-01-01".utf8)]), expected: [1, 2], mention: "birth"))

        // Amounts.
        func stipend(_ amount: String, month: String = "2025-11") -> [String] {
            ["stipend", "confirm", "PL-H", "--month", month, "--amount", amount, "--paid-on", "2025-12-10", "--as", "enterprise:E01"]
        }
        for a in ["-100", "-0.01", "-0", "100.123", "0.001", "1e5", "NaN", "inf", "99999999999999999999", "1,00", "0x10", "$100", "", "1 000"] {
            cases.append(Case(label: "stipend confirm --amount \(a.debugDescription)", arguments: Self.bytes(stipend(a)), expected: [2],
                              mention: a.isEmpty ? "--amount" : a))
        }
        for m in ["2025-13", "2025-00", "25-09", "2025-9-1", "2025-09-01"] {
            cases.append(Case(label: "stipend confirm --month \(m)", arguments: Self.bytes(stipend("3000", month: m)), expected: [2], mention: m))
        }
        cases.append(Case(label: "placement register --stipend -1", arguments: Self.bytes(
            ["placement", "register", "PX", "--student", "ST-H", "--enterprise", "E01", "--kind", "observation", "--start", "2025-09-01",
             "--end", "2025-09-30", "--stipend", "-1", "--as", "school:S01"]), expected: [2], mention: "-1"))
        cases.append(Case(label: "placement register ending before it starts", arguments: Self.bytes(
            ["placement", "register", "PX", "--student", "ST-H", "--enterprise", "E01", "--kind", "observation", "--start", "2025-09-10",
             "--end", "2025-09-01", "--stipend", "0", "--as", "school:S01"]), expected: [1, 2], mention: "2025-09-01"))
        for (flag, value) in [("--headcount", "-5"), ("--headcount", "1.5"), ("--headcount", "999999999999"), ("--post", "=5"),
                              ("--post", "车工=abc"), ("--post", "车工=-1"), ("--wage-standard", "车工=-1"), ("--wage-standard", "车工=1.001")] {
            var args = ["enterprise", "workforce", "E01", "--headcount", "100", "--as-of", "2025-01-01", "--as", "enterprise:E01"]
            if flag == "--headcount" { args[4] = value } else { args += [flag, value] }
            let mention = value.hasPrefix("=") ? flag : String(value.split(separator: "=").last ?? "")
            cases.append(Case(label: "enterprise workforce \(flag) \(value)", arguments: Self.bytes(args), expected: [2], mention: mention))
        }
        cases.append(Case(label: "subsidy advance --amount -5", arguments: Self.bytes(
            ["subsidy", "advance", "A-1", "--amount", "-5", "--on", "2025-10-01", "--as", "bureau:EDU"]), expected: [2], mention: "-5"))

        // Unknown IDs.
        let unknown: [[String]] = [
            ["placement", "start", "NOPE", "--on", "2025-09-01", "--as", "school:S01"],
            ["stipend", "confirm", "NOPE", "--month", "2025-09", "--amount", "1", "--paid-on", "2025-10-01", "--as", "enterprise:E01"],
            ["placement", "register", "PY", "--student", "NOPE", "--enterprise", "E01", "--kind", "observation", "--start", "2025-09-01",
             "--end", "2025-09-30", "--stipend", "0", "--as", "school:S01"],
            ["placement", "register", "PY", "--student", "ST-H", "--enterprise", "NOPE", "--kind", "observation", "--start", "2025-09-01",
             "--end", "2025-09-30", "--stipend", "0", "--as", "school:S01"],
            ["student", "leave", "NOPE", "--reason", "graduated", "--on", "2026-06-30", "--as", "school:S01"],
            ["apprenticeship", "complete", "NOPE", "--on", "2026-08-31", "--certificate", "C1", "--as", "enterprise:E01"],
            ["subsidy", "advance", "NOPE", "--amount", "100", "--on", "2025-10-01", "--as", "bureau:EDU"],
            ["enterprise", "workforce", "NOPE", "--headcount", "10", "--as-of", "2025-01-01", "--as", "enterprise:NOPE"],
            ["show", "student", "NOPE", "--as", "school:S01"],
        ]
        for args in unknown {
            cases.append(Case(label: "unknown ID: registry \(args.prefix(3).joined(separator: " "))", arguments: Self.bytes(args), expected: [2], mention: "NOPE"))
        }
        // Wrong roles.
        let wrongRole: [([String], String)] = [
            (["student", "enroll", "WR-1", "--name", "a", "--major", "b", "--birth", "2006-01-01", "--enrolled", "2023-09-01", "--as", "enterprise:E01"], "enterprise:E01"),
            (stipend("3000") .dropLast(2) + ["--as", "school:S01"], "school:S01"),
            (["school", "register", "S09", "--name", "Nine", "--level", "higher", "--as", "school:S01"], "school:S01"),
            (["placement", "start", "PL-H", "--on", "2025-09-01", "--as", "inspector:I01"], "inspector:I01"),
            (["enterprise", "workforce", "E01", "--headcount", "100", "--as-of", "2025-01-01", "--as", "enterprise:E02"], "enterprise:E02"),
        ]
        for (args, actor) in wrongRole {
            cases.append(Case(label: "wrong role: registry \(args.prefix(2).joined(separator: " ")) as \(actor)", arguments: Self.bytes(args), expected: [5], mention: "Auth_01"))
        }
        for actor in ["admin:root", "school", "school:", ":S01", "School:S01", "school:S 01"] {
            cases.append(Case(label: "--as \(actor)", arguments: enrollArgs(["--as": Array(actor.utf8)]), expected: [2], mention: actor == "school:S 01" ? "S 01" : actor))
        }
        // Usage.
        let usage: [([String], String?)] = [
            (["regster"], "regster"),
            (["student", "enroll", "US-1", "--nmae", "a", "--major", "b", "--birth", "2006-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"], "--nmae"),
            (["student", "enroll", "US-1", "--major", "b", "--birth", "2006-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"], "--name"),
            (["student", "enroll", "US-1", "--name", "a", "--name", "b", "--major", "b", "--birth", "2006-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"], "--name"),
            (["student", "enroll", "US-1", "extra", "--name", "a", "--major", "b", "--birth", "2006-01-01", "--enrolled", "2023-09-01", "--as", "school:S01"], "extra"),
            (["student", "enroll", "US-1", "--name", "a", "--major", "b", "--birth", "2006-01-01", "--enrolled", "2023-09-01"], "--as"),
            (["verify", "--format", "xml"], "xml"),
            (["verify", "--lang", "fr"], "fr"),
            (["placement", "register", "PZ", "--student", "ST-H", "--enterprise", "E01", "--kind", "intern", "--start", "2025-09-01",
              "--end", "2025-09-30", "--stipend", "0", "--as", "school:S01"], "intern"),
            (["school", "register", "S09", "--name", "Nine", "--level", "master", "--as", "bureau:EDU"], "master"),
            (["insurance", "enroll", "PL-H", "--policy", "I2", "--insurer", "P", "--cover", "liability,fire", "--from", "2025-09-01",
              "--to", "2026-02-28", "--paid-by", "school", "--as", "school:S01"], "fire"),
            (["verify", "--expect-head", "zz", "--at", "3"], "zz"),
            (["verify", "--at", "3"], "--expect-head"),
            (["audit", "--until", "garbage", "--as", "inspector:I01"], "garbage"),
        ]
        for (args, mention) in usage {
            cases.append(Case(label: "usage: registry \(args.prefix(3).joined(separator: " "))", arguments: Self.bytes(args), expected: [2], mention: mention))
        }
        cases.append(Case(label: "insurance paid by the student", arguments: Self.bytes(
            ["insurance", "enroll", "PL-H", "--policy", "I3", "--insurer", "P", "--cover", "liability", "--from", "2025-09-01",
             "--to", "2026-02-28", "--paid-by", "student", "--as", "school:S01"]), expected: [1, 2], mention: "student"))
        // SQL metacharacters are text, not code: stored and shown verbatim.
        for (n, text) in ["Robert'); DROP TABLE students;--", "' OR '1'='1", "\"; DELETE FROM events; --", "x\\' UNION SELECT *--"].enumerated() {
            let id = "SQL-\(n)"
            cases.append(Case(label: "SQL metacharacters in a name: \(text)", arguments: enrollArgs(["ID": Array(id.utf8), "--name": Array(text.utf8)]),
                              expected: [0], mention: nil, verbatim: (id, text)))
        }
        cases.append(Case(label: "SQL metacharacters in an ID: X';--", arguments: enrollArgs(["ID": Array("X';--".utf8)]), expected: [0],
                          mention: nil, verbatim: ("X';--", "王芳")))
        return cases
    }

    // MARK: CSV import

    private func csvCases() -> [Case] {
        var cases: [Case] = []
        var n = 0
        func file(_ bytes: [UInt8]) -> String {
            n += 1
            let path = ctx.scratch + "/hostile-\(n).csv"
            Files.write(path, bytes)
            return path
        }
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        func add(_ label: String, _ kind: String, _ content: [UInt8], as actor: String? = nil, _ expected: Set<Int32>, mention: String?) {
            let path = file(content)
            cases.append(Case(label: "import \(kind): \(label)", arguments: Self.bytes(["import", kind, path, "--as", actor ?? (kind == "stipends" ? "enterprise:E01" : "school:S01")]),
                              expected: expected, mention: mention))
        }
        let studentsHeader = "id,name,major,birth,enrolled\n"
        add("a bad date (2025-02-30)", "students", text(studentsHeader + "CS-1,王芳,数控,2025-02-30,2023-09-01\n"), [1], mention: "2025-02-30")
        add("an overlong name", "students", text(studentsHeader + "CS-2,\(String(repeating: "x", count: 300)),数控,2006-01-01,2023-09-01\n"), [1], mention: "CS-2")
        add("a control character in a name", "students", text(studentsHeader + "CS-3,a\u{7}b,数控,2006-01-01,2023-09-01\n"), [1], mention: "CS-3")
        add("an empty name", "students", text(studentsHeader + "CS-4,,数控,2006-01-01,2023-09-01\n"), [1], mention: "name")
        // An ID with white space or invisible characters refuses the whole file (issue 11).
        add("an ID with a space", "students", text(studentsHeader + "CS 5,a,数控,2006-01-01,2023-09-01\n"), [2], mention: "CS 5")
        add("a student already enrolled", "students", text(studentsHeader + "ST-H,a,数控,2006-01-01,2023-09-01\n"), [1], mention: "ST-H")
        add("invalid UTF-8 (FF FE FD)", "students", text(studentsHeader) + [0x43, 0x53, 0x2D, 0x36, 0x2C, 0xFF, 0xFE, 0xFD] + text(",数控,2006-01-01,2023-09-01\n"), [2], mention: "UTF-8")
        add("a missing column (birth)", "students", text("id,name,major,enrolled\nCS-7,a,数控,2023-09-01\n"), [2], mention: "birth")
        add("an empty file", "students", [], [2], mention: "empty")
        add("only a BOM and blank lines", "students", [0xEF, 0xBB, 0xBF] + text("\n\r\n\n"), [2], mention: "empty")
        var random = [UInt8](repeating: 0, count: 4096)
        for i in random.indices { random[i] = UInt8(ctx.int(0...255)) }
        random[10] = 0
        add("a binary file", "students", random, [2], mention: "NUL")
        add("a spreadsheet (zip) file", "students", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00] + Array(repeating: 0, count: 64), [2], mention: "NUL")
        add("UTF-16 text", "students", [0xFF, 0xFE] + studentsHeader.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, [2], mention: "NUL")
        add("an unterminated quote", "students", text(studentsHeader + "CS-8,\"a,数控,2006-01-01,2023-09-01\n"), [2], mention: "quote")
        add("a repeated column", "students", text("id,name,name,major,birth,enrolled\nCS-9,a,a,b,2006-01-01,2023-09-01\n"), [2], mention: "name")
        // Extra columns of real exports are ignored (issue 13); beside a missing one they are named as likely typos.
        add("an unknown column", "students", text("id,name,major,birth,password\nCS-10,a,b,2006-01-01,x\n"), [2], mention: "password")
        add("a header and no rows", "students", text(studentsHeader), [0, 2], mention: nil)
        add("a student row as a school of another role", "students", text(studentsHeader + "CS-11,a,b,2006-01-01,2023-09-01\n"), as: "enterprise:E01", [5], mention: "Auth_01")
        let stipendHeader = "placement,month,amount,paid_on\n"
        add("a negative amount", "stipends", text(stipendHeader + "PL-H,2025-11,-3000,2025-12-10\n"), [1], mention: "-3000")
        add("an over-precise amount", "stipends", text(stipendHeader + "PL-H,2025-11,3000.001,2025-12-10\n"), [1], mention: "3000.001")
        add("an unknown placement", "stipends", text(stipendHeader + "NOPE,2025-11,3000,2025-12-10\n"), [1], mention: "NOPE")
        add("a month 2025-13", "stipends", text(stipendHeader + "PL-H,2025-13,3000,2025-12-10\n"), [1], mention: "2025-13")
        add("stipends as a school", "stipends", text(stipendHeader + "PL-H,2025-11,3000,2025-12-10\n"), as: "school:S01", [5], mention: "Auth_01")
        let placementHeader = "id,student,enterprise,kind,start,end,stipend\n"
        add("an unknown student", "placements", text(placementHeader + "PQ-1,NOPE,E01,observation,2025-09-01,2025-09-30,0\n"), [1], mention: "NOPE")
        add("an unknown enterprise", "placements", text(placementHeader + "PQ-2,ST-H,NOPE,observation,2025-09-01,2025-09-30,0\n"), [1], mention: "NOPE")
        add("an unknown kind", "placements", text(placementHeader + "PQ-3,ST-H,E01,holiday,2025-09-01,2025-09-30,0\n"), [1], mention: "holiday")
        cases.append(Case(label: "import students: a file that does not exist", arguments: Self.bytes(["import", "students", ctx.scratch + "/missing.csv", "--as", "school:S01"]),
                          expected: [2], mention: "missing.csv"))
        cases.append(Case(label: "import students: a directory", arguments: Self.bytes(["import", "students", ctx.scratch, "--as", "school:S01"]),
                          expected: [2], mention: nil))
        // A 50 MB line.
        n += 1
        let big = ctx.scratch + "/hostile-50mb.csv"
        _ = FileManager.default.createFile(atPath: big, contents: nil)
        if let handle = FileHandle(forWritingAtPath: big) {
            handle.write(Data((studentsHeader + "CS-50,").utf8))
            let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
            for _ in 0..<50 { handle.write(chunk) }
            handle.write(Data(",数控,2006-01-01,2023-09-01\n".utf8))
            handle.closeFile()
        }
        cases.append(Case(label: "import students: a 50 MB line", arguments: Self.bytes(["import", "students", big, "--as", "school:S01"]),
                          expected: [2], mention: "MB"))
        return cases
    }
}
