extension Decider {
    /// Registers a placement. Checks, with the policy in force on the planned start:
    /// - Duration_01 (post only): planned end ≥ start + `minPostMonths` calendar months − 1 day,
    ///   so 2025-03-01…2025-08-31 is exactly six months.
    /// - Pay_01 (post only, and only where the enterprise's workforce declaration in force on the
    ///   start date states a wage standard for the post): stipend ≥ `payFloorRate` × standard,
    ///   the floor rounded up to whole fen.
    /// - Age_01 (post only): the student is at least `minimumAge` on the planned start, so that a
    ///   placement that could never start is refused when it is registered (and checked again at start).
    /// A rule whose parameter the policy leaves unset does not apply.
    /// The student must hold student status on the start date; the school is the student's school.
    static func registerPlacement(_ request: PlacementRegistered, context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let student = facts.student(request.student) else { throw .notFound(.student(request.student)) }
        try context.requireOwner(student.school, of: .student(request.student))
        try requirePersonalData(of: student, context: context)
        guard let enterprise = facts.enterprise(request.enterprise) else { throw .notFound(.enterprise(request.enterprise)) }
        try requireText(request.id, "placement ID")
        guard facts.placement(request.id) == nil else { throw .alreadyExists(.placement(request.id)) }
        guard request.start <= request.end else {
            throw .endBeforeStart(.placement(request.id), start: request.start, end: request.end)
        }
        try requireNonNegative(request.stipend, "stipend")
        guard student.isEnrolled(on: request.start) else {
            throw .studentNotEnrolled(student: request.student, on: request.start)
        }
        var placement = request
        placement.school = student.school

        let policy = context.policy(on: request.start)
        if request.kind == .post {
            if let months = policy[.minPostMonths]?.value {
                let minimumEnd = request.start.endOfTerm(months: months)
                guard request.end >= minimumEnd else {
                    throw .postInternshipTooShort(placement: request.id, start: request.start, end: request.end,
                                                  minimumEnd: minimumEnd, months: months)
                }
            }
            if let minimumAge = policy[.minimumAge]?.value {
                let age = student.age(on: request.start)
                guard age >= minimumAge else {
                    throw .studentTooYoung(placement: request.id, student: student.id, on: request.start, age: age, minimumAge: minimumAge)
                }
            }
            if let post = request.post, let rate = policy[.payFloorRate]?.value,
               let standard = enterprise.workforce(on: request.start)?.wageStandards[post] {
                let floor = rate.times(standard)
                guard request.stipend >= floor else {
                    throw .stipendBelowFloor(placement: request.id, post: post, stipend: request.stipend,
                                             floor: floor, wageStandard: standard, rate: rate)
                }
            }
        }
        return [.placementRegistered(placement)]
    }

    /// Loads a placement and checks that the actor is its school (or, for stipends, its enterprise).
    static func ownedPlacement(_ id: String, by owner: (PlacementState) -> String, context: Context,
                               facts: some DecisionFacts) throws(Rejection) -> PlacementState {
        guard let placement = facts.placement(id) else { throw .notFound(.placement(id)) }
        try context.requireOwner(owner(placement), of: .placement(id))
        return placement
    }

    static func requireNotEnded(_ placement: PlacementState) throws(Rejection) {
        if placement.hasEnded, let endedOn = placement.endedOn {
            throw .placementEnded(placement: placement.id, status: placement.status, on: endedOn)
        }
    }

    /// Enrols an insurance policy. Insurance_04: the premium is never paid by the student.
    static func enrollInsurance(_ request: InsuranceEnrolled, context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        let placement = try ownedPlacement(request.placement, by: \.school, context: context, facts: facts)
        try requireText(request.policyNumber, "policy number")
        try requireText(request.insurer, "insurer")
        guard !request.covers.isEmpty else { throw .emptyValue(field: "cover") }
        guard request.from <= request.to else {
            throw .endBeforeStart(RecordRef(.insurancePolicy, request.policyNumber), start: request.from, end: request.to)
        }
        guard placement.insurancePolicy(request.policyNumber) == nil else {
            throw .alreadyExists(RecordRef(.insurancePolicy, request.policyNumber))
        }
        guard request.paidBy != .student else {
            throw .premiumPaidByStudent(placement: request.placement, policyNumber: request.policyNumber)
        }
        return [.insuranceEnrolled(request)]
    }

