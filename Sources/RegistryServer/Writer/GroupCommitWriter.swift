import EventStore
import Foundation
import PostgresStore
import RegistryDomain
import RegistryService

/// The server's one writer: it holds the log's writer lock for the server's life and executes the
/// commands of concurrent requests one at a time, each decided against the state every earlier one
/// left (so rules such as quotas see the whole group), and makes each group durable with one
/// fdatasync (group commit): requests that arrive while a sync is in flight form the next group.
/// A request is answered only after the sync that covers its events; a command rejected by a rule
/// appends nothing and leaves the others of its group as they are.
///
/// The group's records are written as they are decided and synced together (`FileEventLog.defersSync`);
/// if the sync fails, every request of the group is answered with the failure and the writer stops
/// (what reached the disk is then unknown until the log is reopened, which cuts a torn tail).
public final class GroupCommitWriter: @unchecked Sendable {
    private enum Job {
        case command(RegistryCommand, Actor, person: String, commandID: String, bearer: BearerCheck?)
        case exclusive(person: String, (Registry) throws -> Void)
    }
    /// One request's job, its result, and the semaphore its thread waits on: the writer wakes each
    /// request of a group by itself, rather than broadcasting to every waiting thread (with 64
    /// clients, each enqueue and each group woke all 64, and they fought over the lock).
    private final class Ticket {
        let job: Job
        var result: Result<CommandOutcome?, Error>?
        let done = DispatchSemaphore(value: 0)
        init(_ job: Job) { self.job = job }
    }

    private let registry: Registry
    private let condition = NSCondition()
    private var queue: [Ticket] = []
    private var isStopping = false
    private var stoppedWith: Error?
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    /// Groups made durable, and commands in them (for the bench and the log line at shutdown).
    public private(set) var groups = 0
    public private(set) var commands = 0

    /// The file log, whose syncs this writer defers; nil on a database store, where each append is
    /// durable at its own commit and the group shares nothing but the writer's order.
    private var fileLog: FileEventLog? { registry.log as? FileEventLog }

    /// Takes over `registry`, which must be open for writing; a file log defers syncs from now on.
    public init(registry: Registry) {
        self.registry = registry
        (registry.log as? FileEventLog)?.defersSync = true
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "registry-writer"
        self.thread = thread
        thread.start()
    }

    /// Executes a command in the next group and returns once its events are durable. With `bearer`
    /// (a database store), the token is confirmed in the decision lock's round trip first, and a token
    /// that no longer holds fails the command before it is decided (`BearerTokenNoLongerHolds`).
    /// - Throws: as `Registry.execute` (rejection, conflict, I/O), or `RegistryError` when the writer stopped.
    public func execute(_ command: RegistryCommand, by actor: Actor, person: String, commandID: String) throws -> CommandOutcome {
        try execute(command, by: actor, person: person, commandID: commandID, bearer: nil)
    }

    func execute(_ command: RegistryCommand, by actor: Actor, person: String, commandID: String, bearer: BearerCheck?) throws -> CommandOutcome {
        // Force-unwrapped: a command job always completes with an outcome or an error.
        try submit(.command(command, actor, person: person, commandID: commandID, bearer: bearer))!
    }

    /// Runs `body` with the registry to itself (between groups), its appends made durable with one sync after it.
    public func exclusive(person: String, _ body: @escaping (Registry) throws -> Void) throws {
        _ = try submit(.exclusive(person: person, body))
    }

    private func submit(_ job: Job) throws -> CommandOutcome? {
        let ticket = Ticket(job)
        condition.lock()
        if let stoppedWith { condition.unlock(); throw stoppedWith }
        if isStopping { condition.unlock(); throw RegistryError.readModel("the server is shutting down") }
        queue.append(ticket)
        // Only the writer waits on the condition.
        condition.signal()
        condition.unlock()
        ticket.done.wait()
        // The writer sets the result before it signals `done`, and never touches it again.
        return try ticket.result!.get()
    }

    /// Finishes the queued requests, makes them durable, writes the index, and stops the thread.
    public func stop() {
        condition.lock()
        isStopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
        try? fileLog?.flushIndex()
    }

    /// A database store whose appends share one transaction per group; nil on the file log.
    private var database: GroupTransactions? { fileLog == nil ? registry.log as? GroupTransactions : nil }

