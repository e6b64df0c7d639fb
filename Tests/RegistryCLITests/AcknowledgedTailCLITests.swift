import Foundation
import Testing
@testable import EventStore

/// Issue 11, through the binary: a writing command never cuts an acknowledged record, and refuses a
/// segment header of another format version, appending nothing.
@Suite("Acknowledged tails and segment headers through the CLI")
struct AcknowledgedTailCLITests {
    @Test func aWriterRefusesToCutTheAcknowledgedLastRecordAndAppendsNothing() throws {
        let cli = try StorageFixture.make("ack-tail")
        let segment = cli.logDirectory + "/00000001.seg"
        let head = try FileEventLog(directory: cli.logDirectory, mode: .read).head.position
        try truncateSegment(segment, by: 10)
        let before = cli.logBytes()
        let write = try cli.run(StorageFixture.confirm("2025-10"))
        #expect(write.status == 4, "\(write)")
        #expect(write.stderr.contains("position \(head)") && write.stderr.nonEmptyLines.count == 1, "\(write)")
        #expect(!write.stderr.contains("torn tail"))
        #expect(cli.logBytes() == before, "nothing appended, nothing cut")
        let verify = try cli.run(["verify"])
        #expect(verify.status == 4 && verify.stderr.contains("position \(head)"), "\(verify)")
        let show = try cli.run(["show", "placement", "P-1", "--as", "school:S01"])
        #expect(show.status == 4, "a reader does not pass over the damage either: \(show)")
    }

    @Test func aSegmentHeaderOfFormatVersion2StopsWritesAndReads() throws {
        let cli = try StorageFixture.make("header-v2")
        let segment = cli.logDirectory + "/00000001.seg"
        var bytes = [UInt8](FileManager.default.contents(atPath: segment)!)
        bytes[8] = 2
        let crc = CRC32C.checksum(Array(bytes[0..<60]))
        for i in 0..<4 { bytes[60 + i] = UInt8((crc >> (8 * UInt32(i))) & 0xFF) }
        #expect(FileManager.default.createFile(atPath: segment, contents: Data(bytes)))
        let before = cli.logBytes()
        let verify = try cli.run(["verify"])
        #expect(verify.status == 4 && verify.stderr.contains("bad segment header (unsupportedVersion(2))"), "\(verify)")
        let write = try cli.run(StorageFixture.confirm("2025-10"))
        #expect(write.status == 4 && write.stderr.contains("bad segment header (unsupportedVersion(2))")
                && write.stderr.contains("position 1") && write.stderr.contains("00000001.seg"), "\(write)")
        #expect(cli.logBytes() == before)
        let show = try cli.run(["show", "placement", "P-1", "--as", "school:S01"])
        #expect(show.status == 4 && show.stderr.contains("unsupportedVersion(2)"), "\(show)")
    }

    private func truncateSegment(_ path: String, by count: UInt64) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: StorageFixture.size(path) - count)
        try handle.close()
    }
}
