import SQLiteSupport

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One table's rows in memory during a rebuild, packed into one byte buffer, with their keys and
/// groups found by row number through hash tables over those bytes.
///
/// A rebuild of a 1M-event log holds about 800k rows. As `[[SQLiteValue]]` each row was an array of
/// 24-byte enums (a header and a heap block per row, a longer string a block of its own), and each
/// key a second array: most of the rebuild's 400 MB peak. Packed, a row is its values' encodings
/// back to back (`RowEncoding`), a stipend row about 50 bytes, and a key or group is a prefix of
/// those bytes: a lookup hashes and compares the prefix in place, and the hash tables hold 8 bytes
/// per row. Memory grows with the live rows, not with the events: a row rewritten longer than its
/// place is appended again, and the bytes are compacted once more than half of them are waste.
struct PackedRows {
    let columnCount: Int
    /// The leading columns that form the key (0: no key, rows are only ever added).
    let keyColumns: Int
    /// The leading key columns by which rows are deleted together, or 0.
    let groupColumns: Int
    /// The rows' encodings, back to back, and the waste of rows deleted or moved.
    private var bytes: [UInt8] = []
    /// Where each row starts in `bytes`, by row number in insertion order; -1 once deleted.
    private var starts: [Int] = []
    /// Live rows by their key columns' bytes.
    private var keys = RowSlots()
    /// The first row of each group, by its group columns' bytes; the rest are chained in `nextInGroup`.
    private var groups = RowSlots()
    /// For tables deleted by group: the next row of the same group, or -1.
    private var nextInGroup: [Int32] = []
    /// The number of rows not deleted.
    private(set) var liveCount = 0
    /// Bytes in `bytes` that belong to no live row.
    private var waste = 0

    init(columns: Int, keyColumns: Int, groupColumns: Int) {
        precondition(keyColumns <= columns && groupColumns < max(keyColumns, 1))
        self.columnCount = columns
        self.keyColumns = keyColumns
        self.groupColumns = groupColumns
    }

    /// Inserts `row`; when a live row has its key, `conflict` says what becomes of it.
    mutating func insert(_ row: [SQLiteValue], _ conflict: RowChange.Conflict) {
        precondition(row.count == columnCount, "a row of \(row.count) values for \(columnCount) columns")
        let start = bytes.count
        for value in row { RowEncoding.append(value, to: &bytes) }
        guard keyColumns > 0 else { return append(at: start, keyHash: 0) }
        let (hash, keyEnd) = prefixHash(at: start, columns: keyColumns)
        guard let i = findKey(hash, bytes: start..<keyEnd) else { return append(at: start, keyHash: hash) }
        switch conflict {
        case .ignore: bytes.removeLast(bytes.count - start)
        case .replace: move(i, to: start)
        case .update(let assignments):
            bytes.removeLast(bytes.count - start)
            assign(assignments, at: i)
        }
    }

    /// Applies `assignments` to the row whose key columns are `key`, if there is one.
    mutating func update(_ key: [SQLiteValue], _ assignments: [Assignment]) {
        precondition(key.count == keyColumns, "a key of \(key.count) values for \(keyColumns) key columns")
        let start = bytes.count
        for value in key { RowEncoding.append(value, to: &bytes) }
        let i = findKey(hash(start..<bytes.count), bytes: start..<bytes.count)
        bytes.removeLast(bytes.count - start)
        if let i { assign(assignments, at: i) }
    }

    /// Deletes the rows whose leading `groupColumns` columns are `prefix`.
    mutating func deleteGroup(_ prefix: [SQLiteValue]) {
        precondition(groupColumns > 0 && prefix.count == groupColumns, "a group of \(prefix.count) values for \(groupColumns) columns")
        let start = bytes.count
        for value in prefix { RowEncoding.append(value, to: &bytes) }
        let groupHash = hash(start..<bytes.count)
        let head = groups.find(groupHash) { matches(row: $0, bytes: start..<bytes.count) }
        bytes.removeLast(bytes.count - start)
        guard let head else { return }
        groups.remove(head, hash: groupHash)
        var next = head
        while next >= 0 {
            let row = next
            next = Int(nextInGroup[row])
            keys.remove(row, hash: prefixHash(at: starts[row], columns: keyColumns).hash)
            waste += length(at: starts[row])
            starts[row] = -1
            liveCount -= 1
        }
        compactIfWasteful()
    }

    /// Where each live row starts, in insertion order: for `appendValues(ofRowAt:to:)`.
    var liveRows: LazyFilterSequence<[Int]> { starts.lazy.filter { $0 >= 0 } }

