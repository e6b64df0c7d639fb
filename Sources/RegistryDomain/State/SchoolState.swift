/// A school, folded from its `school-<ID>` stream.
public struct SchoolState: Equatable, Sendable {
    /// The school's ID.
    public var id: String
    /// The school's name.
    public var name: String
    /// The school's level.
    public var level: SchoolLevel

    /// Creates a school state.
    public init(id: String, name: String, level: SchoolLevel) {
        self.id = id
        self.name = name
        self.level = level
    }

    /// Folds one event of the school's stream; other events leave the state unchanged.
    public static func evolve(_ state: SchoolState?, _ event: RegistryEvent) -> SchoolState? {
        switch event {
        case .schoolRegistered(let e) where state == nil:
            SchoolState(id: e.id, name: e.name, level: e.level)
        default:
            state
        }
    }
}
