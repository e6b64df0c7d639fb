import Testing
@testable import RegistryService

/// `PersonalFields.firstIndex` finds the sealed member in every payload of a personal type a replay
/// decodes; it must find the first whole occurrence wherever it is, and nothing else.
@Suite("Finding the sealed member in a payload")
struct PersonalFieldsSearchTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func theFirstWholeOccurrenceIsFound() {
        #expect(PersonalFields.firstIndex(of: #""sealed":"#, in: Self.bytes(#"{"id":"ST1","sealed":{"key":"k"}}"#)) == 12)
        #expect(PersonalFields.firstIndex(of: "ab", in: Self.bytes("ab")) == 0)
        #expect(PersonalFields.firstIndex(of: "ab", in: Self.bytes("xxab")) == 2)
        // A candidate that starts like the needle and fails, then one that overlaps it.
        #expect(PersonalFields.firstIndex(of: "aab", in: Self.bytes("aaab")) == 1)
        #expect(PersonalFields.firstIndex(of: #","sealed":{"#, in: Self.bytes(#"{"a":"sealed","sealed":{"#)) == 13)
        #expect(PersonalFields.firstIndex(of: "b", in: Self.bytes("abab")) == 1)
    }

    @Test func aMissingOrCutNeedleIsNotFound() {
        #expect(PersonalFields.firstIndex(of: "ab", in: []) == nil)
        #expect(PersonalFields.firstIndex(of: "ab", in: Self.bytes("a")) == nil)
        #expect(PersonalFields.firstIndex(of: "abc", in: Self.bytes("xxab")) == nil)
        #expect(PersonalFields.firstIndex(of: #""sealed":"#, in: Self.bytes(#"{"sealed":1"#)) == 1)
        #expect(PersonalFields.firstIndex(of: #""sealed":"#, in: Self.bytes(#"{"sealed""#)) == nil)
        #expect(!PersonalFields.isSealed(Self.bytes(#"{"id":"ST1","name":"sealed"}"#)))
        #expect(PersonalFields.isSealed(Self.bytes(#"{"id":"ST1","sealed":{}}"#)))
    }
}
