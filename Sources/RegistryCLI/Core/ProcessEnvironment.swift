#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment variables the registry reads, and only those.
///
/// `ProcessInfo.processInfo.environment` turns every variable of the process into a `String` pair in a
/// dictionary: about 0.75 M instructions per command under callgrind, 5% of a whole stipend
/// confirmation, for a table in which the registry looks up a dozen names. This reads `environ`
/// itself and makes strings only of the names below; everything else is skipped on its bytes.
public enum ProcessEnvironment {
    /// Exact names read outside the registry's own prefix: the language and the cache directory.
    static let names: [String] = ["LANG", "LC_ALL", "HOME", "XDG_CACHE_HOME"]
    /// Every variable whose name starts with this is the registry's own (REGISTRY_LOG, REGISTRY_NOW, …).
    static let prefix = "REGISTRY_"

    /// The variables of this process that the registry reads, by name.
    /// A name given twice keeps its first value, as `getenv` does.
    public static func current() -> [String: String] {
        var result: [String: String] = [:]
        // `environ` comes into Swift as a non-optional pointer, yet `clearenv` leaves it NULL: read it as an optional.
        let table = unsafeBitCast(environ, to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self)
        guard var cursor = table else { return result }
        while let entry = cursor.pointee {
            if let (name, value) = wanted(entry), result[name] == nil { result[name] = value }
            cursor += 1
        }
        return result
    }

    /// The name and value of a `NAME=value` entry, when the registry reads that name.
    static func wanted(_ entry: UnsafePointer<CChar>) -> (String, String)? {
        guard let equals = strchr(entry, Int32(UInt8(ascii: "="))) else { return nil }
        let nameLength = entry.distance(to: equals)
        let name = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: nameLength)
        guard name.starts(with: prefix.utf8) || names.contains(where: { $0.utf8.elementsEqual(name) }) else { return nil }
        return (String(decoding: name, as: UTF8.self), String(cString: equals + 1))
    }
}
