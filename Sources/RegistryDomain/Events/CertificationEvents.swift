/// The bureau certified an enterprise as an industry–education integration enterprise (产教融合型企业;
/// 001 items 11 and 46, 002 六(二), 003 (六), 004 item 19).
public struct EnterpriseCertified: Codable, Equatable, Sendable {
    /// The enterprise's ID.
    public var enterprise: String
    /// The date the certification takes effect.
    public var on: CalendarDate
    /// The number of the certifying document, such as `三教〔2025〕12号`.
    public var document: String

    /// Creates the payload.
    public init(enterprise: String, on: CalendarDate, document: String) {
        self.enterprise = enterprise
        self.on = on
        self.document = document
    }
}

/// The bureau revoked an enterprise's 产教融合型企业 certification.
public struct EnterpriseCertificationRevoked: Codable, Equatable, Sendable {
    /// The enterprise's ID.
    public var enterprise: String
    /// The first day the enterprise is no longer certified.
    public var on: CalendarDate
    /// The number of the revoking document.
    public var document: String
    /// Why.
    public var reason: String

    /// Creates the payload.
    public init(enterprise: String, on: CalendarDate, document: String, reason: String) {
        self.enterprise = enterprise
        self.on = on
        self.document = document
        self.reason = reason
    }
}
