import Foundation
import Testing

/// What one run of the built `registry` binary printed and returned.
struct RunResult: Equatable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// Runs the real `registry` executable against one log directory, as a user would.
final class CLIHarness {
    let directory: String
    var logDirectory: String { directory + "/log" }
    /// A fixed recorded-at clock, so outputs are reproducible.
    var environment: [String: String]

    init(_ label: String = "cli") {
        directory = NSTemporaryDirectory() + "registry-cli-\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // The tools' scratch files (a rebuild without --out, uploads, caches) go under the harness's
        // own directory, so they are removed with it instead of piling up in /tmp run after run.
        try? FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        environment = ["REGISTRY_LOG": directory + "/log", "REGISTRY_NOW": "2025-09-01T08:00:00Z", "LANG": "C",
                       "TMPDIR": directory + "/tmp",
                       "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    static var executable: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [here.appendingPathComponent("registry").path,
                          URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
                              .deletingLastPathComponent().appendingPathComponent("registry").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// A tool built beside `registry`, such as `registry-replay` or `registry-gen`.
    static func tool(_ name: String) -> String {
        URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Runs `registry` (or another built `tool`, or the executable at an absolute path) with `arguments` (split on spaces when given as one string is not wanted: pass an array).
    @discardableResult
    func run(_ arguments: [String], tool: String = "registry", stdin: Data? = nil,
             extraEnvironment: [String: String] = [:], workingDirectory: String? = nil) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : Self.tool(tool))
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes fully before waiting, so a large output cannot block the child.
        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { collected.set(out.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let outData = collected.get()
        return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `run` with a command line written as one string split on single spaces (no quoting).
    @discardableResult
    func run(_ line: String) throws -> RunResult { try run(line.split(separator: " ").map(String.init)) }

    /// Runs a test's setup, one command line at a time, stopping the test at the first that fails.
    func setUp(_ lines: [String]) throws {
        for line in lines {
            let result = try run(line)
            try #require(result.status == 0, "\(line)\n\(result)")
        }
    }

    /// The bytes of every segment file, to check that a rejected command appended nothing.
    func logBytes() -> [String: Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: logDirectory)) ?? []
        var out: [String: Data] = [:]
        for name in names where name.hasSuffix(".seg") {
            out[name] = FileManager.default.contents(atPath: logDirectory + "/" + name)
        }
        return out
    }

    /// Writes a file in the harness directory and returns its path.
    func write(_ name: String, _ data: Data) -> String {
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return path
    }
}

/// Bytes handed from the reading thread to the test.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