    /// Appends the values of the row that starts at `start` (one of `liveRows`) to `values`.
    func appendValues(ofRowAt start: Int, to values: inout [SQLiteValue]) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = start
            for _ in 0..<columnCount { values.append(RowEncoding.value(in: buffer, at: &offset)) }
        }
    }

    /// The values of every live row, in insertion order.
    var rows: [[SQLiteValue]] {
        liveRows.map { start in
            var values: [SQLiteValue] = []
            appendValues(ofRowAt: start, to: &values)
            return values
        }
    }

    /// The number of bytes the rows hold, live and waste: for tests of the compaction.
    var byteCount: Int { bytes.count }

    // MARK: Rows

    /// Adds the row encoded at `start` (the end of `bytes`) as a new row.
    private mutating func append(at start: Int, keyHash: UInt64) {
        let row = starts.count
        starts.append(start)
        liveCount += 1
        if keyColumns > 0 { keys.insert(row, hash: keyHash) }
        guard groupColumns > 0 else { return }
        let (groupHash, groupEnd) = prefixHash(at: start, columns: groupColumns)
        if let head = groups.find(groupHash, { matches(row: $0, bytes: start..<groupEnd) }) {
            // The new row goes second in its group's chain: the head, which the table finds, stays.
            nextInGroup.append(nextInGroup[head])
            nextInGroup[head] = Int32(row)
        } else {
            nextInGroup.append(-1)
            groups.insert(row, hash: groupHash)
        }
    }

    /// Makes row `i` the encoding at `start`, the end of `bytes`: written over the old one when it
    /// fits there, else left where it is, the old bytes becoming waste.
    private mutating func move(_ i: Int, to start: Int) {
        let old = starts[i], oldLength = length(at: old), newLength = bytes.count - start
        if newLength <= oldLength {
            bytes.withUnsafeMutableBufferPointer { buffer in
                // Forced unwrap: `bytes` holds the new encoding, so its buffer has a base address.
                let base = UnsafeMutableRawPointer(buffer.baseAddress!)
                (base + old).copyMemory(from: base + start, byteCount: newLength)
            }
            bytes.removeLast(newLength)
            waste += oldLength - newLength
        } else {
            starts[i] = start
            waste += oldLength
            compactIfWasteful()
        }
    }

    private mutating func assign(_ assignments: [Assignment], at i: Int) {
        var values: [SQLiteValue] = []
        values.reserveCapacity(columnCount)
        appendValues(ofRowAt: starts[i], to: &values)
        for a in assignments {
            // The key is where the row is found: an assignment to it would lose the row.
            precondition(a.column >= keyColumns, "an assignment to key column \(a.column)")
            values[a.column] = a.applied(to: values[a.column])
        }
        let start = bytes.count
        for value in values { RowEncoding.append(value, to: &bytes) }
        move(i, to: start)
    }

    /// Rewrites the live rows back to back once more than half of the bytes (of at least 64 KiB) are waste.
    private mutating func compactIfWasteful() {
        guard waste > 1 << 16, waste * 2 > bytes.count else { return }
        var packed: [UInt8] = []
        packed.reserveCapacity(bytes.count - waste)
        bytes.withUnsafeBufferPointer { buffer in
            for row in starts.indices where starts[row] >= 0 {
                let start = starts[row], end = start + length(at: start, in: buffer)
                starts[row] = packed.count
                packed.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
            }
        }
        bytes = packed
        waste = 0
    }

    // MARK: Encodings

    /// The length of the row encoded at `start`.
    private func length(at start: Int) -> Int {
        bytes.withUnsafeBufferPointer { length(at: start, in: $0) }
    }

    private func length(at start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = start
        for _ in 0..<columnCount { RowEncoding.skip(in: buffer, at: &offset) }
        return offset - start
    }

    /// The hash of the first `columns` values of the row encoded at `start`, and where they end.
    private func prefixHash(at start: Int, columns: Int) -> (hash: UInt64, end: Int) {
        let end = bytes.withUnsafeBufferPointer { buffer in
            var offset = start
            for _ in 0..<columns { RowEncoding.skip(in: buffer, at: &offset) }
            return offset
        }
        return (hash(start..<end), end)
    }

    private func hash(_ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[range]))
            return UInt64(UInt(bitPattern: hasher.finalize()))
        }
    }

    private func findKey(_ hash: UInt64, bytes range: Range<Int>) -> Int? {
        keys.find(hash) { matches(row: $0, bytes: range) }
    }

    /// Whether row `row` begins with the bytes in `range` of `bytes`. The encoding is canonical and
    /// delimits itself, so rows whose leading values are equal (text as bytes, as SQLite compares
    /// it) begin with the same bytes, and no others do.
    private func matches(row: Int, bytes range: Range<Int>) -> Bool {
        let start = starts[row]
        return bytes.withUnsafeBytes { raw in
            // Forced unwrap: the range holds at least one value's tag, so the buffer is not empty.
            start + range.count <= raw.count && memcmp(raw.baseAddress! + start, raw.baseAddress! + range.lowerBound, range.count) == 0
        }
    }
}

