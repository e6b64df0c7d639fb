import EventStore
#if canImport(Glibc)
import Glibc
#endif

// A first `registry verify`; the full command line arrives with the registry module.
func printErr(_ s: String) {
    let line = s + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

var arguments = Array(CommandLine.arguments.dropFirst())
var logDirectory = getenv("REGISTRY_LOG").map { String(cString: $0) } ?? "registry-log"
if let i = arguments.firstIndex(of: "--log"), i + 1 < arguments.count {
    logDirectory = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
}
guard arguments.first == "verify" else {
    printErr("usage: registry [--log DIR] verify")
    exit(2)
}
do {
    let report = try LogVerifier.verify(directory: logDirectory)
    if let torn = report.tornTail { printErr("warning: \(torn)") }
    print("events: \(report.eventCount)")
    print("head position: \(report.head.position)")
    print("head hash: \(report.head.hash.hex)")
    exit(0)
} catch let error as EventStoreError {
    printErr("error: \(error)")
    if case .integrity = error { exit(4) }
    exit(2)
}
