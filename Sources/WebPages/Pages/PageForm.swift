import RegistryDomain

/// The forms of the pages. One definition gives the fields a form shows and the names under which
/// the server reads them (the JSON API's field names), so a rejection's message lands beside the
/// field it concerns (`FormState.add(_:fields:language:)` with `fieldNames`).
public enum PageForm: String, CaseIterable, Sendable {
    case login, changePassword, enrolStudent, registerPlacement, insure, start, workforce, createAccount, importFile

    /// The names of the form's fields, in the order shown.
    public var fieldNames: [String] { fields(PageContext()).map(\.name) }

    /// The form's fields; initial values may come from the context (today's date).
    func fields(_ c: PageContext) -> [Form.Field] {
        let today = c.today?.description ?? ""
        switch self {
        case .login:
            return [.init(name: "user", label: .userName), .init(name: "password", label: .password, input: .password)]
        case .changePassword:
            return [.init(name: "current", label: .currentPassword, input: .password),
                    .init(name: "new", label: .newPassword, input: .password, hint: .passwordHint),
                    .init(name: "repeat", label: .repeatPassword, input: .password)]
        case .enrolStudent:
            return [.init(name: "id", label: .studentID), .init(name: "name", label: .name), .init(name: "major", label: .major),
                    .init(name: "birth", label: .birth, input: .date), .init(name: "enrolled", label: .enrolledOn, input: .date)]
        case .registerPlacement:
            return [.init(name: "id", label: .placementID), .init(name: "student", label: .studentID),
                    .init(name: "enterprise", label: .enterpriseID),
                    .init(name: "kind", label: .kind, input: .select([("post", PageText.kindPost.text(c.language)),
                                                                       ("observation", PageText.kindObservation.text(c.language))]),
                          initial: "post"),
                    .init(name: "start", label: .plannedStart, input: .date), .init(name: "end", label: .plannedEnd, input: .date),
                    .init(name: "stipend", label: .monthlyStipend, input: .number, hint: .yuanHint),
                    .init(name: "agreement", label: .agreement, required: false, hint: .agreementHint),
                    .init(name: "post", label: .post, required: false),
                    .init(name: "majorRelevant", label: .majorRelevant, input: .checkbox, required: false, initial: "yes")]
        case .insure:
            return [.init(name: "policy", label: .policyNumber), .init(name: "insurer", label: .insurer),
                    .init(name: "covers", label: .covers, initial: "liability", hint: .coversHint),
                    .init(name: "from", label: .from, input: .date), .init(name: "to", label: .to, input: .date),
                    .init(name: "paidBy", label: .paidBy, input: .select([("school", PageText.payerSchool.text(c.language)),
                                                                           ("enterprise", PageText.payerEnterprise.text(c.language)),
                                                                           ("student", PageText.payerStudent.text(c.language))]),
                          initial: "school")]
        case .start:
            return [.init(name: "on", label: .startedOn, input: .date, initial: today)]
        case .workforce:
            return [.init(name: "headcount", label: .headcount, input: .number),
                    .init(name: "asOf", label: .asOf, input: .date, initial: today)]
        case .createAccount:
            return [.init(name: "user", label: .userName),
                    .init(name: "role", label: .role, hint: .roleHint),
                    .init(name: "name", label: .personName)]
        case .importFile:
            return [.init(name: "kind", label: .importKind, input: .select(ImportKindName.kinds(for: c.actor?.role).map { ($0.rawValue, $0.label(c.language)) })),
                    .init(name: "csv", label: .csvFile, input: .csv, required: false, hint: .csvHint)]
        }
    }

    /// The form rendered for `context`, posting to `action`.
    func form(_ c: PageContext, action: String, submit: PageText = .submit) -> Form {
        Form(context: c, action: action, fields: fields(c), submit: submit)
    }
}

/// The kinds of CSV import, as `registry import KIND FILE` names them.
public enum ImportKindName: String, CaseIterable, Sendable {
    case students, placements, insurance, starts, stipends

    /// The kind's name for a clerk.
    public func label(_ language: Language) -> String {
        let zh = language == .zh
        switch self {
        case .students: return zh ? "学生名册" : "students"
        case .placements: return zh ? "实习登记" : "placements"
        case .insurance: return zh ? "团体保单" : "insurance (group policies)"
        case .starts: return zh ? "实习开始" : "placement starts"
        case .stipends: return zh ? "实习报酬确认" : "stipend confirmations"
        }
    }

    /// The kinds `role` may import: schools their students, placements, insurance and starts; enterprises their stipends.
    public static func kinds(for role: Role?) -> [ImportKindName] {
        switch role {
        case .school?: [.students, .placements, .insurance, .starts]
        case .enterprise?: [.stipends]
        default: allCases
        }
    }
}
