import EventStore
import Foundation
import RegistryService

// registry-bench: the figures of SPEC.md section 7, side by side in one run, printed as a table and
// written as JSON. See BENCHMARKS.md. Work files go under --dir (default /tmp/registry-bench).

let usage = """
    usage: registry-bench [--quick] [--sizes 10000,100000,1000000,10000000] [--runs N] [--seed S] [--dir DIR]
                          [--json FILE] [--registry PATH] [--only LIST]
      --quick       a small version (under a minute): logs of 1k/5k/20k events, fewer appends and runs
      --sizes       log sizes for the command timings; the largest of at most 1M is also replayed, verified
                    and proved, and a larger one (the 10M province-year) is the scale part's: its
                    generation time, rebuild, verify
      --runs N      command runs per log size (default 40; p50 and p99 over them)
      --json FILE   where to write the JSON (default registry-bench.json)
      --registry    the registry executable (default: next to this one)
      --only LIST   run only some parts: appends,replay,verify,commands,proofs,imports,scale (comma-separated;
                    default all), or tree: just the batch-1000 appends with and without the Merkle tree
           registry-bench --store postgresql://… [--seconds S] [--quick] [--dir DIR] [--logs DIR] [--json FILE] [--registry PATH]
      --store       the PostgreSQL store's append figures, into a scratch database (the bench appends to it);
                    a 1M-event history (20k with --quick; generated under --logs, default /tmp/registry-bench,
                    and reused) copied in with `registry migrate`, then rebuilt and verified on both stores;
                    then 1, 16 and 64 clients through two `registry serve --store` processes beside one on a file log,
                    one client taking turns between the two stores (the p50 ratio of issue 14), and one command
                    end to end (a new process) on each store in turn
    registry-bench --server [--quick] [--dir DIR] [--json FILE] [--registry PATH]
      the server part: 1, 16 and 64 clients confirming stipends through the JSON API, beside CLI processes
    """

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--child-rebuild" {
    // Internal: the replay measurement runs in a child process so its peak memory is its own.
    let (log, out, result) = (arguments[1], arguments[2], arguments[3])
    do {
        let registry = try Registry(directory: log, forWriting: false)
        // `Replay.rebuild`'s two steps, timed apart: reading, checking, decoding and folding the log
        // into rows in memory, then writing the rows into the new file.
        let t = now(), cpu = processCPU()
        let builder = try registry.build()
        let folded = now(), foldedCPU = processCPU()
        let store = try builder.write(to: out)
        let seconds = now() - t
        let phases = "\(folded - t) \(foldedCPU - cpu) \(now() - folded) \(processCPU() - foldedCPU)"
        try "\(seconds) \(store.position) \(ownPeakBytes()) \(phases)\n".write(toFile: result, atomically: true, encoding: .utf8)
        exit(0)
    } catch {
        say("rebuild failed: \(error)")
        exit(1)
    }
}
if arguments.first == "--check-codec", arguments.count == 2 {
    // Decodes every event of a log through both paths of EventCodec and reports any difference.
    // Payloads with sealed personal fields are counted and left out: the reference path decodes a
    // payload as it stands, and these need their subject's key first (ReplayKeyListingTests compare
    // their opening with the reference's).
    do {
        let log = try FileEventLog(directory: arguments[1], mode: .read)
        let codec = EventCodec()
        var checked = 0, differing = 0, sealed = 0
        try log.readAll(from: 1, through: nil) { e in
            if EventCodec.holdsSealedFields(e) {
                sealed += 1
                return
            }
            let fast = try codec.decode(e), reference = try codec.decodeWithJSONDecoder(e)
            if fast != reference {
                differing += 1
                if differing <= 5 { say("position \(e.position) (\(e.type)) decodes differently") }
            }
            checked += 1
        }
        print("checked \(checked) events: \(differing) decode differently (\(sealed) with sealed personal fields left out)")
        exit(differing == 0 ? 0 : 1)
    } catch {
        say("check failed: \(error)")
        exit(1)
    }
}
if arguments.first == "--server" {
    // The server part (issue 15): `registry-bench --server [--quick] [--dir DIR] [--json FILE] [--registry PATH]`.
    let options = Dictionary(uniqueKeysWithValues: stride(from: 1, to: arguments.count - 1, by: 1).compactMap { i -> (String, String)? in
        arguments[i].hasPrefix("--") && !arguments[i + 1].hasPrefix("--") ? (arguments[i], arguments[i + 1]) : nil })
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    do {
        try ServerBench(registry: options["--registry"] ?? URL(fileURLWithPath: exe).deletingLastPathComponent().path + "/registry",
                        root: options["--dir"] ?? "/tmp/registry-bench", jsonPath: options["--json"] ?? "registry-bench-server.json",
                        quick: arguments.contains("--quick")).run()
        exit(0)
    } catch {
        say("server bench failed: \(error)")
        exit(1)
    }
}
if arguments.contains("--help") || arguments.contains("-h") { print(usage); exit(0) }
if arguments.first == "--store", arguments.count >= 2 {
    do { try PostgresBench.main(conninfo: arguments[1], arguments: Array(arguments.dropFirst(2))); exit(0) } catch {
        say("failed: \(error)")
        exit(1)
    }
}

var quick = false
var values: [String: String] = [:]
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    if a == "--quick" { quick = true; continue }
    guard ["--sizes", "--runs", "--seed", "--dir", "--json", "--registry", "--only"].contains(a), !arguments.isEmpty else {
        FileHandle.standardError.write(Data("registry-bench: bad argument '\(a)'\n\(usage)\n".utf8))
        exit(2)
    }
    values[a] = arguments.removeFirst()
}
let config = BenchConfig(quick: quick, values: values)
if !config.parts.isSubset(of: BenchConfig.allParts.union(BenchConfig.extraParts)) || config.parts.isEmpty {
    FileHandle.standardError.write(Data("registry-bench: --only takes some of \(BenchConfig.allParts.union(BenchConfig.extraParts).sorted().joined(separator: ","))\n".utf8))
    exit(2)
}
do {
    let results = try Bench(config).run()
    print(results.table)
    try results.json.write(to: URL(fileURLWithPath: config.jsonPath))
    say("wrote \(config.jsonPath)")
} catch {
    say("failed: \(error)")
    exit(1)
}
