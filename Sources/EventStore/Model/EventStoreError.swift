/// Everything the event log can fail with. The CLI maps the cases to exit codes.
public enum EventStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stream's version is not the one the writer expected (exit 3).
    case conflict(stream: String, expected: ExpectedVersion, actual: UInt64)
    /// Another process held the writer lock for longer than the wait allowed (exit 3).
    case lockTimeout(path: String, waitedMilliseconds: Int)
    /// A record whose CRC, chain hash or framing does not match (exit 4).
    case integrity(position: UInt64, segment: String, offset: UInt64, reason: String)
    /// The events cannot be appended as given (e.g. an empty stream ID, a field too long).
    case invalidAppend(String)
    /// An operating-system call failed.
    case io(operation: String, path: String, errno: Int32, message: String)
    /// The log directory does not hold a log.
    case notALog(path: String)
    /// The index database failed.
    case index(String)
    /// The stream index at `path` is damaged (SQLite cannot open it, or its check fails); the log sets it
    /// aside and rebuilds it, so this reaches a caller only when that is not possible.
    case damagedIndex(path: String, reason: String)
    /// A writing open on storage this process may not write (exit 2): the directory or its files are read-only.
    case readOnly(path: String)
    /// The database store could not be reached or failed mid-command, after the retries that are
    /// safe (exit 3): nothing of the command was applied unless it was acknowledged.
    case unavailable(store: String, reason: String)

    public var description: String {
        switch self {
        case let .conflict(stream, expected, actual):
            return "stream '\(stream)' is at version \(actual), but version \(expected) was expected"
        case let .lockTimeout(path, waited):
            return "another writer held the log lock \(path) for more than \(waited) ms"
        case let .integrity(position, segment, offset, reason):
            return "integrity failure at position \(position) (segment \(segment), offset \(offset)): \(reason)"
        case let .invalidAppend(reason):
            return "cannot append: \(reason)"
        case let .io(operation, path, errno, message):
            return "\(operation) failed for \(path): \(message) (errno \(errno))"
        case let .notALog(path):
            return "\(path) does not hold a registry log"
        case let .index(message):
            return "stream index failure: \(message)"
        case let .damagedIndex(path, reason):
            return "the stream index \(path) is damaged: \(reason)"
        case let .readOnly(path):
            return "the log at \(path) is on read-only storage; writing commands need write access"
        case let .unavailable(store, reason):
            return "the store \(store) is unavailable: \(reason)"
        }
    }
}

/// A derived file (stream index or read model) that was found damaged and set aside, or, by a reader
/// that may not write next to the log, ignored: the command goes on without it. Callers print one
/// warning line for each.
public struct DerivedFileNotice: Equatable, Sendable {
    /// The damaged file.
    public var path: String
    /// What is wrong with it, in SQLite's or the check's words (never SQL text).
    public var reason: String
    /// Where it was moved to (`NAME.damaged-YYYYMMDDTHHMMSSZ`), or nil when a reader left it in place.
    public var movedTo: String?

    public init(path: String, reason: String, movedTo: String?) {
        self.path = path
        self.reason = reason
        self.movedTo = movedTo
    }
}
