import EventStore
import Foundation
import RegistryService
import Testing

/// `registry-gen` decides on one thread and appends on another (`HistoryGenerator.flush`); its
/// history must still follow from the seed alone: the same events, streams, versions, command IDs
/// and recorded-at times in every run, apart from the sealed personal fields (random keys and nonces).
@Suite("Generated histories are deterministic")
struct GeneratorDeterminismTests {
    /// Every event of the log, its sealed member's bytes left out.
    static func events(_ directory: String) throws -> [String] {
        let log = try FileEventLog(directory: directory, mode: .read)
        var out: [String] = []
        try log.readAll(from: 1, through: nil) { e in
            var payload = String(decoding: e.payload, as: UTF8.self)
            if let sealed = payload.range(of: "\"sealed\":{") , let end = payload[sealed.upperBound...].firstIndex(of: "}") {
                payload.replaceSubrange(sealed.lowerBound...end, with: "\"sealed\":…")
            }
            out.append("\(e.position) \(e.streamID) \(e.streamVersion) \(e.commandID) \(e.actor) \(e.recordedAt) \(e.type) \(payload)")
        }
        return out
    }

    @Test func twoRunsOfOneSeedWriteTheSameHistory() throws {
        let root = NSTemporaryDirectory() + "registry-gen-determinism-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        var histories: [[String]] = []
        for run in 0..<2 {
            let directory = root + "/run-\(run)"
            // Small batches: many hand-offs between the deciding and the appending thread.
            let summary = try HistoryGenerator(directory: directory, options: GenerationOptions(seed: 3, events: 6000, batchEvents: 97)).run()
            #expect(summary.events == 6000)
            histories.append(try Self.events(directory))
        }
        #expect(histories[0].count == 6000)
        #expect(histories[0] == histories[1])
        // Recorded-at times follow the business days, so they never go back.
        let times = histories[0].map { Int64($0.split(separator: " ")[5])! }
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        // Some events did carry sealed fields, left out above.
        #expect(histories[0].contains { $0.contains("\"sealed\":…") })
    }
}
