import EventStore
import Foundation
import PostgresStore
import ReadModel
import RegistryService

// registry-replay: rebuild every projection from the log (optionally up to a position or time),
// compare a rebuild with the live read model, export events as JSON Lines, print a stream's history.
// A thin shell over RegistryService.Replay; progress goes to stderr.

let usage = """
    usage: registry-replay rebuild [--log DIR] [--until POSITION|TIME] [--out FILE]
           registry-replay compare [--log DIR]
           registry-replay export  [--log DIR] [--from POSITION] [--until POSITION|TIME] [--stream STREAM]
           registry-replay history STREAM [--log DIR] [--until POSITION|TIME]
           registry-replay encrypt-personal-data --from OLD --to NEW
    The log defaults to REGISTRY_LOG or ./registry-log. TIME is like 2025-09-01T08:00:00Z.
    --store postgresql://… (or REGISTRY_STORE) reads a PostgreSQL store instead of a log directory.
    """

func fail(_ message: String, _ code: Int32) -> Never {
    FileHandle.standardError.write(Data(("registry-replay: " + message + "\n").utf8))
    exit(code)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments.contains("--help") || arguments.contains("-h") { print(usage); exit(arguments.isEmpty ? 2 : 0) }
let verb = arguments.removeFirst()
var options: [String: String] = [:]
var positional: [String] = []
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    if a.hasPrefix("--") {
        guard !arguments.isEmpty else { fail("\(a) needs a value", 2) }
        options[a] = arguments.removeFirst()
    } else {
        positional.append(a)
    }
}
let known: Set<String> = ["--log", "--until", "--out", "--from", "--stream", "--store", "--to"]
if let unknown = options.keys.first(where: { !known.contains($0) }) { fail("unknown option \(unknown)\n\(usage)", 2) }
let logDirectory = options["--log"] ?? ProcessInfo.processInfo.environment["REGISTRY_LOG"] ?? "registry-log"
let storeText = options["--store"] ?? ProcessInfo.processInfo.environment["REGISTRY_STORE"].flatMap { $0.isEmpty ? nil : $0 }
if let storeText, !PostgresEventStore.isConnectionString(storeText) { fail("--store '\(storeText)' is not a PostgreSQL connection string", 2) }

/// The registry over the chosen store; a database's read model lives in its local cache directory.
func openRegistry() throws -> Registry {
    guard let storeText else { return try Registry(directory: logDirectory, forWriting: false) }
    let store = try PostgresEventStore(conninfo: storeText)
    return try Registry(store: store, cacheDirectory: store.cacheDirectory(environment: ProcessInfo.processInfo.environment), forWriting: false,
                        keyStore: PostgresKeyStore(store: store))
}
let tty = isatty(2) != 0

func progress(_ label: String) -> (UInt64, UInt64) -> Void {
    var last = Date.distantPast
    return { done, total in
        guard tty, Date().timeIntervalSince(last) > 0.2 || done == total else { return }
        last = Date()
        FileHandle.standardError.write(Data("\r\(label) \(done) / \(total) events\u{1B}[K\(done == total ? "\n" : "")".utf8))
    }
}

func until(_ registry: Registry, _ text: String?) throws -> UInt64 {
    guard let position = try registry.position(until: text) else { fail("--until '\(text ?? "")' is neither a position nor a time", 2) }
    return position
}

if verb == "encrypt-personal-data" {
    // A log written before personal data was sealed is rewritten into a new directory (the old log
    // is never edited); the new log has a new chain, so the old head is printed as the link.
    guard let from = options["--from"], let to = options["--to"] else { fail("encrypt-personal-data needs --from OLD and --to NEW\n\(usage)", 2) }
    do {
        let summary = try PersonalDataMigration.encrypt(from: from, to: to, progress: progress("encrypting"))
        print("copied \(summary.events) events from \(from) into \(to), sealing the personal data of \(summary.sealed)")
        print("old head \(summary.oldHead)")
        print("new head \(summary.newHead)")
        print("the new log has a new chain: keep the old head with it, then destroy \(from) and its backups, which hold the names in clear")
        exit(0)
    } catch let problem as PersonalDataMigration.Problem {
        fail("\(problem)", 2)
    } catch let error as EventStoreError {
        if case .integrity = error { fail("\(error)", 4) }
        fail("\(error)", 2)
    } catch {
        fail("\(error)", 2)
    }
}

do {
    let registry = try openRegistry()
    switch verb {
    case "rebuild":
        let through = try until(registry, options["--until"])
        let out = options["--out"] ?? NSTemporaryDirectory() + "registry-rebuild-\(getpid()).sqlite"
        let started = Date()
        let store = try Replay.rebuild(registry, into: out, through: through, progress: progress("rebuilding"))
        let seconds = Date().timeIntervalSince(started)
        print("rebuilt \(through) events into \(out) in \(String(format: "%.2f", seconds)) s (\(Int(Double(through) / max(seconds, 1e-9))) events/s)")
        for (table, count) in try store.counts().sorted(by: { $0.key < $1.key }) { print("  \(table): \(count) rows") }
    case "compare":
        let livePath = registry.directory + "/" + ReadModelStore.fileName
        guard FileManager.default.fileExists(atPath: livePath) else { fail("there is no live read model at \(livePath)", 2) }
        // Opened for reading only: an inspector's copy may be on read-only storage.
        let liveStore = try ReadModelStore(readingEvidence: livePath)
        let differences = try Replay.differencesFromRebuild(registry, live: liveStore, progress: progress("rebuilding"))
        if differences.isEmpty {
            print("no difference: the live read model at position \(liveStore.position) equals a rebuild from the log")
        } else {
            print("\(differences.count) differences between the live read model and a rebuild at position \(liveStore.position):")
            for d in differences { print("  \(d.table) [\(d.side)]: \(d.row)") }
            exit(1)
        }
    case "export":
        let first = options["--from"].flatMap(UInt64.init) ?? 1
        let last = try until(registry, options["--until"])
        var buffer = ""
        func emit(_ e: EventEnvelope) {
            buffer += Replay.jsonLine(e) + "\n"
            if buffer.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(buffer.utf8)); buffer = "" }
        }
        if let stream = options["--stream"] {
            for e in try registry.log.read(stream: stream) where e.position >= first && e.position <= last { emit(e) }
        } else {
            let report = progress("exporting")
            try registry.log.readAll(from: first, through: last) { e in
                emit(e)
                if e.position % 10_000 == 0 { report(e.position, last) }
            }
        }
        FileHandle.standardOutput.write(Data(buffer.utf8))
    case "history":
        guard let stream = positional.first else { fail("history needs a STREAM, e.g. placement-P-17", 2) }
        let last = try until(registry, options["--until"])
        let events = try registry.events(of: stream, through: last)
        guard !events.isEmpty else { fail("stream '\(stream)' has no events", 2) }
        for (e, _) in events { print(Replay.jsonLine(e)) }
    default:
        fail("unknown verb '\(verb)'\n\(usage)", 2)
    }
} catch let error as EventStoreError {
    if case .integrity = error { fail("\(error)", 4) }
    fail("\(error)", 2)
} catch {
    fail("\(error)", 2)
}
