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
        }
    }
}
