import Foundation
import Testing
@testable import EventStore

/// A segment of a megabyte or more has its chain links checked on another thread while the reading
/// thread checks the rest (`ChainAhead`), and the verifier walks sound records without building
/// envelopes (`VerifierFastPass`): damage must still be found and located exactly as before.
@Suite("Chain links checked ahead on another thread")
struct ChainAheadTests {
    /// One segment larger than `ChainAhead.worthwhileBytes`: 600 appends of 8 commands of 1–3 events.
    private func makeLargeLog(_ dir: TemporaryDirectory) throws {
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        let pad = String(repeating: "x", count: 300)
        for batch in 0..<600 {
            let requests = (0..<8).map { k in
                let i = batch * 8 + k
                return AppendRequest(streamID: "s-\(i % 5)",
                                     events: (0...(i % 3)).map { j in event("Filled", "{\"i\":\(i),\"j\":\(j),\"pad\":\"\(pad)\"}") },
                                     expectedVersion: .any, commandID: "c-\(i)", actor: "test:t")
            }
            _ = try log.append(requests)
        }
    }

    @Test func aLargeSoundLogReadsVerifiesAndChainsToTheSameHead() throws {
        let dir = TemporaryDirectory()
        try makeLargeLog(dir)
        let extents = try recordExtents(dir.path)
        #expect(extents.allSatisfy { $0.file.hasSuffix("00000001.seg") })
        #expect(fileSize(dir.sub("00000001.seg")) >= UInt64(ChainAhead.worthwhileBytes))
        let report = try LogVerifier.verify(directory: dir.path)
        #expect(report.eventCount == UInt64(extents.count) && report.streamCount == 5)
        let log = try FileEventLog(directory: dir.path, mode: .read)
        var read: UInt64 = 0
        try log.readAll { e in
            read += 1
            #expect(e.position == read)
        }
        #expect(read == report.eventCount && log.head.hash == report.head.hash)
        let floor = try ChainFloor.walk(directory: dir.path, clock: { 0 })
        #expect(floor.records == report.eventCount && floor.head == report.head.hash)
    }

    @Test func aRecordRewrittenWithAValidCRCDeepInALargeSegmentBreaksTheChainForVerifyAndRead() throws {
        let dir = TemporaryDirectory()
        try makeLargeLog(dir)
        let extents = try recordExtents(dir.path)
        let victim = extents[extents.count * 3 / 4]
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: victim.file)))
        let start = Int(victim.offset), end = start + victim.length
        bytes[end - 37] ^= 0x20
        let crc = CRC32C.checksum(Array(bytes[start..<(end - 4)]))
        withUnsafeBytes(of: crc.littleEndian) { for i in 0..<4 { bytes[end - 4 + i] = $0[i] } }
        try Data(bytes).write(to: URL(fileURLWithPath: victim.file))
        let expected = EventStoreError.integrity(position: victim.position, segment: "00000001.seg", offset: victim.offset,
                                                 reason: "chain hash mismatch")
        #expect(throws: expected) { try LogVerifier.verify(directory: dir.path) }
        let log = try FileEventLog(directory: dir.path, mode: .read)
        #expect(throws: expected) { try log.readAll { _ in } }
    }

    @Test func aFlippedByteDeepInALargeSegmentIsLocatedByVerifyAndRead() throws {
        let dir = TemporaryDirectory()
        try makeLargeLog(dir)
        let extents = try recordExtents(dir.path)
        let work = TemporaryDirectory("flip")
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<8 {
            // Not the last few records: opening the log checks its head.
            let victim = extents[Int.random(in: (extents.count / 2)..<(extents.count - 10), using: &generator)]
            let offset = victim.offset + UInt64.random(in: 0..<UInt64(victim.length), using: &generator)
            let copy = work.sub("t\(trial)")
            try copyLog(dir.path, to: copy)
            try flipByte(in: copy + "/00000001.seg", at: offset, mask: UInt8.random(in: 1...255, using: &generator))
            var verified: EventStoreError?
            do { _ = try LogVerifier.verify(directory: copy) } catch let error as EventStoreError { verified = error }
            guard case let .integrity(position, segment, _, _)? = verified else {
                Issue.record("flip at \(offset) of position \(victim.position) went undetected by verify")
                continue
            }
            #expect(position == victim.position && segment == "00000001.seg", "flip at offset \(offset)")
            var read: EventStoreError?
            do { try FileEventLog(directory: copy, mode: .read).readAll { _ in } } catch let error as EventStoreError { read = error }
            guard case let .integrity(readPosition, readSegment, _, _)? = read else {
                Issue.record("flip at \(offset) of position \(victim.position) went undetected by a full read")
                continue
            }
            #expect(readPosition == victim.position && readSegment == "00000001.seg", "flip at offset \(offset)")
        }
    }
}
