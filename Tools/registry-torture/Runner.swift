import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended, with what it printed.
struct RunResult: CustomStringConvertible {
    /// The exit status, or nil when a signal ended the process.
    var status: Int32?
    /// The signal that ended the process, if one did.
    var signal: Int32?
    var stdout: String
    var stderr: String
    var seconds: Double

    var wasKilled: Bool { signal == SIGKILL }
    var code: Int32 { status ?? -(signal ?? 1) }

    var description: String {
        let ending = status.map { "exit \($0)" } ?? "signal \(signal ?? 0)"
        return "\(ending); stdout: \(stdout.prefix(300).debugDescription); stderr: \(stderr.prefix(300).debugDescription)"
    }
}

/// A child process started by `Runner.spawn`.
struct Child {
    let pid: pid_t
    let started: Date
    let stdoutPath: String
    let stderrPath: String
}

/// Starts the registry binaries as child processes (posix_spawn), with their output in files, so
/// that many can run at once from one thread and any can be killed at any instant.
final class Runner {
    let registryPath: String
    let replayPath: String
    let scratch: String
    private var counter = 0
    /// The environment every child gets; English messages, no REGISTRY_* leaking in from the caller.
    var environment: [String: String]

    init(registryPath: String, replayPath: String, scratch: String) {
        self.registryPath = registryPath
        self.replayPath = replayPath
        self.scratch = scratch
        var env: [String: String] = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TMPDIR": scratch]
        for key in ["PATH", "HOME"] { env[key] = ProcessInfo.processInfo.environment[key] }
        environment = env
    }

    /// Starts `executable` with raw argument bytes (so that invalid UTF-8 can be passed).
    func spawn(_ executable: String, rawArguments: [[UInt8]], environment extra: [String: String] = [:],
               stdinPath: String = "/dev/null") -> Child {
        counter += 1
        let out = scratch + "/out-\(counter).txt", err = scratch + "/err-\(counter).txt"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var env = environment
        for (k, v) in extra { env[k] = v }
        let argv: [UnsafeMutablePointer<CChar>?] = ([Array(executable.utf8)] + rawArguments).map { bytes in
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
            p[bytes.count] = 0
            return p
        } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { p?.deallocate() }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        if rc != 0 { fatalError("registry-torture: cannot start \(executable): \(String(cString: strerror(rc)))") }
        return Child(pid: pid, started: Date(), stdoutPath: out, stderrPath: err)
    }

    func spawn(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:]) -> Child {
        spawn(executable, rawArguments: arguments.map { Array($0.utf8) }, environment: extra)
    }

    /// The child's result if it has ended, without waiting.
    func poll(_ child: Child) -> RunResult? {
        var status: Int32 = 0
        let rc = waitpid(child.pid, &status, WNOHANG)
        guard rc == child.pid else { return nil }
        return collect(child, status)
    }

    /// Waits for the child; kills it if it runs past `timeout` seconds (a hang is reported as signal 9
    /// with a note on stderr).
    func wait(_ child: Child, timeout: Double = 120) -> RunResult {
        while true {
            if let r = poll(child) { return r }
            if Date().timeIntervalSince(child.started) > timeout {
                kill(child.pid, SIGKILL)
                var status: Int32 = 0
                waitpid(child.pid, &status, 0)
                var r = collect(child, status)
                r.stderr += "\n[registry-torture: hung for more than \(Int(timeout)) s and was killed]"
                r.signal = -1
                return r
            }
            usleep(500)
        }
    }

    private func collect(_ child: Child, _ status: Int32) -> RunResult {
        let seconds = Date().timeIntervalSince(child.started)
        let termSignal = status & 0x7f
        let out = (try? Data(contentsOf: URL(fileURLWithPath: child.stdoutPath))) ?? Data()
        let err = (try? Data(contentsOf: URL(fileURLWithPath: child.stderrPath))) ?? Data()
        unlink(child.stdoutPath)
        unlink(child.stderrPath)
        return RunResult(status: termSignal == 0 ? (status >> 8) & 0xff : nil, signal: termSignal == 0 ? nil : termSignal,
                         stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                         seconds: seconds)
    }

    /// Runs `registry ARGS --log LOG` to completion.
    @discardableResult
    func registry(_ arguments: [String], log: String, environment extra: [String: String] = [:]) -> RunResult {
        wait(spawn(registryPath, arguments + ["--log", log], environment: extra))
    }

    /// Runs `registry-replay ARGS` to completion.
    func replay(_ arguments: [String]) -> RunResult {
        wait(spawn(replayPath, arguments))
    }
}
