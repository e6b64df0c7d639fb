/// The bureau registered an enterprise.
public struct EnterpriseRegistered: Codable, Equatable, Sendable {
    /// The enterprise's ID.
    public var id: String
    /// The enterprise's name.
    public var name: String
    /// Whether it is above designated size (规模以上), so Quota_01 applies.
    public var aboveScale: Bool

    /// Creates the payload.
    public init(id: String, name: String, aboveScale: Bool) {
        self.id = id
        self.name = name
        self.aboveScale = aboveScale
    }
}

/// An enterprise declared its workforce as of a date.
public struct WorkforceDeclared: Codable, Equatable, Sendable {
    /// The enterprise's ID.
    public var enterprise: String
    /// Total workforce (职工总数).
    public var headcount: Int
    /// The date the declaration describes.
    public var asOf: CalendarDate
    /// Headcount by post, where declared (Quota_03).
    public var posts: [String: Int]
    /// Monthly wage standard by post, where declared (Pay_01).
    public var wageStandards: [String: Money]

    /// Creates the payload.
    public init(enterprise: String, headcount: Int, asOf: CalendarDate, posts: [String: Int], wageStandards: [String: Money]) {
        self.enterprise = enterprise
        self.headcount = headcount
        self.asOf = asOf
        self.posts = posts
        self.wageStandards = wageStandards
    }
}
