/// An insurance policy of a placement, with its cancellation if any.
public struct InsuranceRecord: Equatable, Sendable {
    /// The policy number.
    public var policyNumber: String
    /// The insurer.
    public var insurer: String
    /// The covers it provides.
    public var covers: [Cover]
    /// First insured day.
    public var from: CalendarDate
    /// Last insured day as enrolled.
    public var to: CalendarDate
    /// Who pays the premium.
    public var paidBy: PremiumPayer
    /// The first day no longer covered, if cancelled.
    public var cancelledOn: CalendarDate?

    /// Creates a record from the enrolment event.
    public init(_ event: InsuranceEnrolled) {
        self.policyNumber = event.policyNumber
        self.insurer = event.insurer
        self.covers = event.covers
        self.from = event.from
        self.to = event.to
        self.paidBy = event.paidBy
        self.cancelledOn = nil
    }

    /// The days actually covered, after any cancellation; `nil` if cancelled before its first day.
    public var effectiveCoverage: ClosedRange<CalendarDate>? {
        let last = cancelledOn.map { min(to, $0.adding(days: -1)) } ?? to
        return from <= last ? from...last : nil
    }

    /// Whether the policy provides `cover`.
    public func provides(_ cover: Cover) -> Bool { covers.contains(cover) }
}

/// Days of a term not covered by a set of intervals.
enum Coverage {
    /// Sorts and merges overlapping or adjacent intervals.
    static func merged(_ ranges: [ClosedRange<CalendarDate>]) -> [ClosedRange<CalendarDate>] {
        var result: [ClosedRange<CalendarDate>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound.adding(days: 1) {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// The first run of days of `term` that no interval of `coverage` covers, or `nil` if fully covered.
    static func firstGap(in term: ClosedRange<CalendarDate>, coverage: [ClosedRange<CalendarDate>]) -> ClosedRange<CalendarDate>? {
        var cursor = term.lowerBound
        for range in merged(coverage) {
            if range.upperBound < cursor { continue }
            if range.lowerBound > cursor {
                return cursor...min(term.upperBound, range.lowerBound.adding(days: -1))
            }
            cursor = range.upperBound.adding(days: 1)
            if cursor > term.upperBound { return nil }
        }
        return cursor...term.upperBound
    }
}
