/// Deduction_01: what each enterprise paid its interns and apprentices in a calendar year, the
/// figure the income-tax deduction of 001 item 48, 002 三(三) and 004 item 16 rests on.
///
/// A payment counts in the year of the month it pays for (enterprise income tax is assessed on an
/// accrual basis, 权责发生制), at the amount confirmed (the latest correction), whatever it was due.
public struct PayReportLine: Equatable, Sendable, Codable {
    /// The enterprise.
    public var enterprise: String
    /// Its name.
    public var name: String
    /// Distinct students whose stipends were confirmed.
    public var interns: Int
    /// Intern-months confirmed.
    public var stipendMonths: Int
    /// Stipends paid.
    public var stipends: Money
    /// Distinct apprentices whose wages were confirmed.
    public var apprentices: Int
    /// Apprentice-months confirmed.
    public var wageMonths: Int
    /// Apprentice wages paid.
    public var wages: Money

    /// Stipends and wages together.
    public var total: Money { stipends + wages }

    /// One line per enterprise that paid anything for a month of `year`, sorted by enterprise.
    public static func lines(_ state: RegistryState, year: Int) -> [PayReportLine] {
        var lines: [String: PayReportLine] = [:]
        var interns: [String: Set<String>] = [:]
        var apprentices: [String: Set<String>] = [:]
        func line(_ id: String) -> PayReportLine {
            lines[id] ?? PayReportLine(enterprise: id, name: state.enterprises[id]?.name ?? "", interns: 0, stipendMonths: 0,
                                       stipends: .zero, apprentices: 0, wageMonths: 0, wages: .zero)
        }
        for placement in state.placements.values {
            for (month, confirmation) in placement.stipends where month.year == year {
                var l = line(placement.enterprise)
                l.stipendMonths += 1
                l.stipends += confirmation.amount
                lines[placement.enterprise] = l
                interns[placement.enterprise, default: []].insert(placement.student)
            }
        }
        for apprenticeship in state.apprenticeships.values {
            for (month, confirmation) in apprenticeship.wages where month.year == year {
                var l = line(apprenticeship.enterprise)
                l.wageMonths += 1
                l.wages += confirmation.amount
                lines[apprenticeship.enterprise] = l
                apprentices[apprenticeship.enterprise, default: []].insert(apprenticeship.student)
            }
        }
        return lines.values.map { l in
            var l = l
            l.interns = interns[l.enterprise]?.count ?? 0
            l.apprentices = apprentices[l.enterprise]?.count ?? 0
            return l
        }.sorted { $0.enterprise < $1.enterprise }
    }
}
