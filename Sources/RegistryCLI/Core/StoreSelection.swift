import EventStore
import Foundation
import PostgresStore
import RegistryService

/// Choosing the store: the file log at `--log`/`REGISTRY_LOG` (the default), or PostgreSQL with
/// `--store postgresql://…`/`REGISTRY_STORE` (any libpq connection string). `--store` wins over
/// `REGISTRY_STORE`; an empty `REGISTRY_STORE` is unset, as an empty `REGISTRY_LOG` is.
extension Invocation {
    /// `--store`'s value, or `REGISTRY_STORE`'s, checked to be a PostgreSQL connection string.
    /// - Throws: `UsageError` (exit 2) for anything else: a directory belongs in `--log`.
    static func store(_ option: String?, environment: [String: String]) throws -> String? {
        let source = option == nil ? "REGISTRY_STORE" : "--store"
        guard let text = option ?? environment["REGISTRY_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard PostgresEventStore.isConnectionString(text) else {
            throw UsageError("\(source) '\(printable(PostgresEventStore.redacted(text)))' is not a PostgreSQL connection string; write postgresql://USER@HOST/DATABASE (a log directory goes in --log).",
                             zh: "\(source) '\(printable(PostgresEventStore.redacted(text)))' 不是 PostgreSQL 连接串；请写成 postgresql://用户@主机/数据库（日志目录请用 --log）。")
        }
        return text
    }

    /// The store named in messages: the log directory, or the connection string without its password.
    var storeDescription: String { store.map(PostgresEventStore.redacted) ?? logDirectory }

    /// The database store's options: the clock is the system's unless REGISTRY_NOW fixes it.
    var databaseOptions: PostgresEventStore.Options {
        var options = PostgresEventStore.Options()
        options.clock = logOptions.clock
        options.lockTimeoutMilliseconds = logOptions.lockTimeoutMilliseconds
        return options
    }

    /// Opens the registry over PostgreSQL; `init` and `demo` create (or check) the schema first.
    func openDatabase(_ conninfo: String, forWriting: Bool, creating: Bool) throws -> Registry {
        let store = creating ? try PostgresEventStore.create(conninfo: conninfo, options: databaseOptions).store
            : try PostgresEventStore(conninfo: conninfo, options: databaseOptions)
        return try Registry(store: store, cacheDirectory: store.cacheDirectory(environment: environment), forWriting: forWriting,
                            lockTimeoutMilliseconds: logOptions.lockTimeoutMilliseconds, notice: logOptions.notice,
                            keyStore: PostgresKeyStore(store: store))
    }

    /// `verify` over a database: every row rechained.
    func verifyDatabase(_ conninfo: String, hashAt: UInt64?, find: Digest?) throws -> VerificationReport {
        try PostgresEventStore(conninfo: conninfo, options: databaseOptions).verify(hashAt: hashAt, find: find)
    }
}
