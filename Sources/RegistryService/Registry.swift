import EventStore
import Foundation
import PersonalData
import ReadModel
import RegistryDomain
import SQLiteSupport

/// What a command did.
public struct CommandOutcome: Equatable, Sendable {
    /// Where its events landed (the original positions for a repeated command ID).
    public var positions: ClosedRange<UInt64>?
    /// The events it appended (empty for a repeated command ID).
    public var events: [RegistryEvent]
    /// `true` when the command ID had been executed before and nothing new was appended.
    public var wasDuplicate: Bool
}

/// The registry over one event store (a log directory, or a PostgreSQL database): command handling
/// (lock, catch up, load, decide, append, project) and the reads that replay the log.
///
/// Open it for writing to execute commands: that takes the log's writer lock for the object's life.
/// Over a database, the read model is SQLite in a local cache directory (`directory`), whose own
/// lock a writer holds instead: processes on other machines keep their own caches, and the
/// database's head row orders their appends.
/// A command never scans the whole log: it reads the streams its decision touches through the
/// stream index, and counts from the SQLite read model.
public final class Registry {
    /// The log directory, or for a database store the local directory of its read model.
    public let directory: String
    /// The event log.
    public let log: any EventStore
    let codec: EventCodec
    private var readModelStore: ReadModelStore?
    private let isWriting: Bool
    /// Told of derived files set aside (the CLI prints a warning line for each).
    private let notice: (@Sendable (DerivedFileNotice) -> Void)?
    /// A database store's writer holds its read-model cache's lock, as the file log's writer holds the log's.
    private var cacheLock: WriterLock?
    /// The person acting (a server account's user name), recorded after the actor in every event
    /// this object appends (`role:id user`, EventLog/FORMAT.md); nil on the command line.
    public var actingPerson: String?

    /// Opens the registry in `directory`.
    /// - Parameters:
    ///   - forWriting: take the writer lock (and repair a torn tail) so that commands can be executed.
    ///   - options: the log's options (clock, lock timeout, segment size).
    /// - Throws: `EventStoreError` from opening the log.
    public init(directory: String, forWriting: Bool, options: FileEventLog.Options = .init()) throws {
        self.directory = directory
        log = try FileEventLog(directory: directory, mode: forWriting ? .write : .read, options: options)
        isWriting = forWriting
        notice = options.notice
        codec = EventCodec(sealer: PersonalDataSealer(keyStore: SQLiteKeyStore(directory: directory, writable: forWriting)))
    }

    /// Opens the registry over another store (PostgreSQL), with its read model in `cacheDirectory`.
    /// - Parameters:
    ///   - store: the event store.
    ///   - cacheDirectory: where the SQLite read model lives; created when missing.
    ///   - forWriting: take the cache's lock, so that commands can be executed.
    ///   - lockTimeoutMilliseconds: how long to wait for another writer on this machine.
    ///   - notice: told of a damaged read model set aside.
    ///   - keyStore: where personal-data keys live (nil: `keys.sqlite` in the cache directory).
    public init(store: any EventStore, cacheDirectory: String, forWriting: Bool, lockTimeoutMilliseconds: Int = 10_000,
                notice: (@Sendable (DerivedFileNotice) -> Void)? = nil, keyStore: (any PersonalDataKeyStore)? = nil) throws {
        directory = cacheDirectory
        log = store
        isWriting = forWriting
        self.notice = notice
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        if forWriting { cacheLock = try WriterLock(path: cacheDirectory + "/readmodel.lock", timeoutMilliseconds: lockTimeoutMilliseconds) }
        codec = EventCodec(sealer: PersonalDataSealer(keyStore: keyStore ?? SQLiteKeyStore(directory: cacheDirectory, writable: forWriting)))
    }

    /// Seals and opens personal data with the key store beside the log (`keys.sqlite`).
    public var personalData: PersonalDataSealer {
        // The initialiser always gives the codec a sealer.
        codec.sealer!
    }

