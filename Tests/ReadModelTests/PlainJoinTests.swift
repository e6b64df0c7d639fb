import SQLiteSupport
import Testing

/// `plainJoined` (statement and help text joined without the standard library's generic code)
/// makes what `joined(separator:)` makes.
@Suite("Joining text without generic code")
struct PlainJoinTests {
    @Test(arguments: [[], [""], ["a"], ["a", "b"], ["", "", ""], ["position", "stream", "版本"], Array(repeating: "?", count: 33)])
    func itEqualsJoinedSeparator(parts: [String]) {
        for separator in ["", ", ", " AND ", "、"] {
            #expect(parts.plainJoined(separator) == parts.joined(separator: separator))
        }
    }
}
