/// An entity's state, folded from its own stream one event at a time.
public protocol StreamFolded {
    /// Folds one event of the entity's stream into `state` where it is: the event that creates the
    /// entity makes it, the others change it, and events of other entities leave it unchanged.
    ///
    /// A fold over a stream or a dictionary's entry should use this rather than `evolve`: `evolve`
    /// returns a new value while the caller still holds the old one, so every change to an array or
    /// dictionary in the state copied it first (BENCHMARKS.md, issue 17, thirteenth round).
    static func fold(_ state: inout Self?, _ event: RegistryEvent)
}

extension StreamFolded {
    /// `fold` returning a new value: `events.reduce(nil, PlacementState.evolve)`.
    public static func evolve(_ state: Self?, _ event: RegistryEvent) -> Self? {
        var state = state
        fold(&state, event)
        return state
    }
}
