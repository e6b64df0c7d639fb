import Foundation
import RegistryDomain

/// What a CSV import creates: one command per data row.
enum ImportKind: String, CaseIterable {
    /// `student enroll` rows, by a school.
    case students
    /// `placement register` rows, by a school.
    case placements
    /// `stipend confirm` rows, by an enterprise.
    case stipends
    /// `insurance enroll` rows of one group policy (团体保单), by a school: one per placement it covers.
    case insurance
    /// `placement start` rows, by a school.
    case starts

    /// The role that may run the import; the rows' commands require it (Auth_01).
    var requiredRole: Role {
        switch self {
        case .students, .placements: .school
        case .stipends: .enterprise
        case .insurance, .starts: .school
        }
    }

    /// The Chinese noun for messages.
    var zhNoun: String {
        switch self {
        case .students: "学生"
        case .placements: "实习"
        case .stipends: "实习报酬确认"
        case .insurance: "团体保单"
        case .starts: "实习开始"
        }
    }

    /// The documented columns, in the order of the example header.
    var columns: [ImportColumn] {
        switch self {
        case .students:
            [.init("id", "学号", "the student ID"), .init("name", "姓名", "the student's name"),
             .init("major", "专业", "the major"), .init("birth", "出生日期", "date of birth, YYYY-MM-DD"),
             .init("enrolled", "入学日期", "date of enrolment, YYYY-MM-DD"),
             .init("guardian_consent", "监护人同意书", "reference of a guardian's consent, needed under 14 (Privacy_01)", isRequired: false)]
        case .placements:
            [.init("id", "实习编号", "the placement ID"), .init("student", "学号", "the student ID"),
             .init("enterprise", "企业", "the host enterprise's ID"),
             .init("kind", "类型", "observation (认识实习) or post (岗位实习)"),
             .init("start", "开始日期", "planned first day"), .init("end", "结束日期", "planned last day"),
             .init("stipend", "月报酬", "agreed monthly stipend in yuan"),
             .init("post", "岗位", "the post", isRequired: false),
             .init("agreement", "协议编号", "tripartite agreement reference", isRequired: false),
             .init("major_relevant", "专业对口", "yes/no, 是/否, 1/0 (default no)", isRequired: false)]
        case .stipends:
            [.init("placement", "实习编号", "the placement ID"), .init("month", "月份", "the month paid for, YYYY-MM"),
             .init("amount", "金额", "the amount paid in yuan"), .init("paid_on", "支付日期", "the payment date"),
             .init("correction", "更正", "yes/no: replaces an earlier confirmation (default no)", isRequired: false)]
        case .insurance, .starts:
            bulkColumns
        }
    }

    /// `id/学号, name/姓名, …; optional: post/岗位, …`, for messages.
    var columnList: String {
        let required = columns.filter(\.isRequired).map(\.bothNames).joined(separator: ", ")
        let optional = columns.filter { !$0.isRequired }.map(\.bothNames).joined(separator: ", ")
        return optional.isEmpty ? required : required + " (optional: " + optional + ")"
    }
}

/// One documented column of an import file.
struct ImportColumn: Equatable {
    /// The English name, which is also the key rows are read by.
    let english: String
    /// The Chinese name.
    let chinese: String
    /// What the column holds, for `--help`.
    let help: String
    /// Whether every file must have it.
    let isRequired: Bool
    /// Other header names accepted for the column, normalized (`start date` as `start_date`).
    var aliases: [String] = []

    init(_ english: String, _ chinese: String, _ help: String, isRequired: Bool = true, aliases: [String] = []) {
        self.english = english
        self.chinese = chinese
        self.help = help
        self.isRequired = isRequired
        self.aliases = aliases
    }

    var bothNames: String { english + "/" + chinese }

    /// A header cell compared case-insensitively, without surrounding white space, and with `-`
    /// or a space in place of `_` (`paid-on`, `Paid On`).
    static func normalizedName(_ cell: String) -> String {
        cell.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            .lowercased()
            .replacingOccurrences(of: "-", with: "_")
            .replacingOccurrences(of: " ", with: "_")
    }

    func isNamed(by cell: String) -> Bool {
        let name = Self.normalizedName(cell)
        return name == english || name == chinese || aliases.contains(name)
    }
}

/// The header row matched against the columns of an import kind: which field holds which column.
///
/// Real exports carry more than the import needs (序号, 性别, 班级 …): columns that name nothing
/// this kind of import uses are ignored and listed once in the report, unless a required column is
/// missing, when they are named in the error as likely misspellings. A column of personal data
/// (身份证号) is sealed with the student's key and matched by keyed digest; it is never printed.
struct ImportHeader {
    let kind: ImportKind
    /// The field index of each present column, by English name.
    let index: [String: Int]
    /// The header cell as the file wrote it, by English name, for messages.
    let label: [String: String]
    /// The number of named header cells; trailing empty cells are not counted.
    let width: Int
    /// Header cells that name no column of this kind, as written (escaped), in file order.
    let ignored: [String]
    /// Header cells that name personal data, as written, in file order.
    let personalData: [String]
    /// The field indexes of the personal-data columns, whose cells are never kept or shown.
    let personalDataFields: Set<Int>

    /// `fields` with the personal-data cells blanked, for a report that shows a row's cells.
    func withoutPersonalData(_ fields: [String]) -> [String] {
        fields.enumerated().map { personalDataFields.contains($0.offset) ? "" : $0.element }
    }

    /// Matches `cells` against `kind`'s columns.
    /// - Throws: `ImportFileProblem` for an unnamed or repeated column, or a missing required one.
    init(_ cells: [String], kind: ImportKind, file: String) throws(ImportFileProblem) {
        self.kind = kind
        var cells = cells
        while let last = cells.last, ImportColumn.normalizedName(last).isEmpty { cells.removeLast() }
        var index: [String: Int] = [:]
        var label: [String: String] = [:]
        var unknown: [String] = []
        var personalData: [String] = []
        var personalDataFields: Set<Int> = []
        for (i, cell) in cells.enumerated() {
            let written = cell.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            guard !written.isEmpty else { throw .unnamedColumn(file: file, column: i + 1) }
            guard let column = kind.columns.first(where: { $0.isNamed(by: cell) })
                    ?? kind.columns.first(where: { ImportHeaderVariants.names($0, of: kind, cell: cell) }) else {
                if ImportHeaderVariants.isPersonalData(cell) {
                    personalData.append(Invocation.printable(written))
                    personalDataFields.insert(i)
                } else {
                    unknown.append(Invocation.printable(written))
                }
                continue
            }
            if let earlier = label[column.english] { throw .repeatedColumn(file: file, first: earlier, second: written) }
            index[column.english] = i
            label[column.english] = written
        }
        let missing = kind.columns.filter { $0.isRequired && index[$0.english] == nil }
        if !missing.isEmpty && !unknown.isEmpty { throw .unknownColumns(file: file, kind: kind, names: unknown, missing: missing) }
        if !missing.isEmpty { throw .missingColumns(file: file, kind: kind, columns: missing) }
        self.index = index
        self.label = label
        width = cells.count
        ignored = unknown
        self.personalData = personalData
        self.personalDataFields = personalDataFields
    }
}
