import RegistryDomain
import Testing

/// Entities are keyed by the bytes of their IDs, as their streams are in the log (FORMAT.md 3.1).
@Suite("IDs are compared as bytes in domain state")
struct ExactIDTests {
    @Test func canonicallyEquivalentIDsAreTwoSchools() {
        let composed = "S\u{E9}", decomposed = "Se\u{301}"
        let state = RegistryState(events: [
            .schoolRegistered(SchoolRegistered(id: composed, name: "Composed", level: .secondary)),
            .schoolRegistered(SchoolRegistered(id: decomposed, name: "Decomposed", level: .higher)),
        ])
        #expect(state.schools.count == 2)
        #expect(state.schools[composed]?.name == "Composed")
        #expect(state.schools[decomposed]?.name == "Decomposed")
        #expect(Set(state.schools.keys.map { Array($0.utf8) }) == [Array(composed.utf8), Array(decomposed.utf8)])
    }

    @Test func exactIDsCompareBytes() {
        #expect(ExactID("S\u{E9}") != ExactID("Se\u{301}"))
        #expect(ExactID("S\u{E9}") == ExactID("S\u{E9}"))
        #expect("S\u{E9}".hasSameBytes(as: "Se\u{301}") == false)
    }
}
