import RegistryDomain

extension RegistryCLI {
    static var studentCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["student", "enroll"], arguments: "ID", summary: ("Enroll a student at the acting school.", "在本校登记学生学籍。"),
                role: "school",
                options: [.value("--name", "NAME", "the student's name"), .value("--major", "MAJOR", "the student's major"),
                          .value("--birth", "DATE", "date of birth"), .value("--enrolled", "DATE", "date of enrolment"),
                          .value("--guardian-consent", "REF", "reference of a guardian's consent, needed under 14 on enrolment (Privacy_01)", required: false)],
                examples: ["registry student enroll 2023001 --name 王芳 --major 数控技术 --birth 2006-03-14 --enrolled 2023-09-01 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let actor = try inv.requireActor()
                    let command = RegistryCommand.enrollStudent(id: id, school: actor.id, name: try inv.name("--name"),
                                                                major: try inv.name("--major"), birth: try inv.date("--birth"),
                                                                enrolled: try inv.date("--enrolled"),
                                                                guardianConsent: try inv.optionalText("--guardian-consent").map { _ in try inv.name("--guardian-consent") })
                    return try runWrite(command, inv, out, done: ("student '\(id)' enrolled", "学生 '\(id)' 已登记学籍"))
                }),
            CommandSpec(
                path: ["student", "leave"], arguments: "ID", summary: ("End a student's status: graduated or withdrawn.", "学生学籍终止：毕业或退学。"),
                role: "school (its own students)",
                options: [.value("--reason", "REASON", "graduated or withdrawn"), .value("--on", "DATE", "the last day of status")],
                examples: ["registry student leave 2023001 --reason graduated --on 2026-06-30 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    return try runWrite(.endStudentStatus(student: id, reason: try inv.choice("--reason", StatusEndReason.self), on: try inv.date("--on")),
                                        inv, out, done: ("status of student '\(id)' ended", "学生 '\(id)' 学籍已终止"))
                }),
            CommandSpec(
                path: ["student", "hired"], arguments: "ID", summary: ("Record that the acting enterprise hired a student.", "记录本企业录用学生。"),
                role: "enterprise",
                options: [.value("--enterprise", "ID", "the hiring enterprise (the acting one)"), .value("--on", "DATE", "the hiring date")],
                examples: ["registry student hired 2023001 --enterprise E01 --on 2026-07-01 --as enterprise:E01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    return try runWrite(.recordHire(student: id, enterprise: try Invocation.checkedIdentifier(try inv.text("--enterprise")),
                                                    on: try inv.date("--on")),
                                        inv, out, done: ("hire of student '\(id)' recorded", "学生 '\(id)' 的录用已记录"))
                }),
        ]
    }
}
