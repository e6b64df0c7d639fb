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
        // A fold's read: the same positions, times, types and payloads; stream and command IDs only
        // where a group has more than one record (the scanner compares them along it).
        var whole: [EventEnvelope] = []
        try log.readAll { whole.append($0) }
        var folded: [EventEnvelope] = []
        try log.readAllForFolding(from: 1, through: nil) { folded.append($0) }
        #expect(folded.count == whole.count)
        for (f, w) in zip(folded, whole) {
            #expect(f.position == w.position && f.recordedAt == w.recordedAt && f.type == w.type
                        && f.schemaVersion == w.schemaVersion && f.payload == w.payload)
            #expect(f.actor.isEmpty && (f.streamID.isEmpty || f.streamID == w.streamID) && (f.commandID.isEmpty || f.commandID == w.commandID))
        }
        #expect(folded.contains { $0.commandID.isEmpty } && folded.contains { !$0.commandID.isEmpty })
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
        #expect(throws: expected) { try log.readAllForFolding(from: 1, through: nil) { _ in } }
    }

    /// The second record of a group given another command ID, its CRC and every chain link after it
    /// made good again: only the group check can find it, and a fold's read (which makes the IDs
    /// only for records in groups) finds it where a full read and verify do.
    @Test func aGroupBrokenUnderSoundChecksumsIsFoundByEveryRead() throws {
        let dir = TemporaryDirectory()
        try makeLargeLog(dir)
        var envelopes: [EventEnvelope] = []
        try FileEventLog(directory: dir.path, mode: .read).readAll { envelopes.append($0) }
        let extents = try recordExtents(dir.path)
        // A second record of a group of three, deep in the segment.
        guard let victim = envelopes.indices.last(where: { i in
            i >= 1 && i < envelopes.count / 2 && envelopes[i].commandID == envelopes[i - 1].commandID
                && envelopes[i].commandID.last.map { $0 != "9" } == true
        }) else { Issue.record("no group of more than one record"); return }
        let file = extents[victim].file
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
        // The command ID's last digit, one higher: a valid ID of the same length.
        let start = Int(extents[victim].offset)
        let stream = start + SegmentFormat.lengthSize + SegmentFormat.fixedBodySize
        let streamLength = Int(UInt16(bytes[stream]) | UInt16(bytes[stream + 1]) << 8)
        let command = stream + 2 + streamLength
        let commandLength = Int(UInt16(bytes[command]) | UInt16(bytes[command + 1]) << 8)
        #expect(Array(bytes[(command + 2)..<(command + 2 + commandLength)]) == Array(envelopes[victim].commandID.utf8))
        bytes[command + 1 + commandLength] += 1
        // Every record from the victim on: chain link and CRC made good again.
        let hasher = SHA256Hasher()
        let before = extents[victim - 1]
        var previous = Digest(bytes.withUnsafeBytes { Array($0[(Int(before.offset) + before.length - 36)..<(Int(before.offset) + before.length - 4)]) })!
        for extent in extents[victim...] where extent.file == file {
            let from = Int(extent.offset), end = from + extent.length, hashStart = end - 36
            let hash = bytes.withUnsafeBytes { raw in
                withUnsafeBytes(of: previous.bytes) { hasher.digest($0, UnsafeRawBufferPointer(rebasing: raw[from..<hashStart])) }
            }
            withUnsafeBytes(of: hash.bytes) { for i in 0..<32 { bytes[hashStart + i] = $0[i] } }
            let crc = CRC32C.checksum(Array(bytes[from..<(end - 4)]))
            withUnsafeBytes(of: crc.littleEndian) { for i in 0..<4 { bytes[end - 4 + i] = $0[i] } }
            previous = hash
        }
        // Opening the log would find it while rebuilding its index; the scanner each read uses finds it too.
        let scanner = SegmentScanner(codec: RecordCodec())
        func stop(_ fields: RecordCodec.Fields) -> SegmentScanner.Stop? {
            var cursor = SegmentScanner.Cursor(position: 0, hash: .zero, recordedAt: 0)
            return bytes.withUnsafeBytes { raw in
                scanner.scan(UnsafeRawBufferPointer(rebasing: raw[SegmentFormat.headerSize...]), from: 0,
                             base: UInt64(SegmentFormat.headerSize), cursor: &cursor, fields: fields) { _ in true }.stop
            }
        }
        let full = stop(.all)
        #expect(full?.position == envelopes[victim].position, "\(String(describing: full))")
        #expect(full?.reason.contains("does not continue its group") == true, "\(String(describing: full))")
        #expect(stop(.folding) == full)
        #expect(stop(.location) == full)
        // And the log, opened, says so.
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(throws: EventStoreError.self) { _ = try LogVerifier.verify(directory: dir.path) }
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
            var folded: EventStoreError?
            do { try FileEventLog(directory: copy, mode: .read).readAllForFolding(from: 1, through: nil) { _ in } } catch let error as EventStoreError {
                folded = error
            }
            #expect(folded == read, "flip at offset \(offset)")
        }
    }

    /// A segment arriving in steps (as the verifier reads every segment): the links of the first
    /// step's records are checked before the rest is read, and once it has all arrived the walk covers
    /// exactly what a walk over the whole segment, read at once, covers.
    @Test func aSegmentIsCheckedAsItArrivesAndEndsWhereTheWholeReadEnds() throws {
        let dir = TemporaryDirectory()
        try makeLargeLog(dir)
        let path = dir.sub("00000001.seg")
        let size = Int(fileSize(path))
        #expect(size > 2 * SegmentFill.step)
        let file = try PosixFile(path: path, flags: O_RDONLY)
        let fill = SegmentFill(capacity: size)
        fill.restart(size: size)
        try fill.fill(from: file, through: SegmentFormat.headerSize)
        #expect(fill.wait(for: 0) == SegmentFill.step, "only the first step is read")
        let arriving = ChainAhead(arriving: fill, origin: SegmentFormat.headerSize, previousHash: .zero)
        defer { arriving.stop() }
        #expect(arriving.covers(0), "the first record's link is checked while the rest of the segment is unread")
        #expect(fill.wait(for: 0) == SegmentFill.step)
        try fill.fillRest(from: file)
        #expect(Array(fill.bytesRead) == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let whole = ChainAhead(bytes: try file.read(count: size, at: 0), origin: SegmentFormat.headerSize, previousHash: .zero)
        defer { whole.stop() }
        let last = try recordExtents(dir.path).last!
        let records = size - SegmentFormat.headerSize
        let lastOffset = Int(last.offset) - SegmentFormat.headerSize
        #expect(arriving.covers(lastOffset) && whole.covers(lastOffset))
        #expect(!arriving.covers(records) && !whole.covers(records))
    }

    /// The verifier reads every segment into the same memory: a segment read after a longer one
    /// holds its own bytes only, and one longer than the room made grows it; the chain walked over
    /// each ends where a walk over that segment read whole ends.
    @Test func theSameMemoryReadsSegmentsOfOtherSizesOneAfterAnother() throws {
        let dir = TemporaryDirectory()
        try makeLargeLog(dir)
        let path = dir.sub("00000001.seg")
        let size = Int(fileSize(path))
        let contents = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let extents = try recordExtents(dir.path)
        // A shorter "segment": the file's first half, cut inside a record.
        let short = Int(extents[extents.count / 2].offset) + 10
        let file = try PosixFile(path: path, flags: O_RDONLY)
        let fill = SegmentFill(capacity: short)
        for (length, lastWhole) in [(short, extents[extents.count / 2 - 1]), (size, extents[extents.count - 1]),
                                    (short, extents[extents.count / 2 - 1])] {
            fill.restart(size: length)
            try fill.fill(from: file, through: SegmentFormat.headerSize)
            let chained = ChainAhead(arriving: fill, origin: SegmentFormat.headerSize, previousHash: .zero)
            try fill.fillRest(from: file)
            #expect(Array(fill.bytesRead) == Array(contents[0..<length]))
            #expect(chained.covers(Int(lastWhole.offset) - SegmentFormat.headerSize))
            #expect(!chained.covers(Int(lastWhole.offset) + lastWhole.length - SegmentFormat.headerSize))
            chained.stop()
        }
    }

    /// A segment whose file is shorter than its size said (cut while it was read): reading ends
    /// early, and the walk ends at the last whole record instead of waiting for bytes that will
    /// never come.
    @Test func aSegmentCutShortEndsTheWalkAtItsLastWholeRecord() throws {
        let dir = TemporaryDirectory()
        try makeLargeLog(dir)
        let path = dir.sub("00000001.seg")
        let extents = try recordExtents(dir.path)
        let cut = extents[extents.count / 2]
        let size = Int(fileSize(path))
        #expect(truncate(path, off_t(cut.offset) + 10) == 0)
        let file = try PosixFile(path: path, flags: O_RDONLY)
        let fill = SegmentFill(capacity: size)
        fill.restart(size: size)
        try fill.fill(from: file, through: SegmentFormat.headerSize)
        let chained = ChainAhead(arriving: fill, origin: SegmentFormat.headerSize, previousHash: .zero)
        defer { chained.stop() }
        try fill.fillRest(from: file)
        #expect(fill.bytesRead.count == Int(cut.offset) + 10)
        let before = extents[extents.count / 2 - 1]
        #expect(chained.covers(Int(before.offset) - SegmentFormat.headerSize))
        #expect(!chained.covers(Int(cut.offset) - SegmentFormat.headerSize))
    }

    /// The thread that fills a segment may stop before reading it all (its read failed, or it was
    /// told to stop): stopping the walk must not wait for bytes that are not coming.
    @Test func stoppingAWalkThatWaitsForBytesNotComingReturns() throws {
        let dir = TemporaryDirectory()
        try makeLargeLog(dir)
        let path = dir.sub("00000001.seg")
        let file = try PosixFile(path: path, flags: O_RDONLY)
        let size = Int(fileSize(path))
        let fill = SegmentFill(capacity: size)
        fill.restart(size: size)
        try fill.fill(from: file, through: SegmentFormat.headerSize)
        let chained = ChainAhead(arriving: fill, origin: SegmentFormat.headerSize, previousHash: .zero)
        #expect(chained.covers(0))
        chained.stop()  // would wait for ever if the walk still waited for the second step
        #expect(fill.wait(for: size) == SegmentFill.step)
    }
}
