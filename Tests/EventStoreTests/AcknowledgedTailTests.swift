import Foundation
import Testing
@testable import EventStore
import SQLiteSupport

/// Issue 11: a writer never cuts a record that the stream index shows was acknowledged, and every
/// path checks the header (format version included) of each segment it touches.
@Suite("Acknowledged records are never cut")
struct AcknowledgedTailTests {
    /// A log of a few commands, closed so its index records them all; returns the last record's extent.
    private func makeLog(_ dir: TemporaryDirectory, maxSegmentBytes: UInt64 = 64 << 20, commands: Int = 6)
        throws -> (position: UInt64, file: String, offset: UInt64, length: Int) {
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: maxSegmentBytes))
            try fill(log, commands: commands)
            // A last command of one event, so that its record is a whole group.
            _ = try log.append([event("Last", "{\"last\":true}")], to: "s-last", expectingVersion: .any, commandID: "last", actor: "test:t")
        }
        return try recordExtents(dir.path).last!
    }

    private func integrity(_ body: () throws -> Void) -> (position: UInt64, segment: String, offset: UInt64, reason: String)? {
        do { try body() } catch let EventStoreError.integrity(position, segment, offset, reason) {
            return (position, segment, offset, reason)
        } catch { return nil }
        return nil
    }

    @Test func cuttingTenBytesOffAnAcknowledgedLastRecordIsRefusedNotRecovered() throws {
        let dir = TemporaryDirectory()
        let last = try makeLog(dir)
        let size = fileSize(last.file)
        try truncateFile(last.file, to: size - 10)
        let writer = integrity { _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        #expect(writer?.position == last.position && writer?.offset == last.offset)
        #expect(fileSize(last.file) == size - 10, "nothing was cut")
        let reader = integrity { _ = try FileEventLog(directory: dir.path, mode: .read) }
        #expect(reader?.position == last.position)
        let verify = integrity { _ = try LogVerifier.verify(directory: dir.path) }
        #expect(verify?.position == last.position && verify?.offset == last.offset && verify?.reason == writer?.reason)
    }

    @Test func aDamagedAcknowledgedLastRecordFollowedByNothingIsRefused() throws {
        let dir = TemporaryDirectory()
        let last = try makeLog(dir)
        // A byte of its stored chain hash: the CRC fails and nothing follows, which looks torn.
        let size = fileSize(last.file)
        try flipByte(in: last.file, at: last.offset + UInt64(last.length) - 5)
        let writer = integrity { _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        #expect(writer?.position == last.position && writer?.reason == "CRC32C mismatch")
        #expect(fileSize(last.file) == size)
    }

    @Test func theEventsRowsAreEvidenceWhenTheHeadRowIsGone() throws {
        let dir = TemporaryDirectory()
        let last = try makeLog(dir)
        let db = try SQLiteDatabase(path: dir.path + "/index.sqlite")
        try db.execute("DELETE FROM head")
        try truncateFile(last.file, to: fileSize(last.file) - 10)
        let writer = integrity { _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        #expect(writer?.position == last.position)
        let verify = integrity { _ = try LogVerifier.verify(directory: dir.path) }
        #expect(verify?.position == last.position)
    }

    @Test func aLogCutAtARecordBoundaryBeforeTheIndexedHeadIsRefused() throws {
        let dir = TemporaryDirectory()
        let last = try makeLog(dir)
        try truncateFile(last.file, to: last.offset)
        let writer = integrity { _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        #expect(writer?.position == last.position && writer?.reason == "the log ends at position \(last.position - 1) but \(last.position) were committed")
        let verify = integrity { _ = try LogVerifier.verify(directory: dir.path) }
        #expect(verify?.position == writer?.position && verify?.reason == writer?.reason)
        #expect(fileSize(last.file) == last.offset)
    }

    @Test func aTailPastEveryAcknowledgedRecordIsStillATornTail() throws {
        let dir = TemporaryDirectory()
        let last = try makeLog(dir)
        let end = fileSize(last.file)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: last.file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x90, 0, 0, 0, 1, 2, 3]))
        try handle.close()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        #expect(log.recovery?.bytesRemoved == 7 && log.head.position == last.position)
        #expect(fileSize(last.file) == end)
    }

    @Test func anIncompleteHeaderOfASegmentTheIndexRecordsIsCorruption() throws {
        let dir = TemporaryDirectory()
        let last = try makeLog(dir, maxSegmentBytes: 600, commands: 12)
        #expect(!last.file.hasSuffix("00000001.seg"))
        let first = try recordExtents(dir.path).first { $0.file == last.file }!
        try truncateFile(last.file, to: 30)
        let writer = integrity { _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        #expect(writer?.position == first.position && writer?.reason == "bad segment header (short)")
        #expect(fileSize(last.file) == 30, "the segment was not deleted")
        let verify = integrity { _ = try LogVerifier.verify(directory: dir.path) }
        #expect(verify?.position == first.position && verify?.reason == writer?.reason)
    }

    @Test func aSegmentHeaderOfAnotherFormatVersionStopsEveryPath() throws {
        let dir = TemporaryDirectory()
        let last = try makeLog(dir)
        try setFormatVersion(2, of: last.file)
        let expected = "bad segment header (unsupportedVersion(2))"
        let verify = integrity { _ = try LogVerifier.verify(directory: dir.path) }
        #expect(verify?.position == 1 && verify?.reason == expected)
        // The index is consistent, so opening resumes past its head; the header is checked all the same.
        let writer = integrity { _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        #expect(writer?.position == 1 && writer?.segment == "00000001.seg" && writer?.reason == expected)
        let reader = integrity { _ = try FileEventLog(directory: dir.path, mode: .read) }
        #expect(reader?.position == 1 && reader?.reason == expected)
    }

    @Test func anEarlierSegmentOfAnotherFormatVersionStopsTheReadsThatTouchIt() throws {
        let dir = TemporaryDirectory()
        let last = try makeLog(dir, maxSegmentBytes: 600, commands: 12)
        let extents = try recordExtents(dir.path)
        let first = extents.first!
        #expect(first.file != last.file)
        try setFormatVersion(2, of: first.file)
        let reader = try FileEventLog(directory: dir.path, mode: .read)
        let failure = integrity { _ = try reader.read(stream: "s-0") }
        #expect(failure?.position == 1 && failure?.segment == "00000001.seg" && failure?.reason == "bad segment header (unsupportedVersion(2))")
        let all = integrity { try reader.readAll(from: 1, through: nil) { _ in } }
        #expect(all?.position == 1 && all?.reason == "bad segment header (unsupportedVersion(2))")
    }
}

/// Rewrites a segment header's format version and its CRC, so that only the version is wrong.
func setFormatVersion(_ version: UInt16, of path: String) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[8] = UInt8(version & 0xFF)
    bytes[9] = UInt8(version >> 8)
    let crc = CRC32C.checksum(Array(bytes[0..<60]))
    for i in 0..<4 { bytes[60 + i] = UInt8((crc >> (8 * UInt32(i))) & 0xFF) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

@Suite("Segment names")
struct SegmentNameTests {
    @Test func aSegmentNumberedZeroIsAnIntegrityFailureForVerifyAndOpen() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 2)
        }
        try FileManager.default.copyItem(atPath: dir.path + "/00000001.seg", toPath: dir.path + "/00000000.seg")
        let expected = EventStoreError.integrity(position: 0, segment: "00000000.seg", offset: 0,
                                                 reason: "segment number 0 is not allowed (segments are numbered from 1)")
        #expect(throws: expected) { try LogVerifier.verify(directory: dir.path) }
        #expect(throws: expected) { try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        #expect(throws: expected) { try FileEventLog(directory: dir.path, mode: .read) }
    }
}
