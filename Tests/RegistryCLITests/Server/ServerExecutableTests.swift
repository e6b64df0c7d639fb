import Foundation
import Testing

/// `registry` holds no server: it is linked without PIE (in release builds), so a command starts with
/// no relocations to apply (issue 17), and `registry serve` and `registry account …` replace it with `registry-server`
/// from the same directory, which is position-independent, so the process facing the network keeps
/// address-space randomisation.
@Suite struct ServerExecutableTests {
    /// The ELF file type: 2 for an executable at fixed addresses, 3 for a position-independent one.
    private func elfType(_ path: String) throws -> UInt16 {
        let bytes = try #require(FileManager.default.contents(atPath: path))
        try #require(bytes.count > 18 && Array(bytes.prefix(4)) == [0x7f, 0x45, 0x4c, 0x46], "\(path) is not an ELF file")
        return UInt16(bytes[16]) | UInt16(bytes[17]) << 8
    }

    /// `registry` is linked without PIE in release builds only (Package.swift), so a test build's is
    /// position-independent too; the release build's is checked by `.ci/run`.
    @Test func theServerIsPositionIndependent() throws {
        #expect(try elfType(CLIHarness.tool("registry-server")) == 3)
    }

    /// Copied alone, `registry` says which file it needs and where, and runs nothing; with
    /// `registry-server` beside it (or reached through a symbolic link), the account commands work.
    @Test func accountCommandsRunInTheServerExecutableBesideRegistry() throws {
        let cli = CLIHarness("server-executable")
        try cli.setUp(["init --as bureau:EDU --jurisdiction 三门峡市 --policy sanmenxia --from 2024-01-01"])
        let bin = cli.directory + "/bin", linked = cli.directory + "/on-path"
        for directory in [bin, linked] { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        try FileManager.default.copyItem(atPath: CLIHarness.tool("registry"), toPath: bin + "/registry")
        try FileManager.default.createSymbolicLink(atPath: linked + "/registry", withDestinationPath: bin + "/registry")
        let add = ["account", "add", "zhang", "--role", "school:S01", "--name", "张老师", "--as", "bureau:EDU"]

        let alone = try cli.run(add, tool: bin + "/registry")
        #expect(alone.status == 2, "\(alone)")
        #expect(alone.stderr.contains(bin + "/registry-server") && alone.stderr.contains("could not be started"), "\(alone)")
        #expect(alone.stdout.isEmpty, "\(alone)")
        let aloneZh = try cli.run(add + ["--lang", "zh"], tool: linked + "/registry")
        #expect(aloneZh.status == 2, "\(aloneZh)")
        #expect(aloneZh.stderr.contains(bin + "/registry-server") && aloneZh.stderr.contains("请把 registry-server 复制到"), "\(aloneZh)")

        try FileManager.default.copyItem(atPath: CLIHarness.tool("registry-server"), toPath: bin + "/registry-server")
        let before = try cli.run(["account", "list", "--as", "bureau:EDU"], tool: linked + "/registry")
        #expect(before.status == 0 && !before.stdout.contains("zhang"), "nothing was added by the refused runs: \(before)")
        let added = try cli.run(add, tool: linked + "/registry")
        #expect(added.status == 0, "\(added)")
        let after = try cli.run(["account", "list", "--as", "bureau:EDU"], tool: bin + "/registry")
        #expect(after.status == 0 && after.stdout.contains("zhang") && after.stdout.contains("school:S01"), "\(after)")
    }
}
