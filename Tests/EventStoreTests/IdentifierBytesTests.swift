import Foundation
import Testing
@testable import EventStore

/// Stream IDs are compared as bytes (FORMAT.md 3.1): `é` (U+00E9) and `e` + U+0301 are canonically
/// equivalent, and Swift's `String ==` says they are equal, but they are two streams in the log, in
/// the index, in the writer's memory and in `verify`.
@Suite("Stream IDs compare as bytes")
struct IdentifierBytesTests {
    static let composed = "school-S\u{E9}"
    static let decomposed = "school-Se\u{301}"

    @Test func canonicallyEquivalentIDsAreTwoStreamsInOneWriter() throws {
        #expect(Self.composed == Self.decomposed, "Swift's String == treats canonical equivalents as equal")
        let directory = TemporaryDirectory("nfc-writer")
        let log = try FileEventLog(directory: directory.path, mode: .write, options: testOptions())
        let first = try log.append([event("SchoolRegistered", "{}")], to: Self.composed, expectingVersion: .exactly(0),
                                   commandID: "c-1", actor: "bureau:EDU")
        let second = try log.append([event("SchoolRegistered", "{}")], to: Self.decomposed, expectingVersion: .exactly(0),
                                    commandID: "c-2", actor: "bureau:EDU")
        #expect(first.streamVersion == 1)
        #expect(second.streamVersion == 1)
        #expect(try log.version(of: Self.composed) == 1)
        #expect(try log.version(of: Self.decomposed) == 1)
        #expect(try log.read(stream: Self.decomposed).map(\.position) == [2])
        #expect(try log.read(stream: Self.composed).map(\.position) == [1])
    }

    @Test func verifyAcceptsTwoStreamsWhoseIDsDifferOnlyInNormalisation() throws {
        let directory = TemporaryDirectory("nfc-verify")
        do {
            let log = try FileEventLog(directory: directory.path, mode: .write, options: testOptions())
            _ = try log.append([event("SchoolRegistered", "{}")], to: Self.composed, expectingVersion: .exactly(0),
                           commandID: "c-1", actor: "bureau:EDU")
        }
        do {
            // A second writer, as a second CLI command would be.
            let log = try FileEventLog(directory: directory.path, mode: .write, options: testOptions())
            _ = try log.append([event("SchoolRegistered", "{}")], to: Self.decomposed, expectingVersion: .exactly(0),
                           commandID: "c-2", actor: "bureau:EDU")
        }
        let report = try LogVerifier.verify(directory: directory.path)
        #expect(report.eventCount == 2)
        #expect(report.streamCount == 2)
    }

    @Test func verifyReportsAVersionJumpAcrossTwoSuchStreams() throws {
        let directory = TemporaryDirectory("nfc-jump")
        do {
            let log = try FileEventLog(directory: directory.path, mode: .write, options: testOptions())
            _ = try log.append([event("SchoolRegistered", "{}")], to: Self.composed, expectingVersion: .exactly(0),
                           commandID: "c-1", actor: "bureau:EDU")
            _ = try log.append([event("SchoolRegistered", "{}")], to: Self.decomposed, expectingVersion: .exactly(0),
                           commandID: "c-2", actor: "bureau:EDU")
        }
        // Rewrite the second record as version 2 of its stream, re-chained as a forger would, and drop the
        // index that would give the rewrite away: the decomposed stream now starts at version 2.
        let path = directory.path + "/" + SegmentFormat.fileName(segment: 1)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var offsets: [Int] = []
        var offset = SegmentFormat.headerSize
        while offset + 4 <= bytes.count {
            offsets.append(offset)
            offset += Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                          | UInt32(bytes[offset + 3]) << 24) + 40
        }
        try #require(offsets.count == 2)
        bytes[offsets[1] + 4 + 20] = 2
        for record in offsets {
            let length = Int(UInt32(bytes[record]) | UInt32(bytes[record + 1]) << 8 | UInt32(bytes[record + 2]) << 16
                             | UInt32(bytes[record + 3]) << 24)
            let previous = record == offsets[0] ? Array(bytes[24..<56]) : Array(bytes[(record - 36)..<(record - 4)])
            let hash = Digest(hex: ContentHash.sha256Hex(previous + bytes[record..<(record + 4 + length)]))!.rawBytes
            bytes.replaceSubrange((record + 4 + length)..<(record + 4 + length + 32), with: hash)
            let crc = CRC32C.checksum(Array(bytes[record..<(record + 4 + length + 32)]))
            for i in 0..<4 { bytes[record + 4 + length + 32 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasPrefix("index.sqlite") {
            try FileManager.default.removeItem(atPath: directory.path + "/" + name)
        }
        #expect {
            try LogVerifier.verify(directory: directory.path)
        } throws: { error in
            guard case let EventStoreError.integrity(position, _, _, reason) = error else { return false }
            return position == 2 && reason.contains("jumps to version 2 where 1 was expected")
        }
    }
}
