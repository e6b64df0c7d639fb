import Foundation
import Testing

/// A scratch schema in the database `REGISTRY_TEST_POSTGRES` names (made and dropped with `psql`),
/// and the connection string whose search path points into it.
final class PostgresScratch {
    static let base: String? = ProcessInfo.processInfo.environment["REGISTRY_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static var isConfigured: Bool { base != nil }

    let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    var conninfo: String {
        let base = Self.base ?? ""
        return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    init() throws { try Self.psql("CREATE SCHEMA \(schema)") }

    /// A harness whose commands go to the scratch schema, with a read-model cache of its own (as a server has).
    func harness(_ label: String) -> CLIHarness {
        let cli = CLIHarness(label)
        cli.environment["REGISTRY_STORE"] = conninfo
        cli.environment["REGISTRY_CACHE"] = cli.directory + "/cache"
        return cli
    }
    deinit { try? Self.psql("DROP SCHEMA \(schema) CASCADE") }

    /// Runs SQL as the test role (a superuser: it may step round the append-only trigger, as an attacker with the keys could).
    static func psql(_ sql: String, conninfo: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [conninfo ?? base ?? "", "-v", "ON_ERROR_STOP=1", "-qc", sql]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}

/// The registry on PostgreSQL, end to end through the built binaries: the same answers and the same
/// chain as on the file log, `migrate`, `verify` catching a row changed in the database, and
/// several processes writing to one database at once.
@Suite("PostgreSQL store, end to end", .enabled(if: PostgresScratch.isConfigured))
struct PostgresCLITests {
    private func databaseHarness(_ scratch: PostgresScratch, _ label: String) -> CLIHarness { scratch.harness(label) }

    @Test func theSameCommandsGiveTheSameAnswersAndTheSameChainOnBothStores() throws {
        let scratch = try PostgresScratch()
        let file = CLIHarness("pg-same-file")
        let database = databaseHarness(scratch, "pg-same-db")
        let commands = Scenario.rulesSetup + [
            Scenario.registerP4,
            ["placement", "start", "P-6", "--on", "2025-09-01", "--as", "enterprise:E02"],
            ["audit", "--on", "2026-01-31", "--as", "inspector:I01"],
            ["placement", "show", "P-1", "--as", "inspector:I01"],
            ["history", "placement-P-1", "--as", "inspector:I01"],
        ]
        // Fixed command IDs, so that both histories carry the same records.
        for command in commands.enumerated().map({ $1 + ["--command-id", "cmd-\($0)"] }) {
            let onFile = try file.run(command)
            var onDatabase = try database.run(command)
            onDatabase.stdout = onDatabase.stdout.replacingOccurrences(of: "registry initialised in \(scratch.conninfo.replacingOccurrences(of: ":registry_test@", with: ":***@"))",
                                                                       with: "registry initialised in \(file.logDirectory)")
            #expect(onDatabase == onFile, "\(command.joined(separator: " "))")
        }
        let fileHead = try file.run(["verify", "--format", "json"])
        let databaseHead = try database.run(["verify", "--format", "json"])
        #expect(fileHead.status == 0 && databaseHead.status == 0, "\(databaseHead)")
        #expect(headHash(fileHead.stdout) != nil && headHash(databaseHead.stdout) != nil)
        // Personal fields are sealed under a random key and nonce on each store, so the two chains
        // differ in those bytes only (`migrate…` shows one chain carried across); every other field
        // of every record is the same.
        let exportFile = try file.run(["export"], tool: "registry-replay")
        let exportDatabase = try database.run(["export"], tool: "registry-replay")
        #expect(exportFile.status == 0 && exportDatabase.status == 0)
        #expect(exportFile.stdout.contains("\"sealed\":{"))
        #expect(withoutSealedFields(exportDatabase.stdout) == withoutSealedFields(exportFile.stdout))
    }

    /// An export with every sealed member (random ciphertext) taken out of its payloads.
    private func withoutSealedFields(_ export: String) -> String {
        export.replacingOccurrences(of: #",?"sealed":\{[^{}]*\}"#, with: "", options: .regularExpression)
    }

    @Test func migrateCopiesAFileLogRecordForRecordAndExportReproducesIt() throws {
        let scratch = try PostgresScratch()
        let cli = CLIHarness("pg-migrate")
        let generated = try cli.run(["--events", "3000", "--seed", "11", "--log", cli.logDirectory], tool: "registry-gen")
        #expect(generated.status == 0, "\(generated)")
        let fileVerify = try cli.run(["verify", "--format", "json"])
        let migrated = try cli.run(["migrate", "--from", cli.logDirectory, "--to", scratch.conninfo])
        #expect(migrated.status == 0, "\(migrated)")
        #expect(migrated.stdout.range(of: #"matches the log's head +yes"#, options: .regularExpression) != nil, "\(migrated)")
        let hash = try #require(headHash(fileVerify.stdout))
        #expect(migrated.stdout.contains(hash))
        // The inspector's head, written down from the file log, checks the database.
        let expected = try cli.run(["verify", "--store", scratch.conninfo, "--expect-head", hash],
                                   extraEnvironment: ["REGISTRY_CACHE": cli.directory + "/cache"])
        #expect(expected.status == 0, "\(expected)")
        let fromFile = try cli.run(["export"], tool: "registry-replay")
        let fromDatabase = try cli.run(["export", "--store", scratch.conninfo], tool: "registry-replay")
        #expect(fromFile.status == 0)
        #expect(fromDatabase == fromFile)
        let again = try cli.run(["migrate", "--from", cli.logDirectory, "--to", scratch.conninfo])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds"))
    }

    /// An inspector's checkpoint, signed before the migration, still checks against the database:
    /// `migrate` carries the signing key and the verifier keys into the database's key directory.
    @Test func aCheckpointSavedBeforeTheMigrationVerifiesAfterIt() throws {
        let scratch = try PostgresScratch()
        let cli = CLIHarness("pg-migrate-checkpoint")
        for command in Scenario.bureauSetup { try #require(try cli.run(command).status == 0) }
        let checkpoint = try cli.run("checkpoint")
        try #require(checkpoint.status == 0)
        let saved = cli.write("before.checkpoint", Data(checkpoint.stdout.utf8))
        let migrated = try cli.run(["migrate", "--from", cli.logDirectory, "--to", scratch.conninfo],
                                   extraEnvironment: ["REGISTRY_CACHE": cli.directory + "/cache"])
        #expect(migrated.status == 0 && migrated.stdout.contains("checkpoint keys"), "\(migrated)")
        let database = scratch.harness("pg-migrate-checkpoint-db")
        database.environment["REGISTRY_CACHE"] = cli.directory + "/cache"
        #expect(try database.run(["school", "register", "S09", "--name", "新校", "--level", "higher", "--as", "bureau:EDU"]).status == 0)
        let verified = try database.run(["verify", "--checkpoint", saved])
        #expect(verified.status == 0, "\(verified)")
        // The database signs with the log's key from now on: one verifier key for the whole history.
        let publicKey = try cli.run("checkpoint --public-key")
        #expect(try database.run(["checkpoint", "--public-key"]).stdout == publicKey.stdout)
    }

    @Test func registryGenWritesTheSameHistoryIntoADatabase() throws {
        let scratch = try PostgresScratch()
        let cli = CLIHarness("pg-gen")
        #expect(try cli.run(["--events", "1500", "--seed", "5", "--log", cli.logDirectory], tool: "registry-gen").status == 0)
        let generated = try cli.run(["--events", "1500", "--seed", "5", "--store", scratch.conninfo], tool: "registry-gen")
        #expect(generated.status == 0, "\(generated)")
        let fromFile = try cli.run(["export"], tool: "registry-replay")
        let fromDatabase = try cli.run(["export", "--store", scratch.conninfo], tool: "registry-replay")
        #expect(fromFile.stdout.split(separator: "\n").count == 1500)
        #expect(fromDatabase.status == 0)
        #expect(withoutSealedFields(fromDatabase.stdout) == withoutSealedFields(fromFile.stdout))
    }

    @Test func aRowChangedInTheDatabaseFailsVerifyWithExit4() throws {
        let scratch = try PostgresScratch()
        let cli = databaseHarness(scratch, "pg-tamper")
        for command in Scenario.bureauSetup { #expect(try cli.run(command).status == 0) }
        #expect(try cli.run(["verify"]).status == 0)
        try PostgresScratch.psql("""
            ALTER TABLE events DISABLE TRIGGER events_append_only;
            UPDATE events SET actor = 'bureau:EVIL' WHERE position = 4;
            """, conninfo: scratch.conninfo)
        let verify = try cli.run(["verify"])
        #expect(verify.status == 4, "\(verify)")
        #expect(verify.stderr.contains("integrity error at position 4"))
    }

    /// Four processes, each with its own read-model cache (as four servers on four machines), write
    /// at once: every acknowledged command is in the history exactly once, positions are dense, the chain verifies.
    @Test func severalProcessesWriteToOneDatabaseAtOnce() throws {
        let scratch = try PostgresScratch()
        let setup = databaseHarness(scratch, "pg-many")
        #expect(try setup.run(Scenario.bureauSetup[0]).status == 0)
        let writers = 4, each = 6
        let acknowledged = ProcessCounter()
        let conninfo = scratch.conninfo
        DispatchQueue.concurrentPerform(iterations: writers) { w in
            let cli = CLIHarness("pg-many-\(w)")
            cli.environment["REGISTRY_STORE"] = conninfo
            cli.environment["REGISTRY_CACHE"] = cli.directory + "/cache"
            for i in 0..<each {
                let id = "S\(w)\(i)"
                let result = try? cli.run(["school", "register", id, "--name", "学校\(id)", "--level", "secondary",
                                           "--as", "bureau:EDU", "--command-id", "reg-\(id)"])
                if result?.status == 0 { acknowledged.add() }
            }
        }
        #expect(acknowledged.value == writers * each)
        let verify = try setup.run(["verify", "--format", "json"])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.stdout.contains("\"events\":\(2 + writers * each)"))
        let export = try setup.run(["export"], tool: "registry-replay")
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.count == 2 + writers * each)
        for w in 0..<writers {
            for i in 0..<each { #expect(lines.filter { $0.contains("\"reg-S\(w)\(i)\"") }.count == 1) }
        }
    }

    @Test func aStoreThatIsNotAConnectionStringIsAUsageError() throws {
        let cli = CLIHarness("pg-usage")
        let result = try cli.run(["verify", "--store", "/var/lib/registry"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a PostgreSQL connection string"))
    }

    private func headHash(_ json: String) -> String? {
        guard let range = json.range(of: #""head_hash":"[0-9a-f]{64}""#, options: .regularExpression) else { return nil }
        return String(json[range].dropFirst(13).dropLast())
    }
}

final class ProcessCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
