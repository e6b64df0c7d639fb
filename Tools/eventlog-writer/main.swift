import EventStore
#if canImport(Glibc)
import Glibc
#endif

// A test and torture helper: appends command groups to a log in a loop, and after each append
// returns, writes an acknowledgement line `COMMAND_ID FIRST LAST COUNT` to a side file. Killing it
// at any moment must leave a log that holds every acknowledged command.
//
// usage: eventlog-writer --log DIR --ack FILE [--count N] [--prefix P] [--streams S] [--reopen] [--max-segment BYTES] [--payload-bytes N] [--batch N] [--index-flush N] [--start-after FILE]

func value(_ name: String) -> String? {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[i + 1]
}

guard let logDirectory = value("--log"), let ackPath = value("--ack") else {
    print("usage: eventlog-writer --log DIR --ack FILE [--count N] [--prefix P] [--streams S] [--reopen] [--max-segment BYTES] [--payload-bytes N] [--batch N] [--index-flush N] [--start-after FILE]")
    exit(2)
}
let count = Int(value("--count") ?? "") ?? Int.max
let prefix = value("--prefix") ?? "w\(getpid())"
let streams = Int(value("--streams") ?? "") ?? 7
let reopen = CommandLine.arguments.contains("--reopen")
let extraBytes = Int(value("--payload-bytes") ?? "") ?? 0
/// Commands per durable append (for profiling the batch path); acknowledgements follow each batch.
let batchSize = max(1, Int(value("--batch") ?? "") ?? 1)
var options = FileEventLog.Options()
if let max = value("--max-segment").flatMap(UInt64.init) { options.maxSegmentBytes = max }
/// How many events wait before the index writer takes them (small: a kill lands while it works).
if let n = value("--index-flush").flatMap(Int.init) { options.indexFlushEvents = max(1, n) }

let ack = open(ackPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
guard ack >= 0 else { print("cannot open \(ackPath)"); exit(2) }

/// A deterministic group size (1...5) and payload per command, so a checker can tell a whole group from a part.
func events(for command: String, number: Int) -> [NewEvent] {
    let size = number % 5 + 1
    return (0..<size).map { i in
        let filler = String(repeating: "x", count: (number * 37 + i * 11) % 300 + extraBytes)
        return NewEvent(type: "TestEvent", payload: Array("{\"command\":\"\(command)\",\"index\":\(i),\"of\":\(size),\"filler\":\"\(filler)\"}".utf8))
    }
}

/// Waits for FILE to exist before the first append, so that writers spawned one after another start
/// together (a test of interleaving must not depend on how fast a process starts).
if let start = value("--start-after") {
    while access(start, F_OK) != 0 { usleep(1_000) }
}

do {
    var log: FileEventLog? = try FileEventLog(directory: logDirectory, mode: .write, options: options)
    var number = 0
    while number < count {
        if reopen {
            log = nil
            // A pause between closing and reopening, as between two command processes: the writer lock
            // is polled, so a writer that reopens at once takes it again before a waiting one looks.
            usleep(2_000)
            log = try FileEventLog(directory: logDirectory, mode: .write, options: options)
        }
        let numbers = number..<min(number + batchSize, count)
        let requests = numbers.map { n in
            AppendRequest(streamID: "stream-\(n % streams)", events: events(for: "\(prefix)-\(n)", number: n),
                          expectedVersion: .any, commandID: "\(prefix)-\(n)", actor: "test:\(prefix)")
        }
        let results = try log!.append(requests)
        for (n, result) in zip(numbers, results) {
            let line = "\(prefix)-\(n) \(result.positions!.lowerBound) \(result.positions!.upperBound) \(n % 5 + 1)\n"
            _ = line.withCString { write(ack, $0, strlen($0)) }
        }
        number = numbers.upperBound
    }
} catch {
    print("eventlog-writer: \(error)")
    exit(1)
}
