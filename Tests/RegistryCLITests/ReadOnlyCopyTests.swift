import Foundation
import Testing

/// Issue 11: an inspector's read-only copy of a log (directory mode 555, files 444) supports every
/// read command, run as an unprivileged user (root ignores permissions, so the test drops to
/// `nobody` with `setpriv` or `runuser`), and nothing is written next to it. A writing command there
/// exits 2 with one sentence.
@Suite("A read-only copy of a log can be audited")
struct ReadOnlyCopyTests {
    /// How to run a program as an unprivileged user, or nil with the reason when that is impossible.
    static let dropPrivileges: (prefix: [String], reason: String?) = {
        if getuid() != 0 { return ([], nil) }
        for (tool, arguments) in [("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups"]),
                                  ("/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups"]),
                                  ("/usr/sbin/runuser", ["-u", "nobody", "--"]), ("/sbin/runuser", ["-u", "nobody", "--"])]
            where FileManager.default.isExecutableFile(atPath: tool) {
            return ([tool] + arguments, nil)
        }
        return ([], "running as root and neither setpriv nor runuser is installed, so no unprivileged user can be had")
    }()

    /// Runs a built tool as the unprivileged user.
    private func runUnprivileged(_ cli: CLIHarness, _ arguments: [String], tool: String = "registry") throws -> RunResult {
        let process = Process()
        let command = Self.dropPrivileges.prefix + [CLIHarness.tool(tool)] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = cli.environment.merging(["TMPDIR": "/tmp", "HOME": "/tmp"]) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Copies the log to `name` beside it and makes the copy read-only: files 444, directory 555.
    private func readOnlyCopy(_ cli: CLIHarness, _ name: String, derived: [String: String?]) throws -> String {
        let copy = cli.directory + "/" + name
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for file in StorageFixture.listing(cli.logDirectory) where file.hasSuffix(".seg") {
            try FileManager.default.copyItem(atPath: cli.logDirectory + "/" + file, toPath: copy + "/" + file)
        }
        for (file, source) in derived {
            if let source { try FileManager.default.copyItem(atPath: source, toPath: copy + "/" + file) }
        }
        for file in StorageFixture.listing(copy) { chmod(copy + "/" + file, 0o444) }
        chmod(copy, 0o555)
        // The way down to the copy must be open to the unprivileged user.
        chmod(cli.directory, 0o755)
        return copy
    }

    private var reads: [(arguments: [String], tool: String)] {
        [(["audit", "--on", "2025-10-31", "--as", "inspector:I01"], "registry"),
         (["quota", "--on", "2025-10-31", "--as", "inspector:I01"], "registry"),
         (["show", "placement", "P-1", "--as", "school:S01"], "registry"),
         (["history", "placement-P-1", "--as", "inspector:I01"], "registry"),
         (["report", "subsidies", "--year", "2025", "--as", "inspector:I01"], "registry"),
         (["report", "evaluation", "--year", "2025", "--as", "inspector:I01"], "registry"),
         (["verify"], "registry"),
         (["export"], "registry-replay")]
    }

    /// Why the unprivileged user cannot reach the copy or the binaries (a private TMPDIR, a build
    /// directory under a private home), or nil when it can.
    private func unreachable(_ cli: CLIHarness, _ copy: String) throws -> String? {
        for path in [copy, CLIHarness.tool("registry"), CLIHarness.tool("registry-replay")] {
            let process = Process()
            let command = Self.dropPrivileges.prefix + ["/usr/bin/test", "-r", path]
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { return "the unprivileged user cannot reach \(path)" }
        }
        return nil
    }

    private func checkReads(_ cli: CLIHarness, _ copy: String, compare: Bool) throws {
        if let reason = try unreachable(cli, copy) {
            print("skipped: \(reason)")
            return
        }
        let before = StorageFixture.listing(copy)
        var commands = reads
        if compare { commands.append((["compare"], "registry-replay")) }
        for (arguments, tool) in commands {
            let full = tool == "registry" ? ["--log", copy] + arguments : arguments + ["--log", copy]
            let result = try runUnprivileged(cli, full, tool: tool)
            #expect(result.status == 0, "\(tool) \(arguments.joined(separator: " ")): \(result)")
            #expect(!result.stderr.contains("readonly database"), "\(result)")
        }
        #expect(StorageFixture.listing(copy) == before, "nothing was written next to the copy")
    }

    @Test func everyReadCommandWorksOnAReadOnlyCopy() throws {
        guard Self.dropPrivileges.reason == nil else {
            print("skipped: \(Self.dropPrivileges.reason!)")
            return
        }
        let cli = try StorageFixture.make("ro-current")
        // The key store comes with the copy, as with a backup: a rebuild then opens the names the
        // live read model holds (without it, `compare` rightly reports them unavailable).
        let copy = try readOnlyCopy(cli, "copy", derived: ["index.sqlite": cli.logDirectory + "/index.sqlite",
                                                           "readmodel.sqlite": cli.logDirectory + "/readmodel.sqlite",
                                                           "keys.sqlite": cli.logDirectory + "/keys.sqlite"])
        try checkReads(cli, copy, compare: true)
    }

    @Test func aCopyWithoutDerivedFilesIsReadFromItsSegments() throws {
        guard Self.dropPrivileges.reason == nil else {
            print("skipped: \(Self.dropPrivileges.reason!)")
            return
        }
        let cli = try StorageFixture.make("ro-missing")
        let copy = try readOnlyCopy(cli, "copy", derived: [:])
        try checkReads(cli, copy, compare: false)
    }

    @Test func aCopyWithStaleDerivedFilesIsCaughtUpPrivately() throws {
        guard Self.dropPrivileges.reason == nil else {
            print("skipped: \(Self.dropPrivileges.reason!)")
            return
        }
        let cli = try StorageFixture.make("ro-stale")
        let snapshot = cli.directory + "/before"
        try FileManager.default.createDirectory(atPath: snapshot, withIntermediateDirectories: true)
        for file in ["index.sqlite", "readmodel.sqlite"] {
            try FileManager.default.copyItem(atPath: cli.logDirectory + "/" + file, toPath: snapshot + "/" + file)
        }
        try #require(try cli.run(StorageFixture.confirm("2025-10")).status == 0)
        let copy = try readOnlyCopy(cli, "copy", derived: ["index.sqlite": snapshot + "/index.sqlite",
                                                           "readmodel.sqlite": snapshot + "/readmodel.sqlite"])
        try checkReads(cli, copy, compare: false)
        let show = try runUnprivileged(cli, ["--log", copy, "show", "placement", "P-1", "--as", "school:S01"])
        #expect(show.stdout.contains("2025-10"), "the month past the stale index is shown: \(show)")
    }

    @Test func aWritingCommandOnAReadOnlyCopyExits2WithOneSentence() throws {
        guard Self.dropPrivileges.reason == nil else {
            print("skipped: \(Self.dropPrivileges.reason!)")
            return
        }
        let cli = try StorageFixture.make("ro-write")
        let copy = try readOnlyCopy(cli, "copy", derived: ["index.sqlite": cli.logDirectory + "/index.sqlite",
                                                           "readmodel.sqlite": cli.logDirectory + "/readmodel.sqlite"])
        if let reason = try unreachable(cli, copy) {
            print("skipped: \(reason)")
            return
        }
        let before = StorageFixture.listing(copy)
        let write = try runUnprivileged(cli, ["--log", copy] + StorageFixture.confirm("2025-10"))
        #expect(write.status == 2 && write.stderr.nonEmptyLines.count == 1 && write.stderr.contains("read-only"), "\(write)")
        let zh = try runUnprivileged(cli, ["--lang", "zh", "--log", copy] + StorageFixture.confirm("2025-10"))
        #expect(zh.status == 2 && zh.stderr.contains("只读"), "\(zh)")
        #expect(StorageFixture.listing(copy) == before)
    }
}
