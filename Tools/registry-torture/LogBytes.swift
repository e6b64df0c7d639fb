import EventStore
import Foundation

/// Where one record sits in a segment file (EventLog/FORMAT.md section 3).
struct RecordExtent {
    /// Segment offset of the length prefix.
    var offset: Int
    /// `L`, the body length.
    var bodyLength: Int
    var position: UInt64
    var groupIndex: Int
    var groupSize: Int
    var commandID: String

    /// `L + 40`: prefix, body, hash, CRC.
    var size: Int { bodyLength + 40 }
    var end: Int { offset + size }
    /// Segment offset of the stored chain hash.
    var hashOffset: Int { offset + 4 + bodyLength }
    /// Segment offset of the payload, and its length.
    var payload: Range<Int>
}

enum LogBytes {
    static let headerSize = 64

    static func u16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
    static func u32(_ b: [UInt8], _ at: Int) -> Int { u16(b, at) | u16(b, at + 2) << 16 }
    static func u64(_ b: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32 }

    static func putU32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
    }

    /// The complete records of one segment's bytes, in order (stops at the first incomplete one).
    static func records(_ b: [UInt8]) -> [RecordExtent] {
        var out: [RecordExtent] = []
        var offset = headerSize
        while offset + 4 <= b.count {
            let length = u32(b, offset)
            guard length >= 64, offset + length + 40 <= b.count else { break }
            let body = offset + 4
            var cursor = body + 52
            var strings: [String] = []
            for _ in 0..<4 {
                let n = u16(b, cursor)
                strings.append(String(decoding: b[(cursor + 2)..<(cursor + 2 + n)], as: UTF8.self))
                cursor += 2 + n
            }
            let p = u32(b, cursor)
            out.append(RecordExtent(offset: offset, bodyLength: length, position: u64(b, body + 12),
                                    groupIndex: u32(b, body + 4), groupSize: u32(b, body + 8), commandID: strings[1],
                                    payload: (cursor + 4)..<(cursor + 4 + p)))
            offset += length + 40
        }
        return out
    }

    /// The groups of a segment: ranges of indexes into `records`, only complete groups.
    static func groups(_ records: [RecordExtent]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < records.count {
            let k = records[i].groupSize
            guard k >= 1, i + k <= records.count else { break }
            out.append(i..<(i + k))
            i += k
        }
        return out
    }

    /// The stored chain hash of a record, as lower-case hex.
    static func storedHash(_ b: [UInt8], _ r: RecordExtent) -> String {
        Digest(b[r.hashOffset..<(r.hashOffset + 32)])!.hex
    }

    /// SHA-256 through the library's libcrypto wrapper.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        // A 64-digit lower-case hex string always parses.
        Digest(hex: ContentHash.sha256Hex(bytes))!.rawBytes
    }

    /// Recomputes the chain hash and CRC of every record from `first` on, as a forger would
    /// (FORMAT.md 3.2, 3.3), in a single-segment log.
    static func rechain(_ b: inout [UInt8], from first: Int) {
        let records = records(b)
        var previous: [UInt8] = first == 0 ? Array(b[24..<56]) : Array(b[records[first - 1].hashOffset..<(records[first - 1].hashOffset + 32)])
        for r in records[first...] {
            let hash = sha256(previous + b[r.offset..<r.hashOffset])
            b.replaceSubrange(r.hashOffset..<(r.hashOffset + 32), with: hash)
            putU32(&b, r.hashOffset + 32, CRC32C.checksum(b[r.offset..<(r.hashOffset + 32)]))
            previous = hash
        }
    }
}

/// CRC32C (Castagnoli, reflected polynomial 0x82F63B78), FORMAT.md section 5.
enum CRC32C {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
