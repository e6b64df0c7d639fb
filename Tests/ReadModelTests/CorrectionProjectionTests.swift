import Foundation
@testable import ReadModel
import RegistryDomain
import Testing

/// Corrections change only the corrected columns, the same way in SQL and in memory.
@Suite("Projection of corrections")
struct CorrectionProjectionTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static let history: [RegistryEvent] = [
        .schoolRegistered(SchoolRegistered(id: "S01", name: "学校", level: .secondary)),
        .enterpriseRegistered(EnterpriseRegistered(id: "E01", name: "机械厂", aboveScale: true)),
        .studentEnrolled(StudentEnrolled(id: "2023001", school: "S01", name: "王方", major: "数控", birth: date("2006-03-14"),
                                         enrolled: date("2023-09-01"))),
        .placementRegistered(PlacementRegistered(id: "P-1", student: "2023001", school: "S01", enterprise: "E01", kind: .post,
                                                 start: date("2025-09-01"), end: date("2026-02-28"), stipend: Money(fen: 340_000),
                                                 post: "lathe", agreement: nil, majorRelevant: true)),
        .studentCorrected(StudentCorrected(student: "2023001", name: "王芳", previousName: "王方", reason: "typo")),
        .studentCorrected(StudentCorrected(student: "2023001", birth: date("2006-04-14"), previousBirth: date("2006-03-14"), reason: "ID card")),
        .enterpriseCorrected(EnterpriseCorrected(enterprise: "E01", name: "豫西机械有限公司", previousName: "机械厂", reason: "licence")),
        .placementCorrected(PlacementCorrected(placement: "P-1", agreement: "SF-1", reason: "signed")),
        .placementCorrected(PlacementCorrected(placement: "P-1", post: "fitter", previousPost: "lathe", reason: "wrong post")),
    ]

    @Test func correctionsUpdateOnlyTheirColumnsInBothExecutors() throws {
        let dir = NSTemporaryDirectory() + "readmodel-corrections-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let positioned = Self.history.enumerated().map { (UInt64($0.offset + 1), $0.element) }
        let live = try ReadModelStore(path: dir + "/live.sqlite")
        for event in positioned { try live.apply([event]) }
        let builder = ReadModelBuilder()
        builder.apply(positioned)
        let rebuilt = try builder.write(to: dir + "/rebuilt.sqlite")
        let dump = try live.dump()
        #expect(try rebuilt.dump() == dump)
        #expect(dump["students"] == ["'2023001'|'S01'|'王芳'|'数控'|'2006-04-14'|'2023-09-01'|'enrolled'|NULL|NULL"])
        #expect(dump["enterprises"] == ["'E01'|'豫西机械有限公司'|1"])
        #expect(dump["placements"]?.first?.contains("340000|'fitter'|'SF-1'|1|'registered'") == true)
    }
}
