extension Decider {
    /// Contracts an apprenticeship. Checks, with the policy in force on the training start:
    /// - Dual_01: the student belongs to the named school and holds student status from the start
    ///   through the end of the term (no recorded status end on or before the end); the labour
    ///   contract — taken to run from the training start, since the contract's own start is not
    ///   recorded — ends no earlier than start + `minLaborContractMonths` − 1 day, and no earlier
    ///   than the training end.
    /// - Dual_03: start + `minApprenticeMonths` − 1 day ≤ end ≤ start + `maxApprenticeMonths` − 1 day.
    static func contractApprenticeship(_ request: ApprenticeshipContracted, context: Context,
                                       facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard facts.enterprise(request.enterprise) != nil else { throw .notFound(.enterprise(request.enterprise)) }
        try context.requireOwner(request.enterprise, of: .enterprise(request.enterprise))
        guard facts.school(request.school) != nil else { throw .notFound(.school(request.school)) }
        guard let student = facts.student(request.student) else { throw .notFound(.student(request.student)) }
        try requirePersonalData(of: student, context: context)
        try requireText(request.id, "apprenticeship ID")
        guard facts.apprenticeship(request.id) == nil else { throw .alreadyExists(.apprenticeship(request.id)) }
        try requireText(request.laborContract, "labour contract")
        try requireText(request.schoolTutor, "school tutor")
        try requireText(request.mentor, "mentor")
        guard request.start <= request.end else {
            throw .endBeforeStart(.apprenticeship(request.id), start: request.start, end: request.end)
        }
        let policy = context.policy(on: request.start)

        let enrolledThroughout = student.school == request.school && student.isEnrolled(on: request.start)
            && (student.statusEnded.map { $0.on > request.end } ?? true)
        guard enrolledThroughout else {
            throw .studentNotEnrolledAtSchool(apprenticeship: request.id, student: request.student,
                                              school: request.school, on: request.start)
        }
        if let contractMonths = policy[.minLaborContractMonths]?.value {
            let minimumContractEnd = request.start.endOfTerm(months: contractMonths)
            guard request.contractEnd >= minimumContractEnd else {
                throw .laborContractTooShort(apprenticeship: request.id, contractEnd: request.contractEnd,
                                             minimumEnd: minimumContractEnd, months: contractMonths)
            }
        }
        guard request.contractEnd >= request.end else {
            throw .laborContractEndsBeforeTerm(apprenticeship: request.id, contractEnd: request.contractEnd, end: request.end)
        }
        // Dual_03 applies with whichever bound the policy states; the message names both.
        let minimumMonths = policy[.minApprenticeMonths]?.value
        let maximumMonths = policy[.maxApprenticeMonths]?.value
        guard minimumMonths.map({ request.end >= request.start.endOfTerm(months: $0) }) ?? true,
              maximumMonths.map({ request.end <= request.start.endOfTerm(months: $0) }) ?? true
        else {
            throw .apprenticeshipTermOutOfRange(apprenticeship: request.id, start: request.start, end: request.end,
                                                minimumMonths: minimumMonths ?? 0, maximumMonths: maximumMonths ?? 0)
        }
        try checkAgreedWage(request, minimum: policy.minimumMonthlyWage)
        return [.apprenticeshipContracted(request)]
    }

