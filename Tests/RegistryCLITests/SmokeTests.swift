import Foundation
import Testing

@Suite("The command line, end to end")
struct SmokeTests {
    @Test func helpListsTheVocabularyAndExitsZero() throws {
        let cli = CLIHarness()
        let result = try cli.run(["help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("registry placement register ID"))
        #expect(try cli.run(["placement", "register", "--help"]).stdout.contains("--major-relevant"))
    }

    @Test func anEmptyRegistryLogVariableMeansTheDefaultLog() throws {
        let cli = CLIHarness("empty-log-variable")
        let result = try cli.run(["init", "--as", "bureau:EDU", "--jurisdiction", "三门峡市", "--policy", "sanmenxia", "--from", "2024-01-01"],
                                 extraEnvironment: ["REGISTRY_LOG": ""], workingDirectory: cli.directory)
        #expect(result.status == 0, "\(result)")
        #expect(FileManager.default.fileExists(atPath: cli.directory + "/registry-log/00000001.seg"))
    }

    @Test func anEmptyLogOptionIsAUsageError() throws {
        let cli = CLIHarness()
        let result = try cli.run(["verify", "--log", ""])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("--log needs a directory"))
    }

    @Test func anUnknownCommandIsAUsageError() throws {
        let cli = CLIHarness()
        let result = try cli.run(["placment"])
        #expect(result == RunResult(status: 2, stdout: "", stderr: "error: unknown command 'placment'; did you mean 'placement'?\n"))
    }
}
