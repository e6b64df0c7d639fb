/// A reference to a record, for messages: `placement 'P-17'` / `实习 'P-17'`.
public struct RecordRef: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of record a message can name.
    public enum Kind: String, Sendable, CaseIterable {
        case school, enterprise, student, placement, apprenticeship
        /// An insurance policy, named by its policy number.
        case insurancePolicy = "insurance policy"
        case teacher
    }

    /// The kind of record.
    public let kind: Kind
    /// Its ID (or policy number).
    public let id: String

    /// Creates a reference.
    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// A school.
    public static func school(_ id: String) -> RecordRef { RecordRef(.school, id) }
    /// An enterprise.
    public static func enterprise(_ id: String) -> RecordRef { RecordRef(.enterprise, id) }
    /// A student.
    public static func student(_ id: String) -> RecordRef { RecordRef(.student, id) }
    /// A placement.
    public static func placement(_ id: String) -> RecordRef { RecordRef(.placement, id) }
    /// An apprenticeship.
    public static func apprenticeship(_ id: String) -> RecordRef { RecordRef(.apprenticeship, id) }
    /// A teacher.
    public static func teacher(_ id: String) -> RecordRef { RecordRef(.teacher, id) }

    /// `kind 'id'` in `language`.
    public func text(_ language: Language) -> String {
        switch language {
        case .en: "\(kind.rawValue) '\(id)'"
        case .zh: "\(Self.chineseName(kind)) '\(id)'"
        }
    }

    /// `kind 'id'` in English.
    public var description: String { text(.en) }

    static func chineseName(_ kind: Kind) -> String {
        switch kind {
        case .school: "学校"
        case .enterprise: "企业"
        case .student: "学生"
        case .placement: "实习"
        case .apprenticeship: "学徒培养"
        case .insurancePolicy: "保单"
        case .teacher: "教师"
        }
    }
}
