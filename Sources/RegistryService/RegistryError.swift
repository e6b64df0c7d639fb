import EventStore
import RegistryDomain

/// Everything a registry operation can fail with, beyond the log's own errors. The CLI maps each to an exit code.
public enum RegistryError: Error, Equatable, Sendable {
    /// A rule or state check rejected the command; nothing was appended.
    case rejected(Rejection)
    /// A stored event's payload is not an event this registry knows (a corrupt or foreign log): exit 4.
    case undecodableEvent(position: UInt64, type: String, reason: String)
    /// A command ID given again for a different command (another stream or actor): exit 2.
    case commandIDReused(commandID: String, stream: String, actor: String, position: UInt64)
    /// The read model database failed.
    case readModel(String)
    /// A damaged read model could not be set aside and rebuilt (exit 4): the file and why.
    case readModelDamaged(path: String, reason: String)
}
