import Foundation
import Testing

/// The import accepts what real exports hold (issue 13): extra columns are ignored and listed once,
/// common header variants are recognised, and a 身份证号 column is accepted but neither stored nor printed.
@Suite("Import headers from real exports")
struct ImportHeaderTests {
    static let idNumber = "410102200701020036"

    @Test func anExportWithExtraColumnsVariantsAndIDNumbersImports() throws {
        let cli = try Scenario.make("import-export", InputBoundaryTests.setup)
        let file = cli.write("export.csv", Data("""
            序号,学号,学生姓名,性别,身份证号,班级,专业名称,出生年月日,入学时间
            1,2024001,王芳,女,\(Self.idNumber),数控2401,数控技术,2007-01-02,2024/9/1
            2,2024002,李强,男,410102200702030051,数控2401,数控技术,2007年2月3日,2024-09-01

            """.utf8))
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.logDirectory + "/00000001.seg"))
        let result = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(result == RunResult(status: 0, stdout: """
            ignored columns not used by this import: 序号, 性别, 班级.
            身份证号 column: sealed with each student's key, matched for duplicates by keyed digest, never printed.
            imported 2 new rows, 0 already imported, 0 rejected, of 2 rows in \(file).

            """, stderr: ""))
        let shown = try cli.run(["show", "student", "2024001", "--as", "school:S01"])
        #expect(shown.stdout.contains("name      王芳\nmajor     数控技术\nborn      2007-01-02\nenrolled  2024-09-01\n"), "\(shown)")
        // The ID number reached neither the log nor any output.
        let after = try Data(contentsOf: URL(fileURLWithPath: cli.logDirectory + "/00000001.seg"))
        #expect(after.count > before.count)
        #expect(after.range(of: Data(Self.idNumber.utf8)) == nil)
        #expect(!shown.stdout.contains(Self.idNumber))

        let zh = try cli.run(["import", "students", file, "--as", "school:S01", "--lang", "zh"])
        #expect(zh.stdout.hasPrefix("已忽略本导入不使用的列：序号、性别、班级。\n身份证号 列：以学生本人的密钥加密保存，以带密钥的摘要查重，从不显示。\n"), "\(zh)")
        let json = try cli.run(["import", "students", file, "--as", "school:S01", "--format", "json"])
        #expect(json.stdout.contains("\"ignoredColumns\":[\"序号\",\"性别\",\"班级\"],\"personalDataColumns\":[\"身份证号\"]"), "\(json)")
        #expect(!json.stdout.contains(Self.idNumber))
    }

    @Test func aRejectedRowNeverShowsTheIDNumber() throws {
        let cli = try Scenario.make("import-idnumber", InputBoundaryTests.setup)
        let file = cli.write("bad.csv", Data("姓名,学号,身份证号码,专业,出生日期,入学日期\n王芳,2024001,\(Self.idNumber),数控技术,2007-13-02,2024-09-01\n".utf8))
        let result = try cli.run(["import", "students", file, "--as", "school:S01", "--format", "csv"])
        #expect(result.status == 1)
        #expect(!result.stdout.contains(Self.idNumber) && !result.stderr.contains(Self.idNumber), "\(result)")
    }
}
