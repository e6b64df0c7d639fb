import Foundation
import Testing

/// `--format csv` starts with a UTF-8 byte-order mark when standard output is a file or `--excel`
/// is given, so that Excel on Chinese Windows reads it as UTF-8; a pipe or a terminal gets none.
@Suite("CSV for Excel, end to end")
struct ExcelCSVTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    func makeRegistry(_ label: String) throws -> CLIHarness {
        let cli = CLIHarness(label)
        for line in ["init --as bureau:EDU --jurisdiction 三门峡 --policy national --from 2020-01-01",
                     "school register S01 --name 学校 --level secondary --as bureau:EDU"] {
            try #require(try cli.run(line).status == 0, "\(line)")
        }
        return cli
    }

    /// Runs `registry` with standard output redirected to a new file, as `> file` does.
    func runToFile(_ cli: CLIHarness, _ arguments: [String], file: String) throws -> (Int32, [UInt8]) {
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.executable)
        process.arguments = arguments
        process.environment = cli.environment
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, Array(FileManager.default.contents(atPath: file) ?? Data()))
    }

    @Test func csvToAFileStartsWithAByteOrderMark() throws {
        let cli = try makeRegistry("excel-file")
        let plain = try cli.run("quota --on 2025-09-01 --format csv --as inspector:I01")
        let (status, bytes) = try runToFile(cli, ["quota", "--on", "2025-09-01", "--format", "csv", "--as", "inspector:I01"],
                                            file: cli.directory + "/quota.csv")
        #expect(status == 0)
        #expect(bytes == Self.bom + Array(plain.stdout.utf8))
    }

    @Test func csvToAPipeHasNoMarkUnlessExcelIsAsked() throws {
        let cli = try makeRegistry("excel-pipe")
        let plain = try cli.run("quota --on 2025-09-01 --format csv --as inspector:I01")
        #expect(plain.status == 0)
        #expect(!Array(plain.stdout.utf8).starts(with: Self.bom))
        let excel = try cli.run("quota --on 2025-09-01 --format csv --excel --as inspector:I01")
        #expect(excel.status == 0)
        #expect(Array(excel.stdout.utf8).starts(with: Self.bom))
        #expect(Array(excel.stdout.utf8).dropFirst(3).elementsEqual(Array(plain.stdout.utf8)))
        // --excel alone means CSV.
        #expect(try cli.run("quota --on 2025-09-01 --excel --as inspector:I01").stdout == excel.stdout)
    }

    @Test func tablesAndJSONToAFileHaveNoMark() throws {
        let cli = try makeRegistry("excel-json")
        let (status, bytes) = try runToFile(cli, ["quota", "--on", "2025-09-01", "--format", "json", "--as", "inspector:I01"],
                                            file: cli.directory + "/quota.json")
        #expect(status == 0)
        #expect(!bytes.starts(with: Self.bom))
        let (_, table) = try runToFile(cli, ["quota", "--on", "2025-09-01", "--as", "inspector:I01"], file: cli.directory + "/quota.txt")
        #expect(!table.starts(with: Self.bom))
    }

    @Test func excelWithAnotherFormatIsAUsageError() throws {
        let cli = try makeRegistry("excel-usage")
        let result = try cli.run("quota --on 2025-09-01 --format json --excel --as inspector:I01")
        #expect(result == RunResult(status: 2, stdout: "", stderr: "error: --excel writes CSV for Excel; it cannot be combined with --format json.\n"))
    }
}