    /// Cancels an insurance policy from `on`. Insurance_03: while the placement is active, every
    /// required cover the policy provides must stay in place for the days of the remaining term
    /// it would have covered (from `on` to the planned end): another policy must cover them.
    /// A placement not yet started is checked when it starts; an ended one needs no cover.
    static func cancelInsurance(placement id: String, policyNumber: String, on: CalendarDate,
                                context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        let placement = try ownedPlacement(id, by: \.school, context: context, facts: facts)
        guard let record = placement.insurancePolicy(policyNumber) else {
            throw .notFound(RecordRef(.insurancePolicy, policyNumber))
        }
        if let cancelledOn = record.cancelledOn {
            throw .insuranceAlreadyCancelled(placement: id, policyNumber: policyNumber, on: cancelledOn)
        }
        if placement.status == .active, let startedOn = placement.startedOn {
            let first = max(on, record.from, startedOn)
            let last = min(record.to, placement.plannedEnd)
            if first <= last {
                let policy = context.policy(on: startedOn)
                for cover in policy[.requiredCovers]?.value ?? [] where record.provides(cover) {
                    if let gap = placement.firstUncovered(cover, in: first...last, excluding: policyNumber) {
                        throw .cancellationLeavesGap(placement: id, policyNumber: policyNumber, cover: cover,
                                                     on: on, uncovered: gap)
                    }
                }
            }
        }
        return [.insuranceCancelled(InsuranceCancelled(placement: id, policyNumber: policyNumber, on: on))]
    }

    /// Starts a placement on `on`; its term is `on`…planned end. Checks, with the policy in force on `on`:
    /// - Agreement_01 (post): a tripartite agreement reference was registered.
    /// - Age_01 (post): the student is at least `minimumAge` on `on` (born 29 February: a year
    ///   older on 1 March of common years).
    /// - Insurance_01 / Insurance_02: for each of `requiredCovers`, effective (not cancelled)
    ///   policies cover every day of the term.
    /// - Quota_02 (post): active post interns on `on`, this one included, ≤ floor(`postInternCapRate`
    ///   × the workforce declared as of `on`); with no declaration the cap cannot be checked and the
    ///   start is rejected under Quota_02.
    /// - Quota_03 (post, where the declaration states the post's headcount): interns on the post,
    ///   this one included, ≤ floor(`perPostCapRate` × that headcount).
    /// Starting after the planned end is invalid input; the student must still hold student status.
    static func startPlacement(placement id: String, on: CalendarDate, agreement: String? = nil, context: Context,
                               facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        let placement = try ownedPlacement(id, by: \.school, context: context, facts: facts)
        try requireNotEnded(placement)
        if let startedOn = placement.startedOn { throw .placementAlreadyStarted(placement: id, on: startedOn) }
        guard on <= placement.plannedEnd else {
            throw .dateOutsideTerm(.placement(id), date: on, term: placement.plannedStart...placement.plannedEnd)
        }
        guard let student = facts.student(placement.student) else { throw .notFound(.student(placement.student)) }
        guard student.isEnrolled(on: on) else { throw .studentNotEnrolled(student: student.id, on: on) }
        let policy = context.policy(on: on)
        let term = on...placement.plannedEnd
        let isPost = placement.kind == .post

        if let agreement, agreement.isEmpty { throw .emptyValue(field: "agreement") }
        if isPost && placement.agreement == nil && agreement == nil { throw .agreementMissing(placement: id) }
        if isPost, let minimumAge = policy[.minimumAge]?.value {
            try requirePersonalData(of: student, context: context)
            let age = student.age(on: on)
            guard age >= minimumAge else {
                throw .studentTooYoung(placement: id, student: student.id, on: on, age: age, minimumAge: minimumAge)
            }
        }
        for cover in policy[.requiredCovers]?.value ?? [] {
            if let gap = placement.firstUncovered(cover, in: term) {
                throw .notInsured(placement: id, cover: cover, on: on, uncovered: gap)
            }
        }
        if isPost {
            guard let enterprise = facts.enterprise(placement.enterprise) else {
                throw .notFound(.enterprise(placement.enterprise))
            }
            guard let workforce = enterprise.workforce(on: on) else {
                throw .workforceNotDeclared(placement: id, enterprise: enterprise.id, on: on)
            }
            if let rate = policy[.postInternCapRate]?.value {
                let interns = facts.activePostInterns(enterprise: enterprise.id, on: on, post: nil, excluding: id) + 1
                let limit = rate.floorTimes(workforce.headcount)
                guard interns <= limit else {
                    throw .postInternCapExceeded(placement: id, enterprise: enterprise.id, on: on, interns: interns,
                                                 limit: limit, workforce: workforce.headcount, rate: rate)
                }
            }
            if let post = placement.post, let headcount = workforce.posts[post], let postRate = policy[.perPostCapRate]?.value {
                let postInterns = facts.activePostInterns(enterprise: enterprise.id, on: on, post: post, excluding: id) + 1
                let postLimit = postRate.floorTimes(headcount)
                guard postInterns <= postLimit else {
                    throw .perPostCapExceeded(placement: id, enterprise: enterprise.id, post: post, on: on,
                                              interns: postInterns, limit: postLimit, headcount: headcount, rate: postRate)
                }
            }
        }
        return [.placementStarted(PlacementStarted(placement: id, on: on, agreement: agreement))]
    }

