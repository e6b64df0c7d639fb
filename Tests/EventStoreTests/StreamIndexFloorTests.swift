import Testing
@testable import EventStore

/// registry-bench times the stream index alone beside the log's appends (`StreamIndexFloor`): that
/// figure bounds the appends only if the floor writes the rows the log's own index writer would.
@Suite("The stream index's floor writes what the log's index would")
struct StreamIndexFloorTests {
    @Test func theFloorsIndexHasTheLogsStreamsVersionsAndCommands() throws {
        let batches: [[AppendRequest]] = (0..<5).map { b in
            (0..<7).map { k in
                let i = b * 7 + k
                return AppendRequest(streamID: "s-\(i % 3)", events: (0...(i % 3)).map { j in event("Filled", "{\"i\":\(i),\"j\":\(j)}") },
                                     expectedVersion: .any, commandID: "c-\(i)", actor: "test:t")
            }
        }
        let logDirectory = TemporaryDirectory(), floorDirectory = TemporaryDirectory()
        do {
            let log = try FileEventLog(directory: logDirectory.path, mode: .write, options: testOptions())
            for batch in batches { _ = try log.append(batch) }
            try log.flushIndex()
        }
        var ticks = 0.0
        let seconds = try StreamIndexFloor.insert(batches, recordLength: 100, directory: floorDirectory.sub("index"),
                                                  clock: { ticks += 1; return ticks })
        #expect(seconds == 1)

        let logIndex = try StreamIndex(directory: logDirectory.path, readOnly: true)
        let floorIndex = try StreamIndex(directory: floorDirectory.sub("index"), readOnly: true)
        #expect(try floorIndex.head()?.position == logIndex.head()?.position)
        for stream in ["s-0", "s-1", "s-2"] {
            let fromLog = try logIndex.entries(stream: stream).map { [$0.position, $0.streamVersion] }
            #expect(!fromLog.isEmpty)
            #expect(try floorIndex.entries(stream: stream).map { [$0.position, $0.streamVersion] } == fromLog)
        }
        for i in 0..<35 {
            let fromLog = try logIndex.command("c-\(i)")
            #expect(fromLog != nil)
            #expect(try floorIndex.command("c-\(i)") == fromLog)
        }
    }
}
