import Foundation

/// `psql`: Debian's, or one under /usr/local.
let psqlExecutable = ["/usr/bin/psql", "/usr/local/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "psql"

/// A schema of its own for one part of a `--store` run, so that its tables never meet another
/// part's or an earlier run's: made by `create`, dropped by `drop` once the part is done.
struct ScratchSchema {
    /// The prefix and 12 random hexadecimal digits.
    let name: String
    /// The bench's conninfo with this schema as the search path (and as the application name, when asked).
    let conninfo: String
    /// The bench's own conninfo, which made the schema and drops it.
    private let admin: String

    /// Makes a fresh schema named `prefix` and random digits in the database of `conninfo`.
    static func create(prefix: String, in conninfo: String, namingApplication: Bool = false) throws -> ScratchSchema {
        let name = prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try psql(conninfo, "CREATE SCHEMA \(name)")
        let options = "options=-csearch_path%3D\(name)" + (namingApplication ? "&application_name=\(name)" : "")
        return ScratchSchema(name: name, conninfo: conninfo + (conninfo.contains("?") ? "&" : "?") + options, admin: conninfo)
    }

    /// Drops the schema with everything in it; says so when it cannot.
    func drop() {
        do { try Self.psql(admin, "DROP SCHEMA \(name) CASCADE") } catch { say("could not drop schema \(name): \(error)") }
    }

    private static func psql(_ conninfo: String, _ sql: String) throws {
        let result = try runCapturing(psqlExecutable, [conninfo, "-Xqc", sql], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw BenchFailure("psql: \(result.output)") }
    }
}
