import Foundation
import Testing

/// What the command line accepts as input (issue 11): identifiers mean one thing, invisible
/// characters are refused or shown escaped, malformed actors and repeated global options are usage
/// errors, and a usage error always says so on stderr.
@Suite("Input at the command line, end to end")
struct InputBoundaryTests {
    static let setup: [[String]] = [
        ["init", "--as", "bureau:EDU", "--jurisdiction", "X", "--policy", "national", "--from", "2020-01-01"],
        ["school", "register", "S01", "--name", "School", "--level", "secondary", "--as", "bureau:EDU"],
        ["enterprise", "register", "E01", "--name", "Works", "--above-scale", "--as", "bureau:EDU"],
    ]

    // MARK: One identifier, one meaning

    @Test func anIDTypedComposedOrDecomposedIsOneSchoolAndTheLogVerifies() throws {
        let cli = try Scenario.make("nfc", Self.setup)
        let composed = try cli.run(["school", "register", "S\u{E9}", "--name", "Composed", "--level", "secondary", "--as", "bureau:EDU"])
        #expect(composed.status == 0, "\(composed)")
        let decomposed = try cli.run(["school", "register", "Se\u{301}", "--name", "Decomposed", "--level", "secondary", "--as", "bureau:EDU"])
        #expect(decomposed.status == 1, "\(decomposed)")
        #expect(decomposed.stderr.contains("is already registered"))
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
        // The actor's ID is normalised too: the decomposed school acts as the composed one.
        let enrolled = try cli.run(["student", "enroll", "X1", "--name", "N", "--major", "M", "--birth", "2006-01-01",
                                    "--enrolled", "2023-09-01", "--as", "school:Se\u{301}"])
        #expect(enrolled.status == 0, "\(enrolled)")
        let shown = try cli.run(["show", "student", "X1", "--as", "school:S\u{E9}"])
        #expect(shown.status == 0, "\(shown)")
    }

    static let invisibleIDs = ["A\u{202E}B", "A\u{200B}B", "A\u{200D}B", "\u{FEFF}AB", "AB\u{2066}", "A\u{200E}B",
                               " AB", "AB ", "A B", "A\tB", "A\u{85}B", "A\u{3000}B", "AB\n"]

