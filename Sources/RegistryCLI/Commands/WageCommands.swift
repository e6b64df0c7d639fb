import RegistryDomain

extension RegistryCLI {
    /// `wage confirm`: an enterprise confirms an apprentice's monthly wage, as `stipend confirm` does
    /// an intern's stipend (002 三(三) 及时足额).
    static var wageCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["wage", "confirm"], arguments: "APPRENTICESHIP",
                summary: ("Confirm the wage paid to an apprentice for a month.", "确认某月支付给学徒的工资。"),
                role: "enterprise (its own apprentices)",
                options: [.value("--month", "YYYY-MM", "the month paid for"), .value("--amount", "YUAN", "the total paid for the month"),
                          .value("--paid-on", "DATE", "the day of (the last) payment"),
                          .flag("--correction", "replace the month's earlier confirmation")],
                examples: ["registry wage confirm A-3 --month 2025-09 --amount 3200 --paid-on 2025-10-10 --as enterprise:E01",
                           "registry wage confirm A-3 --month 2025-09 --amount 3300 --paid-on 2025-10-20 --correction --as enterprise:E01"],
                run: { inv, out in
                    let id = try inv.id(after: 0, label: "APPRENTICESHIP")
                    let month = try inv.month("--month")
                    let command = RegistryCommand.confirmApprenticeWage(
                        apprenticeship: id, month: month, amount: try inv.money("--amount"), paidOn: try inv.date("--paid-on"),
                        correction: inv.flag("--correction"))
                    return try runWrite(command, inv, out, done: ("wage of \(month) confirmed for apprenticeship '\(id)'",
                                                                  "学徒培养 '\(id)' \(month) 的工资已确认"))
                }),
        ]
    }
}
