import Foundation
import Testing

/// Issue 16: every acknowledged write can return a receipt — an import, the demo and a key rotation
/// too, not only the commands of the normal write path.
@Suite("Receipts for imports, the demo and key rotations")
struct BulkReceiptTests {
    /// The receipt's JSON object.
    func receipt(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func anImportReceiptCoversEveryRowItAppendedAndVerifies() throws {
        let cli = CLIHarness("receipt-import")
        for line in ["init --as bureau:EDU --jurisdiction X --policy national --from 2020-01-01",
                     "school register S01 --name School --level secondary --as bureau:EDU"] {
            try #require(try cli.run(line).status == 0)
        }
        let file = cli.write("s.csv", Data("id,name,major,birth,enrolled\n1,A,CNC,2006-03-14,2023-09-01\n2,B,CNC,2006-03-14,2023-09-01\n".utf8))
        let path = cli.directory + "/import.receipt"
        let result = try cli.run(["import", "students", file, "--as", "school:S01", "--receipt", path])
        #expect(result.status == 0, "\(result)")
        let object = try receipt(path)
        #expect(object["positions"] as? [Int] == [4, 5])
        #expect(object["commandID"] as? String == "import students \(file)")
        #expect((object["proofs"] as? [Any])?.count == 2)
        #expect(try cli.run(["verify", "--receipt", path]).status == 0)
        // Nothing new appended: no receipt to write.
        let again = cli.directory + "/again.receipt"
        #expect(try cli.run(["import", "students", file, "--as", "school:S01", "--receipt", again]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: again))
    }

    @Test func theDemoAndAKeyRotationGiveReceiptsThatVerify() throws {
        let cli = CLIHarness("receipt-demo")
        let demo = cli.directory + "/demo.receipt"
        #expect(try cli.run(["demo", "--receipt", demo]).status == 0)
        let object = try receipt(demo)
        let positions = try #require(object["positions"] as? [Int])
        #expect(positions.first == 1 && positions.count == 2 && positions[1] > 1000)
        #expect(try cli.run(["verify", "--receipt", demo]).status == 0)

        let rotation = cli.directory + "/rotation.receipt"
        let rotate = try cli.run(["checkpoint", "rotate-key", "--reason", "annual rotation", "--as", "bureau:EDU", "--receipt", rotation])
        #expect(rotate.status == 0, "\(rotate)")
        let rotated = try receipt(rotation)
        #expect(rotated["positions"] as? [Int] == [positions[1] + 1, positions[1] + 1])
        #expect(try cli.run(["verify", "--receipt", rotation]).status == 0)
        // The demo's receipt still verifies after the rotation: the old key stays known.
        #expect(try cli.run(["verify", "--receipt", demo]).status == 0)
    }
}
