/// Every command that writes to the registry: one case per writing verb of the CLI (SPEC section 5).
///
/// A command carries everything the decider needs besides the facts: business dates come from the
/// user, never from a clock. Where the CLI takes an organisation from `--as` rather than a flag
/// (the school of `student enroll`, the enterprise of `apprenticeship contract`), the CLI passes
/// the acting organisation's ID and Auth_01 checks it.
public enum RegistryCommand: Equatable, Sendable {
    /// `registry init`: set up the registry for a jurisdiction and adopt a policy profile from `from`,
    /// with the local figures of `overrides`.
    case initialize(jurisdiction: String, profile: String, from: CalendarDate, overrides: [ParameterOverride] = [])
    /// `registry policy adopt`: adopt a policy profile from a date, with the local figures of `overrides`.
    case adoptPolicy(profile: String, from: CalendarDate, overrides: [ParameterOverride] = [])
    /// `registry school register`.
    case registerSchool(id: String, name: String, level: SchoolLevel)
    /// `registry enterprise register`.
    case registerEnterprise(id: String, name: String, aboveScale: Bool)
    /// `registry enterprise workforce`.
    case declareWorkforce(enterprise: String, headcount: Int, asOf: CalendarDate,
                          posts: [String: Int], wageStandards: [String: Money])
    /// `registry student enroll`; `school` is the acting school.
    case enrollStudent(id: String, school: String, name: String, major: String,
                       birth: CalendarDate, enrolled: CalendarDate, guardianConsent: String? = nil,
                       idCard: String? = nil, idCardDigest: String? = nil)
    /// `registry student leave`.
    case endStudentStatus(student: String, reason: StatusEndReason, on: CalendarDate)
    /// `registry student hired`.
    case recordHire(student: String, enterprise: String, on: CalendarDate)
    /// `registry placement register`; the school is the student's school.
    case registerPlacement(id: String, student: String, enterprise: String, kind: PlacementKind,
                           start: CalendarDate, end: CalendarDate, stipend: Money,
                           post: String?, agreement: String?, majorRelevant: Bool)
    /// `registry insurance enroll`.
    case enrollInsurance(placement: String, policyNumber: String, insurer: String, covers: [Cover],
                         from: CalendarDate, to: CalendarDate, paidBy: PremiumPayer)
    /// `registry insurance cancel`: the policy no longer covers `on` and later days.
    case cancelInsurance(placement: String, policyNumber: String, on: CalendarDate)
    /// `registry placement start`.
    /// `agreement` records the tripartite agreement when the registration did not (Agreement_01).
    case startPlacement(placement: String, on: CalendarDate, agreement: String? = nil)
    /// `registry placement extend`: move the planned end to `to`.
    case extendPlacement(placement: String, to: CalendarDate, agreedOn: CalendarDate? = nil)
    /// `registry placement complete`.
    case completePlacement(placement: String, on: CalendarDate)
    /// `registry placement terminate`.
    case terminatePlacement(placement: String, on: CalendarDate, reason: String)
    /// `registry stipend confirm`; `advance` marks a payment before the month (Data_02), `today` is
    /// the registry's clock a payment date may not pass (Data_01; nil: not checked).
    case confirmStipend(placement: String, month: YearMonth, amount: Money, paidOn: CalendarDate, correction: Bool,
                        advance: Bool = false, today: CalendarDate? = nil)
    /// `registry apprenticeship contract`; `enterprise` is the acting enterprise.
    case contractApprenticeship(id: String, student: String, school: String, enterprise: String,
                                scheme: ApprenticeshipScheme, level: ApprenticeLevel,
                                laborContract: String, contractEnd: CalendarDate,
                                start: CalendarDate, end: CalendarDate,
                                schoolTutor: String, mentor: String, monthlyWage: Money? = nil)
    /// `registry apprenticeship complete`.
    case completeApprenticeship(apprenticeship: String, on: CalendarDate, certificate: String)
    /// `registry apprenticeship terminate`.
    case terminateApprenticeship(apprenticeship: String, on: CalendarDate, reason: String)
    /// `registry subsidy advance`.
    case advanceSubsidy(apprenticeship: String, amount: Money, on: CalendarDate)
    /// `registry subsidy settle`.
    case settleSubsidy(apprenticeship: String, amount: Money, on: CalendarDate)
    /// `registry subsidy clawback`.
    case clawBackSubsidy(apprenticeship: String, amount: Money, on: CalendarDate)
    /// `registry student correct`: a clerical correction of the name or the date of birth.
    case correctStudent(student: String, name: String?, birth: CalendarDate?, reason: String)
    /// `registry enterprise correct`: a clerical correction of the registered name.
    case correctEnterprise(enterprise: String, name: String?, reason: String)
    /// `registry placement correct`: a clerical correction of the post or the agreement reference.
    case correctPlacement(placement: String, post: String?, agreement: String?, reason: String)
    /// `registry teacher register`; `school` is the acting school.
    case registerTeacher(id: String, school: String, name: String, course: TeacherCourse, since: CalendarDate?)
    /// `registry teacher qualify`: the teacher is recognised as 双师型.
    case qualifyTeacher(teacher: String, on: CalendarDate, document: String?)
    /// `registry teacher practice`: a period of practice in an enterprise.
    case recordTeacherPractice(teacher: String, enterprise: String, from: CalendarDate, to: CalendarDate)
    /// `registry enterprise certify`: certify a 产教融合型企业.
    case certifyEnterprise(enterprise: String, on: CalendarDate, document: String)
    /// `registry enterprise revoke-certification`.
    case revokeCertification(enterprise: String, on: CalendarDate, document: String, reason: String)
    /// `registry wage confirm`: an apprentice's wage for a month.
    case confirmApprenticeWage(apprenticeship: String, month: YearMonth, amount: Money, paidOn: CalendarDate, correction: Bool)
    /// `registry teacher correct`: a clerical correction of a teacher's name or course.
    case correctTeacher(teacher: String, name: String?, course: TeacherCourse?, reason: String)
    /// `registry student erase`: erase a student's personal data (the caller destroys the key once
    /// the event is appended); `pseudonym` is what reads show instead of the name.
    case eraseStudentPersonalData(student: String, reason: String, pseudonym: String)

