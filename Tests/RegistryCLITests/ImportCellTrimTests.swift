import Foundation
import InputValues
import RegistryDomain
import Testing
@testable import RegistryCLI

/// An import cell is trimmed without Foundation when nothing is to be trimmed; it must give what
/// `trimmingCharacters(in: .whitespaces)` gives for every cell.
@Suite("Import cells trimmed as Foundation trims them")
struct ImportCellTrimTests {
    static let cells = ["", " ", "\t", "B000001", " B000001", "B000001 ", "\tB1\t", "王芳", "\u{3000}王芳", "王芳\u{3000}",
                        "\u{00A0}x", "x\u{2009}", "a b", "\n", "x\n", "\u{200B}x", "é", "e\u{301}", " e\u{301} ", "\u{1680}",
                        "\u{202F}数控\u{205F}", "\r\nx"]

    @Test(arguments: cells)
    func theFastPathAgreesWithFoundation(cell: String) {
        let trimmed = ImportRow.trimmed(cell)
        let reference = cell.trimmingCharacters(in: .whitespaces)
        #expect(Array(trimmed.unicodeScalars) == Array(reference.unicodeScalars))
    }
}

/// `ValueParser.date` reads `YYYY-MM-DD` without its general path; both must mean the same day
/// and refuse the same impossible ones (the general path is exercised by `ValueParserTests`).
@Suite("ISO dates read by the fast path")
struct ISODateFastPathTests {
    @Test(arguments: [("2024-02-29", 2024, 2, 29), ("1999-12-31", 1999, 12, 31), ("0001-01-01", 1, 1, 1), ("9999-12-31", 9999, 12, 31),
                      ("2025-9-01", 2025, 9, 1)] as [(String, Int, Int, Int)])
    func validDays(_ text: String, _ year: Int, _ month: Int, _ day: Int) throws {
        #expect(try ValueParser.date(text) == CalendarDate(year: year, month: month, day: day))
    }

    @Test(arguments: ["2023-02-29", "2025-00-10", "2025-12-00", "2025-13-01", "2025-0a-01", "2025-09-1x", "2025_09-01", "２０２５-09-01",
                      "+025-09-01", "2025-09-01\u{0}"])
    func impossibleDays(_ text: String) {
        #expect(throws: InputValueProblem.notADate(text)) { try ValueParser.date(text) }
    }
}
