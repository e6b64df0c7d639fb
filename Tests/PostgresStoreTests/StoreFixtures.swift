import EventStore
import Foundation
import Testing
@testable import PostgresStore

/// The PostgreSQL the tests use: `REGISTRY_TEST_POSTGRES`, a libpq connection string for a role that
/// may create schemas, roles and triggers (`.ci/run` starts the cluster and exports it). Without it
/// the PostgreSQL cases are skipped and the file-log cases still run.
enum TestDatabase {
    static let conninfo: String? = ProcessInfo.processInfo.environment["REGISTRY_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static var isConfigured: Bool { conninfo != nil }

    /// `base` with the session's search path set to `schema`, so that every table lands in it.
    static func conninfo(schema: String) -> String {
        let base = conninfo ?? ""
        if base.contains("://") {
            return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        }
        return base + " options='-csearch_path=\(schema)'"
    }

    /// Runs admin SQL on the base database.
    static func admin(_ sql: String) throws {
        try PGConnection(conninfo ?? "").run(sql)
    }
}

/// A scratch schema in the test database, dropped when the value is released.
final class ScratchSchema {
    let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    var conninfo: String { TestDatabase.conninfo(schema: name) }

    init() throws { try TestDatabase.admin("CREATE SCHEMA \(name)") }

    deinit { try? TestDatabase.admin("DROP SCHEMA \(name) CASCADE") }
}

/// A deterministic clock: starts at 2025-01-01T00:00:00Z and ticks one second per call.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64 = 1_735_689_600_000_000
    func tick() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        now += 1_000_000
        return now
    }
}

/// Which store a conformance test runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case file, postgres
    var testDescription: String { rawValue }
}

/// A fresh, empty store of one kind and what keeps it alive (its directory or schema).
final class StoreUnderTest {
    let kind: StoreKind
    /// Nil only while `reopen` releases the old store (the file log's lock goes with it).
    private var current: (any EventStore)?
    // Set by init and by reopen before any use.
    var store: any EventStore { current! }
    let directory: String?
    let schema: ScratchSchema?
    let clock = TestClock()

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .file:
            let path = NSTemporaryDirectory() + "registry-conformance-\(UUID().uuidString)"
            directory = path
            schema = nil
            let clock = self.clock
            current = try FileEventLog(directory: path, mode: .write,
                                     options: FileEventLog.Options(lockTimeoutMilliseconds: 2_000, clock: { clock.tick() }))
        case .postgres:
            directory = nil
            let schema = try ScratchSchema()
            self.schema = schema
            let clock = self.clock
            current = try PostgresEventStore.create(conninfo: schema.conninfo, options: .init(clock: { clock.tick() })).store
        }
    }

    /// The store closed and opened again (a new process, as far as the store can tell).
    func reopen() throws {
        current = nil
        switch kind {
        case .file:
            current = try FileEventLog(directory: directory!, mode: .write, options: FileEventLog.Options(clock: { [clock] in clock.tick() }))
        case .postgres:
            current = try PostgresEventStore(conninfo: schema!.conninfo, options: .init(clock: { [clock] in clock.tick() }))
        }
    }

    /// Another writer on the same PostgreSQL store (its own connection).
    func anotherPostgresWriter() throws -> PostgresEventStore {
        try PostgresEventStore(conninfo: schema!.conninfo, options: .init(clock: { [clock] in clock.tick() }))
    }

    deinit {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

/// The stores a conformance test runs on: the file log always, PostgreSQL when configured.
let storeKinds: [StoreKind] = TestDatabase.isConfigured ? [.file, .postgres] : [.file]

func event(_ type: String, _ text: String) -> NewEvent {
    NewEvent(type: type, payload: Array(text.utf8))
}

/// Appends `count` commands of one to three events each over four streams.
func fill(_ store: any EventStore, commands count: Int, prefix: String = "c") throws {
    for i in 0..<count {
        let events = (0...(i % 3)).map { j in event("Filled", "{\"i\":\(i),\"j\":\(j)}") }
        _ = try store.append(events, to: "s-\(i % 4)", expectingVersion: .any, commandID: "\(prefix)-\(i)", actor: "test:t")
    }
}