    /// The one stream the command's events are appended to.
    public var targetStreamID: String {
        switch self {
        case .initialize, .adoptPolicy:
            StreamID.registry
        case .registerSchool(let id, _, _):
            StreamID.school(id)
        case .registerEnterprise(let id, _, _):
            StreamID.enterprise(id)
        case .declareWorkforce(let enterprise, _, _, _, _):
            StreamID.enterprise(enterprise)
        case .enrollStudent(let id, _, _, _, _, _, _, _, _):
            StreamID.student(id)
        case .endStudentStatus(let student, _, _), .recordHire(let student, _, _):
            StreamID.student(student)
        case .registerPlacement(let id, _, _, _, _, _, _, _, _, _):
            StreamID.placement(id)
        case .enrollInsurance(let placement, _, _, _, _, _, _),
             .cancelInsurance(let placement, _, _),
             .startPlacement(let placement, _, _),
             .extendPlacement(let placement, _, _),
             .completePlacement(let placement, _),
             .terminatePlacement(let placement, _, _),
             .confirmStipend(let placement, _, _, _, _, _, _):
            StreamID.placement(placement)
        case .contractApprenticeship(let id, _, _, _, _, _, _, _, _, _, _, _, _):
            StreamID.apprenticeship(id)
        case .completeApprenticeship(let id, _, _),
             .terminateApprenticeship(let id, _, _),
             .advanceSubsidy(let id, _, _),
             .settleSubsidy(let id, _, _),
             .clawBackSubsidy(let id, _, _),
             .confirmApprenticeWage(let id, _, _, _, _):
            StreamID.apprenticeship(id)
        case .correctStudent(let student, _, _, _), .eraseStudentPersonalData(let student, _, _):
            StreamID.student(student)
        case .correctEnterprise(let enterprise, _, _):
            StreamID.enterprise(enterprise)
        case .correctPlacement(let placement, _, _, _):
            StreamID.placement(placement)
        case .registerTeacher(let id, _, _, _, _),
             .qualifyTeacher(let id, _, _),
             .recordTeacherPractice(let id, _, _, _),
             .correctTeacher(let id, _, _, _):
            StreamID.teacher(id)
        case .certifyEnterprise(let id, _, _),
             .revokeCertification(let id, _, _, _):
            StreamID.enterprise(id)
        }
    }

