@testable import ReadModel
import SQLiteSupport
import Testing

/// The rebuild's packed rows (`PackedRows`): values come back as they went in, keys and groups are
/// found by their bytes, and rewritten or deleted rows leave no more than the live rows' memory.
@Suite("Packed rows of a rebuild")
struct PackedRowsTests {
    static func table(columns: Int = 4, key: Int = 1, group: Int = 0) -> PackedRows {
        PackedRows(columns: columns, keyColumns: key, groupColumns: group)
    }

    static let edgeValues: [SQLiteValue] = [
        .null, .integer(0), .integer(1), .integer(-1), .integer(63), .integer(64), .integer(-64), .integer(-65),
        .integer(Int64.max), .integer(Int64.min), .integer(1 << 35), .real(0), .real(-0.0), .real(3.25), .real(-.infinity),
        .text(""), .text("S01"), .text("三门峡市第一职业学校"), .text(String(repeating: "字", count: 200)), .text("e\u{301}"),
        .text("nul\u{0}inside"), .blob([]), .blob([0, 255, 7]), .blob(Array(repeating: 0xAB, count: 300)),
    ]

    @Test(arguments: edgeValues)
    func everyKindOfValueComesBackAsItWentIn(_ value: SQLiteValue) {
        var t = Self.table(columns: 3, key: 0)
        t.insert([value, .text("after"), value], .ignore)
        #expect(t.rows == [[value, .text("after"), value]])
        if case .real(let d) = value, case .real(let back)? = t.rows.first?.first {
            #expect(back.bitPattern == d.bitPattern)  // -0.0 stays -0.0
        }
    }

    @Test func anInsertOnAnExistingKeyIgnoresReplacesOrUpdatesAsItsConflictSays() {
        var t = Self.table(columns: 3, key: 1)
        t.insert([.text("K"), .text("first"), .integer(0)], .ignore)
        t.insert([.text("K"), .text("second, ignored"), .integer(9)], .ignore)
        #expect(t.rows == [[.text("K"), .text("first"), .integer(0)]])
        // Replaced by a longer row (appended elsewhere) and then by a shorter one (written in place).
        t.insert([.text("K"), .text("a much longer replacement"), .null], .replace)
        #expect(t.rows == [[.text("K"), .text("a much longer replacement"), .null]])
        t.insert([.text("K"), .text("short"), .integer(5)], .replace)
        #expect(t.rows == [[.text("K"), .text("short"), .integer(5)]])
        t.insert([.text("K"), .text("not used"), .integer(0)],
                 .update([Assignment(1, .set(.text("upserted"))), Assignment(2, .increment)]))
        #expect(t.rows == [[.text("K"), .text("upserted"), .integer(6)]])
        #expect(t.liveCount == 1)
    }

