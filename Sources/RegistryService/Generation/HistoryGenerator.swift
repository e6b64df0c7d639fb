import EventStore
import Foundation
import ReadModel
import RegistryDomain

/// How big a history to generate, and from which seed.
public struct GenerationOptions: Sendable {
    /// The seed: equal seeds and sizes give equal histories (payloads, IDs and recorded-at times).
    public var seed: UInt64
    /// Stop after exactly this many events (the history then ends mid-flight, like a live registry).
    public var events: Int?
    /// Enrol about this many students over five yearly cohorts and play their histories to the end.
    public var students: Int?
    /// Events per `append` call (one fdatasync each).
    public var batchEvents: Int

    public init(seed: UInt64 = 1, events: Int? = nil, students: Int? = nil, batchEvents: Int = 1000) {
        self.seed = seed
        self.events = events
        self.students = students
        self.batchEvents = batchEvents
    }
}

/// What a generation produced.
public struct GenerationSummary: Sendable {
    public var events = 0
    public var commands = 0
    /// Commands the rules rejected (nothing appended; the script took another path, as a clerk would).
    public var rejected = 0
    public var schools = 0
    public var enterprises = 0
    public var students = 0
    public var placements = 0
    public var apprenticeships = 0
    /// The first and last business day simulated.
    public var firstDay: CalendarDate?
    public var lastDay: CalendarDate?
    public var seconds = 0.0
    public var head: LogHead = .empty
}

/// Writes a realistic synthetic district history into an empty log: schools of each level, enterprises
/// of varied size (some above designated size) declaring their workforce yearly, students across majors
/// in yearly cohorts, observation and post placements with insurance (a few gaps, filled before the start),
/// monthly stipends (a few late, short or missing), completions, terminations, apprenticeships with
/// subsidies, hires and policy adoptions.
///
/// Every command goes through `Decider.decide` against the in-memory state, exactly as the CLI's
/// commands do against the log; a rejected command appends nothing and the script takes another path.
/// Events are appended in batches (`AppendRequest` per command, expected stream versions tracked here);
/// `generate` then builds the read model from the finished log in one pass, as `registry-replay
/// rebuild` does. Deterministic from the seed: recorded-at times follow the simulated business day,
/// not the wall clock.
public final class HistoryGenerator {
    /// Whether to print each rejected command on stderr (REGISTRY_GEN_TRACE=1), to see which paths the script took.
    static let tracesRejections = ProcessInfo.processInfo.environment["REGISTRY_GEN_TRACE"] == "1"
    /// How far back in time (days) an action may be scheduled relative to the day being simulated.
    static let maximumLookBackDays = 120

    let options: GenerationOptions
    let registry: Registry
    var rng: SplitMix64
    let facts = GenerationFacts()
    var codec: EventCodec { registry.codec }
    let clock: SimulatedClock
    var summary = GenerationSummary()
    private let progress: ((Int, Int?) -> Void)?

    private var versions: [String: UInt64] = [:]
    /// The accepted commands not yet appended, with their events still as domain events: they are
    /// encoded (and personal fields sealed) at `flush`, after the batch's keys are made in one
    /// durable key-store write rather than one per enrolment.
    private var pending: [(stream: String, version: UInt64, events: Range<Int>, commandID: String, actor: String)] = []
    private var pendingEvents: [RegistryEvent] = []
    /// The personal-data subjects (students, teachers) whose first sealed fields are queued.
    private var pendingSubjects: [String] = []
    private var started = Date()
    /// Appends the decided batches on a second thread (`flush`).
    private let appender = BatchAppender()

    /// The agenda: actions by business day number.
    private var agenda: [Int: [() -> Void]] = [:]
    private(set) var today = CalendarDate(dayNumber: 0)
    /// Set once the requested number of events is reached.
    private(set) var isDone = false

