/// A student, folded from its `student-<ID>` stream.
public struct StudentState: Equatable, Sendable {
    /// The student's ID.
    public var id: String
    /// The student's school.
    public var school: String
    /// The student's name.
    public var name: String
    /// The student's major.
    public var major: String
    /// Date of birth.
    public var birth: CalendarDate
    /// Date of enrolment.
    public var enrolled: CalendarDate
    /// How the student's status ended, if it has.
    public var statusEnded: StudentStatusEnded?
    /// Hires recorded for the student, in log order.
    public var hires: [StudentHired]
    /// Whether `name` and `birth` can be read: after an erase, or without the key store, they are
    /// placeholders and rules that need the date of birth refuse (Privacy_03).
    public var personalData: PersonalDataStatus = .available
    /// What reads show instead of the name once the personal data is erased.
    public var pseudonym: String?
    /// The keyed digest of the student's ID-card number, when one was given (dropped at an erase).
    public var idCardDigest: String?

    /// Creates a student state.
    public init(id: String, school: String, name: String, major: String, birth: CalendarDate,
                enrolled: CalendarDate, statusEnded: StudentStatusEnded? = nil, hires: [StudentHired] = []) {
        self.id = id
        self.school = school
        self.name = name
        self.major = major
        self.birth = birth
        self.enrolled = enrolled
        self.statusEnded = statusEnded
        self.hires = hires
    }

    /// Whether the student holds student status on `date`: enrolled on or before it and not ended on or before it.
    public func isEnrolled(on date: CalendarDate) -> Bool {
        enrolled <= date && (statusEnded.map { date < $0.on } ?? true)
    }

    /// Completed years of age on `date`.
    public func age(on date: CalendarDate) -> Int {
        birth.age(on: date)
    }

    /// Folds one event of the student's stream; other events leave the state unchanged.
    public static func evolve(_ state: StudentState?, _ event: RegistryEvent) -> StudentState? {
        switch event {
        case .studentEnrolled(let e) where state == nil:
            var state = StudentState(id: e.id, school: e.school, name: e.name, major: e.major,
                                     birth: e.birth, enrolled: e.enrolled)
            if e.personalDataWithheld == true { state.personalData = .unavailable }
            state.idCardDigest = e.idCardDigest
            return state
        case .studentStatusEnded(let e):
            guard var state, state.id == e.student else { return state }
            state.statusEnded = e
            return state
        case .studentHired(let e):
            guard var state, state.id == e.student else { return state }
            state.hires.append(e)
            return state
        case .studentCorrected(let e):
            guard var state, state.id == e.student else { return state }
            guard state.personalData == .available else { return state }
            if let name = e.name { state.name = name }
            if let birth = e.birth { state.birth = birth }
            return state
        case .personalDataErased(let e):
            guard var state, state.id == e.student else { return state }
            state.personalData = .erased
            state.pseudonym = e.pseudonym
            state.idCardDigest = nil
            state.name = ""
            return state
        default:
            return state
        }
    }
}
