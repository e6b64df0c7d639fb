extension Decider {
    /// Wage_01, with the policy in force on the training start: an agreed monthly wage is not
    /// negative and, where the policy states a local minimum wage, not below it. A contract
    /// without a wage (the CLI makes it optional) is not judged.
    static func checkAgreedWage(_ request: ApprenticeshipContracted, minimum: Parameter<Money>?) throws(Rejection) {
        guard let wage = request.monthlyWage else { return }
        try requireNonNegative(wage, "monthly wage")
        if let minimum, wage < minimum.value {
            throw .duty(.wageBelowMinimum(apprenticeship: request.id, wage: wage, minimum: minimum.value, source: minimum.source))
        }
    }

    /// Confirms an apprentice's wage for a month, as `confirmStipend` does for a stipend. Wage_05:
    /// the month must overlap the apprenticeship's actual term (training start to completion,
    /// termination or planned end), and a month already confirmed takes only a correction, which
    /// replaces the earlier confirmation. A correction of an unconfirmed month is rejected.
    static func confirmApprenticeWage(_ request: ApprenticeWageConfirmed, context: Context,
                                      facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let apprenticeship = facts.apprenticeship(request.apprenticeship) else {
            throw .notFound(.apprenticeship(request.apprenticeship))
        }
        try context.requireOwner(apprenticeship.enterprise, of: .apprenticeship(apprenticeship.id))
        try requireNonNegative(request.amount, "amount")
        let term = apprenticeship.actualTerm
        guard request.month.lastDay >= term.lowerBound && request.month.firstDay <= term.upperBound else {
            throw .duty(.wageMonthOutsideTerm(apprenticeship: apprenticeship.id, month: request.month, term: term))
        }
        let existing = apprenticeship.wages[request.month]
        if existing != nil && !request.correction {
            throw .duty(.wageAlreadyConfirmed(apprenticeship: apprenticeship.id, month: request.month))
        }
        if existing == nil && request.correction {
            throw .duty(.wageNothingToCorrect(apprenticeship: apprenticeship.id, month: request.month))
        }
        return [.apprenticeWageConfirmed(request)]
    }
}

extension ApprenticeshipState {
    /// The days trained: from the start to the completion or termination, or the planned end.
    public var actualTerm: ClosedRange<CalendarDate> {
        contract.start...max(contract.start, endedOn ?? contract.end)
    }

    /// The wage due for `month`: the agreed monthly wage pro rata to the days of the month within the
    /// actual term (a whole month owes the whole wage), rounded up to the fen; zero without an agreed wage.
    public func wageDue(for month: YearMonth) -> Money {
        guard let wage = contract.monthlyWage else { return .zero }
        let term = actualTerm
        let from = max(term.lowerBound, month.firstDay), to = min(term.upperBound, month.lastDay)
        guard from <= to else { return .zero }
        let days = (from...to).dayCount, monthDays = month.days.dayCount
        return days == monthDays ? wage : wage.fractionRoundedUp(days, of: monthDays)
    }
}
