/// The floor under every reader that checks the chain (a rebuild, a verification): reading a log's
/// segments and chaining SHA-256 over its records, with nothing else.
public enum ChainFloor {
    /// What one walk measured.
    public struct Walk: Sendable {
        /// Records chained.
        public var records: UInt64
        /// Segment bytes read (headers included).
        public var bytes: UInt64
        /// The head hash the walk computed.
        public var head: Digest
        /// Seconds spent reading the segment files (from the page cache, when the log was read lately).
        public var readSeconds: Double
        /// Seconds spent chaining SHA-256 over the records already in memory.
        public var hashSeconds: Double
    }

    /// Reads every segment of the log in `directory` and chains SHA-256 over its records as FORMAT.md
    /// section 4 defines it (each hash over the previous one and the record's length and body), with
    /// one libcrypto context reused, as the log's own hasher does. Records are framed by their length
    /// prefixes only: no CRC, no field decoding, no comparison with the stored hashes. The walk stops
    /// at the first impossible or incomplete length (a torn tail).
    /// - Parameter clock: monotonic seconds (the domain's rule: the caller owns the clock).
    /// - Throws: `EventStoreError.notALog`, `.io`.
    public static func walk(directory: String, clock: () -> Double) throws -> Walk {
        guard PosixFile.exists(directory) else { throw EventStoreError.notALog(path: directory) }
        let numbers = try PosixFile.listDirectory(directory).compactMap(SegmentFormat.segmentNumber(fileName:)).sorted()
        let hasher = SHA256Hasher()
        var walk = Walk(records: 0, bytes: 0, head: .zero, readSeconds: 0, hashSeconds: 0)
        for n in numbers {
            var t = clock()
            let f = try PosixFile(path: directory + "/" + SegmentFormat.fileName(segment: n), flags: 0)
            let bytes = try f.read(count: Int(try f.size()), at: 0)
            walk.readSeconds += clock() - t
            walk.bytes += UInt64(bytes.count)
            t = clock()
            bytes.withUnsafeBytes { raw in
                var offset = SegmentFormat.headerSize
                while offset + SegmentFormat.lengthSize <= raw.count {
                    let length = Int(raw.loadLE(UInt32.self, at: offset))
                    guard length > 0, length <= SegmentFormat.maxBodySize else { break }
                    let hashed = SegmentFormat.lengthSize + length
                    guard offset + hashed + SegmentFormat.trailerSize <= raw.count else { break }
                    walk.head = withUnsafeBytes(of: walk.head.bytes) { previous in
                        hasher.digest(previous, UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + hashed)]))
                    }
                    walk.records += 1
                    offset += hashed + SegmentFormat.trailerSize
                }
            }
            walk.hashSeconds += clock() - t
        }
        return walk
    }
}
