import Foundation
@testable import ReadModel
import RegistryDomain
import SQLiteSupport
import Testing

/// The projection's changes run two ways: as SQL against a live read model, event by event, and in
/// memory for a rebuild that writes each final row once. Both must give the same rows.
@Suite("Projection: SQL and in-memory executors agree")
struct ProjectionExecutorTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// A history that exercises every kind of row change, including the edge cases: a repeated insert
    /// that must be ignored, a replaced row, a re-declared group of rows, an update of a row that does
    /// not exist, an upsert that counts corrections, and a keyless table that keeps duplicates.
    static let history: [RegistryEvent] = [
        .registryInitialized(RegistryInitialized(jurisdiction: "三门峡市", on: date("2025-01-02"))),
        .registryInitialized(RegistryInitialized(jurisdiction: "ignored", on: date("2025-01-03"))),
        .policyAdopted(PolicyAdopted(from: date("2025-01-02"), policy: PolicyProfiles.national)),
        .policyAdopted(PolicyAdopted(from: date("2025-01-02"), policy: PolicyProfiles.national)),
        .schoolRegistered(SchoolRegistered(id: "S01", name: "第一职业学校", level: .secondary)),
        .schoolRegistered(SchoolRegistered(id: "S01", name: "renamed, ignored", level: .higher)),
        .enterpriseRegistered(EnterpriseRegistered(id: "E01", name: "机械厂", aboveScale: true)),
        .workforceDeclared(WorkforceDeclared(enterprise: "E01", headcount: 400, asOf: date("2025-01-01"),
                                             posts: ["lathe": 50, "weld": 20], wageStandards: ["lathe": Money(fen: 420_000)])),
        // Re-declared for the same day with other posts: the old post rows go.
        .workforceDeclared(WorkforceDeclared(enterprise: "E01", headcount: 410, asOf: date("2025-01-01"),
                                             posts: ["paint": 5], wageStandards: [:])),
        .workforceDeclared(WorkforceDeclared(enterprise: "E01", headcount: 420, asOf: date("2026-01-01"),
                                             posts: ["lathe": 60], wageStandards: ["weld": Money(fen: 400_000)])),
        .studentEnrolled(StudentEnrolled(id: "2023001", school: "S01", name: "张三", major: "数控", birth: date("2007-03-01"),
                                         enrolled: date("2023-09-01"))),
        .studentEnrolled(StudentEnrolled(id: "2023002", school: "S01", name: "李四", major: "焊接", birth: date("2007-05-01"),
                                         enrolled: date("2023-09-01"))),
        .studentStatusEnded(StudentStatusEnded(student: "2023002", reason: .withdrawn, on: date("2025-06-30"))),
        .studentStatusEnded(StudentStatusEnded(student: "nobody", reason: .graduated, on: date("2025-06-30"))),
        .studentHired(StudentHired(student: "2023001", enterprise: "E01", on: date("2026-07-01"))),
        .studentHired(StudentHired(student: "2023001", enterprise: "E01", on: date("2026-07-01"))),
        .placementRegistered(PlacementRegistered(id: "P-1", student: "2023001", school: "S01", enterprise: "E01", kind: .post,
                                                 start: date("2025-09-01"), end: date("2026-02-28"), stipend: Money(fen: 340_000),
                                                 post: "lathe", agreement: "AG-1", majorRelevant: true)),
        .placementRegistered(PlacementRegistered(id: "P-2", student: "2023002", school: "S01", enterprise: "E01",
                                                 kind: .observation, start: date("2025-03-01"), end: date("2025-03-31"),
                                                 stipend: Money(fen: 0), majorRelevant: false)),
        .insuranceEnrolled(InsuranceEnrolled(placement: "P-1", policyNumber: "L-1", insurer: "人保", covers: [.liability, .accident],
                                             from: date("2025-09-01"), to: date("2026-02-28"), paidBy: .enterprise)),
        .insuranceCancelled(InsuranceCancelled(placement: "P-1", policyNumber: "L-1", on: date("2025-10-01"))),
        // Enrolled again under the same number: the row is replaced, cancellation and all.
        .insuranceEnrolled(InsuranceEnrolled(placement: "P-1", policyNumber: "L-1", insurer: "平安", covers: [.liability],
                                             from: date("2025-10-01"), to: date("2026-02-28"), paidBy: .school)),
        .insuranceCancelled(InsuranceCancelled(placement: "P-9", policyNumber: "X", on: date("2025-10-01"))),
        // Started without an agreement number: the registered one stays.
        .placementStarted(PlacementStarted(placement: "P-1", on: date("2025-09-01"))),
        .placementStarted(PlacementStarted(placement: "P-2", on: date("2025-03-01"), agreement: "AG-2")),
        .placementExtended(PlacementExtended(placement: "P-1", to: date("2026-03-31"))),
        .stipendConfirmed(StipendConfirmed(placement: "P-1", month: YearMonth(year: 2025, month: 9)!, amount: Money(fen: 340_000),
                                           paidOn: date("2025-10-10"), correction: false)),
        .stipendConfirmed(StipendConfirmed(placement: "P-1", month: YearMonth(year: 2025, month: 9)!, amount: Money(fen: 350_000),
                                           paidOn: date("2025-10-20"), correction: true)),
        .stipendConfirmed(StipendConfirmed(placement: "P-1", month: YearMonth(year: 2025, month: 9)!, amount: Money(fen: 360_000),
                                           paidOn: date("2025-10-25"), correction: true)),
        .stipendConfirmed(StipendConfirmed(placement: "P-1", month: YearMonth(year: 2025, month: 10)!, amount: Money(fen: 340_000),
                                           paidOn: date("2025-11-10"), correction: false)),
        .placementCompleted(PlacementCompleted(placement: "P-2", on: date("2025-03-31"))),
        .placementTerminated(PlacementTerminated(placement: "P-1", on: date("2025-12-15"), reason: "岗位撤销")),
        .placementTerminated(PlacementTerminated(placement: "P-404", on: date("2025-12-15"), reason: "none")),
        .apprenticeshipContracted(ApprenticeshipContracted(id: "A-1", student: "2023001", school: "S01", enterprise: "E01",
                                                           scheme: .modern, level: .intermediate, laborContract: "LC-1",
                                                           contractEnd: date("2027-08-31"), start: date("2025-09-01"),
                                                           end: date("2026-08-31"), schoolTutor: "王老师", mentor: "赵师傅")),
        .apprenticeshipContracted(ApprenticeshipContracted(id: "A-2", student: "2023002", school: "S01", enterprise: "E01",
                                                           scheme: .enterprise, level: .senior, laborContract: "LC-2",
                                                           contractEnd: date("2027-08-31"), start: date("2025-09-01"),
                                                           end: date("2026-08-31"), schoolTutor: "王老师", mentor: "钱师傅")),
        .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A-1", amount: Money(fen: 250_000), on: date("2025-10-15"))),
        .subsidySettled(SubsidySettled(apprenticeship: "A-1", amount: Money(fen: 100_000), on: date("2026-09-15"))),
        .apprenticeshipCompleted(ApprenticeshipCompleted(apprenticeship: "A-1", on: date("2026-08-31"), certificate: "C-1")),
        .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A-2", amount: Money(fen: 250_000), on: date("2025-10-15"))),
        .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A-2", on: date("2025-12-01"), reason: "离职")),
        .subsidyClawedBack(SubsidyClawedBack(apprenticeship: "A-2", amount: Money(fen: 250_000), on: date("2026-01-10"))),
        // The duties of issue 12: an agreed wage (its own table), wage months upserted with corrections,
        // teachers updated on recognition (and an update of no teacher), practice and certification rows by position.
        .apprenticeshipContracted(ApprenticeshipContracted(id: "A-3", student: "2023001", school: "S01", enterprise: "E01",
                                                           scheme: .enterprise, level: .intermediate, laborContract: "LC-3",
                                                           contractEnd: date("2027-08-31"), start: date("2025-09-01"),
                                                           end: date("2026-08-31"), schoolTutor: "王老师", mentor: "孙师傅",
                                                           monthlyWage: Money(fen: 320_000))),
        .apprenticeWageConfirmed(ApprenticeWageConfirmed(apprenticeship: "A-3", month: YearMonth(year: 2025, month: 9)!,
                                                         amount: Money(fen: 300_000), paidOn: date("2025-10-10"), correction: false)),
        .apprenticeWageConfirmed(ApprenticeWageConfirmed(apprenticeship: "A-3", month: YearMonth(year: 2025, month: 9)!,
                                                         amount: Money(fen: 320_000), paidOn: date("2025-10-20"), correction: true)),
        .teacherRegistered(TeacherRegistered(id: "T-1", school: "S01", name: "王老师", course: .professional, since: date("2015-09-01"))),
        .teacherRegistered(TeacherRegistered(id: "T-2", school: "S01", name: "李老师", course: .general, since: nil)),
        .teacherQualified(TeacherQualified(teacher: "T-1", on: date("2021-06-30"), document: nil)),
        .teacherQualified(TeacherQualified(teacher: "T-9", on: date("2021-06-30"), document: "D")),
        .teacherPracticed(TeacherPracticed(teacher: "T-1", enterprise: "E01", from: date("2025-07-01"), to: date("2025-08-31"))),
        .enterpriseCertified(EnterpriseCertified(enterprise: "E01", on: date("2024-05-20"), document: "三发改〔2024〕15号")),
        .enterpriseCertificationRevoked(EnterpriseCertificationRevoked(enterprise: "E01", on: date("2025-12-31"), document: "R-1",
                                                                       reason: "复核未通过")),
    ]

    static func scratch() -> String {
        let dir = NSTemporaryDirectory() + "readmodel-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static var positioned: [(position: UInt64, event: RegistryEvent)] {
        history.enumerated().map { (UInt64($0.offset + 1), $0.element) }
    }

    @Test func bothExecutorsGiveTheSameRowsForEveryKindOfChange() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let live = try ReadModelStore(path: dir + "/live.sqlite")
        for event in Self.positioned { try live.apply([event]) }   // one transaction per event, as commands do
        let builder = ReadModelBuilder()
        builder.apply(Self.positioned)
        let counts = builder.counts
        let rebuilt = try builder.write(to: dir + "/rebuilt.sqlite")

        let dump = try live.dump()
        #expect(try rebuilt.dump() == dump)
        #expect(rebuilt.position == live.position)
        #expect(rebuilt.position == UInt64(Self.history.count))
        #expect(counts == (try live.counts()))

        // The edge cases came out as the SQL statements made them.
        #expect(dump["registry"] == ["1|'三门峡市'|'2025-01-02'"])
        #expect(dump["schools"] == ["'S01'|'第一职业学校'|'secondary'"])
        #expect(dump["workforce_posts"] == ["'E01'|'2025-01-01'|'paint'|5|NULL", "'E01'|'2026-01-01'|'lathe'|60|NULL",
                                            "'E01'|'2026-01-01'|'weld'|NULL|400000"])
        #expect(dump["hires"]?.count == 2)
        #expect(dump["insurance"] == ["'P-1'|'L-1'|'平安'|'liability'|'2025-10-01'|'2026-02-28'|'school'|NULL"])
        #expect(dump["stipends"] == ["'P-1'|'2025-09'|360000|'2025-10-25'|2", "'P-1'|'2025-10'|340000|'2025-11-10'|0"])
        #expect(dump["placements"]?.first?.contains("'AG-1'|1|'terminated'|'2025-09-01'|'2025-12-15'|'岗位撤销'") == true)
        #expect(dump["students"]?.last?.hasSuffix("'withdrawn'|'2025-06-30'|'withdrawn'") == true)
        #expect(dump["subsidies"]?.count == 4)
    }

    @Test func theBuilderIgnoresEventsAtOrBeforeItsPositionAsTheStoreDoes() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let events = Self.positioned
        let once = ReadModelBuilder(), twice = ReadModelBuilder()
        once.apply(events)
        twice.apply(Array(events.prefix(20)))
        twice.apply(events)  // the first twenty again, then the rest
        #expect(try once.write(to: dir + "/once.sqlite").dump() == (try twice.write(to: dir + "/twice.sqlite").dump()))
    }

    @Test func aRebuildReplacesTheFileOnlyWhenComplete() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/readmodel.sqlite"
        let old = ReadModelBuilder()
        old.apply(Array(Self.positioned.prefix(5)))
        _ = try old.write(to: path)
        // A leftover of an interrupted rebuild is not mistaken for the result, and is cleared.
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: path + ".rebuilding"))
        let new = ReadModelBuilder()
        new.apply(Self.positioned)
        let store = try new.write(to: path)
        #expect(store.position == UInt64(Self.history.count))
        #expect(!FileManager.default.fileExists(atPath: path + ".rebuilding"))
        #expect(try ReadModelStore(path: path).position == UInt64(Self.history.count))
        let mode = try store.database.query("PRAGMA journal_mode").first?.first
        #expect(mode == .text("wal"))
    }

    @Test func theTableShapesMatchTheSchema() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ReadModelStore(path: dir + "/schema.sqlite")
        for shape in ReadModelSchema.shapes {
            let info = try store.database.query("PRAGMA table_info(\(shape.name))")
            let columns = info.compactMap { row -> String? in if case .text(let name) = row[1] { name } else { nil } }
            #expect(columns == shape.columns, "\(shape.name)")
            // pk is a column's 1-based place in the primary key, 0 when it is not part of it: the shape's
            // leading key columns must be the table's primary key, in order.
            let pk = info.map { row -> Int in if case .integer(let k) = row[5] { Int(k) } else { -1 } }
            #expect(pk == Array(0..<shape.columns.count).map { $0 < shape.keyColumns ? $0 + 1 : 0 }, "\(shape.name)")
        }
    }

    /// The live read model prepares one statement per shape of change and runs every change of that
    /// shape through it: so a shape must decide the SQL text, and changes whose texts differ (an
    /// assignment that sets, one that keeps a non-null value, one that counts) must not share a shape.
    @Test func aChangesShapeDecidesItsStatement() throws {
        var texts: [StatementShape: String] = [:]
        for (position, event) in Self.positioned {
            for change in Projection.changes(for: event, at: position) {
                let sql = ReadModelStore.sql(for: change)
                let shape = StatementShape(change)
                if let seen = texts[shape] { #expect(seen == sql) } else { texts[shape] = sql }
            }
        }
        #expect(texts.count >= 10)
        let students = ReadModelSchema.shapes.first { $0.name == "students" }!
        let ways: [Assignment.Value] = [.set(.text("a")), .setUnlessNull(.text("a")), .increment]
        let updates = ways.map { RowChange.update(students, key: [.text("2023001")], [Assignment(1, $0)]) }
        #expect(Set(updates.map(StatementShape.init)).count == 3)
        #expect(Set(updates.map(ReadModelStore.sql(for:))).count == 3)
        let inserts: [RowChange] = [.insert(students, [.text("x")], onConflict: .ignore), .insert(students, [.text("x")], onConflict: .replace),
                                    .insert(students, [.text("x")], onConflict: .update([]))]
        #expect(Set(inserts.map(StatementShape.init)).count == 3)
    }

    /// An import's applies share one transaction per group (`beginGroup`/`endGroup`), and the group's
    /// position is recorded once, when it ends: a reopened read model is where the last ended group
    /// left it, with the same rows as one transaction per event; a group never ended left nothing.
    @Test func aGroupRecordsItsPositionWhenItEnds() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let events = Self.positioned
        let half = events.count / 2
        do {
            let grouped = try ReadModelStore(path: dir + "/grouped.sqlite")
            try grouped.beginGroup()
            for event in events.prefix(half) { try grouped.apply([event]) }
            try grouped.endGroup()
            try grouped.beginGroup()
            for event in events.dropFirst(half) { try grouped.apply([event]) }
            #expect(grouped.position == UInt64(events.count))
            // Dropped with its second group open: the group is rolled back with the file's close.
        }
        let reopened = try ReadModelStore(path: dir + "/grouped.sqlite")
        #expect(reopened.position == UInt64(half))
        try reopened.beginGroup()
        for event in events.dropFirst(half) { try reopened.apply([event]) }
        try reopened.endGroup()
        #expect(try ReadModelStore(path: dir + "/grouped.sqlite").position == UInt64(events.count))

        let single = try ReadModelStore(path: dir + "/single.sqlite")
        for event in events { try single.apply([event]) }
        #expect(try ReadModelStore(path: dir + "/grouped.sqlite").dump() == (try single.dump()))
    }

    /// A server's group that the database rolled back is abandoned in the read model: its rows and
    /// position go back to where the group began, in memory and in the file, and the same events
    /// applied again (as the log will hold them) give the rows of one transaction per event.
    @Test func anAbandonedGroupLeavesTheReadModelWhereTheGroupBegan() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let events = Self.positioned
        let half = events.count / 2
        let store = try ReadModelStore(path: dir + "/abandoned.sqlite")
        for event in events.prefix(half) { try store.apply([event]) }
        let before = try store.dump()
        try store.beginGroup()
        for event in events.dropFirst(half) { try store.apply([event]) }
        #expect(store.position == UInt64(events.count))
        try store.abandonGroup()
        #expect(store.position == UInt64(half))
        #expect(try store.dump() == before)
        #expect(try ReadModelStore(path: dir + "/abandoned.sqlite").position == UInt64(half))
        for event in events.dropFirst(half) { try store.apply([event]) }
        let single = try ReadModelStore(path: dir + "/single.sqlite")
        for event in events { try single.apply([event]) }
        #expect(try store.dump() == (try single.dump()))
    }

    /// Two processes share a read model (a server's writer and a page's reader catching the cache up):
    /// one opened it, the other applied events since; the first then applies the same events from
    /// the position it read at open. It must skip what the file already holds, not apply it twice
    /// (an increment would count twice, an insert could collide).
    @Test func anApplyFromAStalePositionSkipsWhatAnotherConnectionApplied() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let events = Self.positioned
        let half = events.count / 2
        let stale = try ReadModelStore(path: dir + "/shared.sqlite")
        let other = try ReadModelStore(path: dir + "/shared.sqlite")
        try other.apply(Array(events.prefix(half)))
        #expect(stale.position == 0)
        try stale.apply(Array(events))
        #expect(stale.position == UInt64(events.count))
        let single = try ReadModelStore(path: dir + "/single.sqlite")
        for event in events { try single.apply([event]) }
        #expect(try ReadModelStore(path: dir + "/shared.sqlite").dump() == (try single.dump()))
    }
}