    @Test(arguments: invisibleIDs)
    func anIDWithInvisibleControlOrSpaceCharactersIsRefused(_ id: String) throws {
        let cli = try Scenario.make("invisible-id", Self.setup)
        let before = cli.logBytes()
        let result = try cli.run(["school", "register", id, "--name", "N", "--level", "secondary", "--as", "bureau:EDU"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix("error: ID '") && result.stderr.contains("is not valid"))
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(cli.logBytes() == before)
        let asActor = try cli.run(["enterprise", "workforce", "E01", "--headcount", "1", "--as-of", "2025-01-01",
                                   "--as", "enterprise:" + id])
        #expect(asActor.status == 2, "\(asActor)")
        #expect(asActor.stderr.split(separator: "\n").count == 1, "one line: \(asActor.stderr)")
    }

    /// An ID is a segment of the web API's paths (`/api/v1/students/ID`): one holding '/' could be
    /// recorded but never shown, corrected or acted on through the API, so it is refused everywhere.
    @Test(arguments: ["A/B", "../../etc/passwd", "/"])
    func anIDWithASlashIsRefused(_ id: String) throws {
        let cli = try Scenario.make("slash-id", Self.setup)
        let before = cli.logBytes()
        let result = try cli.run(["school", "register", id, "--name", "N", "--level", "secondary", "--as", "bureau:EDU"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr == "error: ID '\(id)' is not valid (it holds '/', which a web address cannot carry in an ID); use 1 to 64 printable characters without spaces.\n",
                "\(result)")
        #expect(cli.logBytes() == before)
        let file = cli.write("slash.csv", Data("id,name,major,birth,enrolled\n\(id),A,B,2006-01-01,2023-09-01\n".utf8))
        let imported = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(imported.status == 2 && imported.stderr.contains("it holds '/'"), "\(imported)")
        #expect(cli.logBytes() == before)
    }

    @Test func anIDWithInvisibleCharactersIsRefusedInAnImport() throws {
        let cli = try Scenario.make("invisible-import", Self.setup)
        let good = "2023003,A,B,2006-01-01,2023-09-01\n"
        for (name, row, message) in [
            ("bidi.csv", "2023\u{202E}001,A,B,2006-01-01,2023-09-01\n",
             "line 3: id '2023\\u{202e}001' is not valid (it holds the invisible format character U+202E (a bidirectional control or zero-width character)); use 1 to 64 printable characters without spaces; nothing was imported."),
            ("zwsp.csv", "2023\u{200B}001,A,B,2006-01-01,2023-09-01\n",
             "line 3: id '2023\\u{200b}001' is not valid (it holds the invisible format character U+200B (a bidirectional control or zero-width character)); use 1 to 64 printable characters without spaces; nothing was imported."),
            ("space.csv", "2023002 ,A,B,2006-01-01,2023-09-01\n",
             "line 3: id '2023002 ' is not valid (it starts or ends with white space); use 1 to 64 printable characters without spaces; nothing was imported."),
        ] {
            let file = cli.write(name, Data(("id,name,major,birth,enrolled\n" + good + row).utf8))
            let before = cli.logBytes()
            let result = try cli.run(["import", "students", file, "--as", "school:S01"])
            #expect(result == RunResult(status: 2, stdout: "", stderr: "error: \(file) \(message)\n"), "\(name)")
            #expect(cli.logBytes() == before)
        }
    }

    @Test func aNameWithABidiOverrideIsKeptButShownEscaped() throws {
        let cli = try Scenario.make("bidi-name", Self.setup)
        let registered = try cli.run(["enterprise", "register", "E02", "--name", "Good\u{202E}kroW", "--as", "bureau:EDU"])
        #expect(registered.status == 0, "\(registered)")
        let shown = try cli.run(["show", "enterprise", "E02", "--as", "bureau:EDU"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Good\\u{202e}kroW"), "\(shown)")
        #expect(!shown.stdout.contains("\u{202E}"))
    }

    @Test func aBidiNameIsEscapedInTheQuotaTableAndTheHTMLAudit() throws {
        let cli = try Scenario.make("bidi-report", Self.setup + [
            ["enterprise", "register", "E02", "--name", "Good\u{202E}kroW", "--as", "bureau:EDU"],
            ["enterprise", "workforce", "E02", "--headcount", "10", "--as-of", "2020-01-01", "--as", "enterprise:E02"],
        ])
        for arguments in [["quota", "--as", "inspector:I1", "--on", "2025-09-01"],
                          ["audit", "--as", "inspector:I1", "--on", "2025-09-01", "--format", "html"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("Good\\u{202e}kroW") && !result.stdout.contains("\u{202E}"), "\(arguments): \(result)")
        }
    }

    // MARK: Actors and global options

    @Test func aMalformedActorIsAUsageErrorWithTheValueEscaped() throws {
        let cli = try Scenario.make("actor", Self.setup)
        let result = try cli.run(["enterprise", "workforce", "E01", "--headcount", "1", "--as-of", "2025-01-01", "--as", "enterprise:E01\n"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("'enterprise:E01\\u{a}'"), "\(result)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        let fromEnvironment = try cli.run(["enterprise", "workforce", "E01", "--headcount", "1", "--as-of", "2025-01-01"],
                                          extraEnvironment: ["REGISTRY_ACTOR": "enterprise:E01\u{200B}"])
        #expect(fromEnvironment.status == 2, "\(fromEnvironment)")
        #expect(fromEnvironment.stderr.contains("E01\\u{200b}"), "\(fromEnvironment)")
    }

    static let repeatedGlobals: [[String]] = [
        ["--as", "bureau:EDU", "--as", "enterprise:E01"],
        ["--as", "enterprise:E01", "--command-id", "a", "--command-id", "b"],
        ["--as", "enterprise:E01", "--log", "x", "--log", "y"],
        ["--as", "enterprise:E01", "--format", "json", "--format", "table"],
        ["--as", "enterprise:E01", "--lang", "en", "--lang", "zh"],
        ["--as=enterprise:E01", "--as", "enterprise:E01"],
    ]

    @Test(arguments: repeatedGlobals)
    func aGlobalOptionGivenTwiceIsAUsageError(_ options: [String]) throws {
        let cli = try Scenario.make("repeated-global", Self.setup)
        let before = cli.logBytes()
        let result = try cli.run(["enterprise", "workforce", "E01", "--headcount", "1", "--as-of", "2025-01-01"] + options)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("is given 2 times; give it once"), "\(result)")
        #expect(cli.logBytes() == before)
    }

    @Test func aGlobalOptionWithoutAValueSaysSo() throws {
        let cli = try Scenario.make("global-no-value", Self.setup)
        let result = try cli.run(["audit", "--as"])
        #expect(result == RunResult(status: 2, stdout: "", stderr: "error: option '--as' needs a value.\n"))
    }

    // MARK: No command

    @Test func noCommandIsAUsageErrorThatSaysSoOnStderr() throws {
        let cli = CLIHarness("no-command")
        let bare = try cli.run([String]())
        #expect(bare.status == 2)
        #expect(bare.stderr == "error: no command given; run 'registry help' for the list of commands.\n")
        #expect(bare.stdout.contains("registry placement register ID"))
        let onlyGlobals = try cli.run(["--lang", "zh", "--as", "school:S01"])
        #expect(onlyGlobals.status == 2)
        #expect(onlyGlobals.stderr == "错误：没有给出命令；运行 'registry help' 查看命令列表。\n")
        let help = try cli.run(["help"])
        #expect(help.status == 0 && help.stderr.isEmpty)
    }
}
