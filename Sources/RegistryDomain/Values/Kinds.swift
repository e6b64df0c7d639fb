/// The level of a school.
public enum SchoolLevel: String, Codable, Sendable, CaseIterable {
    /// Secondary vocational school (中职).
    case secondary
    /// Higher vocational college (高职).
    case higher
    /// Applied undergraduate university (应用型本科).
    case undergraduate
}

/// Why a student's status ended.
public enum StatusEndReason: String, Codable, Sendable, CaseIterable {
    case graduated
    case withdrawn
}

/// The kind of internship.
public enum PlacementKind: String, Codable, Sendable, CaseIterable {
    /// Observation internship (认识实习).
    case observation
    /// Post internship (岗位实习, formerly 顶岗实习), to which the quota, age, agreement,
    /// duration and pay-floor rules apply.
    case post
}

/// An insurance cover an internship may need.
public enum Cover: String, Codable, Sendable, CaseIterable, Comparable {
    /// Internship liability insurance (实习责任保险).
    case liability
    /// Personal accident insurance (人身意外伤害保险).
    case accident

    public static func < (lhs: Cover, rhs: Cover) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! // both are cases of allCases
    }
}

/// Who pays an insurance premium. Commands may say `student`; Insurance_04 rejects it, so
/// events only ever carry `school` or `enterprise`.
public enum PremiumPayer: String, Codable, Sendable, CaseIterable {
    case school
    case enterprise
    case student
}

/// The apprenticeship scheme.
public enum ApprenticeshipScheme: String, Codable, Sendable, CaseIterable {
    /// Modern apprenticeship (现代学徒制), run by school and enterprise.
    case modern
    /// Enterprise new-type apprenticeship (企业新型学徒制).
    case enterprise
}

/// The skill level an apprenticeship trains for; the subsidy depends on it.
public enum ApprenticeLevel: String, Codable, Sendable, CaseIterable {
    /// Intermediate worker (中级工).
    case intermediate
    /// Senior worker (高级工).
    case senior
}

/// The language of messages.
public enum Language: String, Sendable, CaseIterable {
    case en
    case zh
}
