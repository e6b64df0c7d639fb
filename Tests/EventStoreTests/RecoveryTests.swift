import Foundation
import Testing
@testable import EventStore

@Suite("Recovery from a torn tail")
struct RecoveryTests {
    /// A small log whose last command is a group of three records; returns the segment path, the
    /// offset where the last group starts, and the head before it.
    private func makeLog(_ dir: TemporaryDirectory) throws -> (segment: String, groupStart: UInt64, headBefore: LogHead) {
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        try fill(log, commands: 4)
        let before = log.head
        let segment = dir.path + "/00000001.seg"
        let start = fileSize(segment)
        _ = try log.append([event("A", "{\"a\":1}"), event("B", "{\"b\":2}"), event("C", "{\"c\":3}")], to: "last",
                           expectingVersion: .any, commandID: "last", actor: "t:t")
        return (segment, start, before)
    }

    @Test func truncatingAtEveryOffsetInsideTheLastGroupRecoversToTheGroupBefore() throws {
        let dir = TemporaryDirectory()
        let (segment, groupStart, before) = try makeLog(dir)
        let end = fileSize(segment)
        let work = TemporaryDirectory("cut")
        var recovered = 0
        for cut in groupStart..<end {
            let copy = work.sub("at-\(cut)")
            try copyLog(dir.path, to: copy)
            try truncateFile(copy + "/00000001.seg", to: cut)
            // A crash inside the last append leaves an index without it (the index is written after the
            // segment's sync); an index that records the group forbids the cut (AcknowledgedTailTests).
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + "/index.sqlite" + suffix) }
            let log = try FileEventLog(directory: copy, mode: .write, options: testOptions())
            #expect(log.head == before, "cut at \(cut)")
            if cut > groupStart {
                #expect(log.recovery?.offset == groupStart && log.recovery?.bytesRemoved == cut - groupStart, "cut at \(cut)")
            }
            #expect(fileSize(copy + "/00000001.seg") == groupStart)
            #expect(try log.read(stream: "last").isEmpty)
            #expect(try LogVerifier.verify(directory: copy).head == before)
            // The command can be retried and lands whole.
            let retried = try log.append([event("A", "{}"), event("B", "{}"), event("C", "{}")], to: "last",
                                         expectingVersion: .noStream, commandID: "last", actor: "t:t")
            #expect(!retried.wasDuplicate && retried.positions == (before.position + 1)...(before.position + 3))
            recovered += 1
            try FileManager.default.removeItem(atPath: copy)
        }
        #expect(recovered == Int(end - groupStart))
    }

    @Test func aReaderIgnoresATornTailWithoutCuttingIt() throws {
        let dir = TemporaryDirectory()
        let (segment, groupStart, before) = try makeLog(dir)
        try truncateFile(segment, to: groupStart + 10)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dir.path + "/index.sqlite" + suffix) }
        let reader = try FileEventLog(directory: dir.path, mode: .read)
        #expect(reader.head == before)
        #expect(reader.recovery != nil)
        #expect(fileSize(segment) == groupStart + 10)
        let report = try LogVerifier.verify(directory: dir.path)
        #expect(report.tornTail?.offset == groupStart)
        #expect(report.head == before)
    }

    @Test func zeroFilledBytesAfterTheLastGroupAreATornTail() throws {
        let dir = TemporaryDirectory()
        let (segment, _, _) = try makeLog(dir)
        let end = fileSize(segment)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0, count: 4096))
        try handle.close()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        #expect(log.recovery?.bytesRemoved == 4096)
        #expect(fileSize(segment) == end)
    }

    @Test func aSegmentWithAnIncompleteHeaderIsRemoved() throws {
        let dir = TemporaryDirectory()
        var head: LogHead
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 3)
            head = log.head
        }
        _ = FileManager.default.createFile(atPath: dir.path + "/00000002.seg", contents: Data(Array("PLREGLOG".utf8) + [1, 0]))
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: 10))
        #expect(log.recovery?.segment == "00000002.seg")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/00000002.seg"))
        _ = try log.append([event("A", "{}")], to: "s", expectingVersion: .any, commandID: "x", actor: "t:t")
        #expect(try LogVerifier.verify(directory: dir.path).head.position == head.position + 1)
    }
}
