import Foundation
import Testing
@testable import EventStore

@Suite("Corruption is detected and located")
struct CorruptionTests {
    private func makeLog(_ dir: TemporaryDirectory) throws {
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: 4_000))
        try fill(log, commands: 60)
    }

    @Test func flippingAnyByteOfACommittedRecordFailsVerifyAtItsPosition() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir)
        let extents = try recordExtents(dir.path)
        #expect(extents.count == 120)
        var generator = SystemRandomNumberGenerator()
        let work = TemporaryDirectory("flip")
        var detected = 0
        let trials = 150
        for trial in 0..<trials {
            let victim = extents.randomElement(using: &generator)!
            let offset = victim.offset + UInt64.random(in: 0..<UInt64(victim.length), using: &generator)
            let copy = work.sub("t\(trial)")
            try copyLog(dir.path, to: copy)
            let file = copy + "/" + URL(fileURLWithPath: victim.file).lastPathComponent
            try flipByte(in: file, at: offset, mask: UInt8.random(in: 1...255, using: &generator))
            do {
                _ = try LogVerifier.verify(directory: copy)
                Issue.record("flip at \(offset) of position \(victim.position) went undetected")
            } catch let EventStoreError.integrity(position, segment, _, _) {
                #expect(position == victim.position, "flip at offset \(offset) in \(segment)")
                #expect(segment == URL(fileURLWithPath: victim.file).lastPathComponent)
                detected += 1
            }
            // Reading everything stops there too: either opening already finds the damage (when it
            // touches the record the index's head points at) or the full read does.
            #expect(throws: EventStoreError.self) {
                let reader = try FileEventLog(directory: copy, mode: .read)
                try reader.readAll { _ in }
            }
            try FileManager.default.removeItem(atPath: copy)
        }
        #expect(detected == trials)
    }

    @Test func readingAStreamOverADamagedRecordIsAnIntegrityError() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir)
        let extents = try recordExtents(dir.path)
        let victim = extents[40]
        try flipByte(in: victim.file, at: victim.offset + UInt64(victim.length) / 2)
        let log = try FileEventLog(directory: dir.path, mode: .read)
        let streams = (0..<4).map { s in Result { try log.read(stream: "s-\(s)") } }
        let failures = streams.filter { if case .failure = $0 { return true } else { return false } }
        #expect(failures.count == 1)
        if case .failure(EventStoreError.integrity(let position, _, _, _))? = failures.first {
            #expect(position == victim.position)
        } else {
            Issue.record("expected an integrity error")
        }
    }

    @Test func aRecordRewrittenWithAValidCRCBreaksTheChain() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir)
        let extents = try recordExtents(dir.path)
        let victim = extents[70]
        // Change one payload byte and recompute the record's CRC, as a careless forger would.
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: victim.file)))
        let start = Int(victim.offset), end = start + victim.length
        bytes[end - 37] ^= 0x20
        let crc = CRC32C.checksum(Array(bytes[start..<(end - 4)]))
        withUnsafeBytes(of: crc.littleEndian) { for i in 0..<4 { bytes[end - 4 + i] = $0[i] } }
        try Data(bytes).write(to: URL(fileURLWithPath: victim.file))
        #expect(throws: EventStoreError.integrity(position: victim.position, segment: URL(fileURLWithPath: victim.file).lastPathComponent,
                                                  offset: victim.offset, reason: "chain hash mismatch")) {
            try LogVerifier.verify(directory: dir.path)
        }
    }

    @Test func aDamagedSegmentHeaderIsReported() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir)
        let extents = try recordExtents(dir.path)
        let firstOfSecond = extents.first { $0.file.hasSuffix("00000002.seg") }!
        try flipByte(in: firstOfSecond.file, at: 20)
        #expect(throws: EventStoreError.self) { try LogVerifier.verify(directory: dir.path) }
        do { _ = try LogVerifier.verify(directory: dir.path) } catch let EventStoreError.integrity(position, segment, offset, _) {
            #expect(position == firstOfSecond.position && segment == "00000002.seg" && offset == 0)
        }
        // Opening does not walk the whole log; reading it does, and stops there.
        let log = try FileEventLog(directory: dir.path, mode: .read)
        #expect(throws: EventStoreError.self) { try log.readAll { _ in } }
    }

    @Test func truncatingCommittedRecordsOfAnEarlierSegmentIsNotATornTail() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir)
        let extents = try recordExtents(dir.path)
        let victim = extents.first { $0.file.hasSuffix("00000001.seg") && $0.position > 3 }!
        try truncateFile(victim.file, to: victim.offset + 5)
        #expect(throws: EventStoreError.self) { try LogVerifier.verify(directory: dir.path) }
        let log = try FileEventLog(directory: dir.path, mode: .read)
        #expect(throws: EventStoreError.self) { try log.readAll { _ in } }
    }

    @Test func aWriterNeverCutsADamagedAcknowledgedLastRecord() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir)
        let extents = try recordExtents(dir.path)
        let last = extents.last!
        // Flip a byte of the last record's stored chain hash: the index no longer matches the file.
        try flipByte(in: last.file, at: last.offset + UInt64(last.length) - 10)
        let before = fileSize(last.file)
        #expect(throws: EventStoreError.self) { try FileEventLog(directory: dir.path, mode: .write, options: testOptions()) }
        #expect(fileSize(last.file) == before)
        #expect(throws: EventStoreError.self) { try LogVerifier.verify(directory: dir.path) }
    }

    @Test func aRechainedRewriteIsCaughtByTheIndexItLeftBehind() throws {
        let dir = TemporaryDirectory()
        try makeLog(dir)
        let extents = try recordExtents(dir.path)
        let victim = extents[100]
        // Rewrite a payload byte of one record and recompute its hash and CRC and every later one, in its segment
        // and the segments after it (their headers carry the previous hash).
        var previous: Digest?
        let hasher = SHA256Hasher()
        var files: [String: [UInt8]] = [:]
        for extent in extents where extent.position >= victim.position - 1 {
            var bytes = try files[extent.file] ?? Array(Data(contentsOf: URL(fileURLWithPath: extent.file)))
            let start = Int(extent.offset), hashAt = start + extent.length - 36
            if extent.position == victim.position { bytes[hashAt - 3] ^= 0x01 }
            if extent.position >= victim.position, let prev = previous {
                if start == SegmentFormat.headerSize {
                    var header = try SegmentHeader.decode(bytes).get()
                    header.previousHash = prev
                    bytes.replaceSubrange(0..<SegmentFormat.headerSize, with: header.encoded())
                }
                let hash = Array(bytes[start..<hashAt]).withUnsafeBytes { r in withUnsafeBytes(of: prev.bytes) { hasher.digest($0, r) } }
                bytes.replaceSubrange(hashAt..<(hashAt + 32), with: hash.rawBytes)
                let crc = CRC32C.checksum(Array(bytes[start..<(hashAt + 32)]))
                withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((hashAt + 32)..<(hashAt + 36), with: $0) }
            }
            previous = Digest(bytes[hashAt..<(hashAt + 32)])!
            files[extent.file] = bytes
        }
        for (path, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
        // The chain is whole again, but the index still holds the old head hash.
        #expect(throws: EventStoreError.self) { try LogVerifier.verify(directory: dir.path) }
        do { _ = try LogVerifier.verify(directory: dir.path) } catch let EventStoreError.integrity(position, _, _, reason) {
            #expect(position == extents.last!.position)
            #expect(reason.contains("stream index"))
        }
        // Without the index, only an inspector's earlier head can tell.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dir.path + "/index.sqlite" + suffix) }
        #expect(try LogVerifier.verify(directory: dir.path).eventCount == UInt64(extents.count))
    }
}
