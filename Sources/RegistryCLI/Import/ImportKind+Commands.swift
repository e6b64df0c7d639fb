import RegistryDomain

extension ImportKind {
    /// The columns whose values identify a row in the report.
    var identifyingColumns: [String] {
        switch self {
        case .students, .placements: ["id"]
        case .stipends: ["placement", "month"]
        case .insurance, .starts: bulkIdentifyingColumns
        }
    }

    /// The verb for messages, e.g. `import students`.
    var verb: String { "import " + rawValue }

    /// The command a data row stands for, issued by `actor`.
    /// - Throws: `RowProblem` for a value that does not pass its validator.
    func command(for row: inout ImportRow, by actor: Actor, today: CalendarDate? = nil) throws(RowProblem) -> RegistryCommand {
        switch self {
        case .students:
            let id = try row.identifier("id")
            let name = try row.withoutRemembering { (row: inout ImportRow) throws(RowProblem) in try row.text("name") }
            let major = try row.text("major")
            let birth = try row.withoutRemembering { (row: inout ImportRow) throws(RowProblem) in try row.date("birth") }
            return .enrollStudent(id: id, school: actor.id, name: name, major: major, birth: birth, enrolled: try row.date("enrolled"),
                                  guardianConsent: try row.optionalText("guardian_consent"), idCard: try row.idCard())
        case .placements:
            return .registerPlacement(id: try row.identifier("id"), student: try row.identifier("student"),
                                      enterprise: try row.identifier("enterprise"), kind: try row.placementKind("kind"),
                                      start: try row.date("start"), end: try row.date("end"), stipend: try row.money("stipend"),
                                      post: try row.optionalText("post"), agreement: try row.optionalText("agreement"),
                                      majorRelevant: try row.flag("major_relevant"))
        case .stipends:
            return .confirmStipend(placement: try row.identifier("placement"), month: try row.month("month"),
                                   amount: try row.money("amount"), paidOn: try row.date("paid_on"),
                                   correction: try row.flag("correction"), today: today)
        case .insurance, .starts:
            return try bulkCommand(for: &row)
        }
    }
}
