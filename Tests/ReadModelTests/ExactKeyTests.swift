import Foundation
@testable import ReadModel
import RegistryDomain
import SQLiteSupport
import Testing

/// Keys compare as bytes in the read model, in SQLite and in the rebuild's memory alike (FORMAT.md 3.1).
@Suite("Read-model keys compare as bytes")
struct ExactKeyTests {
    @Test func aRebuildKeepsCanonicallyEquivalentIDsApartAsSQLiteDoes() throws {
        let dir = NSTemporaryDirectory() + "readmodel-exact-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let events: [(position: UInt64, event: RegistryEvent)] = [
            (1, .schoolRegistered(SchoolRegistered(id: "S\u{E9}", name: "Composed", level: .secondary))),
            (2, .schoolRegistered(SchoolRegistered(id: "Se\u{301}", name: "Decomposed", level: .higher))),
        ]
        let live = try ReadModelStore(path: dir + "/live.sqlite")
        for event in events { try live.apply([event]) }
        let builder = ReadModelBuilder()
        builder.apply(events)
        let rebuilt = try builder.write(to: dir + "/rebuilt.sqlite")
        #expect(try live.dump()["schools"]?.count == 2)
        #expect(try rebuilt.dump() == (try live.dump()))
        #expect(SQLiteValue.text("S\u{E9}") != SQLiteValue.text("Se\u{301}"))
    }
}
