import RegistryDomain

extension RegistryCLI {
    /// `teacher register|qualify|practice`: a school's teachers, their 双师型 recognition and their
    /// enterprise practice (002 四(三); 003 (十三); 004 item 12).
    static var teacherCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["teacher", "register"], arguments: "ID",
                summary: ("Register a teacher of the school.", "登记本校教师。"), role: "school (its own teachers)",
                options: [.value("--name", "NAME", "the teacher's name"),
                          .value("--school", "ID", "the school (default: the acting school; another school's is refused)", required: false),
                          .value("--course", "COURSE", "professional (专业课, the default) or general (公共基础课)", required: false),
                          .value("--since", "DATE", "first day at the school; the enterprise-practice duty counts its five years from it", required: false)],
                examples: ["registry teacher register T-01 --name 王老师 --school S01 --since 2018-09-01 --as school:S01",
                           "registry teacher register T-02 --name 李老师 --course general --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let actor = try inv.requireActor()
                    let school = try inv.optionalText("--school").map { try Invocation.checkedIdentifier($0, label: "--school") } ?? actor.id
                    let course = inv.optionalText("--course") == nil ? TeacherCourse.professional : try inv.choice("--course", TeacherCourse.self)
                    let command = RegistryCommand.registerTeacher(id: id, school: school, name: try inv.name("--name"), course: course,
                                                                  since: try inv.optionalDate("--since"))
                    return try runWrite(command, inv, out, done: ("teacher '\(id)' registered", "教师 '\(id)' 已登记"))
                }),
            CommandSpec(
                path: ["teacher", "qualify"], arguments: "ID",
                summary: ("Record a teacher's recognition as 双师型 (dual-qualified).", "记录教师认定为“双师型”教师。"),
                role: "school (its own teachers)",
                options: [.value("--on", "DATE", "the date of recognition"),
                          .value("--document", "NO", "the recognition's document or certificate number", required: false)],
                examples: ["registry teacher qualify T-01 --on 2021-06-30 --document 豫教师〔2021〕8号 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let document = try inv.optionalText("--document").map { try Invocation.checkedText($0, option: "--document", maxLength: 64) }
                    return try runWrite(.qualifyTeacher(teacher: id, on: try inv.date("--on"), document: document),
                                        inv, out, done: ("teacher '\(id)' recognised as 双师型", "教师 '\(id)' 已认定为“双师型”"))
                }),
            CommandSpec(
                path: ["teacher", "practice"], arguments: "ID",
                summary: ("Record a period of a teacher's practice in an enterprise (教师企业实践).", "记录教师赴企业实践的一段时间。"),
                role: "school (its own teachers)",
                options: [.value("--enterprise", "ID", "the host enterprise"),
                          .value("--from", "DATE", "the first day"), .value("--to", "DATE", "the last day")],
                examples: ["registry teacher practice T-01 --enterprise E01 --from 2024-07-01 --to 2024-12-31 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let command = RegistryCommand.recordTeacherPractice(
                        teacher: id, enterprise: try Invocation.checkedIdentifier(try inv.text("--enterprise"), label: "--enterprise"),
                        from: try inv.date("--from"), to: try inv.date("--to"))
                    return try runWrite(command, inv, out, done: ("enterprise practice of teacher '\(id)' recorded", "教师 '\(id)' 的企业实践已记录"))
                }),
        ]
    }
}