    /// Moves the planned end later. Insurance_03: for an active placement, every required cover
    /// (policy in force on the actual start) must cover the added days. A placement not yet
    /// started is checked in full when it starts.
    ///
    /// `agreedOn` is the day the extension was agreed (`--on`), recorded in the event; it may not
    /// lie after the new end (an extension agreed after the days it adds is not an extension).
    static func extendPlacement(placement id: String, to: CalendarDate, agreedOn: CalendarDate? = nil, context: Context,
                                facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        let placement = try ownedPlacement(id, by: \.school, context: context, facts: facts)
        try requireNotEnded(placement)
        guard to > placement.plannedEnd else {
            throw .extensionNotLater(placement: id, to: to, plannedEnd: placement.plannedEnd)
        }
        if let agreedOn, agreedOn > to {
            throw .endBeforeStart(.placement(id), start: agreedOn, end: to)
        }
        if let startedOn = placement.startedOn {
            let added = placement.plannedEnd.adding(days: 1)...to
            for cover in context.policy(on: startedOn)[.requiredCovers]?.value ?? [] {
                if let gap = placement.firstUncovered(cover, in: added) {
                    throw .extensionNotInsured(placement: id, cover: cover, to: to, uncovered: gap)
                }
            }
        }
        return [.placementExtended(PlacementExtended(placement: id, to: to, on: agreedOn))]
    }

    /// Completes (`terminationReason == nil`) or terminates a placement on `on`, its last day.
    /// Completion needs a started placement and a date within its term; termination is also
    /// possible before the start (the placement is then withdrawn) but not after the planned end.
    static func endPlacement(placement id: String, on: CalendarDate, terminationReason: String?,
                             context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        let placement = try ownedPlacement(id, by: \.school, context: context, facts: facts)
        try requireNotEnded(placement)
        if let startedOn = placement.startedOn {
            guard (startedOn...max(startedOn, placement.plannedEnd)).contains(on) else {
                throw .dateOutsideTerm(.placement(id), date: on, term: startedOn...max(startedOn, placement.plannedEnd))
            }
        } else if terminationReason == nil {
            throw .placementNotStarted(placement: id)
        }
        if let reason = terminationReason {
            return [.placementTerminated(PlacementTerminated(placement: id, on: on, reason: reason))]
        }
        return [.placementCompleted(PlacementCompleted(placement: id, on: on))]
    }

    /// Confirms a month's stipend. Pay_05: the month must overlap the placement's actual term
    /// (actual start to completion, termination or planned end), and a month already confirmed
    /// takes only a correction, which replaces the earlier confirmation (amount = total paid for
    /// the month, paid on = the last payment). A correction of an unconfirmed month is rejected.
    /// Confirms a month's stipend. Besides Pay_05, the registry's data-quality rules (figures in
    /// `RegistrySettings`, not a policy's): Data_01 the payment date is not after `today` (the
    /// registry's clock, when given); Data_02 it is not before the month began unless `advance`;
    /// Data_04 the amount is at most `stipendTypoFactor` × the agreed monthly stipend unless it is a
    /// correction (an unpaid placement, stipend 0, is not checked: any payment would be "too much").
    static func confirmStipend(_ request: StipendConfirmed, advance: Bool = false, today: CalendarDate? = nil,
                               context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        let placement = try ownedPlacement(request.placement, by: \.enterprise, context: context, facts: facts)
        try requireNonNegative(request.amount, "amount")
        guard placement.startedOn != nil else { throw .placementNotStarted(placement: placement.id) }
        // A started placement always has a term: the start is never after the planned end, and
        // completion or termination never before the start.
        guard let term = placement.actualTerm else { throw .placementNotStarted(placement: placement.id) }
        guard request.month.lastDay >= term.lowerBound && request.month.firstDay <= term.upperBound else {
            throw .stipendMonthOutsideTerm(placement: placement.id, month: request.month, term: term)
        }
        if let today, request.paidOn > today {
            throw .stipendPaidInFuture(placement: placement.id, month: request.month, paidOn: request.paidOn, today: today)
        }
        if !advance && request.paidOn < request.month.firstDay {
            throw .stipendPaidBeforeMonth(placement: placement.id, month: request.month, paidOn: request.paidOn)
        }
        let existing = placement.stipends[request.month]
        if existing != nil && !request.correction {
            throw .stipendAlreadyConfirmed(placement: placement.id, month: request.month)
        }
        if existing == nil && request.correction {
            throw .nothingToCorrect(placement: placement.id, month: request.month)
        }
        let factor = RegistrySettings.stipendTypoFactor
        if !request.correction && placement.stipend > .zero && request.amount.fen > placement.stipend.fen * Int64(factor) {
            throw .stipendImplausiblyLarge(placement: placement.id, month: request.month, amount: request.amount,
                                           agreed: placement.stipend, factor: factor)
        }
        return [.stipendConfirmed(request)]
    }
}
