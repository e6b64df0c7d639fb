/// Decides commands: `decide(command, actor, facts) throws(Rejection) -> [RegistryEvent]`.
///
/// Pure: no clock, no I/O; business dates arrive in the command, the policy in force comes from
/// the facts (`header.policy(on:)` of the business date the rule judges). A rejected command
/// yields no events. Checks run in this order: Auth_01 role, registry initialised, records exist,
/// Auth_01 ownership, input and state, then the catalogue rules.
public enum Decider {
    /// Decides `command` issued by `actor`.
    ///
    /// - Parameters:
    ///   - command: The command.
    ///   - actor: Who issues it; Auth_01 is checked for every command.
    ///   - facts: The current state the command is judged against.
    /// - Returns: The events to append, all to `command.targetStreamID`.
    /// - Throws: A `Rejection` naming the rule or problem.
    public static func decide(_ command: RegistryCommand, by actor: Actor, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        // Auth_01: an inspector never writes; every other role issues only its own commands.
        guard command.permittedRoles.contains(actor.role) else {
            throw .roleNotPermitted(actor: actor, verb: command.verb, required: command.requiredRole)
        }
        if case .initialize(let jurisdiction, let profile, let from, let overrides) = command {
            return try initialize(jurisdiction: jurisdiction, profile: profile, from: from, overrides: overrides, facts: facts)
        }
        guard let header = facts.header else { throw .registryNotInitialized }
        let context = Context(actor: actor, verb: command.verb, header: header)

        switch command {
        case .initialize:
            // Handled above, before the registry needs to exist.
            return []
        case .adoptPolicy(let profile, let from, let overrides):
            return try adoptPolicy(profile: profile, from: from, overrides: overrides, header: header)
        case .registerSchool(let id, let name, let level):
            try requireText(id, "school ID")
            try requireText(name, "name")
            guard facts.school(id) == nil else { throw .alreadyExists(.school(id)) }
            return [.schoolRegistered(SchoolRegistered(id: id, name: name, level: level))]
        case .registerEnterprise(let id, let name, let aboveScale):
            try requireText(id, "enterprise ID")
            try requireText(name, "name")
            guard facts.enterprise(id) == nil else { throw .alreadyExists(.enterprise(id)) }
            return [.enterpriseRegistered(EnterpriseRegistered(id: id, name: name, aboveScale: aboveScale))]
        case .declareWorkforce(let enterprise, let headcount, let asOf, let posts, let wageStandards):
            return try declareWorkforce(enterprise: enterprise, headcount: headcount, asOf: asOf,
                                        posts: posts, wageStandards: wageStandards, context: context, facts: facts)
        case .enrollStudent(let id, let school, let name, let major, let birth, let enrolled, let guardianConsent, let idCard, let idCardDigest):
            return try enrollStudent(id: id, school: school, name: name, major: major, birth: birth, guardianConsent: guardianConsent,
                                     idCard: idCard, idCardDigest: idCardDigest,
                                     enrolled: enrolled, context: context, facts: facts)
        case .endStudentStatus(let student, let reason, let on):
            return try endStudentStatus(student: student, reason: reason, on: on, context: context, facts: facts)
        case .recordHire(let student, let enterprise, let on):
            return try recordHire(student: student, enterprise: enterprise, on: on, context: context, facts: facts)
        case .registerPlacement(let id, let student, let enterprise, let kind, let start, let end, let stipend,
                                let post, let agreement, let majorRelevant):
            let request = PlacementRegistered(
                id: id, student: student, school: "", enterprise: enterprise, kind: kind, start: start, end: end,
                stipend: stipend, post: nonEmpty(post), agreement: nonEmpty(agreement), majorRelevant: majorRelevant)
            return try registerPlacement(request, context: context, facts: facts)
        case .enrollInsurance(let placement, let policyNumber, let insurer, let covers, let from, let to, let paidBy):
            let request = InsuranceEnrolled(placement: placement, policyNumber: policyNumber, insurer: insurer,
                                            covers: Array(Set(covers)).sorted(), from: from, to: to, paidBy: paidBy)
            return try enrollInsurance(request, context: context, facts: facts)
        case .cancelInsurance(let placement, let policyNumber, let on):
            return try cancelInsurance(placement: placement, policyNumber: policyNumber, on: on, context: context, facts: facts)
        case .startPlacement(let placement, let on, let agreement):
            return try startPlacement(placement: placement, on: on, agreement: agreement, context: context, facts: facts)
        case .extendPlacement(let placement, let to, let agreedOn):
            return try extendPlacement(placement: placement, to: to, agreedOn: agreedOn, context: context, facts: facts)
        case .completePlacement(let placement, let on):
            return try endPlacement(placement: placement, on: on, terminationReason: nil, context: context, facts: facts)
        case .terminatePlacement(let placement, let on, let reason):
            try requireText(reason, "reason")
            return try endPlacement(placement: placement, on: on, terminationReason: reason, context: context, facts: facts)
        case .confirmStipend(let placement, let month, let amount, let paidOn, let correction, let advance, let today):
            let request = StipendConfirmed(placement: placement, month: month, amount: amount, paidOn: paidOn, correction: correction)
            return try confirmStipend(request, advance: advance, today: today, context: context, facts: facts)
        case .contractApprenticeship(let id, let student, let school, let enterprise, let scheme, let level,
                                     let laborContract, let contractEnd, let start, let end, let schoolTutor, let mentor,
                                     let monthlyWage):
            let request = ApprenticeshipContracted(
                id: id, student: student, school: school, enterprise: enterprise, scheme: scheme, level: level,
                laborContract: laborContract, contractEnd: contractEnd, start: start, end: end,
                schoolTutor: schoolTutor, mentor: mentor, monthlyWage: monthlyWage)
            return try contractApprenticeship(request, context: context, facts: facts)
        case .completeApprenticeship(let apprenticeship, let on, let certificate):
            return try endApprenticeship(apprenticeship, on: on, certificate: certificate, reason: nil, context: context, facts: facts)
        case .terminateApprenticeship(let apprenticeship, let on, let reason):
            return try endApprenticeship(apprenticeship, on: on, certificate: nil, reason: reason, context: context, facts: facts)
        case .advanceSubsidy(let apprenticeship, let amount, let on):
            return try payOrRecoverSubsidy(.advance, apprenticeship: apprenticeship, amount: amount, on: on, context: context, facts: facts)
        case .settleSubsidy(let apprenticeship, let amount, let on):
            return try payOrRecoverSubsidy(.settle, apprenticeship: apprenticeship, amount: amount, on: on, context: context, facts: facts)
        case .clawBackSubsidy(let apprenticeship, let amount, let on):
            return try payOrRecoverSubsidy(.clawBack, apprenticeship: apprenticeship, amount: amount, on: on, context: context, facts: facts)
        case .correctStudent(let student, let name, let birth, let reason):
            return try correctStudent(student, name: name, birth: birth, reason: reason, context: context, facts: facts)
        case .correctEnterprise(let enterprise, let name, let reason):
            return try correctEnterprise(enterprise, name: name, reason: reason, context: context, facts: facts)
        case .correctPlacement(let placement, let post, let agreement, let reason):
            return try correctPlacement(placement, post: post, agreement: agreement, reason: reason, context: context, facts: facts)
        case .registerTeacher(let id, let school, let name, let course, let since):
            return try registerTeacher(TeacherRegistered(id: id, school: school, name: name, course: course, since: since),
                                       context: context, facts: facts)
        case .qualifyTeacher(let teacher, let on, let document):
            return try qualifyTeacher(TeacherQualified(teacher: teacher, on: on, document: document), context: context, facts: facts)
        case .recordTeacherPractice(let teacher, let enterprise, let from, let to):
            return try recordTeacherPractice(TeacherPracticed(teacher: teacher, enterprise: enterprise, from: from, to: to),
                                             context: context, facts: facts)
        case .certifyEnterprise(let enterprise, let on, let document):
            return try certifyEnterprise(EnterpriseCertified(enterprise: enterprise, on: on, document: document), facts: facts)
        case .revokeCertification(let enterprise, let on, let document, let reason):
            return try revokeCertification(
                EnterpriseCertificationRevoked(enterprise: enterprise, on: on, document: document, reason: reason), facts: facts)
        case .confirmApprenticeWage(let apprenticeship, let month, let amount, let paidOn, let correction):
            let request = ApprenticeWageConfirmed(apprenticeship: apprenticeship, month: month, amount: amount, paidOn: paidOn,
                                                  correction: correction)
            return try confirmApprenticeWage(request, context: context, facts: facts)
        case .correctTeacher(let teacher, let name, let course, let reason):
            return try correctTeacher(teacher, name: name, course: course, reason: reason, context: context, facts: facts)
        case .eraseStudentPersonalData(let student, let reason, let pseudonym):
            return try eraseStudentPersonalData(student: student, reason: reason, pseudonym: pseudonym, context: context, facts: facts)
        }
    }

