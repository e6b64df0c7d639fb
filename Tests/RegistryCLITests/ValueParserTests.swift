@testable import InputValues
import RegistryDomain
import Testing

/// The shared value parser on its own: what each form means.
@Suite("ValueParser")
struct ValueParserTests {
    @Test(arguments: ["2025-09-01", "2025-9-1", "2025/9/1", "2025/09/01", "2025.9.1", "2025年9月1日", "2025年09月01日", "\t2025-09-01 "])
    func datesOfEveryAcceptedFormMeanTheSameDay(_ text: String) throws {
        #expect(try ValueParser.date(text) == CalendarDate(year: 2025, month: 9, day: 1))
    }

    @Test(arguments: ["2025-02-30", "2025年9月1", "2025/9-1", "2025-09", "0000-01-01", "2025-001-01", "2025--09-01", "2025年9月1日 1"])
    func impossibleOrMixedDatesAreRefused(_ text: String) {
        #expect(throws: InputValueProblem.notADate(text)) { try ValueParser.date(text) }
    }

    @Test(arguments: ["2025-09", "2025-9", "2025/9", "2025.9", "2025年9月", "2025年09月"])
    func monthsOfEveryAcceptedFormMeanTheSameMonth(_ text: String) throws {
        #expect(try ValueParser.month(text) == YearMonth(year: 2025, month: 9))
    }

    @Test(arguments: ["2025-13", "2025年9", "2025-09-01", "9/2025", "2025/9月", ""])
    func badMonthsAreRefused(_ text: String) {
        #expect(throws: InputValueProblem.notAMonth(text)) { try ValueParser.month(text) }
    }

    @Test(arguments: [("3400", 340_000), ("3,400", 340_000), ("3400.50", 340_050), ("3400.5", 340_050), ("¥3400", 340_000),
                      ("￥3,400.50", 340_050), ("3400元", 340_000), ("1,234,567", 123_456_700), ("0", 0)] as [(String, Int64)])
    func amountsAreYuanInFen(_ text: String, _ fen: Int64) throws {
        #expect(try ValueParser.amount(text) == Money(fen: fen))
    }

    @Test(arguments: ["-1", "1.001", "3,40", "34,000,00", "¥3400元", "3 400", ".5", "3400.", "", "¥", "1e3", "+5"])
    func badAmountsAreRefused(_ text: String) {
        #expect(throws: InputValueProblem.notAnAmount(text)) { try ValueParser.amount(text) }
    }

    @Test func kindsMapTheirChineseNames() throws {
        for text in ["post", "Post", "岗位实习", "顶岗实习", "跟岗实习"] { #expect(try ValueParser.placementKind(text) == .post) }
        for text in ["observation", "认识实习"] { #expect(try ValueParser.placementKind(text) == .observation) }
        #expect(throws: InputValueProblem.notAKind("实习")) { try ValueParser.placementKind("实习") }
    }

    @Test func identifiersAreNormalisedToNFCAndInvisibleCharactersRefused() throws {
        #expect(Array(try ValueParser.identifier("Se\u{301}").utf8) == Array("S\u{E9}".utf8))
        #expect(throws: InputValueProblem.notAnIdentifier("A\u{202E}B", .invisible(0x202E))) { try ValueParser.identifier("A\u{202E}B") }
        #expect(throws: InputValueProblem.notAnIdentifier("A\u{200B}", .invisible(0x200B))) { try ValueParser.identifier("A\u{200B}") }
        #expect(throws: InputValueProblem.notAnIdentifier(" A", .surroundingWhitespace)) { try ValueParser.identifier(" A") }
        #expect(throws: InputValueProblem.notAnIdentifier("A\u{7}", .control(7))) { try ValueParser.identifier("A\u{7}") }
        #expect(throws: InputValueProblem.notAnIdentifier("", .empty)) { try ValueParser.identifier("") }
        #expect(throws: InputValueProblem.notAnIdentifier(String(repeating: "x", count: 65), .tooLong(characters: 65))) {
            try ValueParser.identifier(String(repeating: "x", count: 65))
        }
    }

    /// ASCII identifiers are checked by their bytes, other text by the Unicode properties: the two
    /// must answer alike for every ASCII scalar, and a whole ASCII ID the same as before.
    @Test func asciiIdentifiersAreCheckedAsTheUnicodePropertiesWould() throws {
        for byte in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(byte)
            #expect(IdentifierInput.asciiFlaw(of: byte) == IdentifierInput.flaw(of: scalar), "\(byte)")
            #expect(IdentifierInput.isASCIIWhitespace(byte) == scalar.properties.isWhitespace, "\(byte)")
        }
        #expect(throws: IdentifierFlaw.control(0x7F)) { try IdentifierInput.normalized("A\u{7F}B") }
        #expect(throws: IdentifierFlaw.whitespace(0x20)) { try IdentifierInput.normalized("A B") }
        #expect(throws: IdentifierFlaw.surroundingWhitespace) { try IdentifierInput.normalized("AB\u{B}") }
        #expect(throws: IdentifierFlaw.slash) { try IdentifierInput.normalized("A/B") }
        #expect(try IdentifierInput.normalized("A/B", allowingSlash: true) == "A/B")
        #expect(try IdentifierInput.normalized(String(repeating: "x", count: 64)).utf8.count == 64)
        // The first flaw in the text is the one named, as the scalar walk names it.
        #expect(throws: IdentifierFlaw.control(9)) { try IdentifierInput.normalized("A\tB C") }
    }

    @Test func displayTextEscapesWhatAReaderCannotSee() {
        #expect(DisplayText.escaped("王芳 Li") == "王芳 Li")
        #expect(DisplayText.escaped("A\u{202E}B\u{200B}C\u{FEFF}\n") == "A\\u{202e}B\\u{200b}C\\u{feff}\\u{a}")
        #expect(DisplayText.escaped("abcdef", limit: 3) == "abc…")
    }
}
