/// Stream IDs: `registry`, and `"\(kind)-\(id)"` for each entity.
public enum StreamID {
    /// The registry's own stream (initialisation and policies).
    public static let registry = "registry"

    /// `school-<ID>`.
    public static func school(_ id: String) -> String { "school-\(id)" }
    /// `enterprise-<ID>`.
    public static func enterprise(_ id: String) -> String { "enterprise-\(id)" }
    /// `student-<ID>`.
    public static func student(_ id: String) -> String { "student-\(id)" }
    /// `placement-<ID>`.
    public static func placement(_ id: String) -> String { "placement-\(id)" }
    /// `apprenticeship-<ID>`.
    public static func apprenticeship(_ id: String) -> String { "apprenticeship-\(id)" }
    /// `teacher-<ID>`.
    public static func teacher(_ id: String) -> String { "teacher-\(id)" }

    /// The entity kinds that have streams of their own.
    public static let kinds = ["school", "enterprise", "student", "placement", "apprenticeship", "teacher"]

    /// Splits `placement-P-17` into `("placement", "P-17")`; `registry` gives `("registry", "")`.
    ///
    /// - Returns: `nil` when the stream ID is not one the registry writes.
    public static func parse(_ streamID: String) -> (kind: String, id: String)? {
        if streamID == registry { return (registry, "") }
        for kind in kinds where streamID.hasPrefix(kind + "-") {
            let id = String(streamID.dropFirst(kind.count + 1))
            return id.isEmpty ? nil : (kind, id)
        }
        return nil
    }

    /// `account-<USER>`: a server account's events (issue 15).
    public static func account(_ user: String) -> String { "account-" + user }
}
