/// The on-disk format of segment files. `EventLog/FORMAT.md` is its specification; keep the two in step.
enum SegmentFormat {
    /// "PLREGLOG": the first eight bytes of every segment file.
    static let magic: [UInt8] = Array("PLREGLOG".utf8)
    static let formatVersion: UInt16 = 1
    static let headerSize = 64
    /// The 4-byte length prefix of a record.
    static let lengthSize = 4
    /// The fixed part of a record body, before its variable-length fields.
    static let fixedBodySize = 52
    /// The stored chain hash and CRC after each body.
    static let trailerSize = 32 + 4
    /// The largest body a record may have; anything longer is corrupt framing.
    static let maxBodySize = 16 << 20
    static let recordFormat: UInt8 = 1

    /// `00000001.seg`, `00000002.seg`, ...
    static func fileName(segment: UInt32) -> String {
        let digits = String(segment)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".seg"
    }

    /// `00000000.seg` has a segment name but number 0, which no log has (numbers start at 1): its
    /// presence is an integrity failure, reported before any gap in the numbers.
    static let segmentZero = EventStoreError.integrity(position: 0, segment: fileName(segment: 0), offset: 0,
                                                        reason: "segment number 0 is not allowed (segments are numbered from 1)")

    /// The segment number of a file name, or nil if it is not a segment file.
    static func segmentNumber(fileName: String) -> UInt32? {
        guard fileName.hasSuffix(".seg") else { return nil }
        let stem = fileName.dropLast(4)
        guard stem.count == 8, stem.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt32(stem)
    }
}

/// The 64-byte header at the start of every segment.
struct SegmentHeader: Equatable {
    var segment: UInt32
    var firstPosition: UInt64
    var previousHash: Digest

    func encoded() -> [UInt8] {
        var out = ByteWriter(capacity: SegmentFormat.headerSize)
        out.append(SegmentFormat.magic)
        out.append(SegmentFormat.formatVersion)
        out.append(UInt16(SegmentFormat.headerSize))
        out.append(segment)
        out.append(firstPosition)
        out.append(previousHash.rawBytes)
        out.append(UInt32(0))
        out.append(CRC32C.checksum(out.bytes))
        return out.bytes
    }

    /// Parses a header, or says why it is not one.
    static func decode(_ bytes: [UInt8]) -> Result<SegmentHeader, HeaderProblem> {
        guard bytes.count >= SegmentFormat.headerSize else { return .failure(.short) }
        let stored = bytes.withUnsafeBytes { $0.loadLE(UInt32.self, at: 60) }
        guard CRC32C.checksum(Array(bytes[0..<60])) == stored else { return .failure(.badChecksum) }
        guard Array(bytes[0..<8]) == SegmentFormat.magic else { return .failure(.badMagic) }
        return bytes.withUnsafeBytes { raw in
            let version = raw.loadLE(UInt16.self, at: 8)
            guard version == SegmentFormat.formatVersion else { return .failure(.unsupportedVersion(version)) }
            // 32 bytes, so the initializer cannot fail.
            let previous = Digest(bytes[24..<56])!
            return .success(SegmentHeader(segment: raw.loadLE(UInt32.self, at: 12),
                                          firstPosition: raw.loadLE(UInt64.self, at: 16),
                                          previousHash: previous))
        }
    }

    enum HeaderProblem: Error, Equatable {
        case short, badChecksum, badMagic, unsupportedVersion(UInt16)
    }
}

/// Little-endian byte building, for segment headers (records are written by `RawWriter`).
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
}

extension UnsafeRawBufferPointer {
    /// A little-endian integer at `offset` (no alignment needed).
    @inline(__always)
    func loadLE<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