    /// Completes (with a certificate) or terminates (with a reason) a running apprenticeship on a
    /// date on or after its start.
    static func endApprenticeship(_ id: String, on: CalendarDate, certificate: String?, reason: String?,
                                  context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let apprenticeship = facts.apprenticeship(id) else { throw .notFound(.apprenticeship(id)) }
        try context.requireOwner(apprenticeship.enterprise, of: .apprenticeship(id))
        if let endedOn = apprenticeship.endedOn {
            throw .apprenticeshipEnded(apprenticeship: id, status: apprenticeship.status, on: endedOn)
        }
        guard on >= apprenticeship.contract.start else {
            throw .dateOutsideTerm(.apprenticeship(id), date: on, term: apprenticeship.term)
        }
        if let certificate {
            try requireText(certificate, "certificate")
            return [.apprenticeshipCompleted(ApprenticeshipCompleted(apprenticeship: id, on: on, certificate: certificate))]
        }
        let reason = reason ?? ""
        try requireText(reason, "reason")
        return [.apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: id, on: on, reason: reason))]
    }

    enum SubsidyAction { case advance, settle, clawBack }

    /// The training subsidy an apprenticeship is entitled to: `apprenticeSubsidyPerYear.<level>` ×
    /// whole term months / 12, rounded down to whole fen, with the policy in force on the training start;
    /// nil when that policy states no amount for the level (Subsidy_02's limits then do not apply)
    /// or the apprenticeship is not an enterprise new-type apprenticeship (which alone 002 三(二) subsidises).
    public static func subsidyEntitlement(of apprenticeship: ApprenticeshipState, header: RegistryHeader) -> Money? {
        guard apprenticeship.contract.scheme == .enterprise else { return nil }
        let policy = header.policy(on: apprenticeship.contract.start)
        return policy[.apprenticeSubsidyPerYear(apprenticeship.contract.level)]?.value
            .fraction(apprenticeship.termMonths, of: 12)
    }

    /// Subsidy_02, with the policy in force on the training start:
    /// - advance and settle: only for an enterprise new-type apprenticeship (企业新型学徒制, 002 三(二));
    ///   a modern apprenticeship (现代学徒制) is granted no such subsidy by any shipped profile;
    /// - advance: only while the apprenticeship runs; all advances together ≤ `maxAdvanceRate` ×
    ///   entitlement (rounded down to whole fen) — no limit where either is unset;
    /// - settle: only after completion with a certificate; advances kept plus settlements ≤ entitlement
    ///   where the policy states one;
    /// - claw back (Subsidy_04): only once the apprenticeship has ended — an advance is recovered
    ///   because the training was not completed, which an apprenticeship still running cannot show;
    ///   and at most the advance not yet recovered (not a catalogue rule).
    static func payOrRecoverSubsidy(_ action: SubsidyAction, apprenticeship id: String, amount: Money, on: CalendarDate,
                                    context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let apprenticeship = facts.apprenticeship(id) else { throw .notFound(.apprenticeship(id)) }
        try requireNonNegative(amount, "amount")
        let entitlement = subsidyEntitlement(of: apprenticeship, header: context.header)
        if action != .clawBack && apprenticeship.contract.scheme != .enterprise {
            throw .subsidyNotGranted(apprenticeship: id, scheme: apprenticeship.contract.scheme)
        }
        switch action {
        case .advance:
            if let endedOn = apprenticeship.endedOn {
                throw .apprenticeshipEnded(apprenticeship: id, status: apprenticeship.status, on: endedOn)
            }
            if let entitlement, let rate = context.policy(on: apprenticeship.contract.start)[.maxAdvanceRate]?.value {
                let limit = rate.floorTimes(entitlement)
                guard apprenticeship.advanced + amount <= limit else {
                    throw .advanceExceedsLimit(apprenticeship: id, amount: amount, advanced: apprenticeship.advanced, limit: limit)
                }
            }
            return [.subsidyAdvanced(SubsidyAdvanced(apprenticeship: id, amount: amount, on: on))]
        case .settle:
            guard apprenticeship.status == .completed, !(apprenticeship.certificate ?? "").isEmpty else {
                throw .settlementBeforeCompletion(apprenticeship: id)
            }
            if let entitlement, apprenticeship.netPaid + amount > entitlement {
                throw .subsidyExceedsEntitlement(apprenticeship: id, amount: amount, paid: apprenticeship.netPaid,
                                                 entitlement: entitlement)
            }
            return [.subsidySettled(SubsidySettled(apprenticeship: id, amount: amount, on: on))]
        case .clawBack:
            guard apprenticeship.endedOn != nil else {
                throw .clawbackWhileActive(apprenticeship: id, on: on)
            }
            guard amount <= apprenticeship.outstandingAdvance else {
                throw .clawbackExceedsOutstanding(apprenticeship: id, amount: amount, outstanding: apprenticeship.outstandingAdvance)
            }
            return [.subsidyClawedBack(SubsidyClawedBack(apprenticeship: id, amount: amount, on: on))]
        }
    }
}
