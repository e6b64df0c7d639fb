import Testing
@testable import WebPages

/// The catalogue: every entry in both languages.
@Suite("Page text")
struct PageTextTests {
    @Test(arguments: PageText.allCases)
    func everyEntryHasEnglishAndChinese(_ text: PageText) {
        #expect(!text.pair.en.isEmpty)
        #expect(!text.pair.zh.isEmpty)
    }
}
