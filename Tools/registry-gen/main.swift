import EventStore
import Foundation
import PersonalData
import PostgresStore
import RegistryService

// registry-gen: writes a realistic synthetic district history into an empty log directory,
// deterministic from --seed. A thin shell over RegistryService.HistoryGenerator; progress on stderr.

let usage = """
    usage: registry-gen (--events N | --students N) [--seed S] [--log DIR] [--batch N] [--force]
      --events N    stop after exactly N events (the history ends mid-flight, like a live registry)
      --students N  enrol about N students in five yearly cohorts and play their histories to the end
      --seed S      the seed (default 1); equal seeds and sizes give byte-identical logs
      --log DIR     the log directory (default REGISTRY_LOG or ./registry-log); must hold no log yet
      --batch N     events per durable append (default 1000)
      --force       delete a log already in DIR first
      --store URL   write into an empty PostgreSQL store instead (postgresql://…): the history is generated
                    in a scratch log directory and copied record for record (as `registry migrate` does)
    """

func fail(_ message: String, _ code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data(("registry-gen: " + message + "\n").utf8))
    exit(code)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") { print(usage); exit(0) }
var values: [String: String] = [:]
var force = false
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    if a == "--force" { force = true; continue }
    guard ["--events", "--students", "--seed", "--log", "--batch", "--store"].contains(a) else { fail("unknown argument '\(a)'\n\(usage)") }
    guard !arguments.isEmpty else { fail("\(a) needs a value") }
    values[a] = arguments.removeFirst()
}
let parsed = values
func number(_ flag: String) -> Int? {
    guard let text = parsed[flag] else { return nil }
    guard let n = Int(text.replacingOccurrences(of: "_", with: "")), n > 0 else { fail("\(flag) needs a positive whole number, not '\(text)'") }
    return n
}
let events = number("--events"), students = number("--students")
guard (events == nil) != (students == nil) else { fail("pass exactly one of --events N and --students N\n\(usage)") }
let seed = values["--seed"].map { text -> UInt64 in
    guard let s = UInt64(text) else { fail("--seed needs a whole number, not '\(text)'") }
    return s
} ?? 1
let store = values["--store"]
if let store, !PostgresEventStore.isConnectionString(store) { fail("--store '\(store)' is not a PostgreSQL connection string") }
let scratch = NSTemporaryDirectory() + "registry-gen-\(getpid())-\(UUID().uuidString)"
let directory = store != nil ? scratch : values["--log"] ?? ProcessInfo.processInfo.environment["REGISTRY_LOG"] ?? "registry-log"
defer { if store != nil { try? FileManager.default.removeItem(atPath: scratch) } }
if force { HistoryGenerator.removeLog(in: directory) }

let tty = isatty(2) != 0
nonisolated(unsafe) var lastReport = Date.distantPast
let started = Date()
do {
    let s = try HistoryGenerator.generate(
        directory: directory, options: GenerationOptions(seed: seed, events: events, students: students, batchEvents: number("--batch") ?? 1000)
    ) { done, target in
        guard Date().timeIntervalSince(lastReport) > (tty ? 0.25 : 10) else { return }
        lastReport = Date()
        let rate = Double(done) / max(0.001, Date().timeIntervalSince(started))
        let of = target.map { " / \($0)" } ?? ""
        FileHandle.standardError.write(Data("\(tty ? "\r" : "")registry-gen: \(done)\(of) events, \(Int(rate)) events/s\(tty ? "\u{1B}[K" : "\n")".utf8))
    }
    if let store {
        let source = try FileEventLog(directory: directory, mode: .read)
        let database = try PostgresEventStore.create(conninfo: store).store
        try database.copy(from: source)
        try PostgresKeyStore(store: database).load(try SQLiteKeyStore(directory: directory, writable: false).contents())
    }
    if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    print("""
        generated \(s.events) events (\(s.commands) commands, \(s.rejected) rejected and rerouted) in \(String(format: "%.1f", s.seconds)) s \
        (\(Int(Double(s.events) / max(s.seconds, 0.001))) events/s)
        district: \(s.schools) schools, \(s.enterprises) enterprises, \(s.students) students, \(s.placements) placements, \
        \(s.apprenticeships) apprenticeships; business days \(s.firstDay.map { "\($0)" } ?? "-")…\(s.lastDay.map { "\($0)" } ?? "-")
        log: \(store.map(PostgresEventStore.redacted) ?? directory)  head position \(s.head.position)  head hash \(s.head.hash)
        """)
} catch {
    if store != nil { try? FileManager.default.removeItem(atPath: scratch) }
    fail("\(error)", 1)
}
