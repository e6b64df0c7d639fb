import Foundation
import RegistryDomain

/// Times as inspectors and tests write them: `--until`, REGISTRY_NOW, recorded-at columns.
public enum Timestamp {
    /// Microseconds since the epoch from `2025-09-01T08:00:00Z`, `2025-09-01` (midnight UTC), or a number of µs.
    public static func parse(_ text: String) -> Int64? {
        if let micros = Int64(text), text.count > 10 { return micros }
        // The server parses the same REGISTRY_NOW for every request, and making a formatter costs
        // more than deciding a command: answers are remembered (few distinct texts ever arrive).
        if let known = parsed.value(for: text) { return known }
        let micros = parseAfresh(text)
        parsed.remember(micros, for: text)
        return micros
    }

    private static let parsed = ParsedTimestamps()

    private static func parseAfresh(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
        if let day = CalendarDate(text) { return Int64(day.dayNumber) * 86_400_000_000 }
        return nil
    }

    /// Texts parsed before and what they gave, shared by every thread; bounded, since `--until`
    /// texts come from users.
    private final class ParsedTimestamps: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [String: Int64?] = [:]

        func value(for text: String) -> Int64?? { lock.withLock { answers[text] } }

        func remember(_ micros: Int64?, for text: String) {
            lock.withLock {
                if answers.count >= 64 { answers.removeAll() }
                answers[text] = .some(micros)
            }
        }
    }

    /// `2025-09-01T08:00:00Z` for µs since the epoch: what `ISO8601DateFormatter` writes (UTC; the
    /// time rounded to the millisecond, half up, then cut to the second), written directly. A formatter
    /// made for each call had been two thirds of a `show placement` (10.9 M of its 16.3 M
    /// instructions, loading the calendar and time-zone data), and every page of the server asks for
    /// today's date this way.
    public static func format(_ micros: Int64) -> String {
        /// `a / b` rounded down (`b` > 0).
        func floorDivided(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a + 1) / b - 1 }
        let seconds = floorDivided(floorDivided(micros + 500, 1_000), 1_000)
        let days = floorDivided(seconds, 86_400)
        let second = Int(seconds - days * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(CalendarDate(dayNumber: Int(days)))T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
    }
}

extension Registry {
    /// The last log position to read for `--until POSITION|TIME`: the head when `text` is nil, a
    /// position of up to ten digits (capped at the head), or the last event recorded at or before a time.
    /// - Returns: nil when `text` is neither a position nor a time.
    public func position(until text: String?) throws -> UInt64? {
        guard let text else { return log.head.position }
        if let position = UInt64(text), text.count <= 10 { return min(position, log.head.position) }
        guard let micros = Timestamp.parse(text) else { return nil }
        return try log.lastPosition(recordedAtOrBefore: micros)
    }
}
