import Foundation
@testable import EventStore

/// A fresh directory under the system temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init(_ label: String = "log") {
        path = NSTemporaryDirectory() + "registry-test-\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A subdirectory path (not created).
    func sub(_ name: String) -> String { path + "/" + name }
}

/// A deterministic clock for tests: starts at 2025-01-01T00:00:00Z and ticks one second per call.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64 = 1_735_689_600_000_000
    func tick() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        now += 1_000_000
        return now
    }
}

func testOptions(maxSegmentBytes: UInt64 = 64 << 20, lockTimeout: Int = 2_000) -> FileEventLog.Options {
    let clock = TestClock()
    return FileEventLog.Options(lockTimeoutMilliseconds: lockTimeout, maxSegmentBytes: maxSegmentBytes, clock: { clock.tick() })
}

func event(_ type: String, _ text: String) -> NewEvent {
    NewEvent(type: type, payload: Array(text.utf8))
}

/// Appends `count` commands of one to three events each over a few streams.
@discardableResult
func fill(_ log: FileEventLog, commands count: Int, prefix: String = "c") throws -> [AppendResult] {
    try (0..<count).map { i in
        let events = (0...(i % 3)).map { j in event("Filled", "{\"i\":\(i),\"j\":\(j),\"pad\":\"\(String(repeating: "p", count: i % 40))\"}") }
        return try log.append(events, to: "s-\(i % 4)", expectingVersion: .any, commandID: "\(prefix)-\(i)", actor: "test:t")
    }
}

/// Every record's extent in every segment, from the index: (position, segment file path, offset, length).
func recordExtents(_ directory: String) throws -> [(position: UInt64, file: String, offset: UInt64, length: Int)] {
    let log = try FileEventLog(directory: directory, mode: .read)
    var out: [(UInt64, String, UInt64, Int)] = []
    var position: UInt64 = 1
    while position <= log.head.position {
        let index = try StreamIndex(directory: directory, readOnly: true)
        guard let e = try index.entry(at: position) else { break }
        out.append((position, directory + "/" + SegmentFormat.fileName(segment: e.segment), e.offset, e.length))
        position += 1
    }
    return out
}

/// Copies a log directory.
func copyLog(_ from: String, to: String) throws {
    try? FileManager.default.removeItem(atPath: to)
    try FileManager.default.copyItem(atPath: from, toPath: to)
}

/// XORs one byte of a file.
func flipByte(in path: String, at offset: UInt64, mask: UInt8 = 0x01) throws {
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seek(toOffset: offset)
    let byte = try handle.read(upToCount: 1)![0]
    try handle.seek(toOffset: offset)
    try handle.write(contentsOf: Data([byte ^ mask]))
}

func fileSize(_ path: String) -> UInt64 {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
}

func truncateFile(_ path: String, to size: UInt64) throws {
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: size)
    try handle.close()
}

/// The path of an executable built beside the test bundle (e.g. `eventlog-writer`).
func builtExecutable(_ name: String) -> String {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path,
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
            .deletingLastPathComponent().appendingPathComponent(name).path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
}

/// Reads the acknowledgement file of `eventlog-writer`: command ID → (first, last, count).
func acknowledgements(_ path: String) -> [String: (first: UInt64, last: UInt64, count: Int)] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
    var out: [String: (UInt64, UInt64, Int)] = [:]
    for line in text.split(separator: "\n") {
        let f = line.split(separator: " ")
        // A line cut off by the kill is not an acknowledgement.
        guard f.count == 4, let a = UInt64(f[1]), let b = UInt64(f[2]), let n = Int(f[3]) else { continue }
        out[String(f[0])] = (a, b, n)
    }
    return out
}
