import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Monotonic time in seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU time used by the calling thread, in seconds: with `now()`, tells computing from waiting on the disk.
func threadCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The `q` quantile (0...1) of `values`, by nearest rank.
func quantile(_ values: [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// What a child process took.
struct ChildRun {
    var seconds: Double
    var exitStatus: Int32
    /// Peak resident set size in bytes (`ru_maxrss`).
    var peakBytes: Int
}

/// Runs `path` with `arguments` from process start to exit, stdout to `/dev/null` (or `stdoutPath`),
/// in this process's environment (or `environment`), and reports the wall time, exit status and peak
/// memory from `wait4`.
func runChild(_ path: String, _ arguments: [String], stdoutPath: String = "/dev/null", environment: [String: String]? = nil) -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup($0.key + "=" + $0.value) } + [nil] }
    defer { for e in envp ?? [] { free(e) } }
    var pid = pid_t()
    let start = now()
    let rc = envp.map { envp in envp.withUnsafeBufferPointer { posix_spawn(&pid, path, &actions, nil, argv, $0.baseAddress) } }
        ?? posix_spawn(&pid, path, &actions, nil, argv, environ)
    guard rc == 0 else { return ChildRun(seconds: 0, exitStatus: -1, peakBytes: 0) }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let seconds = now() - start
    let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ChildRun(seconds: seconds, exitStatus: exited, peakBytes: Int(usage.ru_maxrss) * 1024)
}

func say(_ text: String) {
    FileHandle.standardError.write(Data(("registry-bench: " + text + "\n").utf8))
}

func mb(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
func si(_ n: Int) -> String {
    if n >= 1_000_000 && n % 1_000_000 == 0 { return "\(n / 1_000_000)M" }
    if n >= 1000 && n % 1000 == 0 { return "\(n / 1000)k" }
    return "\(n)"
}

/// This process's peak resident set size (`VmHWM` in /proc/self/status), in bytes.
///
/// Not `ru_maxrss` of a child from `wait4`: a child spawned with vfork semantics (posix_spawn) shares
/// the parent's address space until exec, and Linux charges the parent's high-water mark to it.
func ownPeakBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1024
    }
    return 0
}

/// The peak memory of one run of `path` with `arguments`, measured by GNU time (a small process that
/// forks the child itself, so the figure is the child's own); nil when /usr/bin/time is missing.
func peakBytesUnderTime(_ path: String, _ arguments: [String], scratch: String) -> Int? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return nil }
    let out = scratch + "/time.out"
    let run = runChild("/usr/bin/time", ["-f", "%M", "-o", out, path] + arguments)
    guard run.exitStatus == 0, let text = try? String(contentsOfFile: out, encoding: .utf8),
          let kb = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else { return nil }
    return kb * 1024
}

/// The one-minute load average, as `uptime` prints it.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
    return String(text.split(separator: " ").first ?? "unknown")
}

/// Reads every file of a log directory once, so that a timed pass over it (verify) reads from the
/// page cache, as the SHA-256 figures it is compared with read from memory: the full run's verify
/// otherwise followed a rebuild that had not read the stream index, and waited on the disk for it.
func warmPageCache(_ directory: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    for name in names {
        let fd = open(directory + "/" + name, O_RDONLY)
        guard fd >= 0 else { continue }
        while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
        close(fd)
    }
}

/// Runs `executable` to its end with `environment`, and returns its exit status and its output
/// (standard output and error together), for set-up steps whose time is not measured.
func runCapturing(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
