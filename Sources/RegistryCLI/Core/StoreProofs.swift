import EventStore
import Foundation
import PostgresStore

/// Checkpoints, proofs and receipts over PostgreSQL (`--store`).
///
/// The Merkle tree is derived data, like the read model: it is kept per machine in the store's
/// cache directory (`merkle.tree`) and caught up from the database's rows, whose leaves are the file
/// log's record bytes, so both stores give one history one root.
///
/// The signing keys stay **out of the database**, in files: `REGISTRY_CHECKPOINT_KEYS` names the
/// directory holding `checkpoint-key.pem` (mode 0600) and `checkpoint-keys.txt`, else the store's
/// cache directory. A key in a table would be readable by whoever can read the table — the database's
/// administrators, its backups and replicas, and any role given SELECT by mistake — while the point of
/// a signed checkpoint is that the database alone cannot forge one. Servers that sign are given the
/// same key directory, as they are given a TLS key; verifiers need only the public keys.
extension Invocation {
    /// The checkpoint keys: beside the file log, or in the key directory of a database store
    /// (`opened`, when the command has it open already: each new connection costs the client SCRAM's
    /// key derivation, a few milliseconds of a command's process).
    func checkpointKeys(using opened: PostgresEventStore? = nil) throws -> CheckpointKeys {
        guard let store else { return CheckpointKeys(directory: logDirectory) }
        let database = try opened ?? PostgresEventStore(conninfo: store, options: databaseOptions)
        let directory = checkpointKeyDirectory(of: database)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let first = database.head.position > 0 ? try database.firstHash() : nil
        return CheckpointKeys(directory: directory, firstHash: first)
    }

    /// Where a database store's checkpoint keys live: `REGISTRY_CHECKPOINT_KEYS`, else its cache directory.
    func checkpointKeyDirectory(of database: PostgresEventStore) -> String {
        environment["REGISTRY_CHECKPOINT_KEYS"].flatMap { $0.isEmpty ? nil : $0 } ?? database.cacheDirectory(environment: environment)
    }

    /// The Merkle tree of a database store, in its cache directory; nil for the file log.
    func databaseMerkleTree() throws -> MerkleTree? {
        guard let store else { return nil }
        let database = try PostgresEventStore(conninfo: store, options: databaseOptions)
        let directory = database.cacheDirectory(environment: environment)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try MerkleTree(treeDirectory: directory, leaves: database.merkleLeaves)
    }

    /// Whether the log has any record (a file log's first segment, or a database's head).
    func hasRecords() throws -> Bool {
        guard let store else { return FileManager.default.fileExists(atPath: logDirectory + "/00000001.seg") }
        return try PostgresEventStore(conninfo: store, options: databaseOptions).head.position > 0
    }
}