/// How `PackedRows` writes one value: a tag byte, then an integer as a zigzag LEB128 varint, a real
/// as its 8 bytes, text (its UTF-8) and blobs as a varint length and the bytes. Equal values have
/// equal encodings (a real by its bit pattern; the projection writes none), and an encoding's
/// length is known from its first bytes.
enum RowEncoding {
    static let null: UInt8 = 0, integer: UInt8 = 1, real: UInt8 = 2, text: UInt8 = 3, blob: UInt8 = 4

    static func append(_ value: SQLiteValue, to out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(null)
        case .integer(let n):
            out.append(integer)
            appendVarint(UInt64(bitPattern: (n << 1) ^ (n >> 63)), to: &out)
        case .real(let d):
            out.append(real)
            var bits = d.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
        case .text(var s):
            out.append(text)
            s.withUTF8 { utf8 in
                appendVarint(UInt64(utf8.count), to: &out)
                out.append(contentsOf: utf8)
            }
        case .blob(let b):
            out.append(blob)
            appendVarint(UInt64(b.count), to: &out)
            out.append(contentsOf: b)
        }
    }

    /// The value encoded at `offset`, moving `offset` past it.
    static func value(in buffer: UnsafeBufferPointer<UInt8>, at offset: inout Int) -> SQLiteValue {
        let tag = buffer[offset]
        offset += 1
        switch tag {
        case integer:
            let z = varint(in: buffer, at: &offset)
            return .integer(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
        case real:
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(buffer[offset + k]) << (8 * k) }
            offset += 8
            return .real(Double(bitPattern: bits))
        case text, blob:
            let count = Int(varint(in: buffer, at: &offset))
            let bytes = UnsafeBufferPointer(rebasing: buffer[offset..<offset + count])
            offset += count
            return tag == text ? .text(String(decoding: bytes, as: UTF8.self)) : .blob(Array(bytes))
        default:
            return .null
        }
    }

    /// Moves `offset` past the value encoded there.
    static func skip(in buffer: UnsafeBufferPointer<UInt8>, at offset: inout Int) {
        let tag = buffer[offset]
        offset += 1
        switch tag {
        case integer: _ = varint(in: buffer, at: &offset)
        case real: offset += 8
        case text, blob: offset += Int(varint(in: buffer, at: &offset))
        default: break
        }
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func varint(in buffer: UnsafeBufferPointer<UInt8>, at offset: inout Int) -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = buffer[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }
}

/// An open-addressing hash table (linear probing) of row numbers. It holds no keys: the caller
/// hashes a row's bytes and says whether a candidate row matches.
struct RowSlots {
    /// 0: empty; `removed`: an entry removed; otherwise the hash's high 32 bits above the row number + 1.
    private var slots: [UInt64] = []
    /// Entries and removed entries: what fills the probes.
    private var used = 0
    private var count = 0
    private static let removed: UInt64 = 0xFFFF_FFFF

    /// The row that `matches` accepts among those inserted with `hash`.
    func find(_ hash: UInt64, _ matches: (Int) -> Bool) -> Int? {
        guard !slots.isEmpty else { return nil }
        let tag = hash >> 32, mask = slots.count - 1
        var i = Int(truncatingIfNeeded: tag) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if slot >> 32 == tag && slot != Self.removed {
                let row = Int(slot & 0xFFFF_FFFF) - 1
                if matches(row) { return row }
            }
            i = (i + 1) & mask
        }
    }

    /// Adds `row` under `hash`; no entry for it may be there.
    mutating func insert(_ row: Int, hash: UInt64) {
        precondition(row < Int(UInt32.max) - 1, "more rows than a table of a rebuild holds")
        if (used + 1) * 4 > slots.count * 3 { grow() }
        let tag = hash >> 32, mask = slots.count - 1
        var i = Int(truncatingIfNeeded: tag) & mask
        while slots[i] != 0 && slots[i] != Self.removed { i = (i + 1) & mask }
        if slots[i] == 0 { used += 1 }
        slots[i] = tag << 32 | UInt64(row + 1)
        count += 1
    }

    /// Removes the entry of `row`, inserted with `hash`.
    mutating func remove(_ row: Int, hash: UInt64) {
        let tag = hash >> 32, mask = slots.count - 1, entry = tag << 32 | UInt64(row + 1)
        var i = Int(truncatingIfNeeded: tag) & mask
        while slots[i] != entry {
            precondition(slots[i] != 0, "row \(row) removed but never inserted")
            i = (i + 1) & mask
        }
        slots[i] = Self.removed
        count -= 1
    }

    /// Rehashes into a table at most half full once the entries, live and removed, fill three quarters.
    private mutating func grow() {
        var capacity = 16
        while capacity < (count + 1) * 2 { capacity *= 2 }
        let old = slots
        slots = Array(repeating: 0, count: capacity)
        let mask = capacity - 1
        for slot in old where slot != 0 && slot != Self.removed {
            var i = Int(truncatingIfNeeded: slot >> 32) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
        used = count
    }
}
