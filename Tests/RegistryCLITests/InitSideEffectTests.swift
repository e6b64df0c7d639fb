import Foundation
import Testing

/// A refused or failed `init` leaves the file system as it found it (issue 11).
@Suite("A refused init leaves nothing behind")
struct InitSideEffectTests {
    @Test func initByTheWrongRoleCreatesNoDirectory() throws {
        let cli = CLIHarness("init-role")
        let log = cli.directory + "/new-log"
        let result = try cli.run(["init", "--as", "school:S01", "--jurisdiction", "X", "--log", log])
        #expect(result.status == 5, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: log))
    }

    @Test func initWithAnUnknownPolicyCreatesNoFiles() throws {
        let cli = CLIHarness("init-policy")
        let log = cli.directory + "/new-log"
        let result = try cli.run(["init", "--as", "bureau:EDU", "--jurisdiction", "X", "--policy", "beijing", "--log", log])
        #expect(result.status != 0, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: log))
        let audit = try cli.run(["audit", "--as", "inspector:I1", "--log", log])
        #expect(audit.status == 2, "\(audit)")
    }

    @Test func aFailedInitInAnExistingDirectoryRemovesOnlyWhatItCreated() throws {
        let cli = CLIHarness("init-existing")
        let log = cli.directory + "/mine"
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: log + "/notes.txt", contents: Data("keep me".utf8)))
        let result = try cli.run(["init", "--as", "bureau:EDU", "--jurisdiction", "X", "--policy", "beijing", "--log", log])
        #expect(result.status != 0, "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: log) == ["notes.txt"])
    }

    @Test func initOnAnExistingLogKeepsEveryFile() throws {
        let cli = try Scenario.make("init-again", InputBoundaryTests.setup)
        let before = try FileManager.default.contentsOfDirectory(atPath: cli.logDirectory).sorted()
        let bytes = cli.logBytes()
        let again = try cli.run(["init", "--as", "bureau:EDU", "--jurisdiction", "Y"])
        #expect(again.status != 0, "\(again)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.logDirectory).sorted() == before)
        #expect(cli.logBytes() == bytes)
    }
}
