/// The personal data of a student (name, date of birth, 身份证号) was erased (PIPL Art. 47): its
/// key was destroyed, so the ciphertext the log keeps can no longer be read. In stream `student-<ID>`.
///
/// The student's facts stay (placements, stipends, decisions already taken); reads show the
/// `pseudonym` and the ID instead of the name.
public struct PersonalDataErased: Codable, Equatable, Sendable {
    /// The student's ID.
    public var student: String
    /// Why, in the words of whoever erased it.
    public var reason: String
    /// What reads show in place of the name from now on; chosen by the caller, never derived from the name.
    public var pseudonym: String

    /// Creates the payload.
    public init(student: String, reason: String, pseudonym: String) {
        self.student = student
        self.reason = reason
        self.pseudonym = pseudonym
    }
}
