// swift-tools-version: 6.0
// The placement registry: an event-sourced registry of student internships and apprenticeships.
// No Swift package dependencies: system C libraries (libcrypto, libsqlite3) come in through
// `systemLibrary` targets. One small C target of our own reaches the CPU's CRC-32C instruction.
import PackageDescription

// How one command's process starts (issue 17; measured in BENCHMARKS.md, "ninth round"):
// - Concrete generic types are reached through their metadata accessors, not looked up at run time by
//   mangled name: each such lookup checked its conformances by scanning every conformance record in
//   the executable, a fifth of one command's instructions.
let startUp: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])]
// - libsqlite3 and libcrypto are linked from Debian's static archives (libsqlite3-dev, libssl-dev), so
//   the dynamic loader does not bind their thousands of symbols at every start. Their symbols stay out
//   of the executable's dynamic table: libpq, loaded for a PostgreSQL store, brings its own libcrypto.so.
//   A security update of either package reaches the registry when it is built again.
let staticSQLite: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "-l:libsqlite3.a", "-Xlinker", "--exclude-libs", "-Xlinker", "libsqlite3.a"])]
let staticCrypto: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "-l:libcrypto.a", "-Xlinker", "--exclude-libs", "-Xlinker", "libcrypto.a"])]
// - `registry` links GCC's libstdc++ statically too: the toolchain names `-lstdc++` itself, so a
//   directory whose `libstdc++.so` is a linker script naming `libstdc++.a` comes first on the search path.
let staticLibstdcxx = String(#filePath.dropLast("Package.swift".count)) + "Tools/static-libstdc++"

let package = Package(
    name: "PlacementRegistry",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "registry", targets: ["registry"]),
        .executable(name: "registry-server", targets: ["registry-server"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "RegistryDomain", targets: ["RegistryDomain"]),
    ],
    dependencies: [],
    targets: [
        // System libraries.
        // Linked from their static archives (`staticCrypto`, `staticSQLite` above): no pkgConfig, whose
        // `--libs` would link the shared libraries as well.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
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
        .target(name: "SQLiteSupport", dependencies: ["CSQLite"], swiftSettings: startUp, linkerSettings: staticSQLite),
        // The append-only, hash-chained, crash-safe event log.
        .target(name: "EventStore", dependencies: ["CCrypto", "CRC32CHardware", "SQLiteSupport"], swiftSettings: startUp, linkerSettings: staticCrypto),
        // The event store in PostgreSQL through libpq: same protocol, records and chain as the file log.
        .target(name: "PostgresStore", dependencies: ["EventStore", "CPostgreSQL", "PersonalData"], swiftSettings: startUp),
        // Pure domain: values, policies, events, commands, deciders, rules. No I/O, no clock.
        .target(name: "RegistryDomain", swiftSettings: startUp),
        // The one parser of typed-in values (IDs, dates, months, amounts, kinds) for the CLI, the import and the server.
        .target(name: "InputValues", dependencies: ["RegistryDomain"], swiftSettings: startUp),
        // Personal data sealed per data subject (AES-256-GCM via libcrypto), keys in a store beside the log.
        .target(name: "PersonalData", dependencies: ["CCrypto", "SQLiteSupport"], swiftSettings: startUp, linkerSettings: staticCrypto),
        // Read models (projections) in SQLite, derived from the log.
        .target(name: "ReadModel", dependencies: ["RegistryDomain", "SQLiteSupport"], swiftSettings: startUp),
        // Command handling and replay over the log: decide, append, project.
        .target(name: "RegistryService", dependencies: ["EventStore", "RegistryDomain", "ReadModel", "SQLiteSupport", "PersonalData"], swiftSettings: startUp),
        // The catalogue of what people read, keyed by ID, English and Chinese side by side (messages, shown values, help, sources).
        .target(name: "Messages", dependencies: ["RegistryDomain", "EventStore"], swiftSettings: startUp),
        // Server-rendered HTML pages: pure renderers from typed records to HTML (no I/O, no HTTP), and the HTML audit.
        .target(name: "WebPages", dependencies: ["EventStore", "RegistryDomain", "RegistryService", "ReadModel", "InputValues", "Messages"], swiftSettings: startUp),
        // The command line: parsing, help, output formats, languages, exit codes; one file per noun.
        .target(name: "RegistryCLI", dependencies: ["EventStore", "RegistryDomain", "RegistryService", "ReadModel", "InputValues", "WebPages", "PostgresStore", "Messages",
                                                    "PersonalData"], swiftSettings: startUp),
        // A thin layer over libmicrohttpd: requests in, responses out; no HTTP parsing of our own.
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"], swiftSettings: startUp),
        // `registry serve`: routes, the JSON API, accounts, sessions, CSRF and group commit, over the CLI's vocabulary.
        .target(name: "RegistryServer", dependencies: ["HTTPServer", "RegistryCLI", "RegistryService", "RegistryDomain", "EventStore",
                                                       "SQLiteSupport", "CCrypto", "InputValues", "WebPages", "ReadModel", "PostgresStore"], swiftSettings: startUp),

        // Executables: thin shells over the libraries.
        // `registry`, the command line, is linked without PIE: the dynamic loader then has no relative
        // relocations to apply, about 300 fewer page faults a command (BENCHMARKS.md). The server, which
        // faces the network, keeps address-space randomisation: `registry serve` and `registry account`
        // run `registry-server`, beside it, the whole command line with the server in it, linked as PIE.
        // Release builds only, which are linked with `--static-swift-stdlib` (README, .ci/run): an
        // executable without PIE that takes addresses in the shared libswiftCore.so (a debug build's)
        // makes the dynamic loader warn on every start. Two more start-up costs go the same way:
        // `--no-export-dynamic` undoes the toolchain's `-export-dynamic`, whose 7,400 exported symbols
        // the Swift runtime's start-up `dladdr` scanned one by one (nothing loaded later binds to
        // them: libpq and libmicrohttpd are opened `RTLD_LOCAL`); `-static-libgcc` leaves out
        // libgcc_s.so.1, whose constructor runs a dozen `cpuid`s, each a trap to the hypervisor here.
        .executableTarget(name: "registry", dependencies: ["RegistryCLI"], swiftSettings: startUp,
                          linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie", "-Xclang-linker", "-static-libgcc", "-Xlinker", "--no-export-dynamic", "-L", staticLibstdcxx], .when(configuration: .release))]),
        .executableTarget(name: "registry-server", dependencies: ["RegistryCLI", "RegistryServer"], swiftSettings: startUp),
        .executableTarget(name: "registry-replay", dependencies: ["RegistryService", "ReadModel", "EventStore", "PostgresStore"],
                          path: "Tools/registry-replay", swiftSettings: startUp),
        .executableTarget(name: "registry-gen", dependencies: ["RegistryService", "RegistryDomain", "ReadModel", "EventStore", "PostgresStore", "PersonalData"],
                          path: "Tools/registry-gen", swiftSettings: startUp),
        .executableTarget(name: "registry-bench", dependencies: ["RegistryService", "RegistryDomain", "ReadModel", "EventStore", "SQLiteSupport", "CCrypto",
                                                                 "PostgresStore", "CCurl"],
                          path: "Tools/registry-bench", swiftSettings: startUp,
                          // Its server part's clients use libcurl (CCurl); named here too, as with
                          // --static-swift-stdlib the static link needs it (libcurl4-openssl-dev).
                          linkerSettings: [.linkedLibrary("curl", .when(platforms: [.linux]))]),
        .executableTarget(name: "registry-torture", dependencies: ["EventStore"], path: "Tools/registry-torture", swiftSettings: startUp),
        .executableTarget(name: "eventlog-writer", dependencies: ["EventStore"],
                          path: "Tools/eventlog-writer", swiftSettings: startUp),

        .testTarget(name: "EventStoreTests", dependencies: ["EventStore", "eventlog-writer"]),
        // The event store's conformance suite (file log and PostgreSQL) and PostgreSQL's own faults.
        .testTarget(name: "PostgresStoreTests", dependencies: ["EventStore", "PostgresStore"]),
        .testTarget(name: "RegistryDomainTests", dependencies: ["RegistryDomain"]),
        .testTarget(name: "ReadModelTests", dependencies: ["ReadModel", "RegistryDomain", "SQLiteSupport"]),
        // End-to-end tests that run the built `registry` binary, and service-level tests.
        .testTarget(name: "RegistryCLITests", dependencies: ["registry", "registry-server", "registry-replay", "registry-gen", "RegistryService", "ReadModel", "RegistryCLI",
                                                            "EventStore", "RegistryDomain", "SQLiteSupport", "InputValues", "PersonalData", "Messages",
                                                            // In-process server tests move the sessions' clock (8 hours idle, 15-minute lockouts).
                                                            "RegistryServer", "HTTPServer", "PostgresStore"],
                    exclude: ["Golden"]),
        // The page renderers: escaping, both languages, field errors beside their fields.
        .testTarget(name: "WebPagesTests", dependencies: ["WebPages", "RegistryService", "ReadModel", "RegistryDomain", "EventStore"]),
    ]
)
