import InputValues
import RegistryDomain

/// A form shown again after a rejection: the values the user typed, and each error beside the
/// field it concerns (Django's bound form: one definition drives the field and its error).
///
/// A rule's message goes next to the field the rule judged: `Duration_01` beside the end date,
/// `Pay_01` beside the stipend, `Auth_01` beside the student of another school. A message whose
/// field the form does not have (a role that may not act at all) is shown above the form.
public struct FormState: Sendable, Equatable {
    /// One error: the rule that rejected (if a rule did) and its sentence.
    public struct FieldError: Sendable, Equatable {
        public var rule: String?
        public var message: String
        public init(rule: String?, message: String) {
            self.rule = rule
            self.message = message
        }
    }

    /// The values as typed, by field name.
    public var values: [String: String]
    /// Errors by field name.
    public var errors: [String: FieldError]
    /// Errors that concern no field of the form, shown above it.
    public var general: [FieldError]

    /// A form with the given values and no errors.
    public init(values: [String: String] = [:]) {
        self.values = values
        errors = [:]
        general = []
    }

    /// Whether any error is recorded.
    public var hasErrors: Bool { !errors.isEmpty || !general.isEmpty }

    /// Records `message` beside the first of `candidates` that `fields` (the form's fields) holds, else above the form.
    /// - Parameters:
    ///   - message: the rule's sentence in the page's language.
    ///   - rule: the rule ID, if a rule rejected.
    ///   - candidates: the fields the error may concern, most specific first.
    ///   - fields: the fields of the form shown.
    public mutating func add(_ message: String, rule: String?, candidates: [String], fields: [String]) {
        let error = FieldError(rule: rule, message: message)
        if let field = candidates.first(where: fields.contains), errors[field] == nil {
            errors[field] = error
        } else {
            general.append(error)
        }
    }

    /// Records a domain rejection beside the field it concerns.
    /// - Parameters:
    ///   - rejection: what the decider said.
    ///   - fields: the fields of the form shown.
    ///   - language: the page's language.
    public mutating func add(_ rejection: Rejection, fields: [String], language: Language) {
        add(rejection.message(language), rule: rejection.ruleID?.rawValue, candidates: Self.fields(of: rejection), fields: fields)
    }

    /// Records a rejection known only by its rule ID and message (the JSON API's `{"rule", "message"}`).
    public mutating func add(rule: String?, message: String, fields: [String]) {
        let candidates = rule.flatMap(RuleID.init(rawValue:)).map(Self.fields(of:)) ?? []
        add(message, rule: rule, candidates: candidates, fields: fields)
    }

    /// Records a malformed value (a date that is not a date) beside its field.
    public mutating func add(_ problem: InputValueProblem, field: String, label: String, language: Language) {
        add(problem.message(field: label, language: language), rule: nil, candidates: [field], fields: [field])
    }

    /// The fields a rejection concerns, most specific first; the names are the forms' (and the JSON API's) field names.
    public static func fields(of rejection: Rejection) -> [String] {
        switch rejection {
        case .emptyValue(let field), .negativeValue(let field, _): return [field]
        case .alreadyExists(let ref): return ["id", field(of: ref.kind)]
        case .notFound(let ref): return [field(of: ref.kind), "id"]
        case .notOwnRecord(_, _, let ref): return [field(of: ref.kind), "id"]
        case .endBeforeStart: return ["end", "to"]
        case .enrolledBeforeBirth: return ["enrolled", "birth"]
        case .studentNotEnrolled, .studentStatusAlreadyEnded, .studentTooYoung: return ["student", "on"]
        case .placementAlreadyStarted, .placementEnded: return ["on", "placement"]
        case .placementNotStarted: return ["month", "placement", "on"]
        case .dateOutsideTerm: return ["on", "from", "to"]
        case .extensionNotLater, .extensionNotInsured: return ["to"]
        case .insuranceAlreadyCancelled: return ["policy", "on"]
        case .nothingToCorrect: return ["month"]
        case .postInternCapExceeded, .workforceNotDeclared: return ["on", "enterprise", "headcount"]
        case .perPostCapExceeded: return ["on", "post"]
        case .notInsured: return ["on", "from", "to"]
        case .cancellationLeavesGap: return ["on"]
        case .premiumPaidByStudent: return ["paidBy"]
        case .postInternshipTooShort: return ["end"]
        case .agreementMissing: return ["agreement"]
        case .stipendBelowFloor: return ["stipend"]
        case .stipendMonthOutsideTerm, .stipendAlreadyConfirmed: return ["month"]
        case .stipendPaidInFuture, .stipendPaidBeforeMonth: return ["paidOn"]
        case .stipendImplausiblyLarge: return ["amount"]
        case .studentImplausiblyYoung: return ["birth", "enrolled"]
        case .advanceExceedsLimit, .subsidyExceedsEntitlement, .clawbackExceedsOutstanding: return ["amount"]
        case .policyDateBeforeCurrent: return ["from"]
        case .unknownPolicyParameter: return ["parameter"]
        case .unknownPolicyProfile: return ["policy"]
        default:
            return rejection.ruleID.map(fields(of:)) ?? []
        }
    }

    /// The fields a rule usually concerns, when only its ID is known.
    public static func fields(of rule: RuleID) -> [String] {
        switch rule {
        case .quota02, .quota03: ["on", "enterprise", "post"]
        case .insurance01, .insurance02: ["on", "from", "to"]
        case .insurance03: ["to", "on"]
        case .insurance04: ["paidBy"]
        case .duration01: ["end"]
        case .age01: ["student"]
        case .agreement01: ["agreement"]
        case .pay01: ["stipend"]
        case .pay05: ["month"]
        case .auth01: ["student", "placement", "enterprise", "id"]
        case .data01, .data02: ["paidOn"]
        case .data03: ["birth", "enrolled"]
        case .data04: ["amount"]
        default: []
        }
    }

    private static func field(of kind: RecordRef.Kind) -> String {
        switch kind {
        case .insurancePolicy: "policy"
        default: kind.rawValue
        }
    }
}
