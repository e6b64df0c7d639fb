import Foundation
import Testing

/// How an import file's bytes become text (issue 11): a byte-order mark means UTF-8; without one,
/// valid UTF-8 is UTF-8 and anything else GB18030; a file that is not valid in its encoding, or
/// that mixes UTF-8 rows with GBK rows, is refused whole, never imported as mojibake.
@Suite("Import files are decoded in one encoding or refused")
struct ImportDecodingTests {
    static let header = Data("学号,姓名,专业,出生日期,入学日期\n".utf8)
    static let utf8Row = Data("2024001,王芳,数控技术,2007-01-02,2024-09-01\n".utf8)
    /// `2024002,李娜,会计,2007-03-04,2024-09-01` in GBK.
    static let gbkRow = Data("2024002,".utf8) + Data([0xC0, 0xEE, 0xC4, 0xC8]) + Data(",".utf8) + Data([0xBB, 0xE1, 0xBC, 0xC6])
        + Data(",2007-03-04,2024-09-01\n".utf8)

    @Test func aFileWithAByteOrderMarkMustBeUTF8Throughout() throws {
        let cli = try Scenario.make("decode-bom", InputBoundaryTests.setup)
        let file = cli.write("bom.csv", Data([0xEF, 0xBB, 0xBF]) + Self.header + Self.utf8Row + Self.gbkRow)
        let before = cli.logBytes()
        let result = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(result == RunResult(status: 2, stdout: "", stderr: """
            error: \(file) starts with a UTF-8 byte-order mark, but line 3 is not valid UTF-8 (perhaps rows in GBK were pasted in); \
            save the whole file as 'CSV UTF-8'.

            """))
        #expect(cli.logBytes() == before)
        #expect(try cli.run(["show", "student", "2024001", "--as", "school:S01"]).status == 2)
    }

    @Test func aFileMixingUTF8AndGBKRowsWithoutAMarkIsRefused() throws {
        let cli = try Scenario.make("decode-mixed", InputBoundaryTests.setup)
        let file = cli.write("mixed.csv", Self.header + Self.utf8Row + Self.gbkRow)
        let before = cli.logBytes()
        let result = try cli.run(["import", "students", file, "--as", "school:S01", "--lang", "zh"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr == "错误：\(file) 混用了两种编码：第 1 行是 UTF-8，而第 3 行不是；请将整个文件另存为“CSV UTF-8”。\n")
        #expect(cli.logBytes() == before)
    }

    @Test func aWholeGBKFileIsStillDecoded() throws {
        let cli = try Scenario.make("decode-gbk", InputBoundaryTests.setup)
        let gbkHeader = Data("id,name,major,birth,enrolled\n".utf8)
        let file = cli.write("gbk.csv", gbkHeader + Self.gbkRow)
        let result = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(result.status == 0, "\(result)")
        #expect(try cli.run(["show", "student", "2024002", "--as", "school:S01"]).stdout.contains("name      李娜\n"))
    }

    @Test func aDeviceIsNotAFileOfRows() throws {
        let cli = try Scenario.make("decode-device", InputBoundaryTests.setup)
        let result = try cli.run(["import", "students", "/dev/zero", "--as", "school:S01"])
        #expect(result == RunResult(status: 2, stdout: "", stderr: """
            error: /dev/zero is not a regular file (it is a character device), so it is not text to import; give the path of a CSV file.

            """))
    }

    @Test func aPipeIsRefusedWithoutReadingIt() throws {
        let cli = try Scenario.make("decode-fifo", InputBoundaryTests.setup)
        let path = cli.directory + "/rows.fifo"
        try #require(mkfifo(path, 0o600) == 0)
        // Nobody writes to the pipe: reading it would block for ever.
        let result = try cli.run(["import", "students", path, "--as", "school:S01", "--lang", "zh"])
        #expect(result == RunResult(status: 2, stdout: "", stderr: "错误：\(path) 不是普通文件（它是命名管道 FIFO），不是可导入的文本；请给出 CSV 文件的路径。\n"))
    }
}
