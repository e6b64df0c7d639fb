import Foundation
import Testing

/// Checkpoints, proofs and receipts with `--store postgresql://…`: the same history has the same
/// tree (size, root, leaves, audit paths) on both stores, and a database's checkpoints and receipts
/// verify as a file log's do.
@Suite("PostgreSQL store: checkpoints, proofs and receipts", .enabled(if: PostgresScratch.isConfigured))
struct PostgresProofCLITests {
    @Test func theSameHistoryGivesTheSameRootAndProofsOnBothStores() throws {
        let scratch = try PostgresScratch()
        let file = CLIHarness("pg-proof-file")
        let database = CLIHarness("pg-proof-db")
        database.environment["REGISTRY_STORE"] = scratch.conninfo
        database.environment["REGISTRY_CACHE"] = database.directory + "/cache"
        for (i, command) in Scenario.bureauSetup.enumerated() {
            for cli in [file, database] {
                let result = try cli.run(command + ["--command-id", "cmd-\(i)"])
                #expect(result.status == 0, "\(result)")
            }
        }
        let fileCheckpoint = try file.run(["checkpoint", "--format", "json"])
        let databaseCheckpoint = try database.run(["checkpoint", "--format", "json"])
        #expect(databaseCheckpoint.status == 0, "\(databaseCheckpoint)")
        for field in ["origin", "treeSize", "rootHash"] {
            #expect(value(field, databaseCheckpoint.stdout) != nil)
            #expect(value(field, databaseCheckpoint.stdout) == value(field, fileCheckpoint.stdout), "\(field)")
        }
        let fileProof = try file.run(["prove", "inclusion", "3", "--format", "json"])
        let databaseProof = try database.run(["prove", "inclusion", "3", "--format", "json"])
        #expect(databaseProof.status == 0, "\(databaseProof)")
        for field in ["leafHash", "path", "rootHash"] {
            #expect(value(field, databaseProof.stdout) == value(field, fileProof.stdout), "\(field)")
        }
        let fileConsistency = try file.run(["prove", "consistency", "2", "5", "--format", "json"])
        let databaseConsistency = try database.run(["prove", "consistency", "2", "5", "--format", "json"])
        #expect(databaseConsistency.status == 0 && databaseConsistency.stdout == fileConsistency.stdout, "\(databaseConsistency)")

        // A receipt from a write on the database, and the checkpoint taken before it, both verify.
        let checkpointFile = database.directory + "/checkpoint.txt"
        let note = try database.run(["checkpoint"])
        try note.stdout.write(toFile: checkpointFile, atomically: true, encoding: .utf8)
        let receiptFile = database.directory + "/receipt.json"
        let write = try database.run(["school", "register", "S03", "--name", "三门峡市第三职业学校", "--level", "secondary",
                                      "--as", "bureau:EDU", "--receipt", receiptFile])
        #expect(write.status == 0 && write.stderr.isEmpty, "\(write)")
        let receipt = try database.run(["verify", "--receipt", receiptFile])
        #expect(receipt.status == 0, "\(receipt)")
        let extends = try database.run(["verify", "--checkpoint", checkpointFile])
        #expect(extends.status == 0, "\(extends)")
        #expect(extends.stdout.contains("the log extends the checkpoint  yes"))
    }

    /// The value of a top-level JSON field, as text.
    private func value(_ field: String, _ json: String) -> String? {
        guard let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let found = object[field] else { return nil }
        return "\(found)"
    }
}
