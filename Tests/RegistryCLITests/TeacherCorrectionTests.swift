import Foundation
import Testing

/// Issue 13: `teacher correct` corrects a teacher's name or course as an event, by the school that
/// owns the record (Auth_01 on both sides), and `show teacher` and `history` say what was
/// corrected, when and by whom; `show … --format json` carries every record's corrections.
@Suite("Teacher corrections, end to end")
struct TeacherCorrectionTests {
    /// Schools S01 and S02; teacher T-01 (王老师, professional) of S01.
    func makeRegistry(_ label: String) throws -> CLIHarness {
        let cli = CLIHarness(label)
        try cli.setUp([
            "init --as bureau:EDU --jurisdiction X --policy national --from 2020-01-01",
            "school register S01 --name School --level secondary --as bureau:EDU",
            "school register S02 --name Other --level secondary --as bureau:EDU",
            "teacher register T-01 --name 王老师 --since 2018-09-01 --as school:S01",
        ])
        return cli
    }

    @Test func theOwningSchoolCorrectsATeachersNameAndCourse() throws {
        let cli = try makeRegistry("teacher-correct")
        let corrected = try cli.run(["teacher", "correct", "T-01", "--name", "王建国", "--course", "general",
                                     "--reason", "人事系统导出有误", "--as", "school:S01"])
        #expect(corrected == RunResult(status: 0, stdout: "teacher 'T-01' corrected (position 6).\n", stderr: ""))

        let shown = try cli.run("show teacher T-01 --as school:S01")
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("name                  王建国\n"))
        #expect(shown.stdout.contains("course                general\n"))
        #expect(shown.stdout.contains(
            "corrected             2025-09-01T08:00:00Z school:S01: name 王老师 → 王建国, course professional → general (reason: 人事系统导出有误)\n"))
        let chinese = try cli.run("show teacher T-01 --as school:S01 --lang zh")
        #expect(chinese.stdout.contains("课程类别      公共基础课\n"), "\(chinese)")
        #expect(chinese.stdout.contains(
            "更正          2025-09-01T08:00:00Z school:S01: 姓名 王老师 → 王建国, 课程类别 专业课 → 公共基础课（原因：人事系统导出有误）\n"), "\(chinese)")

        let history = try cli.run("history teacher-T-01 --as inspector:I01")
        let line = try #require(history.stdout.split(separator: "\n").first { $0.contains("TeacherCorrected") })
        #expect(line.contains("2025-09-01T08:00:00Z  school:S01"))
        #expect(line.contains("{\"course\":\"general\",\"name\":\"王建国\",\"previousCourse\":\"professional\",\"previousName\":\"王老师\",\"reason\":\"人事系统导出有误\",\"teacher\":\"T-01\"}"))

        // The read model follows: the list shows the corrected name.
        #expect(try cli.run("list teachers --as school:S01").stdout.contains("T-01     王建国"))
    }

    @Test func anotherSchoolMayNotCorrectATeacher() throws {
        let cli = try makeRegistry("teacher-correct-auth")
        let before = cli.logBytes()
        let other = try cli.run(["teacher", "correct", "T-01", "--name", "王建国", "--reason", "typo", "--as", "school:S02"])
        #expect(other == RunResult(status: 5, stdout: "", stderr: "error[Auth_01]: 'school:S02' cannot run 'teacher correct' on teacher 'T-01', which belongs to another organisation.\n"))
        #expect(try cli.run(["teacher", "correct", "T-01", "--name", "王建国", "--reason", "typo", "--as", "bureau:EDU"]).status == 5)
        #expect(try cli.run(["teacher", "correct", "T-01", "--name", "王建国", "--reason", "typo", "--as", "inspector:I01"]).status == 5)
        #expect(cli.logBytes() == before)
    }

    @Test func aTeacherCorrectionNeedsAFieldAReasonAndAChange() throws {
        let cli = try makeRegistry("teacher-correct-usage")
        let before = cli.logBytes()
        let noField = try cli.run(["teacher", "correct", "T-01", "--reason", "typo", "--as", "school:S01"])
        #expect(noField.status == 2)
        #expect(noField.stderr.contains("needs at least one of --name, --course"))
        #expect(try cli.run(["teacher", "correct", "T-01", "--name", "王建国", "--as", "school:S01"]).status == 2)
        let same = try cli.run(["teacher", "correct", "T-01", "--name", "王老师", "--reason", "typo", "--as", "school:S01"])
        #expect(same.status != 0)
        #expect(try cli.run(["teacher", "correct", "T-99", "--name", "王", "--reason", "typo", "--as", "school:S01"]).status == 2)
        #expect(cli.logBytes() == before)
    }

    /// Every `show` record's JSON carries its corrections: field, old and new value, reason, when, who.
    @Test func showJSONCarriesTheCorrections() throws {
        let cli = try makeRegistry("teacher-correct-json")
        try #require(try cli.run(["teacher", "correct", "T-01", "--name", "王建国", "--reason", "人事系统导出有误", "--as", "school:S01"]).status == 0)
        let shown = try cli.run(["show", "teacher", "T-01", "--format", "json", "--lang", "zh", "--as", "school:S01"])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let corrections = try #require(record["corrections"] as? [[String: Any]])
        #expect(corrections.count == 1)
        #expect(corrections.first?["field"] as? String == "name")
        #expect(corrections.first?["old_value"] as? String == "王老师")
        #expect(corrections.first?["new_value"] as? String == "王建国")
        #expect(corrections.first?["reason"] as? String == "人事系统导出有误")
        #expect(corrections.first?["actor"] as? String == "school:S01")
        #expect(corrections.first?["recorded_at"] as? String == "2025-09-01T08:00:00Z")
    }
}