    /// What every check needs besides the facts.
    struct Context {
        let actor: Actor
        let verb: String
        let header: RegistryHeader

        /// Auth_01 ownership: the actor must be the organisation `owner`.
        func requireOwner(_ owner: String, of record: RecordRef) throws(Rejection) {
            guard actor.id == owner else { throw .notOwnRecord(actor: actor, verb: verb, record: record) }
        }

        func policy(on date: CalendarDate) -> Policy { header.policy(on: date) }
    }

    static func requireText(_ value: String, _ field: String) throws(Rejection) {
        guard !value.allSatisfy({ $0 == " " || $0 == "\t" }) else { throw .emptyValue(field: field) }
    }

    static func requireNonNegative(_ amount: Money, _ field: String) throws(Rejection) {
        guard !amount.isNegative else { throw .negativeValue(field: field, value: amount.description) }
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    // MARK: Registry

    static func initialize(jurisdiction: String, profile: String, from: CalendarDate, overrides: [ParameterOverride],
                           facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        if let header = facts.header { throw .registryAlreadyInitialized(jurisdiction: header.jurisdiction) }
        try requireText(jurisdiction, "jurisdiction")
        return [
            .registryInitialized(RegistryInitialized(jurisdiction: jurisdiction, on: from)),
            .policyAdopted(try adoption(of: profile, from: from, overrides: overrides)),
        ]
    }

    /// A policy may take effect on or after the latest one in force, never before it: adopting
    /// retroactively would silently change the rules past facts were judged by.
    static func adoptPolicy(profile: String, from: CalendarDate, overrides: [ParameterOverride],
                            header: RegistryHeader) throws(Rejection) -> [RegistryEvent] {
        let adoption = try adoption(of: profile, from: from, overrides: overrides)
        if let latest = header.latestAdoption, from < latest.from {
            throw .policyDateBeforeCurrent(from: from, current: latest.from)
        }
        return [.policyAdopted(adoption)]
    }

    /// The profile `profile` with the local figures of `overrides` stated over it. The CLI checks
    /// names and values as usage errors; a command built elsewhere with an unknown name or a value
    /// of the wrong kind, or a figure without a source, is rejected here all the same.
    static func adoption(of profile: String, from: CalendarDate, overrides: [ParameterOverride]) throws(Rejection) -> PolicyAdopted {
        guard let policy = PolicyProfiles.named(profile) else { throw .unknownPolicyProfile(profile) }
        for override in overrides {
            guard let descriptor = PolicyParameters.named(override.name), descriptor.kind == override.value.kind else {
                throw .unknownPolicyParameter(override.name)
            }
            try requireText(override.source, "source of \(override.name)")
        }
        return PolicyAdopted(from: from, policy: policy.applying(overrides), overrides: overrides)
    }

    static func declareWorkforce(enterprise: String, headcount: Int, asOf: CalendarDate, posts: [String: Int],
                                 wageStandards: [String: Money], context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard facts.enterprise(enterprise) != nil else { throw .notFound(.enterprise(enterprise)) }
        try context.requireOwner(enterprise, of: .enterprise(enterprise))
        guard headcount >= 0 else { throw .negativeValue(field: "headcount", value: "\(headcount)") }
        for (post, count) in posts.sorted(by: { $0.key < $1.key }) where count < 0 {
            throw .negativeValue(field: "headcount of post '\(post)'", value: "\(count)")
        }
        for (post, wage) in wageStandards.sorted(by: { $0.key < $1.key }) {
            try requireNonNegative(wage, "wage standard of post '\(post)'")
        }
        return [.workforceDeclared(WorkforceDeclared(enterprise: enterprise, headcount: headcount, asOf: asOf,
                                                     posts: posts, wageStandards: wageStandards))]
    }
}
