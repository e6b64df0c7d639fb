import Testing
@testable import EventStore

/// The verifier's table of stream versions, keyed by the stream ID's bytes.
@Suite("The verifier's stream versions")
struct StreamVersionTableTests {
    private func advance(_ table: inout StreamVersionTable, _ id: String, _ version: UInt64) -> UInt64 {
        let bytes = Array(id.utf8)
        return bytes.withUnsafeBytes { table.advance($0, to: version) }
    }

    @Test func aNewStreamExpectsVersionOneAndIsKeptOnlyWhenItStartsThere() {
        var table = StreamVersionTable()
        #expect(advance(&table, "placement-P1", 2) == 1)
        #expect(table.count == 0)
        #expect(advance(&table, "placement-P1", 1) == 1)
        #expect(table.count == 1)
        #expect(advance(&table, "placement-P1", 2) == 2)
        #expect(advance(&table, "placement-P1", 4) == 3)
        // A jump is not recorded: the stream still expects 3.
        #expect(advance(&table, "placement-P1", 3) == 3)
        #expect(advance(&table, "placement-P1", 3) == 4)
    }

    @Test func idsThatDifferOnlyInNormalisationOrLengthAreDifferentStreams() {
        var table = StreamVersionTable()
        #expect(advance(&table, "school-S\u{E9}", 1) == 1)
        #expect(advance(&table, "school-Se\u{301}", 1) == 1)
        #expect(advance(&table, "school-S", 1) == 1)
        #expect(advance(&table, "", 1) == 1)
        #expect(table.count == 4)
        #expect(advance(&table, "school-S\u{E9}", 2) == 2)
        #expect(advance(&table, "school-Se\u{301}", 3) == 2)
        #expect(advance(&table, "", 2) == 2)
    }

    @Test func theStringAndTheBytesOfOneIDFindTheSameStream() {
        var table = StreamVersionTable()
        #expect(advance(&table, "enterprise-E\u{4E00}", 1) == 1)
        #expect(table.advance("enterprise-E\u{4E00}", to: 2) == 2)
        #expect(advance(&table, "enterprise-E\u{4E00}", 3) == 3)
    }

    @Test func everyStreamKeepsItsVersionAsTheTableGrows() {
        var table = StreamVersionTable()
        let ids = (0..<5000).map { "student-\($0)" }
        for round in 1...3 {
            for id in ids { #expect(advance(&table, id, UInt64(round)) == UInt64(round)) }
        }
        #expect(table.count == 5000)
        #expect(ids.allSatisfy { advance(&table, $0, 9) == 4 })
    }

    @Test func verifyFollowsThousandsOfStreams() throws {
        let directory = TemporaryDirectory("many-streams")
        do {
            let log = try FileEventLog(directory: directory.path, mode: .write, options: testOptions())
            for round in 0..<2 {
                let requests = (0..<3000).map { i in
                    AppendRequest(streamID: "student-\(i)", events: [event("StudentEnrolled", "{}")],
                                  expectedVersion: .exactly(UInt64(round)), commandID: "c-\(round)-\(i)", actor: "school:S01")
                }
                _ = try log.append(requests)
            }
        }
        let report = try LogVerifier.verify(directory: directory.path)
        #expect(report.eventCount == 6000)
        #expect(report.streamCount == 3000)
    }

    /// Every byte and the length count in the hash, or similar IDs (a school's students, numbered)
    /// would pile into one chain of probes.
    /// (A seed for CRC-32C, or nil for SipHash.)
    @Test(arguments: [UInt32(0x1234_5678), 0, nil])
    func similarIDsHashApart(_ seed: UInt32?) {
        let table = StreamVersionTable(hashing: seed.map { .crc(seed: $0) } ?? .sip)
        func hash(_ text: String) -> Int { Array(text.utf8).withUnsafeBytes { table.hash($0) } }
        let ids = (0..<5000).map { "student-\($0)" } + (0..<5000).map { "P\(201900000 + $0)-O1" }
        #expect(Set(ids.map(hash)).count >= ids.count - 2)
        // A byte changed anywhere, or a NUL added, in keys of every length up to three words.
        for length in 0...24 {
            let base = [UInt8](repeating: 0x61, count: length)
            let h = base.withUnsafeBytes { table.hash($0) }
            for i in 0..<length {
                var changed = base
                changed[i] = 0x62
                #expect(changed.withUnsafeBytes { table.hash($0) } != h, "length \(length), byte \(i)")
            }
            #expect((base + [0]).withUnsafeBytes { table.hash($0) } != h, "length \(length)")
        }
    }

    /// The fast walk leaves stream IDs that are not ASCII to a UTF-8 check (`UTF8Bytes`, which the
    /// payload decoder shares); the ASCII test must see a high bit at every place, at every length.
    @Test func theASCIITestSeesAHighBitAnywhere() {
        for length in 0...24 {
            let ascii = [UInt8](repeating: 0x7F, count: length)
            #expect(ascii.withUnsafeBytes { UTF8Bytes.isASCII($0) })
            for i in 0..<length {
                var high = ascii
                high[i] = 0x80
                #expect(!high.withUnsafeBytes { UTF8Bytes.isASCII($0) }, "length \(length), byte \(i)")
            }
        }
    }

    /// Stream IDs that collide under the first hash (CRC-32C is linear: a log can be written so) make
    /// a long probe, and the table moves to SipHash; every answer stays as a table that never
    /// collided would give it.
    @Test func collidingIDsMoveTheTableToSipHashAndKeepEveryVersion() {
        var colliding = StreamVersionTable(hashing: .weak { _ in 42 })
        var reference = StreamVersionTable(hashing: .sip)
        #expect(!colliding.usesSipHash)
        let ids = (0..<300).map { "student-\($0)" }
        for round in 1...3 {
            for id in ids {
                #expect(advance(&colliding, id, UInt64(round)) == advance(&reference, id, UInt64(round)))
            }
            // A jump is refused alike.
            #expect(advance(&colliding, ids[7], 9) == advance(&reference, ids[7], 9))
        }
        #expect(colliding.usesSipHash)
        #expect(colliding.count == 300)
        // Too few collisions for a long probe: the table keeps its first hash.
        var few = StreamVersionTable(hashing: .weak { _ in 42 })
        for id in ids.prefix(StreamVersionTable.longProbe) { #expect(advance(&few, id, 1) == 1) }
        #expect(!few.usesSipHash)
        #expect(ids.prefix(StreamVersionTable.longProbe).allSatisfy { advance(&few, $0, 2) == 2 })
    }
}
