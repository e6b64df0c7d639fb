import Foundation
@testable import RegistryCLI
import Testing

/// The plain-text table's lines: padded to line up, with no white space left at their ends.
@Suite("Text tables")
struct TextTableTests {
    /// What the renderer used to trim with: ICU's `\s+$`.
    private func trimmedByRegex(_ text: String) -> String {
        text.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    /// Every string of up to four scalars from white space of each kind (U+000B, U+0085 and U+00A0
    /// among them), text (CJK, a combining mark) and a zero-width space (not white space) trims as the regex did.
    @Test func trailingWhiteSpaceGoesAsTheRegularExpressionRemovedIt() {
        let alphabet: [String] = ["a", "中", " ", "\t", "\n", "\r", "\u{0C}", "\u{0B}", "\u{85}", "\u{3000}", "\u{A0}",
                                  "\u{2028}", "\u{301}", "\u{200B}"]
        var texts: [String] = [""]
        var frontier: [String] = [""]
        for _ in 0..<4 {
            frontier = frontier.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += frontier
        }
        var mismatches: [String] = []
        for text in texts where TextTable.withoutTrailingWhiteSpace(text) != trimmedByRegex(text) {
            mismatches.append(text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
        #expect(mismatches.count == 0, "first: \(mismatches.prefix(5).joined(separator: " | "))")
        #expect(texts.count > 40_000)
    }

    @Test func columnsLineUpWithWideCharactersAndLinesEndWithoutPadding() {
        let table = TextTable.render(headings: ["ID", "名称", "n"], rows: [["S1", "第一中学", ""], ["S22", "W", "7"]])
        #expect(table == "ID   名称      n\n---  --------  -\nS1   第一中学\nS22  W         7")
    }

    /// The lines are what padding every cell, joining and trimming gave, for rows with empty cells,
    /// cells of white space only, wide characters and trailing white space inside cells.
    @Test func eachLineIsThePaddedJoinedRowWithoutItsTrailingWhiteSpace() {
        let values = ["", " ", "x", "中文", "a b ", "\u{3000}", "long value here"]
        var rows: [[String]] = []
        for a in values { for b in values { for c in values { rows.append([a, b, c]) } } }
        let headings = ["One", "二", ""]
        let widths = (0..<3).map { i in ([headings[i]] + rows.map { $0[i] }).map(TextTable.displayWidth).max()! }
        func reference(_ cells: [String]) -> String {
            trimmedByRegex(cells.enumerated().map { i, cell in
                cell + String(repeating: " ", count: max(0, widths[i] - TextTable.displayWidth(cell)))
            }.joined(separator: "  "))
        }
        let lines = TextTable.render(headings: headings, rows: rows).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == rows.count + 2)
        #expect(lines.first.map(String.init) == reference(headings))
        var differing = 0
        for (row, line) in zip(rows, lines.dropFirst(2)) where String(line) != reference(row) { differing += 1 }
        #expect(differing == 0)
    }
}
