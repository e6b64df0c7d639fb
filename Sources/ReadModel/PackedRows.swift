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
/// place is stored again, and the bytes are compacted once more than half of them are waste.
struct PackedRows {
    let columnCount: Int
    /// The leading columns that form the key (0: no key, rows are only ever added).
    let keyColumns: Int
    /// The leading key columns by which rows are deleted together, or 0.
    let groupColumns: Int
    /// The rows' encodings, back to back in chunks of `chunkSize` bytes (a longer row has a chunk of
    /// its own) that never move: one array of them all would, while it doubles, hold its old copy
    /// and its new one at once, three times the rows' bytes for a moment.
    private var chunks: [[UInt8]] = []
    /// A row's place: its chunk's index above `chunkShift` bits of offset in it.
    private static let chunkShift = 18, chunkSize = 1 << chunkShift
    /// Where each row starts, by row number in insertion order; -1 once deleted.
    private var starts: [Int] = []
    /// Live rows by their key columns' bytes.
    private var keys = RowSlots()
    /// The first row of each group, by its group columns' bytes; the rest are chained in `nextInGroup`.
    private var groups = RowSlots()
    /// For tables deleted by group: the next row of the same group, or -1.
    private var nextInGroup: [Int32] = []
    /// The number of rows not deleted.
    private(set) var liveCount = 0
    /// The bytes the chunks hold, and those of them that belong to no live row.
    private var stored = 0, waste = 0
    /// Where a row, key or group prefix is encoded before it is looked up or stored; kept for its capacity.
    private var scratch: [UInt8] = []

    init(columns: Int, keyColumns: Int, groupColumns: Int) {
        precondition(keyColumns <= columns && groupColumns < max(keyColumns, 1))
        self.columnCount = columns
        self.keyColumns = keyColumns
        self.groupColumns = groupColumns
    }

    /// Inserts `row`; when a live row has its key, `conflict` says what becomes of it.
    mutating func insert(_ row: [SQLiteValue], _ conflict: RowChange.Conflict) {
        precondition(row.count == columnCount, "a row of \(row.count) values for \(columnCount) columns")
        let encoded = takeScratch(row)
        defer { scratch = encoded }
        encoded.withUnsafeBufferPointer { encoded in
            guard keyColumns > 0 else { return append(encoded, keyHash: 0) }
            let key = UnsafeBufferPointer(rebasing: encoded[..<Self.prefixLength(encoded, keyColumns)])
            let hash = Self.hash(key)
            guard let i = keys.find(hash, { matches(row: $0, key) }) else { return append(encoded, keyHash: hash) }
            switch conflict {
            case .ignore: break
            case .replace: replace(i, with: encoded)
            case .update(let assignments): assign(assignments, at: i)
            }
        }
    }

    /// Applies `assignments` to the row whose key columns are `key`, if there is one.
    mutating func update(_ key: [SQLiteValue], _ assignments: [Assignment]) {
        precondition(key.count == keyColumns, "a key of \(key.count) values for \(keyColumns) key columns")
        let encoded = takeScratch(key)
        let i = encoded.withUnsafeBufferPointer { key in keys.find(Self.hash(key)) { matches(row: $0, key) } }
        scratch = encoded
        if let i { assign(assignments, at: i) }
    }

    /// Deletes the rows whose leading `groupColumns` columns are `prefix`.
    mutating func deleteGroup(_ prefix: [SQLiteValue]) {
        precondition(groupColumns > 0 && prefix.count == groupColumns, "a group of \(prefix.count) values for \(groupColumns) columns")
        let encoded = takeScratch(prefix)
        let groupHash = encoded.withUnsafeBufferPointer { Self.hash($0) }
        let head = encoded.withUnsafeBufferPointer { prefix in groups.find(groupHash) { matches(row: $0, prefix) } }
        scratch = encoded
        guard let head else { return }
        groups.remove(head, hash: groupHash)
        var next = head
        while next >= 0 {
            let row = next
            next = Int(nextInGroup[row])
            let (keyHash, length) = withRow(starts[row]) { bytes in
                (Self.hash(UnsafeBufferPointer(rebasing: bytes[..<Self.prefixLength(bytes, keyColumns)])),
                 Self.prefixLength(bytes, columnCount))
            }
            keys.remove(row, hash: keyHash)
            waste += length
            starts[row] = -1
            liveCount -= 1
        }
        compactIfWasteful()
    }

    /// Lets go of the keys' and groups' lookups, leaving the rows to be read (`liveRows`) and
    /// nothing more to be changed.
    mutating func dropLookups() {
        keys = RowSlots()
        groups = RowSlots()
        nextInGroup = []
        scratch = []
    }

    /// Where each live row starts, in insertion order: for `appendValues(ofRowAt:to:)`.
    var liveRows: LazyFilterSequence<[Int]> { starts.lazy.filter { $0 >= 0 } }

