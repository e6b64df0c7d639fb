import RegistryDomain

extension RegistryCLI {
    static var placementCommands: [CommandSpec] {
        let lifecycle: [(String, (en: String, zh: String))] = [
            ("start", ("Start a registered placement (checks insurance, quota, age and agreement).", "开始实习（校验保险、比例、年龄与协议）。")),
            ("extend", ("Extend a placement's planned end (within insurance).", "延长实习计划结束日（须在保险期内）。")),
            ("complete", ("Complete a placement.", "实习完成。")),
            ("terminate", ("Terminate a placement early.", "提前终止实习。")),
        ]
        return [
            CommandSpec(
                path: ["placement", "register"], arguments: "ID",
                summary: ("Register a placement of a student at an enterprise.", "登记学生在企业的实习。"), role: "school (its own students)",
                options: [.value("--student", "ID", "the student"), .value("--enterprise", "ID", "the host enterprise"),
                          .value("--kind", "KIND", "observation (认识实习) or post (岗位实习)"),
                          .value("--start", "DATE", "planned first day"), .value("--end", "DATE", "planned last day"),
                          .value("--stipend", "YUAN", "agreed monthly stipend in yuan"),
                          .value("--post", "NAME", "the post (岗位)", required: false),
                          .value("--agreement", "REF", "the tripartite agreement reference (三方协议)", required: false),
                          .flag("--major-relevant", "the post is relevant to the student's major (专业对口)")],
                examples: ["registry placement register P-17 --student 2023001 --enterprise E01 --kind post --start 2025-09-01 --end 2026-02-28 --stipend 3400 --post 数控车工 --agreement SF-2025-017 --major-relevant --as school:S01",
                           "registry placement register P-18 --student 2023001 --enterprise E01 --kind observation --start 2026-04-13 --end 2026-04-17 --stipend 0 --agreement SF-2026-018 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let command = RegistryCommand.registerPlacement(
                        id: id, student: try Invocation.checkedIdentifier(try inv.text("--student"), label: "--student"),
                        enterprise: try Invocation.checkedIdentifier(try inv.text("--enterprise"), label: "--enterprise"),
                        kind: try inv.choice("--kind", PlacementKind.self), start: try inv.date("--start"), end: try inv.date("--end"),
                        stipend: try inv.money("--stipend"), post: try inv.optionalText("--post").map { try Invocation.checkedText($0, option: "--post", maxLength: 64) },
                        agreement: try inv.optionalText("--agreement").map { try Invocation.checkedText($0, option: "--agreement", maxLength: 64) },
                        majorRelevant: inv.flag("--major-relevant"))
                    return try runWrite(command, inv, out, done: ("placement '\(id)' registered", "实习 '\(id)' 已登记"))
                }),
        ] + lifecycle.map { verb, summary in
            CommandSpec(
                path: ["placement", verb], arguments: "ID", summary: summary, role: "school (its own placements)",
                options: verb == "extend"
                    ? [.value("--to", "DATE", "the new planned last day"),
                       .value("--on", "DATE", "the day the extension was agreed (not after --to)", required: false)]
                    : [.value("--on", "DATE", "the date")] + (verb == "terminate" ? [.value("--reason", "TEXT", "why")] : [])
                        + (verb == "start" ? [.value("--agreement", "REF", "the tripartite agreement, if registration did not record it (Agreement_01)", required: false)] : []),
                // One story: P-17 starts, is extended (under a second policy) and completes; P-18 is withdrawn.
                examples: [verb == "extend" ? "registry placement extend P-17 --to 2026-03-31 --on 2026-02-20 --as school:S01"
                           : verb == "complete" ? "registry placement complete P-17 --on 2026-03-31 --as school:S01"
                           : verb == "terminate" ? "registry placement terminate P-18 --on 2026-04-01 --reason 'moved away' --as school:S01"
                           : "registry placement start P-17 --on 2025-09-01 --as school:S01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let command: RegistryCommand
                    switch verb {
                    case "start":
                        command = .startPlacement(placement: id, on: try inv.date("--on"),
                                                  agreement: try inv.optionalText("--agreement").map { try Invocation.checkedText($0, option: "--agreement", maxLength: 64) })
                    case "extend":
                        let to = try inv.date("--to"), agreedOn = try inv.optionalDate("--on")
                        if let agreedOn, agreedOn > to {
                            throw UsageError("--on \(agreedOn) is after --to \(to): an extension is agreed before the new end, not after it.",
                                             zh: "--on \(agreedOn) 晚于 --to \(to)：延长须在新的结束日之前约定。")
                        }
                        command = .extendPlacement(placement: id, to: to, agreedOn: agreedOn)
                    case "complete": command = .completePlacement(placement: id, on: try inv.date("--on"))
                    default: command = .terminatePlacement(placement: id, on: try inv.date("--on"), reason: try inv.name("--reason"))
                    }
                    let done: (String, String) = switch verb {
                    case "start": ("placement '\(id)' started", "实习 '\(id)' 已开始")
                    case "extend": ("placement '\(id)' extended", "实习 '\(id)' 已延长")
                    case "complete": ("placement '\(id)' completed", "实习 '\(id)' 已完成")
                    default: ("placement '\(id)' terminated", "实习 '\(id)' 已终止")
                    }
                    return try runWrite(command, inv, out, done: done)
                })
        } + [
            CommandSpec(
                path: ["insurance", "enroll"], arguments: "PLACEMENT",
                summary: ("Enroll an insurance policy for a placement.", "为实习投保。"), role: "school (its own placements)",
                options: [.value("--policy", "NO", "the policy number"), .value("--insurer", "NAME", "the insurer"),
                          .value("--cover", "COVERS", "liability, accident, or liability,accident"),
                          .value("--from", "DATE", "first covered day"), .value("--to", "DATE", "last covered day"),
                          .value("--paid-by", "PAYER", "school or enterprise (never the student: Insurance_04)")],
                examples: ["registry insurance enroll P-17 --policy PICC-2025-0042 --insurer 中国人保 --cover liability,accident --from 2025-09-01 --to 2026-02-28 --paid-by school --as school:S01",
                           "registry insurance enroll P-17 --policy PICC-2026-0007 --insurer 中国人保 --cover liability,accident --from 2026-01-01 --to 2026-03-31 --paid-by enterprise --as school:S01"],
                run: { inv, out in
                    let placement = try inv.id(after: 0, label: "PLACEMENT")
                    var covers: [Cover] = []
                    for part in try inv.text("--cover").split(separator: ",", omittingEmptySubsequences: false) {
                        guard let cover = Cover(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
                            throw UsageError("--cover '\(Invocation.printable(String(part)))' is not one of liability, accident.", zh: "--cover '\(Invocation.printable(String(part)))' 不是 liability 或 accident。")
                        }
                        if !covers.contains(cover) { covers.append(cover) }
                    }
                    let command = RegistryCommand.enrollInsurance(
                        placement: placement, policyNumber: try Invocation.checkedIdentifier(try inv.text("--policy"), label: "--policy", allowingSlash: true),
                        insurer: try inv.name("--insurer"), covers: covers, from: try inv.date("--from"), to: try inv.date("--to"),
                        paidBy: try inv.choice("--paid-by", PremiumPayer.self))
                    return try runWrite(command, inv, out, done: ("insurance enrolled for placement '\(placement)'", "实习 '\(placement)' 已投保"))
                }),
            CommandSpec(
                path: ["insurance", "cancel"], arguments: "PLACEMENT",
                summary: ("Cancel an insurance policy from a date.", "自某日起退保。"), role: "school (its own placements)",
                options: [.value("--policy", "NO", "the policy number"), .value("--on", "DATE", "the first day no longer covered")],
                examples: ["registry insurance cancel P-17 --policy PICC-2025-0042 --on 2026-01-01 --as school:S01"],
                run: { inv, out in
                    let placement = try inv.id(after: 0, label: "PLACEMENT")
                    let command = RegistryCommand.cancelInsurance(placement: placement,
                                                                  policyNumber: try Invocation.checkedIdentifier(try inv.text("--policy"), label: "--policy", allowingSlash: true),
                                                                  on: try inv.date("--on"))
                    return try runWrite(command, inv, out, done: ("insurance of placement '\(placement)' cancelled", "实习 '\(placement)' 的保险已退保"))
                }),
        ]
    }

    static var stipendCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["stipend", "confirm"], arguments: "PLACEMENT",
                summary: ("Confirm a month's stipend paid to an intern.", "确认某月实习报酬已支付。"), role: "enterprise (placements it hosts)",
                options: [.value("--month", "YYYY-MM", "the month paid for"), .value("--amount", "YUAN", "the amount paid in yuan"),
                          .value("--paid-on", "DATE", "the payment date (not after today: Data_01)"),
                          .flag("--correction", "replaces an earlier confirmation of the month"),
                          .flag("--advance", "paid in advance, before the month began (otherwise Data_02 refuses it)")],
                examples: ["registry stipend confirm P-17 --month 2025-09 --amount 3400 --paid-on 2025-10-10 --as enterprise:E01"],
                run: { inv, out in
                    let placement = try inv.id(after: 0, label: "PLACEMENT")
                    let month = try inv.month("--month")
                    let command = RegistryCommand.confirmStipend(placement: placement, month: month, amount: try inv.money("--amount"),
                                                                 paidOn: try inv.date("--paid-on"), correction: inv.flag("--correction"),
                                                                 advance: inv.flag("--advance"), today: inv.today)
                    return try runWrite(command, inv, out, done: ("stipend of \(month) confirmed for placement '\(placement)'",
                                                                  "实习 '\(placement)' \(month) 的报酬已确认"))
                }),
        ]
    }
}
