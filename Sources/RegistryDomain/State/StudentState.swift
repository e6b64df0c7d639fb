/// A student, folded from its `student-<ID>` stream.
public struct StudentState: StreamFolded, Equatable, Sendable {
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

    /// Folds one event of the student's stream into `state` where it is (`StreamFolded`).
    public static func fold(_ state: inout StudentState?, _ event: RegistryEvent) {
        if case .studentEnrolled(let e) = event {
            guard state == nil else { return }
            var enrolled = StudentState(id: e.id, school: e.school, name: e.name, major: e.major,
                                        birth: e.birth, enrolled: e.enrolled)
            if e.personalDataWithheld == true { enrolled.personalData = .unavailable }
            enrolled.idCardDigest = e.idCardDigest
            state = enrolled
        } else {
            state?.apply(event)
        }
    }

    /// `fold` for a student who exists: events of other students leave the state unchanged.
    private mutating func apply(_ event: RegistryEvent) {
        switch event {
        case .studentStatusEnded(let e) where e.student == id:
            statusEnded = e
        case .studentHired(let e) where e.student == id:
            hires.append(e)
        case .studentCorrected(let e) where e.student == id:
            guard personalData == .available else { return }
            if let name = e.name { self.name = name }
            if let birth = e.birth { self.birth = birth }
        case .personalDataErased(let e) where e.student == id:
            personalData = .erased
            pseudonym = e.pseudonym
            idCardDigest = nil
            name = ""
        default:
            break
        }
    }
}
