// swift-tools-version: 6.0
// The placement registry: an event-sourced registry of student internships and apprenticeships.
// No Swift package dependencies: system C libraries (libcrypto, libsqlite3) come in through
// `systemLibrary` targets. One small C target of our own reaches the CPU's CRC-32C instruction.
import PackageDescription

let package = Package(
    name: "PlacementRegistry",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "registry", targets: ["registry"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "RegistryDomain", targets: ["RegistryDomain"]),
    ],
    dependencies: [],
    targets: [
        // System libraries.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // libpq and libmicrohttpd are loaded on first use (dlopen: see their shim.h), so that a command
        // on the file log does not load and relocate them and their twenty libraries: no pkgConfig,
        // whose `--libs` would link them again.
        .systemLibrary(name: "CPostgreSQL", path: "Sources/CPostgreSQL",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", path: "Sources/CMicroHTTPD",
                       providers: [.apt(["libmicrohttpd-dev"])]),
        // libcurl, for registry-bench's server clients (URLSession cost the bench more CPU than the server).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),

        // The CPU's CRC-32C instruction (C, because Swift cannot emit it), for record framing checksums.
        .target(name: "CRC32CHardware"),
        // A thin, typed wrapper over libsqlite3 shared by the stream index and the read models.
        .target(name: "SQLiteSupport", dependencies: ["CSQLite"]),
        // The append-only, hash-chained, crash-safe event log.
        .target(name: "EventStore", dependencies: ["CCrypto", "CRC32CHardware", "SQLiteSupport"]),
        // The event store in PostgreSQL through libpq: same protocol, records and chain as the file log.
        .target(name: "PostgresStore", dependencies: ["EventStore", "CPostgreSQL", "PersonalData"]),
        // Pure domain: values, policies, events, commands, deciders, rules. No I/O, no clock.
        .target(name: "RegistryDomain"),
        // The one parser of typed-in values (IDs, dates, months, amounts, kinds) for the CLI, the import and the server.
        .target(name: "InputValues", dependencies: ["RegistryDomain"]),
        // Personal data sealed per data subject (AES-256-GCM via libcrypto), keys in a store beside the log.
        .target(name: "PersonalData", dependencies: ["CCrypto", "SQLiteSupport"]),
        // Read models (projections) in SQLite, derived from the log.
        .target(name: "ReadModel", dependencies: ["RegistryDomain", "SQLiteSupport"]),
        // Command handling and replay over the log: decide, append, project.
        .target(name: "RegistryService", dependencies: ["EventStore", "RegistryDomain", "ReadModel", "SQLiteSupport", "PersonalData"]),
        // The catalogue of what people read, keyed by ID, English and Chinese side by side (messages, shown values, help, sources).
        .target(name: "Messages", dependencies: ["RegistryDomain", "EventStore"]),
        // Server-rendered HTML pages: pure renderers from typed records to HTML (no I/O, no HTTP), and the HTML audit.
        .target(name: "WebPages", dependencies: ["EventStore", "RegistryDomain", "RegistryService", "ReadModel", "InputValues", "Messages"]),
        // The command line: parsing, help, output formats, languages, exit codes; one file per noun.
        .target(name: "RegistryCLI", dependencies: ["EventStore", "RegistryDomain", "RegistryService", "ReadModel", "InputValues", "WebPages", "PostgresStore", "Messages",
                                                    "PersonalData"]),
        // A thin layer over libmicrohttpd: requests in, responses out; no HTTP parsing of our own.
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"]),
        // `registry serve`: routes, the JSON API, accounts, sessions, CSRF and group commit, over the CLI's vocabulary.
        .target(name: "RegistryServer", dependencies: ["HTTPServer", "RegistryCLI", "RegistryService", "RegistryDomain", "EventStore",
                                                       "SQLiteSupport", "CCrypto", "InputValues", "WebPages", "ReadModel", "PostgresStore"]),

        // Executables: thin shells over the libraries.
        .executableTarget(name: "registry", dependencies: ["RegistryCLI", "RegistryServer"]),
        .executableTarget(name: "registry-replay", dependencies: ["RegistryService", "ReadModel", "EventStore", "PostgresStore"],
                          path: "Tools/registry-replay"),
        .executableTarget(name: "registry-gen", dependencies: ["RegistryService", "RegistryDomain", "ReadModel", "EventStore", "PostgresStore", "PersonalData"],
                          path: "Tools/registry-gen"),
        .executableTarget(name: "registry-bench", dependencies: ["RegistryService", "RegistryDomain", "ReadModel", "EventStore", "SQLiteSupport", "CCrypto",
                                                                 "PostgresStore", "CCurl"],
                          path: "Tools/registry-bench",
                          // Its server part's clients use libcurl (CCurl); named here too, as with
                          // --static-swift-stdlib the static link needs it (libcurl4-openssl-dev).
                          linkerSettings: [.linkedLibrary("curl", .when(platforms: [.linux]))]),
        .executableTarget(name: "registry-torture", dependencies: ["EventStore"], path: "Tools/registry-torture"),
        .executableTarget(name: "eventlog-writer", dependencies: ["EventStore"],
                          path: "Tools/eventlog-writer"),

        .testTarget(name: "EventStoreTests", dependencies: ["EventStore", "eventlog-writer"]),
        // The event store's conformance suite (file log and PostgreSQL) and PostgreSQL's own faults.
        .testTarget(name: "PostgresStoreTests", dependencies: ["EventStore", "PostgresStore"]),
        .testTarget(name: "RegistryDomainTests", dependencies: ["RegistryDomain"]),
        .testTarget(name: "ReadModelTests", dependencies: ["ReadModel", "RegistryDomain", "SQLiteSupport"]),
        // End-to-end tests that run the built `registry` binary, and service-level tests.
        .testTarget(name: "RegistryCLITests", dependencies: ["registry", "registry-replay", "registry-gen", "RegistryService", "ReadModel", "RegistryCLI",
                                                            "EventStore", "RegistryDomain", "SQLiteSupport", "InputValues", "PersonalData", "Messages",
                                                            // In-process server tests move the sessions' clock (8 hours idle, 15-minute lockouts).
                                                            "RegistryServer", "HTTPServer", "PostgresStore"],
                    exclude: ["Golden"]),
        // The page renderers: escaping, both languages, field errors beside their fields.
        .testTarget(name: "WebPagesTests", dependencies: ["WebPages", "RegistryService", "ReadModel", "RegistryDomain", "EventStore"]),
    ]
)
