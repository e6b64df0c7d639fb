import Foundation
import Testing

/// Issue 13, "the first five minutes": every example in every command's `--help` runs, pasted into a
/// shell, on a fresh log. The examples tell one story (P-17 starts, is extended under a second policy
/// and completes; P-18 is withdrawn; A-3 completes and is settled, A-4 is terminated and clawed back),
/// so they run in the story's order below, then any command not named here in `registry help` order.
/// `registry demo` examples each get a fresh log of their own, in a test of their own. The verify example's `$HEAD` and `$AT`
/// are what `registry verify` printed just before, as a person would write them down.
@Suite("Help examples")
struct HelpExampleTests {
    /// Command paths in the order the examples' story needs.
    static let story: [String] = [
        "init", "policy adopt", "policy show", "school register", "enterprise register", "enterprise workforce", "student enroll",
        "placement register", "insurance enroll", "insurance cancel", "placement start", "stipend confirm", "placement extend",
        "placement complete", "placement terminate", "apprenticeship contract", "subsidy advance", "apprenticeship complete",
        "apprenticeship terminate", "subsidy settle", "subsidy clawback", "student leave", "student hired",
        "import students", "import placements", "import stipends", "show student", "show placement", "show enterprise",
        "show apprenticeship", "teacher register", "teacher qualify", "teacher practice", "teacher correct", "show teacher",
        "list students", "list placements", "list apprenticeships", "list enterprises", "list schools",
        "list teachers", "audit", "quota", "history", "report subsidies", "report evaluation", "verify",
    ]

    /// The command paths `registry help` lists, in its order.
    static func commandPaths(_ cli: CLIHarness) throws -> [String] {
        let help = try cli.run(["help"]).stdout
        return help.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  registry ") else { return nil }
            let words = line.split(separator: " ").dropFirst().prefix { $0.allSatisfy { $0.isLowercase } }
            return words.isEmpty ? nil : words.joined(separator: " ")
        }
    }

    /// The examples of one command's `--help`.
    static func examples(_ cli: CLIHarness, _ path: String) throws -> [String] {
        let help = try cli.run(path.split(separator: " ").map(String.init) + ["--help"]).stdout
        guard let start = help.range(of: "\nExamples:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("registry ") }
    }

    /// Runs `line` with `sh -c` in `directory`, with the built `registry` first on PATH, as a person pastes it.
    static func shell(_ line: String, in directory: String, environment: [String: String]) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", line]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = environment
        environment["PATH"] = URL(fileURLWithPath: CLIHarness.executable).deletingLastPathComponent().path + ":/usr/bin:/bin"
        process.environment = environment
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("help-\(UUID().uuidString).out")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("help-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    @Test func everyExampleInEveryHelpRunsAsWritten() throws {
        let cli = CLIHarness("help-examples")
        let work = cli.directory + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // The files the import examples name.
        try "id,name,major,birth,enrolled\n2024101,陈晓,数控技术,2007-05-01,2024-09-01\n".write(toFile: work + "/students.csv", atomically: true, encoding: .utf8)
        try "id,student,enterprise,kind,start,end,stipend,agreement\nP-30,2024101,E01,observation,2026-10-12,2026-10-16,0,SF-2026-030\n"
            .write(toFile: work + "/placements.csv", atomically: true, encoding: .utf8)
        try "placement,month,amount,paid_on\nP-17,2025-10,3400,2025-11-10\n".write(toFile: work + "/stipends.csv", atomically: true, encoding: .utf8)
        // The group policy and the starts for the imported observation placement P-30.
        try "placement,policy_number,insurer,covers,from,to,paid_by\nP-30,GRP-2026-01,中国人保,liability,2026-10-12,2026-10-16,school\n"
            .write(toFile: work + "/insurance.csv", atomically: true, encoding: .utf8)
        try "placement,start_date,agreement\nP-30,2026-10-12,SF-2026-030\n".write(toFile: work + "/starts.csv", atomically: true, encoding: .utf8)

        var environment = cli.environment
        environment["REGISTRY_LOG"] = cli.directory + "/log"
        environment["REGISTRY_NOW"] = "2026-09-30T08:00:00Z"
        let paths = try Self.commandPaths(cli)
        #expect(paths.count > 30)
        let ordered = Self.story.filter(paths.contains) + paths.filter { !Self.story.contains($0) && $0 != "demo" && $0 != "serve" }
        var ran = 0
        // `registry serve` runs until it is stopped: its examples are run by ServeTests instead.
        for path in ordered {
            for example in try Self.examples(cli, path) {
                if path == "verify" {
                    let head = try cli.run(["verify", "--format", "json"], extraEnvironment: environment)
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(head.stdout.utf8)) as? [String: Any])
                    environment["HEAD"] = object["head_hash"] as? String
                    environment["AT"] = (object["head_position"] as? Int).map(String.init)
                }
                let result = try Self.shell(example, in: work, environment: environment)
                #expect(result.status == 0, "\(example)\n\(result)")
                ran += 1
            }
        }
        #expect(ran >= 45)
    }

    /// Each `registry demo` example on a log of its own (they build the same district; in parallel).
    @Test(arguments: 0..<3)
    func theDemoExamplesRunAsWritten(index: Int) throws {
        let cli = CLIHarness("help-demo")
        let examples = try Self.examples(cli, "demo")
        #expect(examples.count == 3)
        guard index < examples.count else { return }
        var environment = cli.environment
        environment["REGISTRY_LOG"] = cli.directory + "/registry-log"
        environment["REGISTRY_NOW"] = "2026-09-30T08:00:00Z"
        let result = try Self.shell(examples[index], in: cli.directory, environment: environment)
        #expect(result.status == 0, "\(examples[index])\n\(result)")
    }
}
