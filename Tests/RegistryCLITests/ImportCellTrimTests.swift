import Foundation
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
