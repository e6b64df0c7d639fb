import Foundation
import Testing

/// The small log the storage tests share: the district of `Scenario.bureauSetup` and one started
/// internship (P-1 at E01) with its September stipend confirmed, so that the last record is an
/// acknowledged `stipend confirm`.
enum StorageFixture {
    static let commands: [[String]] = Scenario.bureauSetup + [
        ["enterprise", "workforce", "E01", "--headcount", "40", "--as-of", "2025-01-01", "--post", "数控车工=10",
         "--wage-standard", "数控车工=4200", "--as", "enterprise:E01"],
        Scenario.enroll("2023001", "王芳", born: "2005-03-14"),
        Scenario.register("P-1", student: "2023001", at: "E01", agreement: "SF-2025-001", post: "数控车工"),
        Scenario.insure("P-1", policy: "PICC-2025-0001"),
        Scenario.start("P-1"),
        confirm("2025-09"),
    ]

    /// `stipend confirm` of P-1 for a month: a writing command that reads the read model.
    static func confirm(_ month: String) -> [String] {
        let paid = month == "2025-09" ? "2025-10-10" : "2025-11-10"
        return ["stipend", "confirm", "P-1", "--month", month, "--amount", "3400", "--paid-on", paid, "--as", "enterprise:E01"]
    }

    /// The clock stands after the payments (Data_01 refuses a payment dated after it).
    static func make(_ label: String) throws -> CLIHarness { try Scenario.make(label, commands, now: "2025-12-01T08:00:00Z") }

    /// The names in a directory, sorted.
    static func listing(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Overwrites `count` bytes at `offset` of a file with pseudo-random bytes.
    static func scribble(_ path: String, at offset: UInt64, count: Int) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<count).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    static func size(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }
}

extension String {
    /// The non-empty lines.
    var nonEmptyLines: [Substring] { split(separator: "\n") }
}
