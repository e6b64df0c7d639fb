import ReadModel
import EventStore
import RegistryDomain

/// When and by whom a fact entered the log: the envelope facts a record's history lines carry.
public struct RecordedChange: Codable, Sendable, Equatable {
    /// The log position of the event.
    public var position: UInt64
    /// When it was recorded, ISO 8601 UTC (`2025-09-01T08:00:00Z`).
    public var recordedAt: String
    /// Who recorded it, `ROLE:ID`.
    public var actor: String
    /// The event type, e.g. `PlacementStarted`.
    public var event: String

    init(_ envelope: EventEnvelope) {
        position = envelope.position
        recordedAt = Timestamp.format(envelope.recordedAt)
        actor = envelope.actor
        event = envelope.type
    }
}

/// A status a record entered, on which business date, and the change that recorded it.
public struct StatusChange: Codable, Sendable, Equatable {
    /// The status entered (`registered`, `active`, `completed`, `terminated`, `enrolled`, a status-end reason…).
    public var status: String
    /// The business date it took effect.
    public var on: CalendarDate
    /// Why, when the event says (a termination's reason).
    @Nullable public var reason: String?
    /// The log entry.
    public var recorded: RecordedChange
}
