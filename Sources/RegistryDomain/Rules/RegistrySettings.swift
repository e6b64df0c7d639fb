/// The figures of the registry's own data-quality rules (Completion_01, Data_01…Data_04).
///
/// They are not a document's: no policy states them and `--set` cannot change them. They catch
/// facts that are implausible (a typo, a wrong year) rather than facts a document forbids.
public enum RegistrySettings {
    /// Completion_01: days after its planned end a placement may stay active, neither completed,
    /// extended nor terminated, before the audit reports it.
    public static let openPlacementGraceDays = 30
    /// Data_03: the youngest age at which a student can plausibly enrol in vocational education.
    public static let minimumEnrolmentAge = 12
    /// Data_04: a stipend more than this many times the agreed amount is taken for a typo (an extra zero).
    public static let stipendTypoFactor = 3
}
