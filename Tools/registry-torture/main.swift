import EventStore
import Foundation

// registry-torture: the fault and abuse suite. Drives the built `registry` binary (and
// `registry-replay`) through crashes, power cuts, corruption, concurrent writers, hostile input and
// every role, and prints what it tried and what survived. Exit 1 on any failure.

let usage = """
    usage: registry-torture [--quick | --long] [--seed N] [--registry PATH] [--replay PATH]
                            [--only LIST] [--keep] [--verbose]
      --quick          the CI run (about a minute)
      --long           the release run (the default): hundreds of kills, thousands of flips
      --seed N         the random seed (default: from the clock; always printed)
      --registry PATH  the registry binary (default: beside this executable)
      --replay PATH    the registry-replay binary (default: beside this executable)
      --only LIST      comma-separated scenarios: crash,powercut,corruption,concurrency,hostile,auth,storage,unicode,server,
                       postgres (its own throwaway PostgreSQL cluster; skipped without PostgreSQL's server binaries)
      --verify-log PATH  Tools/verify-log.py, which must agree with registry verify on every damaged log
                       (default: searched for above this executable; skipped with a note without python3)
      --scratch DIR    where the logs under test go (default: /dev/shm when present, else TMPDIR);
                       process kills and truncations do not depend on the disk, so tmpfs only saves fsync time
      --keep           keep the scratch directory
    """

var arguments = Array(CommandLine.arguments.dropFirst())
var isQuick = false
var seed = UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000
var keep = false, verbose = false
var scratchParent = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
var registryPath = here + "/registry", replayPath = here + "/registry-replay"
var only: Set<String> = ["crash", "powercut", "corruption", "concurrency", "hostile", "auth", "storage", "unicode", "server", "postgres"]
var verifyLogPath: String?
let allScenarios = only
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { print("registry-torture: \(a) needs a value\n\(usage)"); exit(2) }
        return arguments.removeFirst()
    }
    switch a {
    case "--quick": isQuick = true
    case "--long": isQuick = false
    case "--seed":
        let text = value()
        guard let n = UInt64(text) else { print("registry-torture: --seed '\(text)' is not a whole number"); exit(2) }
        seed = n
    case "--registry": registryPath = value()
    case "--replay": replayPath = value()
    case "--only":
        only = Set(value().split(separator: ",").map(String.init))
        if let unknown = only.first(where: { !allScenarios.contains($0) }) { print("registry-torture: unknown scenario '\(unknown)'\n\(usage)"); exit(2) }
    case "--scratch": scratchParent = value()
    case "--verify-log": verifyLogPath = value()
    case "--keep": keep = true
    case "--verbose": verbose = true
    case "--help", "-h": print(usage); exit(0)
    default: print("registry-torture: unknown argument '\(a)'\n\(usage)"); exit(2)
    }
}
for path in [registryPath, replayPath] where !FileManager.default.isExecutableFile(atPath: path) {
    print("registry-torture: no executable at \(path); build it (swift build -c release) or pass --registry/--replay")
    exit(2)
}

let scratch = scratchParent + "/registry-torture-\(getpid())"
try? FileManager.default.removeItem(atPath: scratch)
try! FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
let ctx = TortureContext(runner: Runner(registryPath: registryPath, replayPath: replayPath, scratch: scratch),
                         seed: seed, isQuick: isQuick, scratch: scratch, verbose: verbose,
                         verifier: IndependentVerifier(script: verifyLogPath, executableDirectory: here))
emit("registry-torture \(isQuick ? "--quick" : "--long") --seed \(seed)")
emit("registry: \(registryPath)")
emit("verify-log.py: \(ctx.verifier.unavailable.map { "not compared (\($0))" } ?? "compared on every damaged log")")

let started = Date()
var results: [(ScenarioResult, Double)] = []
let scenarios: [(String, (TortureContext) -> ScenarioResult)] = [
    ("crash", { CrashScenario(ctx: $0).run() }),
    ("powercut", { PowerCutScenario(ctx: $0).run() }),
    ("corruption", { CorruptionScenario(ctx: $0).run() }),
    ("concurrency", { ConcurrencyScenario(ctx: $0).run() }),
    ("hostile", { HostileInputScenario(ctx: $0).run() }),
    ("auth", { AuthorizationScenario(ctx: $0).run() }),
    ("storage", { StorageScenario(ctx: $0).run() }),
    ("unicode", { UnicodeIdentityScenario(ctx: $0).run() }),
    ("server", { ServerScenario(ctx: $0).run() }),
    ("postgres", { PostgresServersScenario(ctx: $0, keep: keep).run() }),
]
for (name, run) in scenarios where only.contains(name) {
    ctx.progress("[\(name)]")
    let t = Date()
    let r = run(ctx)
    let seconds = Date().timeIntervalSince(t)
    results.append((r, seconds))
    ctx.progress("  \(r.name): \(r.good)/\(r.tried) \(r.outcomeLabel), \(r.failures.count) failures, \(String(format: "%.1f", seconds)) s")
}
let failed = Report.print(results, seconds: Date().timeIntervalSince(started), seed: seed, isQuick: isQuick)
if keep { emit("scratch kept in \(scratch)") } else { try? FileManager.default.removeItem(atPath: scratch) }
exit(failed == 0 ? 0 : 1)