    /// The CLI verb, such as `placement start`, for messages.
    public var verb: String {
        switch self {
        case .initialize: "init"
        case .adoptPolicy: "policy adopt"
        case .registerSchool: "school register"
        case .registerEnterprise: "enterprise register"
        case .declareWorkforce: "enterprise workforce"
        case .enrollStudent: "student enroll"
        case .endStudentStatus: "student leave"
        case .recordHire: "student hired"
        case .registerPlacement: "placement register"
        case .enrollInsurance: "insurance enroll"
        case .cancelInsurance: "insurance cancel"
        case .startPlacement: "placement start"
        case .extendPlacement: "placement extend"
        case .completePlacement: "placement complete"
        case .terminatePlacement: "placement terminate"
        case .confirmStipend: "stipend confirm"
        case .contractApprenticeship: "apprenticeship contract"
        case .completeApprenticeship: "apprenticeship complete"
        case .terminateApprenticeship: "apprenticeship terminate"
        case .advanceSubsidy: "subsidy advance"
        case .settleSubsidy: "subsidy settle"
        case .clawBackSubsidy: "subsidy clawback"
        case .correctStudent: "student correct"
        case .correctEnterprise: "enterprise correct"
        case .correctPlacement: "placement correct"
        case .registerTeacher: "teacher register"
        case .qualifyTeacher: "teacher qualify"
        case .recordTeacherPractice: "teacher practice"
        case .certifyEnterprise: "enterprise certify"
        case .revokeCertification: "enterprise revoke-certification"
        case .confirmApprenticeWage: "wage confirm"
        case .correctTeacher: "teacher correct"
        case .eraseStudentPersonalData: "student erase"
        }
    }

    /// The role that may issue the command (Auth_01).
    public var requiredRole: Role {
        switch self {
        case .initialize, .adoptPolicy, .registerSchool, .registerEnterprise,
             .advanceSubsidy, .settleSubsidy, .clawBackSubsidy:
            .bureau
        case .enrollStudent, .endStudentStatus, .registerPlacement, .enrollInsurance, .cancelInsurance,
             .startPlacement, .extendPlacement, .completePlacement, .terminatePlacement:
            .school
        case .declareWorkforce, .recordHire, .confirmStipend, .contractApprenticeship,
             .completeApprenticeship, .terminateApprenticeship:
            .enterprise
        // The organisation that recorded the fact corrects it: the school its students and
        // placements, the bureau the enterprises it registered.
        case .correctStudent, .correctPlacement:
            .school
        case .correctEnterprise:
            .bureau
        case .registerTeacher, .qualifyTeacher, .recordTeacherPractice, .correctTeacher:
            .school
        case .certifyEnterprise, .revokeCertification:
            .bureau
        case .confirmApprenticeWage:
            .enterprise
        // The school, after its student has left; the bureau may too (`permittedRoles`).
        case .eraseStudentPersonalData:
            .school
        }
    }

    /// The roles that may issue the command (Auth_01): `requiredRole`, and for an erase the bureau too.
    /// An array, not a `Set`: every command asks it once, and a process's first `Set<Role>` made the
    /// Swift runtime scan the executable's conformance tables for `Role: Hashable` (370 k instructions,
    /// 2% of a command), which nothing else in a command needed.
    public var permittedRoles: [Role] {
        if case .eraseStudentPersonalData = self { return [.school, .bureau] }
        return [requiredRole]
    }
}