    private func run(_ ticket: Ticket) -> Result<CommandOutcome?, Error> {
        switch ticket.job {
        case let .command(command, actor, person, commandID, bearer):
            if let bearer {
                // Asked with the decision lock; absent (no such token, or no lock's round trip) is refused.
                let current = (registry.log as? PostgresEventStore)?.decisionTokenAccounts[bearer.tokenHash]
                bearer.held = bearer.holds(for: current.flatMap(Account.init))
                if bearer.held != true { return .failure(BearerTokenNoLongerHolds()) }
            }
            registry.actingPerson = person
            return Result { try registry.execute(command, by: actor, commandID: commandID) }
        case let .exclusive(person, body):
            registry.actingPerson = person
            return Result { try body(registry); return nil }
        }
    }

    /// On a database: the group's commands decided under one hold of the decision lock and appended in
    /// one transaction, committed once; a command whose append fails is rolled back to its savepoint
    /// alone. If the commit fails, every command that had succeeded is answered with the failure (a
    /// rejection stays a rejection), and its client retries with its Idempotency-Key: none of the group
    /// was appended, or (the wait for the flush after the commit failed, `commitGroup`) all of it, which
    /// the retry then finds. An exclusive job (an import, which commits its own batches) runs between groups.
    private func runInTransactions(_ group: [Ticket], _ database: GroupTransactions) -> [Result<CommandOutcome?, Error>] {
        var results: [Result<CommandOutcome?, Error>] = []
        var start = 0
        while start < group.count {
            if case .exclusive = group[start].job {
                results.append(run(group[start]))
                start += 1
                continue
            }
            var end = start
            while end < group.count, case .command = group[end].job { end += 1 }
            var batch: [Result<CommandOutcome?, Error>] = []
            // PostgreSQL looks the batch's command IDs up with the decision lock, in its round trip.
            let store = registry.log as? PostgresEventStore
            store?.upcomingCommandIDs = group[start..<end].compactMap {
                if case let .command(_, _, _, commandID, _) = $0.job { return commandID }
                return nil
            }
            // And the bearer tokens met before, which their commands run on (`BearerCheck`).
            store?.upcomingTokenHashes = group[start..<end].compactMap {
                if case let .command(_, _, _, _, bearer?) = $0.job { return bearer.tokenHash }
                return nil
            }
            do {
                try registry.log.withExclusiveDecision {
                    try database.beginGroup()
                    // The read model's applies commit with the group, or roll back with it.
                    registry.beginDatabaseGroup()
                    for ticket in group[start..<end] { batch.append(run(ticket)) }
                    try database.commitGroup()
                    registry.commitDatabaseGroup()
                }
            } catch {
                database.rollbackGroup()
                registry.rollBackDatabaseGroup()
                batch = group[start..<end].indices.map { i in
                    let index = i - start
                    if index < batch.count, case .failure(let rejection) = batch[index] { return .failure(rejection) }
                    return .failure(error)
                }
            }
            results += batch
            start = end
        }
        return results
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty && !isStopping { condition.wait() }
            if queue.isEmpty && isStopping { condition.unlock(); break }
            var group = queue
            queue.removeAll()
            condition.unlock()

            var results: [Result<CommandOutcome?, Error>] = []
            if let database {
                results = runInTransactions(group, database)
            } else {
                for ticket in group { results.append(run(ticket)) }
            }
            registry.actingPerson = nil
            var syncFailure: Error?
            do { try fileLog?.syncDeferred() } catch { syncFailure = error }

            condition.lock()
            var wakes: [DispatchSemaphore] = []
            wakes.reserveCapacity(group.count)
            for (ticket, result) in zip(group, results) {
                ticket.result = syncFailure.map { .failure($0) } ?? result
                wakes.append(ticket.done)
            }
            if let syncFailure { stoppedWith = syncFailure }
            groups += 1
            commands += group.count
            condition.unlock()
            // Drop the tickets (and an import's body closure) before a waiter can run: EmbeddedRun.importRows
            // passes that closure through `withoutActuallyEscaping`, which traps if anything still holds it.
            group.removeAll()
            for wake in wakes { wake.signal() }
            if syncFailure != nil { break }
        }
        // Whatever is still queued (after a failed sync) is answered with the failure.
        condition.lock()
        var wakes: [DispatchSemaphore] = []
        for ticket in queue {
            ticket.result = .failure(stoppedWith ?? RegistryError.readModel("the server is shutting down"))
            wakes.append(ticket.done)
        }
        queue.removeAll()
        condition.unlock()
        for wake in wakes { wake.signal() }
        finished.signal()
    }
}

/// A command's bearer token no longer held when the writer came to decide it (`BearerCheck`): the
/// command was not decided; the server handles the request again with the token looked up afresh.
struct BearerTokenNoLongerHolds: Error, CustomStringConvertible {
    var description: String { "the bearer token no longer holds" }
}