    /// Where each live row starts, in the order of its key columns, as far as their first 16 bytes
    /// tell (ties stay in insertion order); `liveRows` for a table without a key.
    ///
    /// A rebuild inserts the rows in this order: each table's primary key is a unique index that
    /// SQLite keeps row by row, and rows arriving in its order are added at its right edge instead of
    /// searched into place among the others. The stipends arrive month by month, so about every
    /// other one landed before the row inserted just ahead of it (BENCHMARKS.md, tenth round). The
    /// order only makes the inserts cheaper: the file holds the same rows in any order, and no query
    /// reads them by insertion order (every list orders by its key).
    var liveRowsInKeyOrder: [Int] {
        guard keyColumns > 0 else { return Array(liveRows) }
        var keyed: [(high: UInt64, low: UInt64, start: Int)] = []
        keyed.reserveCapacity(liveCount)
        for start in starts where start >= 0 {
            let (high, low) = withRow(start) { Self.sortPrefix($0, keyColumns) }
            keyed.append((high, low, start))
        }
        keyed.sort { $0.high != $1.high ? $0.high < $1.high : $0.low < $1.low }
        return keyed.map(\.start)
    }

    /// The first 16 bytes of a row's leading `columns` values, big-endian, for ordering rows as SQLite
    /// orders their keys: text and blobs by their bytes, each value followed by a zero byte (so a
    /// value sorts before the longer ones it begins), an integer by its value.
    private static func sortPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ columns: Int) -> (UInt64, UInt64) {
        var high: UInt64 = 0, low: UInt64 = 0, filled = 0
        func put(_ byte: UInt8) {
            if filled < 8 { high |= UInt64(byte) << (56 - 8 * filled) } else if filled < 16 { low |= UInt64(byte) << (120 - 8 * filled) }
            filled += 1
        }
        var offset = 0
        for _ in 0..<columns where filled < 16 {
            let tag = bytes[offset]
            switch tag {
            case RowEncoding.text, RowEncoding.blob:
                let count = Int(RowEncoding.length(in: bytes, at: &offset))
                for k in offset..<(offset + min(count, 16 - filled)) { put(bytes[k]) }
                offset += count
            case RowEncoding.integer:
                var at = offset
                guard case .integer(let n) = RowEncoding.value(in: bytes, at: &at) else { return (high, low) }
                offset = at
                let ordered = UInt64(bitPattern: n) ^ (1 << 63)
                for k in 0..<8 { put(UInt8(truncatingIfNeeded: ordered >> (56 - 8 * k))) }
            default:
                RowEncoding.skip(in: bytes, at: &offset)
            }
            put(0)
        }
        return (high, low)
    }

    /// Appends the values of the row that starts at `start` (one of `liveRows`) to `values`.
    func appendValues(ofRowAt start: Int, to values: inout [SQLiteValue]) {
        withRow(start) { bytes in
            var offset = 0
            for _ in 0..<columnCount { values.append(RowEncoding.value(in: bytes, at: &offset)) }
        }
    }

    /// Appends the values of the row that starts at `start` (one of `liveRows`) to packed arguments,
    /// text and blobs straight from the row's bytes: the rebuild's insert, with no `String` or array
    /// made for any value.
    func appendValues(ofRowAt start: Int, to arguments: inout SQLitePackedArguments) {
        withRow(start) { bytes in
            var offset = 0
            for _ in 0..<columnCount { RowEncoding.appendValue(in: bytes, at: &offset, to: &arguments) }
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

    /// The bytes the rows hold, live and waste: for tests of the compaction.
    var byteCount: Int { stored }

    // MARK: Rows

    /// `values` encoded into the scratch buffer, which is handed over (a member cannot be read while
    /// `self` changes); the caller puts it back.
    private mutating func takeScratch(_ values: [SQLiteValue]) -> [UInt8] {
        var encoded = scratch
        scratch = []
        encoded.removeAll(keepingCapacity: true)
        for value in values { RowEncoding.append(value, to: &encoded) }
        return encoded
    }

    /// Adds `encoded` as a new row.
    private mutating func append(_ encoded: UnsafeBufferPointer<UInt8>, keyHash: UInt64) {
        let row = starts.count
        let start = store(encoded)
        starts.append(start)
        liveCount += 1
        if keyColumns > 0 { keys.insert(row, hash: keyHash) }
        guard groupColumns > 0 else { return }
        let group = UnsafeBufferPointer(rebasing: encoded[..<Self.prefixLength(encoded, groupColumns)])
        let groupHash = Self.hash(group)
        if let head = groups.find(groupHash, { matches(row: $0, group) }) {
            // The new row goes second in its group's chain: the head, which the table finds, stays.
            nextInGroup.append(nextInGroup[head])
            nextInGroup[head] = Int32(row)
        } else {
            nextInGroup.append(-1)
            groups.insert(row, hash: groupHash)
        }
    }

    /// Copies `encoded` to the end of the last chunk, or of a new one when it does not fit there.
    /// - Returns: the place of the copy.
    private mutating func store(_ encoded: UnsafeBufferPointer<UInt8>) -> Int {
        if chunks.isEmpty || chunks[chunks.count - 1].count + encoded.count > Self.chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(max(Self.chunkSize, encoded.count))
            chunks.append(chunk)
        }
        let c = chunks.count - 1, offset = chunks[c].count
        chunks[c].append(contentsOf: encoded)
        stored += encoded.count
        return c << Self.chunkShift | offset
    }

    /// Makes row `i` `encoded`: written over the old encoding when it fits there, else stored anew
    /// and the old bytes left as waste.
    private mutating func replace(_ i: Int, with encoded: UnsafeBufferPointer<UInt8>) {
        let old = starts[i], oldLength = withRow(old) { Self.prefixLength($0, columnCount) }
        if encoded.count <= oldLength {
            chunks[old >> Self.chunkShift].withUnsafeMutableBufferPointer { chunk in
                // Forced unwraps: the chunk holds the old encoding, and `encoded` at least one value's tag.
                (chunk.baseAddress! + (old & (Self.chunkSize - 1))).update(from: encoded.baseAddress!, count: encoded.count)
            }
            waste += oldLength - encoded.count
        } else {
            starts[i] = store(encoded)
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
        var encoded: [UInt8] = []
        encoded.reserveCapacity(64)
        for value in values { RowEncoding.append(value, to: &encoded) }
        encoded.withUnsafeBufferPointer { replace(i, with: $0) }
    }

    /// Rewrites the live rows back to back once more than half of the bytes (of at least 64 KiB) are waste.
    private mutating func compactIfWasteful() {
        guard waste > 1 << 16, waste * 2 > stored else { return }
        var packed = PackedRows(columns: columnCount, keyColumns: 0, groupColumns: 0)
        for row in starts.indices where starts[row] >= 0 {
            starts[row] = withRow(starts[row]) { bytes in
                packed.store(UnsafeBufferPointer(rebasing: bytes[..<Self.prefixLength(bytes, columnCount)]))
            }
        }
        chunks = packed.chunks
        stored = packed.stored
        waste = 0
    }

    // MARK: Encodings

    /// Calls `body` with the bytes from `start` to the end of its chunk.
    private func withRow<T>(_ start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        chunks[start >> Self.chunkShift].withUnsafeBufferPointer { chunk in
            body(UnsafeBufferPointer(rebasing: chunk[(start & (Self.chunkSize - 1))...]))
        }
    }

    /// The length of the first `columns` values encoded in `bytes`.
    private static func prefixLength(_ bytes: UnsafeBufferPointer<UInt8>, _ columns: Int) -> Int {
        var offset = 0
        for _ in 0..<columns { RowEncoding.skip(in: bytes, at: &offset) }
        return offset
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    /// Whether row `row` begins with `prefix`. The encoding is canonical and delimits itself, so rows
    /// whose leading values are equal (text as bytes, as SQLite compares it) begin with the same
    /// bytes, and no others do.
    private func matches(row: Int, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        withRow(starts[row]) { bytes in
            // Forced unwraps: a prefix holds at least one value's tag, and the row at least as many bytes.
            bytes.count >= prefix.count && memcmp(bytes.baseAddress!, prefix.baseAddress!, prefix.count) == 0
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

    /// Appends the value encoded at `offset` to packed arguments, moving `offset` past it.
    static func appendValue(in buffer: UnsafeBufferPointer<UInt8>, at offset: inout Int, to arguments: inout SQLitePackedArguments) {
        let tag = buffer[offset]
        switch tag {
        case integer, real:
            switch Self.value(in: buffer, at: &offset) {
            case .integer(let n): arguments.append(n)
            case .real(let d): arguments.append(real: d)
            default: arguments.appendNull()
            }
        case text, blob:
            let count = Int(length(in: buffer, at: &offset))
            let bytes = UnsafeBufferPointer(rebasing: buffer[offset..<offset + count])
            offset += count
            if tag == text { arguments.append(utf8: bytes) } else { arguments.append(blob: UnsafeRawBufferPointer(bytes)) }
        default:
            offset += 1
            arguments.appendNull()
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

    /// The length of the text or blob encoded at `offset` (its tag's place), moving `offset` to its first byte.
    static func length(in buffer: UnsafeBufferPointer<UInt8>, at offset: inout Int) -> UInt64 {
        offset += 1
        return varint(in: buffer, at: &offset)
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
