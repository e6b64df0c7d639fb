import Foundation
import Testing

/// `registry import students|placements|stipends FILE.csv`, end to end through the built binary.
@Suite("CSV import, end to end")
struct ImportTests {
    /// A registry with school S01 and enterprise E01 (above scale, 200 employees).
    func makeRegistry(_ label: String) throws -> CLIHarness {
        let cli = CLIHarness(label)
        try cli.setUp(["init --as bureau:EDU --jurisdiction X --policy national --from 2020-01-01",
                     "school register S01 --name School --level secondary --as bureau:EDU",
                     "enterprise register E01 --name Works --above-scale --as bureau:EDU",
                     "enterprise workforce E01 --headcount 200 --as-of 2020-01-01 --as enterprise:E01"])
        return cli
    }

    func csv(_ lines: [String], lineEnd: String = "\n") -> Data {
        Data(lines.map { $0 + lineEnd }.joined().utf8)
    }

    // MARK: Rows

    @Test func studentsAreImportedRowByRowAndARerunAppendsNothing() throws {
        let cli = try makeRegistry("import-students")
        try #require(try cli.run(["student", "enroll", "2023009", "--name", "Old", "--major", "CNC", "--birth", "2006-01-01",
                                  "--enrolled", "2023-09-01", "--as", "school:S01"]).status == 0)
        let file = cli.write("students.csv", csv([
            "id,name,major,birth,enrolled",
            "2023001,王芳,数控技术,2006-03-14,2023-09-01",
            "2023002,Li Qiang,\"Mechatronics, CNC\",2006/11/2,2023/9/1",
            "2023003,Zhao,CNC,2025-02-30,2023-09-01",
            "2023004,,CNC,2006-01-01,2023-09-01",
            "2023001,王芳,数控技术,2006-03-14,2023-09-01",
            "2023009,Someone Else,CNC,2006-01-01,2023-09-01",
        ]))
        let rejected = """
            line  id       rule       message
            ----  -------  ---------  -----------------------------------------------------------------------------
            4     2023003  input      birth '2025-02-30' is not a calendar date; write YYYY-MM-DD, e.g. 2025-09-01.
            5     2023004  input      name is empty.
            6     2023001  duplicate  duplicate of line 2.
            7     2023009  state      student '2023009' is already registered.

            """
        let first = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(first == RunResult(status: 1, stdout: rejected + "imported 2 new rows, 0 already imported, 4 rejected, of 6 rows in \(file).\n",
                                   stderr: ""))

        let shown = try cli.run("show student 2023002 --as school:S01")
        #expect(shown.stdout.contains("name      Li Qiang\nmajor     Mechatronics, CNC\nborn      2006-11-02\nenrolled  2023-09-01\n"))
        #expect(try cli.run("show student 2023001 --as school:S01").stdout.contains("name      王芳\n"))
        #expect(try cli.run("show student 2023009 --as school:S01").stdout.contains("name      Old\n"))

        let before = cli.logBytes()
        let again = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(again == RunResult(status: 1, stdout: rejected + "imported 0 new rows, 2 already imported, 4 rejected, of 6 rows in \(file).\n",
                                   stderr: ""))
        let json = try cli.run(["import", "students", file, "--as", "school:S01", "--format", "json", "--lang", "zh"])
        #expect(json.status == 1)
        #expect(json.stdout == """
            {"file":"\(file)","rows":6,"imported":0,"alreadyImported":2,"rejected":[\
            {"line":4,"id":"2023003","rule":"input","message":"birth '2025-02-30' 不是有效日期；请写成 YYYY-MM-DD，例如 2025-09-01。"},\
            {"line":5,"id":"2023004","rule":"input","message":"name 为空。"},\
            {"line":6,"id":"2023001","rule":"duplicate","message":"与第 2 行重复。"},\
            {"line":7,"id":"2023009","rule":"state","message":"学生 '2023009' 已登记。"}]}

            """)
        #expect(cli.logBytes() == before)
    }

    @Test func chineseHeadersBOMCRLFAndQuotedFields() throws {
        let cli = try makeRegistry("import-zh")
        let text = csv(["学号,姓名, 专业 ,出生日期,入学日期",
                        "2024001,\"张, 伟\",计算机应用,2007年5月1日,2024-09-01",
                        "2024002,\"王 \"\"小\"\" 明\",\"机电\r\n一体化\",2007-06-02,2024-09-01",
                        ",,,,",
                        "2024003,Zhou,\"CNC\",2007-07-03,2024-09-01"],
                       lineEnd: "\r\n")
        let file = cli.write("学生.csv", Data([0xEF, 0xBB, 0xBF]) + text)
        let result = try cli.run(["import", "students", file, "--as", "school:S01", "--lang", "zh"])
        // A line break inside quotes belongs to the field (and a major may not hold one); the line numbers go on counting.
        #expect(result == RunResult(status: 1, stdout: """
            行  编号     规则      原因
            --  -------  --------  -----------------------------------------------------------------
            3   2024002  输入有误  专业 '机电\\u{a}一体化' 无效；须为 1 至 200 个字符，不含控制字符。
            新导入 2 行，此前已导入 0 行，拒绝 1 行，\(file) 共 3 行。

            """, stderr: ""))
        #expect(try cli.run("show student 2024001 --as school:S01").stdout
            .contains("name      张, 伟\nmajor     计算机应用\nborn      2007-05-01\n"))
        #expect(try cli.run("show student 2024003 --as school:S01").stdout.contains("name      Zhou\nmajor     CNC\n"))
        let quoted = cli.write("quoted.csv", csv(["id,name,major,birth,enrolled", "2024004,\"王 \"\"小\"\" 明\",CNC,2007-06-02,2024-09-01"]))
        #expect(try cli.run(["import", "students", quoted, "--as", "school:S01"]).status == 0)
        #expect(try cli.run("show student 2024004 --as school:S01").stdout.contains("name      王 \"小\" 明\n"))
    }

    @Test func aGB18030FileFromASpreadsheetIsDecoded() throws {
        let cli = try makeRegistry("import-gbk")
        let utf8 = csv(["学号,姓名,专业,出生日期,入学日期", "2024101,欧阳䶮,数控技术,2007-01-02,2024-09-01",
                        "2024102,李娜,会计,2007-03-04,2024-09-01"], lineEnd: "\r\n")
        let gb = try iconv(utf8, to: "GB18030")
        try #require(gb.count < utf8.count && String(data: gb, encoding: .utf8) == nil, "iconv did not produce GB18030")
        let file = cli.write("gbk.csv", gb)
        let result = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(result == RunResult(status: 0, stdout: "imported 2 new rows, 0 already imported, 0 rejected, of 2 rows in \(file).\n", stderr: ""))
        #expect(try cli.run("show student 2024101 --as school:S01").stdout.contains("name      欧阳䶮\nmajor     数控技术\n"))
        #expect(try cli.run("show student 2024102 --as school:S01").stdout.contains("name      李娜\nmajor     会计\n"))
    }

    @Test func placementsThenStipendsByTheHostEnterprise() throws {
        let cli = try makeRegistry("import-placements")
        let students = cli.write("s.csv", csv(["id,name,major,birth,enrolled", "2023001,Wang,CNC,2006-03-14,2023-09-01"]))
        try #require(try cli.run(["import", "students", students, "--as", "school:S01"]).status == 0)
        let placements = cli.write("p.csv", csv([
            "id,student,enterprise,kind,start,end,stipend,post,agreement,major_relevant",
            "P-1,2023001,E01,认识实习,2025-09-01,2025-10-31,\"1,200.50\",,,是",
            "P-2,2029999,E01,observation,2025-09-01,2025-10-31,100,,,no",
            "P-3,2023001,E01,internship,2025-09-01,2025-10-31,100,,,no",
        ]))
        let registered = try cli.run(["import", "placements", placements, "--as", "school:S01"])
        #expect(registered == RunResult(status: 1, stdout: """
            line  id   rule       message
            ----  ---  ---------  ------------------------------------------------------------------------
            3     P-2  not found  student '2029999' is not registered.
            4     P-3  input      kind 'internship' is not one of observation (认识实习), post (岗位实习).
            imported 1 new row, 0 already imported, 2 rejected, of 3 rows in \(placements).

            """, stderr: ""))
        let shown = try cli.run("show placement P-1 --as school:S01").stdout
        #expect(shown.contains("kind                    observation\n") && shown.contains("monthly stipend (yuan)  1200.50\n")
                && shown.contains("major-relevant          yes\n"))

        for line in ["insurance enroll P-1 --policy POL-1 --insurer PICC --cover liability,accident --from 2025-09-01 --to 2025-10-31 --paid-by school --as school:S01",
                     "placement start P-1 --on 2025-09-01 --as school:S01"] {
            try #require(try cli.run(line).status == 0, "\(line)")
        }
        let stipends = cli.write("st.csv", csv([
            "实习编号,月份,金额,支付日期,更正",
            "P-1,2025-09,1200.50,2025-10-10,否",
            "P-1,2025-11,1200.50,2025-12-10,否",
            "P-1,2025/10,1200.5,2026/1/20,",
        ]))
        // The enterprise imports the stipends in February 2026, after the last payment (Data_01 refuses a later one).
        let confirmed = try cli.run(["import", "stipends", stipends, "--as", "enterprise:E01"],
                                    extraEnvironment: ["REGISTRY_NOW": "2026-02-01T08:00:00Z"])
        #expect(confirmed == RunResult(status: 1, stdout: """
            line  id           rule    message
            ----  -----------  ------  ---------------------------------------------------------------------------------------------
            3     P-1 2025-11  Pay_05  placement 'P-1' cannot confirm a stipend for 2025-11, outside its term 2025-09-01…2025-10-31.
            imported 2 new rows, 0 already imported, 1 rejected, of 3 rows in \(stipends).

            """, stderr: ""))
        // The late month (paid 2026-01-20) is accepted; Pay_03 is a finding for the audit, not a rejection.
        #expect(try cli.run("show placement P-1 --as enterprise:E01").stdout.contains("2025-10  1200.50      2026-01-20"))
    }

    /// Progress lines are for a person at a terminal; here stderr is a pipe, so only the summary (issue 13).
    @Test func aLargeFileShowsNoProgressWhenStandardErrorIsNotATerminal() throws {
        let cli = try makeRegistry("import-progress")
        let rows = (1...210).map { "S\($0),Name,CNC,2006-13-01,2023-09-01" }
        let file = cli.write("many.csv", csv(["id,name,major,birth,enrolled"] + rows))
        let result = try cli.run(["import", "students", file, "--as", "school:S01", "--format", "csv"])
        #expect(result.status == 1)
        #expect(result.stderr == "imported 0 new rows, 0 already imported, 210 rejected, of 210 rows in \(file).\n")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 211)
        // The rejected rows keep the file's own cells beside the reason (issue 13).
        #expect(lines.first == "line,rule,message,id,name,major,birth,enrolled")
        #expect(lines.last == "211,input,\"birth '2006-13-01' is not a calendar date; write YYYY-MM-DD, e.g. 2025-09-01.\",S210,Name,CNC,2006-13-01,2023-09-01")
    }

    // MARK: The file as a whole

    @Test func fileLevelProblemsAppendNothingAndExitTwo() throws {
        let cli = try makeRegistry("import-files")
        let header = "id,name,major,birth,enrolled\n"
        let good = "2023001,Wang,CNC,2006-03-14,2023-09-01\n"
        let cases: [(String, Data, String)] = [
            ("missing.csv", Data(("id,name,major,enrolled\n" + good).utf8),
             "lacks the required column birth (出生日期); a students import accepts id/学号, name/姓名, major/专业, birth/出生日期, enrolled/入学日期 (optional: guardian_consent/监护人同意书)."),
            ("typo.csv", Data(("id,name,major,brith,enrolled\n" + good).utf8),
             "has unknown column 'brith' and lacks birth (出生日期); a students import accepts id/学号, name/姓名, major/专业, birth/出生日期, enrolled/入学日期 (optional: guardian_consent/监护人同意书)."),
            ("empty.csv", Data(), "is empty; it needs a header row naming the columns, e.g. id,name,major,birth,enrolled."),
            ("binary.csv", Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
             "holds a NUL byte at byte offset 5, so it is not a text CSV file (perhaps a spreadsheet workbook or UTF-16 text); save it as 'CSV UTF-8' or 'CSV (comma delimited)'."),
            ("latin.csv", Data((header + good).utf8) + Data([0x31, 0x2C, 0xFF, 0x0A]),
             "line 3 is neither UTF-8 nor GB18030/GBK text (at byte offset 70); save it as 'CSV UTF-8'."),
            ("quote.csv", Data((header + good + "2023002,\"Li,CNC,2006-03-14,2023-09-01\n" + good).utf8),
             "has a quoted field starting on line 3 that is never closed by a quote."),
            ("long.csv", Data((header + good).utf8) + Data(repeating: 0x41, count: 2 << 20),
             "line 3 is longer than 1 MB; it does not look like a CSV file."),
        ]
        let before = cli.logBytes()
        for (name, bytes, message) in cases {
            let file = cli.write(name, bytes)
            let result = try cli.run(["import", "students", file, "--as", "school:S01"])
            #expect(result == RunResult(status: 2, stdout: "", stderr: "error: \(file) \(message)\n"), "\(name)")
        }
        #expect(cli.logBytes() == before)
    }

    @Test func aRoleThatCannotRunTheImportIsTurnedAwayBeforeReading() throws {
        let cli = try makeRegistry("import-role")
        let file = cli.write("st.csv", csv(["placement,month,amount,paid_on", "P-1,2025-09,100,2025-10-10"]))
        let before = cli.logBytes()
        #expect(try cli.run(["import", "stipends", file, "--as", "school:S01"])
            == RunResult(status: 5, stdout: "", stderr: "error[Auth_01]: 'school:S01' cannot run 'import stipends': only an enterprise may.\n"))
        #expect(try cli.run(["import", "students", file, "--as", "inspector:I1", "--lang", "zh"])
            == RunResult(status: 5, stdout: "", stderr: "error[Auth_01]: 'inspector:I1' 不能执行 'import students'：督查从不写入登记簿。\n"))
        #expect(cli.logBytes() == before)
    }

    @Test func helpDocumentsTheColumnsInBothLanguages() throws {
        let cli = CLIHarness("import-help")
        let help = try cli.run(["import", "placements", "--help"])
        #expect(help.status == 0)
        for name in ["id 实习编号", "student 学号", "enterprise 企业", "kind 类型", "start 开始日期", "end 结束日期", "stipend 月报酬",
                     "post 岗位", "agreement 协议编号", "major_relevant 专业对口"] {
            #expect(help.stdout.contains(name), "\(name)")
        }
        #expect(help.stdout.contains("registry import placements placements.csv --as school:S01"))
    }

    /// Converts UTF-8 text with the system's `iconv` command, as a spreadsheet program would save it.
    func iconv(_ data: Data, to encoding: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let converted = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return converted
    }
}
