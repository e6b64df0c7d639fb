import Foundation
import Testing
@testable import EventStore

@Suite("Segments and the stream index")
struct SegmentAndIndexTests {
    @Test func rollingOverToNewSegmentsKeepsTheChain() throws {
        let dir = TemporaryDirectory()
        var head: LogHead
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: 1_500))
            try fill(log, commands: 40)
            head = log.head
        }
        let segments = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".seg") }
        #expect(segments.count > 5)
        let report = try LogVerifier.verify(directory: dir.path)
        #expect(report.head == head)
        #expect(report.segmentCount == segments.count)
        // Reopen and continue across the boundary: still one chain.
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: 1_500))
        try fill(log, commands: 10, prefix: "more")
        let after = try LogVerifier.verify(directory: dir.path)
        #expect(after.head.position == head.position + UInt64((0..<10).reduce(0) { $0 + $1 % 3 + 1 }))
        var positions: [UInt64] = []
        try log.readAll { positions.append($0.position) }
        #expect(positions == Array(1...after.head.position))
    }

    @Test func theChainIsSHA256OfThePreviousHashAndTheRecord() throws {
        let dir = TemporaryDirectory()
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        _ = try log.append([event("A", "{}")], to: "s", expectingVersion: .any, commandID: "c", actor: "t:t")
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: dir.path + "/00000001.seg")))
        let record = Array(bytes[64...])
        let bodyLength = Int(record[0]) | Int(record[1]) << 8 | Int(record[2]) << 16 | Int(record[3]) << 24
        let framed = Array(record[0..<(4 + bodyLength)])
        let expected = (Array(repeating: UInt8(0), count: 32) + framed).withUnsafeBytes { SHA256Hasher().digest($0) }
        #expect(log.head.hash == expected)
        #expect(Array(record[(4 + bodyLength)..<(36 + bodyLength)]) == expected.rawBytes)
        #expect(CRC32C.checksum(Array(record[0..<(36 + bodyLength)])) ==
                UInt32(record[36 + bodyLength]) | UInt32(record[37 + bodyLength]) << 8
                | UInt32(record[38 + bodyLength]) << 16 | UInt32(record[39 + bodyLength]) << 24)
    }

    @Test func crc32cMatchesTheKnownCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        for bytes in [Array("123456789".utf8), [UInt8](repeating: 0, count: 32)] {
            #expect(bytes.withUnsafeBytes { CRC32C.tableChecksum($0) } == CRC32C.checksum(bytes))
        }
    }

    @Test func theCPUInstructionAndTheTablesAgreeOnEveryLengthAndAlignment() {
        // Lengths around the 8-byte steps, at every offset within a word, continuing from earlier values.
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<1_100).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { raw in
            for start in 0..<8 {
                for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 281, 1_000] {
                    let part = UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)])
                    #expect(CRC32C.checksum(part) == CRC32C.tableChecksum(part), "start \(start), length \(length)")
                    #expect(CRC32C.checksum(part, continuing: 0x1234_5678) == CRC32C.tableChecksum(part, continuing: 0x1234_5678))
                }
            }
        }
    }

    /// The CPU's instruction is used wherever the CPU has it: the check (glibc's record of the CPU's
    /// features) agrees with the kernel's list of them, so the tables above are not silently all.
    @Test func theCPUInstructionIsUsedWhereTheCPUHasIt() throws {
        #if arch(x86_64) && os(Linux)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
        #expect(CRC32C.hardwareAvailable == flags.contains("sse4_2"))
        #endif
    }

    @Test func aMissingIndexIsRebuiltFromTheSegments() throws {
        let dir = TemporaryDirectory()
        var expected: [EventEnvelope]
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions(maxSegmentBytes: 3_000))
            try fill(log, commands: 30)
            expected = try log.read(stream: "s-2")
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dir.path + "/index.sqlite" + suffix) }
        // A reader without an index still reads, from a scan.
        #expect(try FileEventLog(directory: dir.path, mode: .read).read(stream: "s-2") == expected)
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        #expect(try log.read(stream: "s-2") == expected)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/index.sqlite"))
    }

    @Test func anIndexBehindTheLogIsCaughtUp() throws {
        let dir = TemporaryDirectory()
        let saved = TemporaryDirectory("saved-index")
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 10)
        }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: dir.path + "/index.sqlite" + suffix) {
            try FileManager.default.copyItem(atPath: dir.path + "/index.sqlite" + suffix, toPath: saved.path + "/index.sqlite" + suffix)
        }
        var expected: [EventEnvelope]
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 10, prefix: "later")
            expected = try log.read(stream: "s-3")
        }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: dir.path + "/index.sqlite" + suffix)
            if FileManager.default.fileExists(atPath: saved.path + "/index.sqlite" + suffix) {
                try FileManager.default.copyItem(atPath: saved.path + "/index.sqlite" + suffix, toPath: dir.path + "/index.sqlite" + suffix)
            }
        }
        // The reader sees the unindexed records through its overlay; the writer indexes them.
        #expect(try FileEventLog(directory: dir.path, mode: .read).read(stream: "s-3") == expected)
        let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        #expect(try log.read(stream: "s-3") == expected)
        #expect(try log.result(ofCommand: "later-9") != nil)
    }
}

/// `SegmentTable`, the per-segment values a log keeps (open files, checked headers), against a
/// dictionary: the same answers after any sequence of sets, overwrites and removals.
@Suite struct SegmentTableTests {
    @Test func answersAsADictionaryWould() {
        var table = SegmentTable<Int>()
        var reference: [UInt32: Int] = [:]
        var generator = SystemRandomNumberGenerator()
        for step in 0..<2_000 {
            let segment = UInt32.random(in: 1...12, using: &generator)
            let value: Int? = Bool.random(using: &generator) || step % 7 == 0 ? nil : step
            table[segment] = value
            reference[segment] = value
            for s in UInt32(0)...13 { #expect(table[s] == reference[s]) }
        }
    }
}
