import RegistryDomain

extension RegistryCLI {
    /// `student correct`, `enterprise correct`, `placement correct`: corrections recorded as events,
    /// never edits, by the organisation that recorded the fact — the school for its students and
    /// placements, the bureau for the enterprises it registers. Every correction needs `--reason`
    /// and at least one field (exit 2 otherwise); `show` and `history` list it with when and by whom.
    /// `teacher correct` corrects a teacher's name or course, by the teacher's school.
    static var correctionCommands: [CommandSpec] {
        let reason = OptionSpec.value("--reason", "TEXT", "why the record is corrected (kept in the log)")
        return [
            CommandSpec(
                path: ["student", "correct"], arguments: "ID",
                summary: ("Correct a student's name or date of birth (recorded as a correction).", "更正学生姓名或出生日期（以更正事件记录）。"),
                role: "school (its own students)",
                options: [.value("--name", "NAME", "the correct name", required: false),
                          .value("--birth", "DATE", "the correct date of birth", required: false), reason],
                examples: ["registry student correct 2023001 --name 汪芳 --birth 2006-04-14 --reason 学籍系统导出有误 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let name = try inv.optionalText("--name").map { try Invocation.checkedText($0, option: "--name") }
                    let birth = try inv.optionalDate("--birth")
                    try requireCorrectedField(name != nil || birth != nil, fields: "--name, --birth", inv, "student correct")
                    return try runWrite(.correctStudent(student: id, name: name, birth: birth, reason: try inv.name("--reason")),
                                        inv, out, done: ("student '\(id)' corrected", "学生 '\(id)' 已更正"))
                }),
            CommandSpec(
                path: ["enterprise", "correct"], arguments: "ID",
                summary: ("Correct an enterprise's registered name (recorded as a correction).", "更正企业登记名称（以更正事件记录）。"),
                role: "bureau",
                options: [.value("--name", "NAME", "the correct name", required: false), reason],
                examples: ["registry enterprise correct E01 --name 豫西精工机械有限公司 --reason 以营业执照为准 --as bureau:EDU"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let name = try inv.optionalText("--name").map { try Invocation.checkedText($0, option: "--name") }
                    try requireCorrectedField(name != nil, fields: "--name", inv, "enterprise correct")
                    return try runWrite(.correctEnterprise(enterprise: id, name: name, reason: try inv.name("--reason")),
                                        inv, out, done: ("enterprise '\(id)' corrected", "企业 '\(id)' 已更正"))
                }),
            CommandSpec(
                path: ["placement", "correct"], arguments: "ID",
                summary: ("Correct a placement's post or agreement reference (recorded as a correction).", "更正实习岗位或三方协议编号（以更正事件记录）。"),
                role: "school (its own placements)",
                options: [.value("--post", "NAME", "the correct post (岗位)", required: false),
                          .value("--agreement", "REF", "the correct tripartite agreement reference (三方协议)", required: false), reason],
                examples: ["registry placement correct P-17 --agreement SF-2025-017A --reason 协议编号录入有误 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let post = try inv.optionalText("--post").map { try Invocation.checkedText($0, option: "--post", maxLength: 64) }
                    let agreement = try inv.optionalText("--agreement").map { try Invocation.checkedText($0, option: "--agreement", maxLength: 64) }
                    try requireCorrectedField(post != nil || agreement != nil, fields: "--post, --agreement", inv, "placement correct")
                    return try runWrite(.correctPlacement(placement: id, post: post, agreement: agreement, reason: try inv.name("--reason")),
                                        inv, out, done: ("placement '\(id)' corrected", "实习 '\(id)' 已更正"))
                }),
            CommandSpec(
                path: ["teacher", "correct"], arguments: "ID",
                summary: ("Correct a teacher's name or course (recorded as a correction).", "更正教师姓名或课程类别（以更正事件记录）。"),
                role: "school (its own teachers)",
                options: [.value("--name", "NAME", "the correct name", required: false),
                          .value("--course", "COURSE", "the correct course: professional (专业课) or general (公共基础课)", required: false),
                          reason],
                examples: ["registry teacher correct T-01 --name 王建国 --reason 人事系统导出有误 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let name = try inv.optionalText("--name").map { try Invocation.checkedText($0, option: "--name") }
                    let course = inv.optionalText("--course") == nil ? nil : try inv.choice("--course", TeacherCourse.self)
                    try requireCorrectedField(name != nil || course != nil, fields: "--name, --course", inv, "teacher correct")
                    return try runWrite(.correctTeacher(teacher: id, name: name, course: course, reason: try inv.name("--reason")),
                                        inv, out, done: ("teacher '\(id)' corrected", "教师 '\(id)' 已更正"))
                }),
        ]
    }
}

/// A correction must name at least one field to correct (exit 2).
private func requireCorrectedField(_ isPresent: Bool, fields: String, _ inv: Invocation, _ verb: String) throws {
    guard isPresent else {
        throw UsageError("'registry \(verb)' needs at least one of \(fields) to correct; see 'registry \(verb) --help'.",
                         zh: "'registry \(verb)' 至少需要 \(fields) 之一作为更正内容；参见 'registry \(verb) --help'。")
    }
}
