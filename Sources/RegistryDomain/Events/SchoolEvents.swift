/// The bureau registered a school.
public struct SchoolRegistered: Codable, Equatable, Sendable {
    /// The school's ID.
    public var id: String
    /// The school's name.
    public var name: String
    /// The school's level.
    public var level: SchoolLevel

    /// Creates the payload.
    public init(id: String, name: String, level: SchoolLevel) {
        self.id = id
        self.name = name
        self.level = level
    }
}
