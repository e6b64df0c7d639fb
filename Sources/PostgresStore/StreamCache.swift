import EventStore

/// Streams a store has read, kept with their checked events, so that a server's decisions do not
/// read a stream back from the database, re-chain and re-decode it whole on every command.
///
/// **The invariant.** Every kept stream holds all of its events at log positions up to `through`
/// (and may hold later ones). It holds because of how entries are made and moved:
/// - a stream is kept from a read of the whole stream, which sees every committed event, and so
///   every event at or below `through` (positions commit in order, serialised on the head row);
/// - events are `observe`d in log order, from a walk of the log (a read model catching up) and from
///   this store's own appends; the event right after `through` moves it on, and a gap (an event
///   further on) drops every kept stream, because an empty cache is complete through any position;
/// - a newer part of a stream read later (`stream_version > n`) is added with `extend`.
///
/// **When it is answered without a round trip.** Only under the decision lock, when `through` is
/// the head the lock read (moved by this store's appends since): no other server can append while
/// the lock is held, and an append made without it (an import's batch, `migrate`) moves the head,
/// which the group's first append finds and refuses as a conflict, so a decision made on a kept
/// stream that went stale is never appended. Elsewhere a kept stream only saves reading and checking
/// its older rows again: the events after it are read by version.
///
/// A group's appends are observed before the group commits; a group rolled back drops the cache
/// (`clear`). A kept row was checked against the chain when it was read; a row changed behind the
/// registry's back afterwards is found by `verify`, not by the decisions of a server that read it before.
struct StreamCache {
    /// The log position through which every kept stream is complete.
    private(set) var through: UInt64 = 0
    private var streams: [String: [EventEnvelope]] = [:]
    private var eventCount = 0
    /// Past this many kept events, the cache starts again empty (a server's working set of placements,
    /// schools and enterprises is far smaller; the bound keeps a long life's memory flat).
    let limit: Int

    init(limit: Int = 200_000) {
        self.limit = limit
    }

    /// A kept stream's events, in version order; nil when the stream is not kept.
    func events(of stream: String) -> [EventEnvelope]? { streams[stream] }

    /// Keeps `events`, a read of the whole stream made now (so complete through `through`).
    mutating func keep(_ stream: String, _ events: [EventEnvelope]) {
        if let old = streams[stream] { eventCount -= old.count }
        if eventCount + events.count > limit { clearStreams() }
        streams[stream] = events
        eventCount += events.count
    }

    /// Adds a kept stream's events after its last version, read now.
    mutating func extend(_ stream: String, with newer: [EventEnvelope]) {
        guard var events = streams[stream] else { return }
        for event in newer where event.streamVersion > (events.last?.streamVersion ?? 0) {
            guard event.streamVersion == (events.last?.streamVersion ?? 0) + 1 else {
                drop(stream)
                return
            }
            events.append(event)
            eventCount += 1
        }
        streams[stream] = events
    }

    /// Takes the committed (or this store's group's) event at its log position, in log order.
    mutating func observe(_ event: EventEnvelope) {
        if event.position <= through { return }
        if event.position != through + 1 {
            // Events between were not seen: nothing kept is known complete any more.
            clearStreams()
        }
        through = event.position
        guard var events = streams[event.streamID] else { return }
        let last = events.last?.streamVersion ?? 0
        if event.streamVersion <= last { return }
        guard event.streamVersion == last + 1 else {
            drop(event.streamID)
            return
        }
        streams[event.streamID] = nil
        events.append(event)
        streams[event.streamID] = events
        eventCount += 1
    }

    /// Forgets everything (a group rolled back, the head moved back).
    mutating func clear() {
        clearStreams()
        through = 0
    }

    private mutating func clearStreams() {
        streams = [:]
        eventCount = 0
    }

    private mutating func drop(_ stream: String) {
        eventCount -= streams[stream]?.count ?? 0
        streams[stream] = nil
    }
}