    deinit {
        readModelStore = nil
        if let privateReadModel { DerivedFile.removeTree(DerivedFile.directory(of: privateReadModel)) }
    }

    /// What opening the log repaired, if anything.
    public var recovery: RecoveryReport? { (log as? FileEventLog)?.recovery }

    /// Called with (applied, head) while the read model catches up, by every `readModel` call that
    /// passes no progress of its own: how a command-line process shows a long catch-up (the first
    /// command after the read model's schema changed re-projects the whole log).
    public var catchUpProgress: ((UInt64, UInt64) -> Void)?

    /// Called with the log's head when the read model is empty and another process is already
    /// filling it: this one waits for that fill (half a minute for the 10M bench log) instead of
    /// folding the log a second time, and a command-line process says so rather than wait in silence.
    public var catchUpWaiting: ((UInt64) -> Void)?

    /// The read model, opened on first use and caught up with the log.
    ///
    /// A read model that SQLite cannot open, whose checks fail, or that reports damage while it is
    /// caught up is set aside (`readmodel.sqlite.damaged-…`, never deleted), one notice goes to the
    /// log's `options.notice`, and a new one is built from the log. On storage this process may not
    /// write (a read-only copy of a log), the read model is opened read-only when it is current and
    /// otherwise built in a private temporary directory: nothing is written next to the log.
    /// - Parameter progress: called with (applied, head) during a long catch-up.
    public func readModel(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> ReadModelStore {
        let progress = progress ?? catchUpProgress
        do {
            return try readModelOnce(progress: progress)
        } catch let error as SQLiteError where error.isDamage {
            try setAsideReadModel(error.message)
            do { return try readModelOnce(progress: progress) } catch let error as SQLiteError {
                throw RegistryError.readModel("\(readModelPath): \(error.message)")
            }
        } catch let error as SQLiteError {
            throw RegistryError.readModel("\(readModelPath): \(error.message)")
        }
    }

    /// The read model as opened so far, without catching it up.
    var currentReadModel: ReadModelStore? { readModelStore }

    /// Lets the read model go: the next `readModel()` opens it again from its file.
    func closeReadModel() { readModelStore = nil }

    /// The live read model's path: beside the log, or in a private directory on read-only storage.
    private var readModelPath: String {
        if let privateReadModel { return privateReadModel }
        return directory + "/" + ReadModelStore.fileName
    }
    /// Where a read model for read-only storage is built, once one was needed.
    private var privateReadModel: String?

    private func readModelOnce(progress: ((UInt64, UInt64) -> Void)?) throws -> ReadModelStore {
        try log.refreshHead()
        let store: ReadModelStore
        if let readModelStore { store = readModelStore } else {
            let live = directory + "/" + ReadModelStore.fileName
            if !isWriting && !DerivedFile.isWritable(directory: directory) {
                if let current = try? ReadModelStore(readingEvidence: live), current.position == log.head.position {
                    readModelStore = current
                    return current
                }
                let scratch = try DerivedFile.makePrivateDirectory()
                privateReadModel = scratch + "/" + ReadModelStore.fileName
                store = try ReadModelStore(path: scratch + "/" + ReadModelStore.fileName)
            } else {
                store = try ReadModelStore(path: readModelPath)
            }
            readModelStore = store
        }
        if store.position > log.head.position {
            // The read model is ahead of the log (the log was replaced or cut): rebuild it.
            try store.reset()
        }
        if store.position == 0, log.head.position >= bulkCatchUpFrom {
            // From nothing (a new, set aside or upgraded read model): folded in memory, each final row
            // written once, as a rebuild does: for the 1M bench log 2.2 s instead of 10 s, for the 10M one
            // 26–34 s instead of 223 s (BENCHMARKS.md, issue 17, twelfth round).
            let head = log.head.position
            // The fold's progress without its end (the rows are still to be written), given once they are.
            let folding = progress.map { report in { (applied: UInt64, last: UInt64) in if applied < last { report(applied, last) } } }
            let waiting = catchUpWaiting.map { report in { report(head) } }
            if try store.fill(waiting: waiting, { try build(through: head, progress: folding) }) { readModelFills += 1 }
            progress?(head, head)
        }
        if store.position < log.head.position {
            try project(from: store.position + 1, into: store, progress: progress)
        }
        return store
    }

    /// A read model with nothing in it is caught up through a `ReadModelBuilder` (`ReadModelStore.fill(_:)`) once
    /// the log holds this many events; below it, event by event (tests lower it).
    var bulkCatchUpFrom: UInt64 = 20_000
    /// How many times this registry filled its read model from nothing (tests tell the two ways apart).
    private(set) var readModelFills = 0

    /// Moves a damaged read model out of the way (never deleting it) and says so.
    private func setAsideReadModel(_ reason: String) throws {
        readModelStore = nil
        let path = readModelPath
        guard DerivedFile.size(path) != nil else { return }
        do {
            let moved = try DerivedFile.setAside(path)
            notice?(DerivedFileNotice(path: path, reason: reason, movedTo: moved))
        } catch let error as SQLiteError {
            throw RegistryError.readModelDamaged(path: path, reason: "\(reason); it cannot be set aside (\(error.message))")
        }
    }

    /// Replays log events from `position` into `store`, in transactions of a few thousand events.
    ///
    /// A long replay runs on both cores: this thread reads, checks and decodes the log while another
    /// applies the previous batch to SQLite.
    public func project(from position: UInt64, through last: UInt64? = nil, into store: ReadModelStore,
                        progress: ((UInt64, UInt64) -> Void)? = nil) throws {
        try replay(from: position, through: last, progress: progress) { try store.apply($0) }
    }

    /// Folds the log from the start (through `last`, or the head) into a `ReadModelBuilder`, which
    /// then writes a whole new read model at once; this thread reads, checks and decodes while
    /// another folds.
    public func build(through last: UInt64? = nil, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> ReadModelBuilder {
        let builder = ReadModelBuilder()
        try replay(from: 1, through: last, progress: progress) { builder.apply($0) }
        return builder
    }

    /// Reads, checks and decodes events from `position` through `last` (or the head) and hands them
    /// to `consume` in batches, on another thread when the range is long.
    private func replay(from position: UInt64, through last: UInt64?, progress: ((UInt64, UInt64) -> Void)?,
                        _ consume: @escaping (BatchApplier.Batch) throws -> Void) throws {
        let head = min(last ?? log.head.position, log.head.position)
        let batchSize = 4096
        let applier = BatchApplier(concurrent: head >= position && head - position >= UInt64(batchSize) * 2, consume)
        defer { applier.drain() }
        var batch: BatchApplier.Batch = []
        batch.reserveCapacity(batchSize)
        // The fold reads only each event's position and payload (`readAllForFolding`).
        try log.readAllForFolding(from: position, through: head) { envelope in
            batch.append((envelope.position, try codec.decode(envelope)))
            if batch.count == batchSize {
                try applier.apply(batch)
                batch.removeAll(keepingCapacity: true)
                progress?(envelope.position, head)
            }
        }
        try applier.apply(batch)
        try applier.finish()
        progress?(head, head)
    }

    /// Executes a command: decide against the current facts, append with the expected stream version,
    /// and project the new events. A command ID seen before appends nothing and returns the first outcome.
    /// - Throws: `RegistryError.rejected` (nothing appended), `EventStoreError` (conflict, integrity, I/O).
    public func execute(_ command: RegistryCommand, by actor: Actor, commandID: String) throws -> CommandOutcome {
        do {
            // Most of a catch-up happens before the decision lock (a shared database), so that the lock
            // is held only for the few events appended meanwhile, not for a cold cache's rebuild.
            _ = try readModel()
            return try log.withExclusiveDecision { try executeOnce(command, by: actor, commandID: commandID) }
        } catch let error as SQLiteError where error.isDamage && readModelStore != nil {
            // The read model failed while the decision read it, before anything was appended: set it
            // aside, rebuild it from the log, and decide again.
            try setAsideReadModel(error.message)
            do { return try log.withExclusiveDecision { try executeOnce(command, by: actor, commandID: commandID) } } catch let error as SQLiteError {
                throw RegistryError.readModel("\(readModelPath): \(error.message)")
            }
        } catch let error as SQLiteError {
            throw RegistryError.readModel("\(readModelPath): \(error.message)")
        }
    }

    private func executeOnce(_ command: RegistryCommand, by actor: Actor, commandID: String) throws -> CommandOutcome {
        let command = try withKeyedDigests(command)
        if let earlier = try log.result(ofCommand: commandID) {
            // A retry is the same command; the same ID on another record is a mistake, not a success.
            if let first = earlier.positions?.lowerBound, let recorded = try log.event(at: first),
               recorded.streamID != command.targetStreamID || recorded.actor != recordedActor(actor) {
                throw RegistryError.commandIDReused(commandID: commandID, stream: recorded.streamID, actor: recorded.actor, position: first)
            }
            return CommandOutcome(positions: earlier.positions, events: [], wasDuplicate: true)
        }
        let store = try readModel()
        let facts = LogFacts(registry: self, readModel: store)
        let events: [RegistryEvent]
        do {
            events = try Decider.decide(command, by: actor, facts: facts)
        } catch {
            if let failure = facts.failure { throw failure }
            throw RegistryError.rejected(error)
        }
        if let failure = facts.failure { throw failure }
        let stream = command.targetStreamID
        let expected = try facts.version(of: stream)
        let result = try log.append(try events.map(codec.encode), to: stream, expectingVersion: .exactly(expected),
                                    commandID: commandID, actor: recordedActor(actor))
        if result.wasDuplicate { return CommandOutcome(positions: result.positions, events: [], wasDuplicate: true) }
        if let positions = result.positions {
            do {
                if positions.lowerBound > store.position + 1 {
                    // Another process appended in between (a shared database): catch up through ours.
                    try project(from: store.position + 1, through: positions.upperBound, into: store)
                }
                try store.apply(zip(positions, events).map { ($0, $1) })
            } catch {
                // The events are durable; the read model catches up on the next open.
            }
        }
        return CommandOutcome(positions: result.positions, events: events, wasDuplicate: false)
    }

    /// The registry stream folded (jurisdiction, policies), kept with the stream's version it was
    /// folded at. Every command's decision reads it, and a server's writer decides thousands of
    /// commands a second while the stream changes once or twice in a registry's life.
    private var headerCache: (version: UInt64, header: RegistryHeader?)?

    /// The registry header: the kept one while the registry stream's version is the one it was
    /// folded at (the store says, so another process's policy adoption is seen), else `fold()`'s, which
    /// returns the header and the version of the events it folded. With nothing kept (a command's
    /// process), the store is not asked for the version first: the fold's own read says it.
    func header(_ fold: () throws -> (RegistryHeader?, UInt64)) throws -> RegistryHeader? {
        if let headerCache, try headerCache.version == log.version(of: StreamID.registry) { return headerCache.header }
        let (header, version) = try fold()
        headerCache = (version, header)
        return header
    }

    /// Schools folded, each with its stream's version it was folded at: an import decides every row
    /// against its school, whose stream changes seldom (a registration, a correction).
    private var schoolCache: [String: (version: UInt64, school: SchoolState?)] = [:]

    /// A school's folded state: the kept one while its stream's version is the one it was folded
    /// at (the store says, so another process's append is seen), else `fold()`'s, which returns the
    /// state and the version of the events it folded.
    func school(_ id: String, _ fold: () throws -> (SchoolState?, UInt64)) throws -> SchoolState? {
        if let kept = schoolCache[id], try kept.version == log.version(of: StreamID.school(id)) { return kept.school }
        let (school, folded) = try fold()
        schoolCache[id] = (folded, school)
        return school
    }

    /// Streams decided on, with their events as decoded: a server's writer decides many commands on
    /// the same placement, enterprise or school, and decoding each event's JSON again was most of
    /// loading a stream once the store kept its rows.
    private var decidedStreams: [String: [(envelope: EventEnvelope, event: RegistryEvent)]] = [:]
    /// Past this many streams the kept decodings start again empty, so a long life's memory stays flat.
    static let decidedStreamLimit = 20_000
    /// Events `decisionEvents` has decoded (tests count them).
    private(set) var decisionDecodes = 0

    /// A stream's events for a decision (`LogFacts`): each event read exactly as decoded before is
    /// reused, the others decoded. An event with personal fields is always decoded again, so that a
    /// key destroyed since (an erasure, by this server or another) is honoured as by any read.
    func decisionEvents(of stream: String) throws -> [(envelope: EventEnvelope, event: RegistryEvent)] {
        let envelopes = try log.read(stream: stream)
        let kept = decidedStreams[stream] ?? []
        var events: [(envelope: EventEnvelope, event: RegistryEvent)] = []
        events.reserveCapacity(envelopes.count)
        for (index, envelope) in envelopes.enumerated() {
            if index < kept.count, !PersonalFields.isPersonal(envelope.type), kept[index].envelope == envelope {
                events.append(kept[index])
            } else {
                events.append((envelope, try codec.decode(envelope)))
                decisionDecodes += 1
            }
        }
        if decidedStreams[stream] == nil && decidedStreams.count >= Self.decidedStreamLimit { decidedStreams = [:] }
        decidedStreams[stream] = events
        return events
    }

    /// The actor as written in the record: `role:id`, then the acting person after a space.
    private func recordedActor(_ actor: Actor) -> String {
        actingPerson.map { actor.description + " " + $0 } ?? actor.description
    }

    /// A stream's events, optionally only those at or before a log position.
    public func events(of stream: String, through position: UInt64? = nil) throws -> [(envelope: EventEnvelope, event: RegistryEvent)] {
        try log.read(stream: stream).filter { position == nil || $0.position <= position! }.map { ($0, try codec.decode($0)) }
    }

    /// The registry header (jurisdiction and policy adoptions), folded from the registry stream alone:
    /// what `policy show`, `rules` and the bureau's policy page need, without folding the whole log.
    public func registryHeader() throws -> RegistryHeader? {
        try events(of: StreamID.registry).reduce(into: nil) { RegistryHeader.fold(&$0, $1.event) }
    }

    /// The whole registry folded in memory from the log, optionally only up to a position.
    /// - Parameter progress: called with (position, last) now and then.
    ///
    /// Reading and decoding run on this thread and the fold on another, as in a rebuild (`replay`):
    /// an audit of the 1M-event log spent two thirds of its time folding, one event after the other.
    ///
    /// In a process that folds for several requests at once (a server), one fold runs at a time and
    /// requests for the same position of the same log share it (`WholeLogFolds`); only the fold's
    /// own request is given progress.
    public func state(through position: UInt64? = nil, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> RegistryState {
        let head = log.head
        let through = min(position ?? head.position, head.position)
        guard through > 0 else { return RegistryState() }
        return try WholeLogFolds.shared.state(.init(log: directory, through: through, head: head)) {
            let folded = FoldedState()
            try replay(from: 1, through: through, progress: progress) { batch in
                for (_, event) in batch { folded.state.apply(event) }
            }
            return folded.state
        }
    }
}

/// The state a fold builds on `replay`'s consuming thread; read by the caller once `replay` has returned.
private final class FoldedState: @unchecked Sendable {
    var state = RegistryState()
}