    @Test func updatesChangeOnlyTheRowWithTheKeyAndNothingWhenThereIsNone() {
        var t = Self.table(columns: 4, key: 2)
        t.insert([.text("P-1"), .text("2025-09"), .integer(100), .null], .ignore)
        t.insert([.text("P-1"), .text("2025-10"), .integer(200), .null], .ignore)
        t.update([.text("P-1"), .text("2025-10")], [Assignment(3, .set(.text("2025-11-10"))), Assignment(2, .increment)])
        t.update([.text("P-1"), .text("2025-12")], [Assignment(3, .set(.text("nobody")))])
        t.update([.text("P-1"), .text("2025-09")], [Assignment(3, .setUnlessNull(.null))])
        t.update([.text("P-1"), .text("2025-09")], [Assignment(2, .setUnlessNull(.integer(-7)))])
        #expect(t.rows == [[.text("P-1"), .text("2025-09"), .integer(-7), .null],
                           [.text("P-1"), .text("2025-10"), .integer(201), .text("2025-11-10")]])
    }

    @Test func keysCompareAsBytesAndByKindAsSQLiteDoes() {
        var t = Self.table(columns: 2, key: 1)
        let keys: [SQLiteValue] = [.text("é"), .text("e\u{301}"), .text("1"), .integer(1), .null, .blob([0x31]), .text("")]
        for (n, key) in keys.enumerated() { t.insert([key, .integer(Int64(n))], .ignore) }
        #expect(t.liveCount == keys.count)
        for (n, key) in keys.enumerated() { t.update([key], [Assignment(1, .set(.integer(Int64(n) * 10)))]) }
        #expect(t.rows == keys.enumerated().map { [$1, .integer(Int64($0) * 10)] })
    }

    @Test func aKeylessTableKeepsEveryRowItIsGiven() {
        var t = Self.table(columns: 2, key: 0)
        for _ in 0..<3 { t.insert([.text("2023001"), .text("E01")], .ignore) }
        #expect(t.liveCount == 3 && t.rows.count == 3)
    }

    @Test func aGroupDeleteRemovesItsRowsAndTheirKeysAndNoOthers() {
        var t = Self.table(columns: 4, key: 3, group: 2)
        for (enterprise, day, post) in [("E01", "2025-01-01", "lathe"), ("E01", "2025-01-01", "weld"), ("E01", "2026-01-01", "lathe"),
                                        ("E02", "2025-01-01", "lathe"), ("E01", "2025-01-01", "paint")] {
            t.insert([.text(enterprise), .text(day), .text(post), .integer(1)], .replace)
        }
        t.deleteGroup([.text("E01"), .text("2025-01-01")])
        t.deleteGroup([.text("E09"), .text("2025-01-01")])  // no such group
        #expect(t.rows.map { $0.prefix(3).map { $0 } } == [[.text("E01"), .text("2026-01-01"), .text("lathe")],
                                                           [.text("E02"), .text("2025-01-01"), .text("lathe")]])
        #expect(t.liveCount == 2)
        // The deleted rows' keys are free again, and their group starts afresh.
        t.insert([.text("E01"), .text("2025-01-01"), .text("weld"), .integer(2)], .ignore)
        t.update([.text("E01"), .text("2025-01-01"), .text("lathe")], [Assignment(3, .set(.integer(99)))])
        #expect(t.rows.last == [.text("E01"), .text("2025-01-01"), .text("weld"), .integer(2)])
        #expect(t.liveCount == 3)
        t.deleteGroup([.text("E01"), .text("2025-01-01")])
        #expect(t.liveCount == 2)
        t.deleteGroup([.text("E01"), .text("2025-01-01")])
        #expect(t.liveCount == 2)
    }

    @Test func rowsRewrittenAgainAndAgainKeepTheBytesNearTheLiveRows() {
        var t = Self.table(columns: 3, key: 1)
        for n in 0..<10_000 { t.insert([.text("P-\(n)"), .null, .integer(0)], .ignore) }
        let live = t.byteCount
        for round in 0..<40 {
            for n in 0..<10_000 {
                // Alternately longer (appended elsewhere) and shorter (in place) than before.
                let text: SQLiteValue = round % 2 == 0 ? .text("status after round \(round)") : .text("r\(round)")
                t.update([.text("P-\(n)")], [Assignment(1, .set(text)), Assignment(2, .increment)])
            }
        }
        #expect(t.rows.count == 10_000)
        #expect(t.rows.allSatisfy { $0[1] == .text("r39") && $0[2] == .integer(40) })
        // The live rows are 2-3 times the first ones; the waste at most as much again.
        #expect(t.byteCount < live * 6)
    }

    @Test func aRowLongerThanAChunkHasOneOfItsOwnAndTheRowsAroundItStayWhole() {
        var t = Self.table(columns: 2, key: 1)
        let long = String(repeating: "长", count: 100_000)  // 300,000 bytes of UTF-8, more than a chunk
        t.insert([.text("before"), .text("x")], .ignore)
        t.insert([.text("long"), .text(long)], .ignore)
        t.insert([.text("after"), .blob(Array(repeating: 7, count: 300_000))], .ignore)
        t.insert([.text("last"), .text("y")], .ignore)
        #expect(t.rows == [[.text("before"), .text("x")], [.text("long"), .text(long)],
                           [.text("after"), .blob(Array(repeating: 7, count: 300_000))], [.text("last"), .text("y")]])
        // Shorter (written in place), and a short row made longer than a chunk (stored anew).
        t.insert([.text("long"), .text("short now")], .replace)
        t.update([.text("before")], [Assignment(1, .set(.text(long + long)))])
        #expect(t.rows == [[.text("before"), .text(long + long)], [.text("long"), .text("short now")],
                           [.text("after"), .blob(Array(repeating: 7, count: 300_000))], [.text("last"), .text("y")]])
        #expect(t.byteCount < 1_300_000)  // the rows, 1.2 MB, and their waste: no row copied twice
    }

    /// Random inserts of every conflict kind, updates and group deletes over a small key space,
    /// against the plain model the builder had before: rows as arrays, keys compared with `==`.
    @Test(arguments: [1, 2, 3])
    func randomChangesGiveTheRowsOfThePlainModel(seed: UInt64) {
        var random = SplitMix(seed)
        var packed = Self.table(columns: 4, key: 2, group: 1)
        var model: [[SQLiteValue]?] = []
        func keyValue(_ n: UInt64) -> SQLiteValue {
            switch n % 4 { case 0: .integer(Int64(n) - 20); case 1: .text("é\(n)"); case 2: .text("e\u{301}\(n)"); default: .null }
        }
        func value() -> SQLiteValue {
            switch random.next() % 4 {
            case 0: .null
            case 1: .integer(Int64(bitPattern: random.next()))
            case 2: .text(String(repeating: "值", count: Int(random.next() % 12)))
            default: .text("v\(random.next() % 100)")
            }
        }
        func index(of key: [SQLiteValue]) -> Int? {
            model.firstIndex { $0 != nil && Array($0!.prefix(2)) == key }
        }
        for _ in 0..<20_000 {
            let key = [keyValue(random.next() % 8), keyValue(random.next() % 40)]
            switch random.next() % 6 {
            case 0, 1:
                let row = key + [value(), value()]
                let conflicts: [RowChange.Conflict] = [.ignore, .replace, .update([Assignment(2, .set(value())), Assignment(3, .increment)])]
                let conflict = conflicts[Int(random.next() % 3)]
                packed.insert(row, conflict)
                if let i = index(of: key) {
                    switch conflict {
                    case .ignore: break
                    case .replace: model[i] = row
                    case .update(let assignments): for a in assignments { model[i]![a.column] = a.applied(to: model[i]![a.column]) }
                    }
                } else {
                    model.append(row)
                }
            case 2, 3, 4:
                let assignments = [Assignment(3, .set(value())), Assignment(2, .setUnlessNull(value()))]
                packed.update(key, assignments)
                if let i = index(of: key) { for a in assignments { model[i]![a.column] = a.applied(to: model[i]![a.column]) } }
            default:
                packed.deleteGroup([key[0]])
                for i in model.indices where model[i]?.first == key[0] { model[i] = nil }
            }
        }
        #expect(packed.rows == model.compactMap { $0 })
        #expect(packed.liveCount == model.compactMap { $0 }.count)
    }

    /// A rebuild binds each row straight from its packed bytes (`appendValues(ofRowAt:to:)` with
    /// `SQLitePackedArguments`): SQLite must then hold exactly the values that went in, of every kind.
    @Test func rowsBoundFromTheirPackedBytesReadBackAsTheyWentIn() throws {
        var t = Self.table(columns: 3, key: 0)
        for (i, value) in Self.edgeValues.enumerated() { t.insert([.integer(Int64(i)), value, .text("after")], .ignore) }
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t(n INTEGER PRIMARY KEY, v, after TEXT)")
        let starts = Array(t.liveRows)
        try db.insertRows(into: "t", columns: ["n", "v", "after"], count: starts.count, perStatement: 5) { i, arguments in
            t.appendValues(ofRowAt: starts[i], to: &arguments)
        }
        let back = try db.query("SELECT n, v, after FROM t ORDER BY n")
        #expect(back.count == Self.edgeValues.count)
        for (row, expected) in zip(back, t.rows) {
            #expect(row == expected)
            // Text compares as its bytes: the two spellings of é, and a NUL inside, stay as they were.
            if case .text(let a) = row[1], case .text(let b) = expected[1] { #expect(Array(a.utf8) == Array(b.utf8)) }
            if case .real(let a) = row[1], case .real(let b) = expected[1] { #expect(a.bitPattern == b.bitPattern || (a == 0 && b == 0)) }
        }
    }

    /// The rows of `t` in the order a rebuild inserts them (`liveRowsInKeyOrder`).
    static func inKeyOrder(_ t: PackedRows) -> [[SQLiteValue]] {
        t.liveRowsInKeyOrder.map { start in
            var values: [SQLiteValue] = []
            t.appendValues(ofRowAt: start, to: &values)
            return values
        }
    }

    @Test func aRebuildInsertsRowsInTheOrderSQLiteKeepsTheirKeys() throws {
        // Keys that differ within their first 16 bytes, inserted out of order: prefixes of one another,
        // two columns, negative and extreme integers, and a deleted row.
        var t = Self.table(columns: 3, key: 2)
        let keys: [(SQLiteValue, SQLiteValue)] = [
            (.text("P-2"), .text("2025-10")), (.text("P-10"), .text("2025-09")), (.text("P-1"), .text("2025-10")),
            (.text("P-1"), .text("2025-09")), (.text("P"), .text("2026-01")), (.text("P-1"), .text("2025")),
            (.text("三门峡"), .text("a")), (.text("Q"), .integer(-5)), (.text("Q"), .integer(Int64.min)),
            (.text("Q"), .integer(Int64.max)), (.text("Q"), .integer(0)), (.text("gone"), .text("x")),
        ]
        for (i, key) in keys.enumerated() { t.insert([key.0, key.1, .integer(Int64(i))], .ignore) }
        t.insert([.text("gone"), .text("x"), .null], .replace)
        var deleting = Self.table(columns: 3, key: 2, group: 1)
        for row in t.rows { deleting.insert(row, .ignore) }
        deleting.deleteGroup([.text("gone")])

        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t(a, b, c, PRIMARY KEY (a, b))")
        for row in deleting.rows { try db.run("INSERT INTO t VALUES (?, ?, ?)", row) }
        let sqliteOrder = try db.query("SELECT a, b, c FROM t ORDER BY a, b")
        #expect(sqliteOrder.count == keys.count - 1)
        #expect(Self.inKeyOrder(deleting) == sqliteOrder)
    }

    @Test func keysAlikeInTheirFirst16BytesAndKeylessTablesKeepInsertionOrder() {
        var keyed = Self.table(columns: 2, key: 1)
        let long = String(repeating: "x", count: 16)
        for suffix in ["c", "a", "b"] { keyed.insert([.text(long + suffix), .text(suffix)], .ignore) }
        #expect(Self.inKeyOrder(keyed).map { $0[1] } == [.text("c"), .text("a"), .text("b")])

        var keyless = Self.table(columns: 1, key: 0)
        for n in [3, 1, 2] { keyless.insert([.integer(Int64(n))], .ignore) }
        #expect(Self.inKeyOrder(keyless) == [[.integer(3)], [.integer(1)], [.integer(2)]])
    }
}

/// A small seeded generator, so that a failing run can be repeated.
struct SplitMix {
    private var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
