import EventStore
import Foundation
import PostgresStore
import RegistryService

/// Opening the store a server (or `registry account …`) works on: the file log, or PostgreSQL.
///
/// On PostgreSQL a server keeps its local derived files (the SQLite read model it decides from) in
/// `--log DIR` when given (or `REGISTRY_LOG`), else in `serve` under the store's cache base (the
/// command line's `REGISTRY_CACHE`, `$XDG_CACHE_HOME/placement-registry` or `~/.cache/placement-registry`),
/// in a subdirectory named after the store's identity (`store-<ID>`) as the command line's cache is.
/// The server holds that cache's lock for its life, so two servers on one machine need two `--log`
/// directories, and the command line on the same machine (its own cache) never waits for a server.
enum ServerStore {
    /// The database store's options: REGISTRY_NOW fixes the clock (tests, demos), REGISTRY_LOCK_TIMEOUT_MS the wait.
    static func databaseOptions(_ environment: [String: String]) -> PostgresEventStore.Options {
        var options = PostgresEventStore.Options()
        if let fixed = environment["REGISTRY_NOW"].flatMap(Timestamp.parse) { options.clock = { fixed } }
        if let wait = environment["REGISTRY_LOCK_TIMEOUT_MS"].flatMap(Int.init) { options.lockTimeoutMilliseconds = wait }
        return options
    }

    /// Opens the database's store, bringing its schema up to this binary's version (a server started
    /// by a newer binary adds the tables it needs, e.g. migration 5's accounts and sessions).
    /// - Throws: `EventStoreError.notALog` when `registry init --store …` has not been run.
    static func openDatabase(_ conninfo: String, environment: [String: String]) throws -> PostgresEventStore {
        let options = databaseOptions(environment)
        _ = try PostgresEventStore(conninfo: conninfo, options: options)
        return try PostgresEventStore.create(conninfo: conninfo, options: options).store
    }

    /// The cache base of a server on PostgreSQL: `--log DIR`, else `serve` under the store's cache base.
    static func serverCacheBase(logDirectory: String, isLogGiven: Bool, environment: [String: String]) -> String {
        if isLogGiven { return logDirectory }
        return PostgresEventStore.cacheBase(environment: environment) + "/serve"
    }

    /// The registry over the database with its read model in `cacheDirectory`.
    static func registry(_ store: PostgresEventStore, cacheDirectory: String, forWriting: Bool, environment: [String: String]) throws -> Registry {
        try Registry(store: store, cacheDirectory: cacheDirectory, forWriting: forWriting,
                     lockTimeoutMilliseconds: databaseOptions(environment).lockTimeoutMilliseconds, keyStore: PostgresKeyStore(store: store))
    }
}
