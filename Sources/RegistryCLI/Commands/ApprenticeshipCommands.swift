import RegistryDomain

extension RegistryCLI {
    static var apprenticeshipCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["apprenticeship", "contract"], arguments: "ID",
                summary: ("Sign an apprenticeship: the student keeps student status and holds a labour contract.", "签订学徒培养：学生兼具学生与学徒（职工）双重身份。"),
                role: "enterprise",
                options: [.value("--student", "ID", "the student"), .value("--school", "ID", "the student's school"),
                          .value("--scheme", "SCHEME", "modern (现代学徒制) or enterprise (企业新型学徒制)"),
                          .value("--level", "LEVEL", "intermediate (中级工) or senior (高级工)"),
                          .value("--labor-contract", "REF", "the labour contract reference"),
                          .value("--contract-end", "DATE", "the labour contract's last day"),
                          .value("--start", "DATE", "training start"), .value("--end", "DATE", "training end"),
                          .value("--school-tutor", "NAME", "the school tutor"), .value("--mentor", "NAME", "the enterprise mentor (师傅)"),
                          .value("--wage", "YUAN", "the agreed monthly wage in yuan (002 三(三)); wages are then confirmed monthly with 'registry wage confirm'", required: false)],
                                examples: ["registry apprenticeship contract A-3 --student 2023001 --school S01 --scheme enterprise --level intermediate --labor-contract LC-88 --contract-end 2027-08-31 --start 2025-09-01 --end 2026-08-31 --school-tutor 李老师 --mentor 张师傅 --as enterprise:E01",
                           "registry apprenticeship contract A-4 --student 2023001 --school S01 --scheme enterprise --level intermediate --labor-contract LC-89 --contract-end 2027-08-31 --start 2025-09-01 --end 2026-08-31 --school-tutor 李老师 --mentor 王师傅 --as enterprise:E01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let actor = try inv.requireActor()
                    let command = RegistryCommand.contractApprenticeship(
                        id: id, student: try Invocation.checkedIdentifier(try inv.text("--student"), label: "--student"),
                        school: try Invocation.checkedIdentifier(try inv.text("--school"), label: "--school"), enterprise: actor.id,
                        scheme: try inv.choice("--scheme", ApprenticeshipScheme.self), level: try inv.choice("--level", ApprenticeLevel.self),
                        laborContract: try Invocation.checkedText(try inv.text("--labor-contract"), option: "--labor-contract", maxLength: 64),
                        contractEnd: try inv.date("--contract-end"), start: try inv.date("--start"), end: try inv.date("--end"),
                        schoolTutor: try inv.name("--school-tutor"), mentor: try inv.name("--mentor"),
                        monthlyWage: try inv.optionalText("--wage").map { try Invocation.money($0, option: "--wage") })
                    return try runWrite(command, inv, out, done: ("apprenticeship '\(id)' contracted", "学徒培养 '\(id)' 已签订"))
                }),
            CommandSpec(
                path: ["apprenticeship", "complete"], arguments: "ID",
                summary: ("Complete an apprenticeship with its certificate.", "学徒培养完成并取得证书。"), role: "enterprise (its own)",
                options: [.value("--on", "DATE", "completion date"), .value("--certificate", "NO", "the skill certificate number")],
                examples: ["registry apprenticeship complete A-3 --on 2026-08-31 --certificate ZJ-2026-1234 --as enterprise:E01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let command = RegistryCommand.completeApprenticeship(
                        apprenticeship: id, on: try inv.date("--on"),
                        certificate: try Invocation.checkedText(try inv.text("--certificate"), option: "--certificate", maxLength: 64))
                    return try runWrite(command, inv, out, done: ("apprenticeship '\(id)' completed", "学徒培养 '\(id)' 已完成"))
                }),
            CommandSpec(
                path: ["apprenticeship", "terminate"], arguments: "ID",
                summary: ("End an apprenticeship without completion.", "学徒培养未完成即终止。"), role: "enterprise (its own)",
                options: [.value("--on", "DATE", "the last day"), .value("--reason", "TEXT", "why")],
                examples: ["registry apprenticeship terminate A-4 --on 2026-01-15 --reason 'left the company' --as enterprise:E01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    return try runWrite(.terminateApprenticeship(apprenticeship: id, on: try inv.date("--on"), reason: try inv.name("--reason")),
                                        inv, out, done: ("apprenticeship '\(id)' terminated", "学徒培养 '\(id)' 已终止"))
                }),
        ] + ["advance", "settle", "clawback"].map { verb in
            CommandSpec(
                path: ["subsidy", verb], arguments: "APPRENTICESHIP",
                summary: verb == "advance" ? ("Advance part of an apprenticeship training subsidy (at most the advance rate).", "预拨学徒培训补贴（不超过预拨比例）。")
                    : verb == "settle" ? ("Pay the balance of the subsidy after completion with a certificate.", "培训完成取得证书后拨付剩余补贴。")
                    : ("Claw back an advance of an apprenticeship that did not complete.", "收回未完成培训的预拨补贴。"),
                role: "bureau",
                options: [.value("--amount", "YUAN", "the amount in yuan"), .value("--on", "DATE", "the payment date")],
                // One story: A-3 completes and is settled; A-4 is terminated and its advance clawed back.
                examples: verb == "settle" ? ["registry subsidy settle A-3 --amount 1500 --on 2026-09-15 --as bureau:HRSS"]
                    : verb == "clawback" ? ["registry subsidy clawback A-4 --amount 2000 --on 2026-02-01 --as bureau:HRSS"]
                    : ["registry subsidy advance A-3 --amount 2500 --on 2025-10-15 --as bureau:HRSS",
                       "registry subsidy advance A-4 --amount 2000 --on 2025-10-15 --as bureau:HRSS"],
                run: { inv, out in
                    let id = try inv.id(after: 0, label: "APPRENTICESHIP")
                    let amount = try inv.money("--amount"), on = try inv.date("--on")
                    let command: RegistryCommand = verb == "advance" ? .advanceSubsidy(apprenticeship: id, amount: amount, on: on)
                        : verb == "settle" ? .settleSubsidy(apprenticeship: id, amount: amount, on: on)
                        : .clawBackSubsidy(apprenticeship: id, amount: amount, on: on)
                    return try runWrite(command, inv, out, done: ("subsidy \(verb) of \(amount) yuan recorded for '\(id)'",
                                                                  "学徒培养 '\(id)' 的补贴\(verb == "advance" ? "预拨" : verb == "settle" ? "结算" : "收回") \(amount) 元已记录"))
                })
        }
    }
}
