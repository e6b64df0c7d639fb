import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster of the torture's own: `initdb` into a scratch directory and
/// `pg_ctl start` on a free loopback port, with trust authentication for its superuser `registry`
/// (nothing but this process's children can reach 127.0.0.1 on a CI machine, and the cluster lives
/// for one scenario). Only this cluster is ever stopped: `pg_ctl -D` names its own directory, never
/// a shared cluster's.
///
/// `initdb` and `postgres` refuse to run as root: when the torture runs as root, the cluster's
/// directory is given to the `postgres` user and the binaries run as it (`runuser -u postgres`).
final class PostgresCluster {
    /// The directory of `initdb`, `pg_ctl`, `psql`.
    let binaries: String
    let directory: String
    let port: Int
    private var dataDirectory: String { directory + "/data" }
    private let runner: Runner

    /// The registry's connection string for the cluster's `postgres` database.
    var conninfo: String { "postgresql://registry@127.0.0.1:\(port)/postgres" }

    /// The newest installed server's binaries (`PG_BIN` overrides), or nil when none is installed.
    static func findBinaries() -> String? {
        if let given = ProcessInfo.processInfo.environment["PG_BIN"], FileManager.default.isExecutableFile(atPath: given + "/initdb") {
            return given
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        return versions.map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    /// Makes the cluster (not started yet).
    /// - Throws: `TortureFailure` when `initdb` fails.
    init(runner: Runner, binaries: String, directory: String) throws {
        self.runner = runner
        self.binaries = binaries
        self.directory = directory
        port = Self.freePort()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if geteuid() == 0 {
            guard let user = getpwnam("postgres") else { throw TortureFailure("running as root and there is no 'postgres' user to run initdb as") }
            chown(directory, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        let made = try tool("initdb", ["-D", dataDirectory, "-U", "registry", "--auth=trust", "-E", "UTF8", "--no-instructions"])
        guard made.status == 0 else { throw TortureFailure("initdb failed: \(made.output.suffix(400))") }
    }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        let options = "-p \(port) -c listen_addresses=127.0.0.1 -k \(directory) -c max_connections=200"
        let started = try tool("pg_ctl", ["-D", dataDirectory, "-l", directory + "/server.log", "-w", "-t", "60", "-o", options, "start"])
        guard started.status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw TortureFailure("pg_ctl start failed: \(started.output.suffix(300)) \(log.suffix(300))")
        }
    }

    /// Kills the server as a crash would (`pg_ctl stop -m immediate`: no checkpoint; recovery replays the WAL at the next start).
    func crash() throws {
        let stopped = try tool("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        guard stopped.status == 0 else { throw TortureFailure("pg_ctl stop -m immediate failed: \(stopped.output.suffix(300))") }
    }

    /// Stops the server if it runs, and removes the cluster.
    func destroy(keep: Bool) {
        _ = try? tool("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        if !keep { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Runs SQL with psql and returns its unaligned, tab-separated rows.
    func query(_ sql: String) throws -> [[String]] {
        let result = try run(binaries + "/psql", [conninfo, "-XAtqF", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql], asPostgres: false)
        guard result.status == 0 else { throw TortureFailure("psql failed: \(result.output.suffix(300))") }
        return result.output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    private func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try run(binaries + "/" + name, arguments, asPostgres: geteuid() == 0)
    }

    private func run(_ executable: String, _ arguments: [String], asPostgres: Bool) throws -> (status: Int32, output: String) {
        // The torture's own spawner (posix_spawn, output in files, waitpid): a pipe would be held open by
        // the server `pg_ctl start` leaves running, and Foundation's Process waits on its own terms.
        let child = asPostgres ? runner.spawn("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
            : runner.spawn(executable, arguments)
        let result = runner.wait(child, timeout: 120)
        return (result.code, result.stdout + result.stderr)
    }

    /// A loopback port nothing listens on now (the kernel's choice for a socket bound to port 0).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A setup step of the torture that failed: the scenario reports it and stops.
struct TortureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
