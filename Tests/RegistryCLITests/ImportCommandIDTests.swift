import EventStore
import Foundation
import RegistryDomain
import Testing
@testable import RegistryCLI

/// A row's command ID is how a re-run finds the rows it imported before: however it is computed,
/// it must stay what the first version computed (kind, actor and values joined by separators,
/// SHA-256, the first 32 hex digits).
@Suite("Import command IDs stay the same")
struct ImportCommandIDTests {
    /// The first version's formula, by string concatenation.
    static func reference(kind: ImportKind, actor: Actor, values: [String]) -> String {
        let text = kind.rawValue + "\u{1E}" + actor.description + "\u{1E}" + values.joined(separator: "\u{1F}")
        return "import-\(kind.rawValue)-" + ContentHash.sha256Hex(Array(text.utf8)).prefix(32)
    }

    @Test(arguments: ["B000001,王芳芳,数控技术,2005-02-02,2023-09-01", "B2,\"a, b\",机电一体化,2005-01-31,2023-09-01",
                      "B3, 李娜😀 ,汽车检测与维修,2005-12-28,2023-09-01"])
    func equalsTheFirstVersion(line: String) throws {
        let text = "id,name,major,birth,enrolled\n" + line + "\n"
        let records = try CSVReader.records(in: text, file: "t.csv")
        let header = try ImportHeader(records[0].fields, kind: .students, file: "t.csv")
        var row = try ImportRow(records[1], header: header)
        let actor = try #require(Actor("school:S01"))
        // Reading the command fills the row's normalized values.
        _ = try ImportKind.students.command(for: &row, by: actor, today: nil)
        let importer = Importer(kind: .students, actor: actor, file: "t.csv")
        #expect(!row.normalized.isEmpty)
        #expect(importer.commandID(for: row) == Self.reference(kind: .students, actor: actor, values: row.normalized))
    }
}
