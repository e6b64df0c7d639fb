import Foundation
import Testing

/// Issue 13, "the first five minutes": the README's commands work when pasted. The blocks of
/// "Using it", "A clerk's day" and "An inspector's day" run in order as one shell script (`set -e`)
/// in a fresh directory with the built `registry` on PATH, and the first block puts it there.
@Suite("README")
struct ReadmeTests {
    static let readme = GoldenTests.root + "/README.md"

    /// The ```sh blocks under the section headed `heading`.
    static func blocks(under heading: String, in text: String) -> [String] {
        guard let start = text.range(of: "\n## " + heading + "\n") else { return [] }
        let rest = text[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        return section.components(separatedBy: "```sh\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first }
    }

    @Test func theFirstCommandPutsRegistryOnThePath() throws {
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
        let first = try #require(text.components(separatedBy: "```sh\n").dropFirst().first)
        let firstLine = try #require(first.split(separator: "\n").first)
        #expect(firstLine.contains("swift build -c release"))
        #expect(firstLine.contains("export PATH=$PWD/.build/release:$PATH"))
    }

    @Test func theClerksAndTheInspectorsDaysRunAsPasted() throws {
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
        let sections = ["Using it", "A clerk's day", "An inspector's day"]
        let script = sections.flatMap { Self.blocks(under: $0, in: text) }
        #expect(script.count == 3)
        let cli = CLIHarness("readme")
        var environment = cli.environment
        environment.removeValue(forKey: "REGISTRY_LOG")
        environment.removeValue(forKey: "REGISTRY_NOW")
        let result = try HelpExampleTests.shell("set -ex\n" + script.joined(separator: "\n"), in: cli.directory, environment: environment)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("imported 2 new rows"))
        #expect(result.stdout.contains("P-18"))
    }
}
