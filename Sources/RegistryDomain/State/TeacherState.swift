/// A teacher, folded from its `teacher-<ID>` stream.
public struct TeacherState: StreamFolded, Equatable, Sendable {
    /// The registration.
    public var registration: TeacherRegistered
    /// The 双师型 recognition, if any.
    public var qualification: TeacherQualified?
    /// Periods of enterprise practice, in log order.
    public var practice: [TeacherPracticed]

    /// Creates the state of a freshly registered teacher.
    public init(_ registration: TeacherRegistered) {
        self.registration = registration
        self.qualification = nil
        self.practice = []
    }

    /// The teacher's ID.
    public var id: String { registration.id }
    /// The teacher's school.
    public var school: String { registration.school }

    /// Whether the teacher is recognised as 双师型 on `date`.
    public func isDualQualified(on date: CalendarDate) -> Bool {
        qualification.map { $0.on <= date } ?? false
    }

    /// Days of enterprise practice within `window`, each day counted once however many periods overlap it.
    public func practiceDays(in window: ClosedRange<CalendarDate>) -> Int {
        let clipped = practice.compactMap { p -> ClosedRange<CalendarDate>? in
            let from = max(p.from, window.lowerBound), to = min(p.to, window.upperBound)
            return from <= to ? from...to : nil
        }
        return DayCount.distinctDays(clipped)
    }

    /// Folds one event of the teacher's stream into `state` where it is (`StreamFolded`).
    public static func fold(_ state: inout TeacherState?, _ event: RegistryEvent) {
        if case .teacherRegistered(let e) = event {
            if state == nil { state = TeacherState(e) }
        } else {
            state?.apply(event)
        }
    }

    /// `fold` for a teacher who exists: events of other teachers leave the state unchanged.
    private mutating func apply(_ event: RegistryEvent) {
        switch event {
        case .teacherQualified(let e) where e.teacher == id:
            qualification = e
        case .teacherPracticed(let e) where e.teacher == id:
            practice.append(e)
        case .teacherCorrected(let e) where e.teacher == id:
            if let name = e.name { registration.name = name }
            if let course = e.course { registration.course = course }
        default:
            break
        }
    }
}

/// Counting days over periods that may overlap.
public enum DayCount {
    /// The number of distinct days the ranges cover.
    public static func distinctDays(_ ranges: [ClosedRange<CalendarDate>]) -> Int {
        var total = 0
        var reachedDay = Int.min
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let first = max(range.lowerBound.dayNumber, reachedDay + 1)
            let last = range.upperBound.dayNumber
            if last >= first { total += last - first + 1 }
            reachedDay = max(reachedDay, last)
        }
        return total
    }
}
