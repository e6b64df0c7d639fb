import EventStore
import PersonalData
import RegistryDomain

/// Running many commands in a row with one fdatasync per group of them (a large import): each
/// command is still decided and appended on its own, with its own outcome, but the file log holds
/// its records unsynced (`FileEventLog.defersSync`) until `syncGroup()`. Nothing may be reported
/// as done before the `syncGroup()` after it returns.
extension Registry {
    /// Starts deferring the log's syncs, when this registry can and nobody else already does (a
    /// server's writer defers them itself and syncs its own groups).
    /// - Returns: whether syncs are now deferred by this call; only then do `syncGroup` and
    ///   `endGroups` sync anything.
    ///   The read model is caught up first, and then applies each group's commands in one
    ///   transaction, committed after the group's records are durable.
    /// - Parameter commands: how many commands the run expects (an import's rows); the writer learns
    ///   every stream's version up front only when the log is small beside them, so that a short
    ///   import into a large registry does not pay for loading versions it will never ask for.
    public func beginGroups(commands: Int = 0) -> Bool {
        guard let file = log as? FileEventLog, file.mode == .write, !file.defersSync else { return false }
        file.defersSync = true
        // A group's rows mostly name new streams (new students): on a log small enough, the writer
        // learns every stream's version once and answers "no events yet" from memory, not one
        // index query a row. Only a shortcut: without it the index is asked, as before.
        _ = try? file.learnStreamVersions(ifAtMost: min(Self.learnedVersionsLimit, UInt64(max(commands, 0)) * 20))
        // Without a group transaction the read model works as before, one commit per command.
        try? readModel().beginGroup()
        return true
    }

    /// Makes every record appended since the last call durable, with one fdatasync, then commits
    /// the read model's applies of them and opens its next group.
    /// - Throws: `EventStoreError`; the unsynced records' fate is then unknown.
    public func syncGroup() throws {
        guard let file = log as? FileEventLog else { return }
        try file.syncDeferred()
        guard file.defersSync, let store = currentReadModel, store.isInGroup else { return }
        // The read model is derived: a failed commit is caught up from the log by the next command.
        try? store.endGroup()
        try? store.beginGroup()
    }

    /// Largest log (in events) whose stream versions a group run loads into memory up front (and
    /// only for a run of at least a twentieth as many commands): loading them takes SQLite about
    /// 0.03 s of CPU per 60,000 streams, plus the dictionary.
    static let learnedVersionsLimit: UInt64 = 500_000

    /// Syncs what is left, commits the read model's last group, and goes back to one sync per append.
    public func endGroups() throws {
        guard let file = log as? FileEventLog else { return }
        defer { file.defersSync = false }
        try file.syncDeferred()
        try? currentReadModel?.endGroup()
    }

    /// Opens the read model's side of a server's group on a database (`GroupCommitWriter`, under the
    /// decision lock, after the store's `beginGroup`): the group's applies go into one transaction of
    /// the read model, committed by `commitDatabaseGroup` once the database has committed the group,
    /// and rolled back by `rollBackDatabaseGroup` when it has not. Applied one by one, as before, the
    /// events of a group whose commit failed stayed in the read model; when another server then
    /// appended at their positions, this server's read model held events the log does not and
    /// lacked the other's, for good (`WriterRollbackTests`). The read model is caught up first.
    public func beginDatabaseGroup() {
        // Without a group transaction (the read model could not be opened) each apply commits on its own.
        try? readModel().beginGroup()
    }

    /// Commits the read model's side of a group the database committed. A failure leaves the read
    /// model at the group's start, from which the next command catches it up from the log.
    public func commitDatabaseGroup() {
        try? currentReadModel?.endGroup()
    }

    /// Rolls the read model's side of a group back, as the database rolled the group back. When its
    /// position cannot be read back, the read model is let go and opened again by the next command.
    public func rollBackDatabaseGroup() {
        do { try currentReadModel?.abandonGroup() } catch { closeReadModel() }
    }

    /// Makes, in one durable write, the personal-data keys of the commands that will seal a
    /// subject's fields (student enrolments), so that a group's rows do not each commit a key.
    /// Each key is durable before any record sealed with it is written, as when `seal` makes it
    /// one by one. A command later rejected leaves its subject's key unused (it seals nothing; a
    /// later enrolment of that ID uses it).
    public func prepareKeys(for commands: [RegistryCommand]) throws {
        let subjects = Self.sealedSubjects(of: commands)
        guard !subjects.isEmpty else { return }
        try personalData.prepareKeys(for: subjects)
    }

    /// The subjects whose fields `commands` will seal (student enrolments).
    static func sealedSubjects(of commands: [RegistryCommand]) -> [String] {
        commands.compactMap { command -> String? in
            if case .enrollStudent(let id, _, _, _, _, _, _, _, _) = command { return PersonalFields.studentSubject(id) }
            return nil
        }
    }

    /// `prepareKeys`'s durable work as a function another thread may run while this registry executes
    /// commands: an import makes the next group's keys (one key-store transaction, its syncs and a
    /// B-tree row per key: a fifth of a 60,000-row import's time) while this group's rows are decided,
    /// sealed and appended. The keys it returns are then handed to `personalData.adopt` before any
    /// row of their group is executed, so each key is still durable before a record sealed with it
    /// is written. Nil when the key store is not the file one, whose connection is locked per use (a
    /// database store's key table shares the event store's connection): then `prepareKeys`.
    public var keyMakerAhead: (@Sendable ([RegistryCommand]) throws -> [SubjectKey])? {
        guard let store = personalData.keyStore as? SQLiteKeyStore else { return nil }
        return { commands in
            let subjects = Registry.sealedSubjects(of: commands)
            return subjects.isEmpty ? [] : try store.createKeys(for: subjects)
        }
    }
}
