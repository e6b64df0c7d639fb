/// Whether a data subject's personal data (a student's name and date of birth, a teacher's name)
/// can be read. The domain never sees keys or ciphertext: a reader that cannot open the sealed
/// fields hands the domain the event with `personalDataWithheld` set, and rules that need the
/// date of birth refuse to guess (Privacy_03).
public enum PersonalDataStatus: String, Codable, Sendable, Equatable {
    /// The name and date of birth are known.
    case available
    /// The key that opens them is missing (a log read without its key store).
    case unavailable
    /// The student's personal data was erased (`PersonalDataErased`).
    case erased
}
