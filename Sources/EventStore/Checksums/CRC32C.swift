import CRC32CHardware

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as used by iSCSI, ext4 and LevelDB.
///
/// A checksum, not cryptography: it detects torn and flipped bytes in record framing. The chain's
/// tamper evidence comes from SHA-256 (libcrypto). The CPU's CRC-32C instruction computes it where
/// there is one (x86-64 SSE4.2, ARMv8 CRC): the slicing-by-8 tables below took about as long per
/// record as the record's SHA-256 chain hash. The tables remain for other CPUs, and the tests check
/// that both give the same values.
enum CRC32C {
    static let hardwareAvailable = registry_crc32c_hardware_available() != 0
    /// Eight 256-entry tables for slicing-by-8.
    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for n in 0..<256 {
            var crc = UInt32(n)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[0][n] = crc
        }
        for n in 0..<256 {
            var crc = tables[0][n]
            for k in 1..<8 {
                crc = tables[0][Int(crc & 0xFF)] ^ (crc >> 8)
                tables[k][n] = crc
            }
        }
        return tables
    }()

    /// The CRC-32C of `bytes`, continuing from `crc` (0 to start).
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard hardwareAvailable, let base = bytes.baseAddress else { return tableChecksum(bytes, continuing: crc) }
        return ~registry_crc32c_hardware(~crc, base, bytes.count)
    }

    /// The CRC-32C of `bytes` from the tables, without the CPU's instruction.
    static func tableChecksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var crc = ~crc
        var index = 0
        let count = bytes.count
        tables.withUnsafeBufferPointer { t in
            let t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = t[4], t5 = t[5], t6 = t[6], t7 = t[7]
            t0.withUnsafeBufferPointer { t0 in t1.withUnsafeBufferPointer { t1 in
            t2.withUnsafeBufferPointer { t2 in t3.withUnsafeBufferPointer { t3 in
            t4.withUnsafeBufferPointer { t4 in t5.withUnsafeBufferPointer { t5 in
            t6.withUnsafeBufferPointer { t6 in t7.withUnsafeBufferPointer { t7 in
                while count - index >= 8 {
                    let lo = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                        | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
                    let hi = UInt32(bytes[index + 4]) | UInt32(bytes[index + 5]) << 8
                        | UInt32(bytes[index + 6]) << 16 | UInt32(bytes[index + 7]) << 24
                    let x = crc ^ lo
                    crc = t7[Int(x & 0xFF)] ^ t6[Int((x >> 8) & 0xFF)]
                        ^ t5[Int((x >> 16) & 0xFF)] ^ t4[Int(x >> 24)]
                        ^ t3[Int(hi & 0xFF)] ^ t2[Int((hi >> 8) & 0xFF)]
                        ^ t1[Int((hi >> 16) & 0xFF)] ^ t0[Int(hi >> 24)]
                    index += 8
                }
                while index < count {
                    crc = t0[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                    index += 1
                }
            }}}}}}}}
        }
        return ~crc
    }

    /// The CRC-32C of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
