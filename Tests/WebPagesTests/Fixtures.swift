import Foundation
import ReadModel
import RegistryDomain
import RegistryService
@testable import WebPages

/// Records for the renderer tests, decoded from the JSON the API returns (the records have no public initialiser).
enum Fixtures {
    static let hostile = "<script>alert(1)</script> \"&' \u{202E}gnp.exe"

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> T {
        // The JSON below is written to decode; a failure is a broken fixture.
        try! JSONDecoder().decode(type, from: Data(json.utf8))
    }

    static let recorded = #"{"position": 7, "recordedAt": "2025-09-01T08:00:00Z", "actor": "school:S01", "event": "PlacementRegistered"}"#

    static var placement: PlacementRecord {
        decode(PlacementRecord.self, """
            {"id": "P-1", "student": "2023001", "school": "S01", "enterprise": "E01", "kind": "post",
             "plannedStart": "2025-09-01", "plannedEnd": "2026-02-28", "stipend": "3400.00", "post": "CNC <operator>",
             "agreement": "A-1", "majorRelevant": true, "status": "active", "startedOn": "2025-09-01", "endedOn": null,
             "terminationReason": null,
             "insurance": [{"policy": "POL-1", "insurer": "PICC", "covers": ["accident", "liability"], "from": "2025-09-01",
                            "to": "2026-02-28", "paidBy": "school", "cancelledOn": null, "recorded": \(recorded)}],
             "stipendMonths": [{"month": "2025-09", "amount": "3400.00", "paidOn": "2025-10-10", "corrections": 0, "recorded": \(recorded)}],
             "extensions": [],
             "statusHistory": [{"status": "registered", "on": "2025-09-01", "reason": null, "recorded": \(recorded)},
                               {"status": "active", "on": "2025-09-01", "reason": null, "recorded": \(recorded)}],
             "corrections": [], "registered": \(recorded)}
            """)
    }

    /// A student record, its date of birth given (or null, as after an erasure).
    static func student(birth: String?, personalData: String = "available") -> StudentRecord {
        decode(StudentRecord.self, """
            {"id": "2023001", "school": "S01", "name": "王小明", "major": "数控技术", "birth": \(birth.map { "\"\($0)\"" } ?? "null"),
             "personalData": "\(personalData)", "enrolled": "2023-09-01", "status": "enrolled", "statusEndedOn": null, "hires": [],
             "statusHistory": [], "registered": \(recorded), "corrections": []}
            """)
    }

    static func students(_ names: [String]) -> ListPage<StudentListRow> {
        let rows = names.enumerated().map { i, name in
            """
            {"id": "20230\(i)", "school": "S01", "name": \(json(name)), "major": "数控技术", "birth": "2006-03-14",
             "enrolled": "2023-09-01", "status": "enrolled", "statusEndedOn": null, "placements": \(i)}
            """
        }
        return decode(ListPage<StudentListRow>.self,
                      #"{"list": "students", "total": 120, "page": 2, "perPage": 50, "rows": [\#(rows.joined(separator: ","))]}"#)
    }

    static func json(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)  // a String always encodes
    }

    static let school = PageContext(language: .zh, actor: Actor(role: .school, id: "S01"), user: "zhang", csrfToken: "tok-123",
                                    path: "/school/students", today: CalendarDate(year: 2025, month: 10, day: 15))
}