    /// Prepares a generator over an empty log directory (created if missing).
    /// - Throws: `RegistryError`/`EventStoreError` when the log cannot be opened, or is not empty.
    public init(directory: String, options: GenerationOptions, progress: ((Int, Int?) -> Void)? = nil) throws {
        self.options = options
        self.progress = progress
        let clock = SimulatedClock()
        self.clock = clock
        var logOptions = FileEventLog.Options()
        logOptions.clock = { clock.now }
        registry = try Registry(directory: directory, forWriting: true, options: logOptions)
        guard registry.log.head.position == 0 else {
            throw EventStoreError.invalidAppend("the log in \(directory) is not empty; generate into an empty directory")
        }
        rng = SplitMix64(seed: options.seed)
    }

    /// Generates a history into the empty log at `directory`, then builds its read model, so that
    /// commands on it start without a catch-up.
    ///
    /// The read model is built once from the finished log (`Replay.rebuild`: each final row written
    /// once) after the generator's state is released, rather than projected batch by batch: at 10M
    /// events the batch-by-batch projection rewrote scattered pages of a file approaching a gigabyte
    /// after every batch, about 170 GB written for 2.7 GB of log.
    /// - Returns: what was written; `seconds` counts the rebuild too.
    public static func generate(directory: String, options: GenerationOptions,
                                progress: ((Int, Int?) -> Void)? = nil) throws -> GenerationSummary {
        let started = Date()
        var summary = try HistoryGenerator(directory: directory, options: options, progress: progress).run()
        let registry = try Registry(directory: directory, forWriting: true)
        _ = try Replay.rebuild(registry, into: directory + "/" + ReadModelStore.fileName)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Generates the history and flushes the last batch, without building the read model (see
    /// `generate`), and returns what was written.
    public func run() throws -> GenerationSummary {
        started = Date()
        // Whatever way out, no batch is still being appended once this returns.
        defer { try? appender.wait() }
        try script()
        var day = agenda.keys.min() ?? 0
        var lastDay = agenda.keys.max() ?? 0
        while !isDone && day <= lastDay {
            // The log's clock is set by the appending thread, to the day each batch was decided on
            // (`flush`); setting it here would race with a batch still being appended.
            today = CalendarDate(dayNumber: day)
            while !isDone, let actions = agenda.removeValue(forKey: day) {
                for action in actions where !isDone {
                    action()
                    if pendingEvents.count >= options.batchEvents { try flush() }
                }
            }
            day += 1
            if day > lastDay { lastDay = agenda.keys.max() ?? lastDay }
        }
        try flush()
        try appender.finish()
        summary.lastDay = today
        summary.seconds = Date().timeIntervalSince(started)
        summary.head = registry.log.head
        return summary
    }

    // MARK: - Scheduling

    /// Runs `action` on `date` (or today, if `date` has passed).
    func on(_ date: CalendarDate, _ action: @escaping () -> Void) {
        let day = max(date.dayNumber, today.dayNumber)
        agenda[day, default: []].append(action)
        if summary.firstDay == nil || date < summary.firstDay! { summary.firstDay = date }
    }

    // MARK: - Issuing commands

    /// Decides `command` against the current state; if accepted, queues its events for the log and
    /// folds them into the state at once (later decisions in the same batch see them).
    /// - Returns: the rejection, or nil when the command was accepted.
    @discardableResult
    func issue(_ command: RegistryCommand, as actor: Actor) -> Rejection? {
        guard !isDone else { return nil }
        let events: [RegistryEvent]
        do {
            events = try Decider.decide(command, by: actor, facts: facts)
        } catch {
            summary.rejected += 1
            if Self.tracesRejections {
                FileHandle.standardError.write(Data("rejected on \(today): \(command.verb) by \(actor): \(error.message(.en))\n".utf8))
            }
            return error
        }
        let stream = command.targetStreamID
        let version = versions[stream] ?? 0
        summary.commands += 1
        let first = pendingEvents.count
        pending.append((stream, version, first..<(first + events.count), "gen-\(options.seed)-\(summary.commands)", actor.description))
        versions[stream] = version + UInt64(events.count)
        for event in events {
            facts.apply(event)
            pendingEvents.append(event)
            if let subject = PersonalFields.newSubject(of: event) { pendingSubjects.append(subject) }
        }
        summary.events += events.count
        if let target = options.events, summary.events >= target { isDone = true }
        return nil
    }

    /// Hands the queued commands to the appending thread, which appends them (one fdatasync) while
    /// this thread decides the next batch: on two cores, deciding and folding overlap with making
    /// keys, encoding, sealing and appending. At most one batch is in flight: this waits for the
    /// previous one first, so its failure is thrown here and memory stays bounded.
    /// The batch's enrolments get their personal-data keys first, in one durable key-store write
    /// (one write per key made the generator wait on four syncs per student).
    func flush() throws {
        guard !pending.isEmpty else { return }
        try appender.wait()
        let batch = AppendBatch(commands: pending, events: pendingEvents, subjects: pendingSubjects, day: today.dayNumber)
        pending.removeAll(keepingCapacity: true)
        pendingEvents.removeAll(keepingCapacity: true)
        pendingSubjects.removeAll(keepingCapacity: true)
        let job = AppendJob(batch: batch, registry: registry, clock: clock)
        appender.submit { try job.run() }
        progress?(summary.events, options.events)
    }

    /// One batch as decided: its commands, their events, the new subjects, and the business day.
    struct AppendBatch: Sendable {
        var commands: [(stream: String, version: UInt64, events: Range<Int>, commandID: String, actor: String)]
        var events: [RegistryEvent]
        var subjects: [String]
        var day: Int
    }

    /// A batch with what appends it. The registry is not `Sendable`; `BatchAppender` lends it to one
    /// job at a time while the deciding thread leaves it alone.
    struct AppendJob: @unchecked Sendable {
        let batch: AppendBatch
        let registry: Registry
        let clock: SimulatedClock

        func run() throws { try HistoryGenerator.append(batch, to: registry, clock: clock) }
    }

    /// Makes the batch's keys, encodes (sealing personal fields) and appends it, stamped with the
    /// day it was decided on, exactly as when the deciding thread appended it itself.
    fileprivate static func append(_ batch: AppendBatch, to registry: Registry, clock: SimulatedClock) throws {
        clock.day = batch.day
        if !batch.subjects.isEmpty { try registry.personalData.prepareKeys(for: batch.subjects) }
        let codec = registry.codec
        let requests = try batch.commands.map { command in
            AppendRequest(streamID: command.stream, events: try batch.events[command.events].map { try codec.encode($0) },
                          expectedVersion: .exactly(command.version), commandID: command.commandID, actor: command.actor)
        }
        _ = try registry.log.append(requests)
    }
}

/// Runs the generator's appends on a thread of their own, one batch at a time, in order. The
/// registry (log, key store, codec) is touched only by the batch running here while one runs: the
/// deciding thread waits (`wait`) before it submits the next, and before it reads the log again.
final class BatchAppender: @unchecked Sendable {
    private let queue = DispatchQueue(label: "registry-gen.append")
    private let group = DispatchGroup()
    /// The first failure of a batch; later batches are skipped.
    private var failure: Error?

    /// Starts `job` after the batches submitted before it.
    func submit(_ job: @escaping @Sendable () throws -> Void) {
        queue.async(group: group) {
            guard self.failure == nil else { return }
            do { try job() } catch { self.failure = error }
        }
    }

    /// Waits for every submitted batch; throws the first failure.
    func wait() throws {
        group.wait()
        if let failure { throw failure }
    }

    /// Waits for the last batch: the log is then the generator's alone again.
    func finish() throws { try wait() }
}

/// The log's clock during generation: 09:00 UTC of the simulated business day, plus one microsecond
/// per reading, so recorded-at times are deterministic and follow the history.
final class SimulatedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var _day = 0
    private var ticks: Int64 = 0

    var day: Int {
        get { lock.withLock { _day } }
        set { lock.withLock { if newValue != _day { _day = newValue; ticks = 0 } } }
    }

    var now: Int64 {
        lock.withLock {
            ticks += 1
            return Int64(_day) * 86_400_000_000 + 9 * 3_600_000_000 + ticks
        }
    }
}

extension HistoryGenerator {
    /// Deletes the log files in `directory` (segments, index, read model, lock), leaving other files alone.
    public static func removeLog(in directory: String) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasSuffix(".seg") || name.hasPrefix("index.sqlite") || name.hasPrefix("readmodel.sqlite")
            || name == "writer.lock" {
            try? fm.removeItem(atPath: directory + "/" + name)
        }
    }
}
