import EventStore
import Foundation
import ReadModel
import SQLiteSupport

/// Inspector operations over a whole log: rebuild the read models, compare them, export events.
public enum Replay {
    /// Rebuilds every projection from the log into a fresh read model at `path`, replacing any file
    /// there once the new one is complete: the log is folded in memory and each final row written once.
    /// - Parameters:
    ///   - through: the last position to apply (nil: the head).
    /// - Returns: the rebuilt store.
    public static func rebuild(_ registry: Registry, into path: String, through: UInt64? = nil,
                               progress: ((UInt64, UInt64) -> Void)? = nil) throws -> ReadModelStore {
        try registry.build(through: through, progress: progress).write(to: path)
    }

    /// The rows that differ between `live` and a rebuild of the log through `live`'s position. The
    /// rebuild is scratch: it is written into a private directory under `TMPDIR`, which is removed
    /// before this returns or throws, so repeated comparisons of a long log leave nothing behind.
    public static func differencesFromRebuild(_ registry: Registry, live: ReadModelStore,
                                              progress: ((UInt64, UInt64) -> Void)? = nil) throws -> [(table: String, row: String, side: String)] {
        let scratch = try DerivedFile.makePrivateDirectory()
        defer { DerivedFile.removeTree(scratch) }
        // The rebuilt store is closed when this function returns, before the directory is removed.
        func compared() throws -> [(table: String, row: String, side: String)] {
            try differences(live, rebuild(registry, into: scratch + "/" + ReadModelStore.fileName, through: live.position, progress: progress))
        }
        return try compared()
    }

    /// The rows that differ between two read models: `(table, row, which side has it)`.
    public static func differences(_ live: ReadModelStore, _ rebuilt: ReadModelStore) throws -> [(table: String, row: String, side: String)] {
        let a = try live.dump(), b = try rebuilt.dump()
        var out: [(String, String, String)] = []
        for table in Set(a.keys).union(b.keys).sorted() {
            let left = Set(a[table] ?? []), right = Set(b[table] ?? [])
            for row in left.subtracting(right).sorted() { out.append((table, row, "live only")) }
            for row in right.subtracting(left).sorted() { out.append((table, row, "rebuild only")) }
        }
        if live.position != rebuilt.position {
            out.append(("projection_state", "position \(live.position) vs \(rebuilt.position)", "both"))
        }
        return out
    }

    /// One event as a JSON Lines record: the envelope, with the payload inlined as JSON.
    public static func jsonLine(_ e: EventEnvelope) -> String {
        let q = JSONText.quoted
        let payload = String(decoding: e.payload, as: UTF8.self)
        return "{\"position\":\(e.position),\"stream\":\(q(e.streamID)),\"version\":\(e.streamVersion),\"eventId\":\(q(e.eventID.description)),"
            + "\"commandId\":\(q(e.commandID)),\"actor\":\(q(e.actor)),\"recordedAt\":\(e.recordedAt),\"type\":\(q(e.type)),"
            + "\"schemaVersion\":\(e.schemaVersion),\"payload\":\(payload)}"
    }
}

/// JSON text written by hand (reports, exports), where building Codable values would be heavier.
public enum JSONText {
    /// `text` as a JSON string literal, with quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
