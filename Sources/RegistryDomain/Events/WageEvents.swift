/// An enterprise confirmed what it paid an apprentice for a month (002 三(三): 学徒 基本劳动权益,
/// 及时足额支付报酬). A correction replaces the month's earlier confirmation, as for stipends.
public struct ApprenticeWageConfirmed: Codable, Equatable, Sendable {
    /// The apprenticeship's ID.
    public var apprenticeship: String
    /// The month paid for.
    public var month: YearMonth
    /// The total paid for the month.
    public var amount: Money
    /// The day of (the last) payment.
    public var paidOn: CalendarDate
    /// Whether this replaces an earlier confirmation of the month.
    public var correction: Bool

    /// Creates the payload.
    public init(apprenticeship: String, month: YearMonth, amount: Money, paidOn: CalendarDate, correction: Bool) {
        self.apprenticeship = apprenticeship
        self.month = month
        self.amount = amount
        self.paidOn = paidOn
        self.correction = correction
    }
}
