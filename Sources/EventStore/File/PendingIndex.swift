/// Index entries for records past what `index.sqlite` holds, in memory: a reader's view of a tail
/// the index lacks, and the writer's appends not yet written to the index.
///
/// The writer adds each append's entries here once the records are durable in the segment, and
/// hands them to its `IndexWriter` when enough are waiting and it is free (`handOffPending`; what is
/// left is written when the writer is released). Each index entry is a random-key insert into two B-trees,
/// which costs more than writing and syncing the record itself; keeping it off the append, on the
/// other core, is what brings batched appends level with or ahead of an SQLite table (BENCHMARKS.md).
/// The index is derived data either way: a writer that dies before writing it leaves it behind the
/// log, and the next open indexes the missing records from the segments.
struct PendingIndex {
    /// Entries in position order, contiguous.
    private(set) var entries: [IndexEntry] = []
    /// For each entry, the index of the stream's entry before it (-1 for none): with `lastByStream`,
    /// a stream's entries without an array per stream.
    private var previousInStream: [Int] = []
    private var lastByStream: [HashedKey: Int] = [:]
    /// Each pending command's result, as a duplicate would get it.
    private var commands: [HashedKey: AppendResult] = [:]

    init() {}

    /// Room for `count` entries of as many commands and streams, allocated now: a writer's pending
    /// entries start again from empty at every hand-off to the index writer, and growing back to
    /// thousands of entries rehashed each table a dozen times (BENCHMARKS.md, appends3).
    init(reservingCapacity count: Int) {
        entries.reserveCapacity(count)
        previousInStream.reserveCapacity(count)
        lastByStream.reserveCapacity(count)
        commands.reserveCapacity(count)
    }

    var isEmpty: Bool { entries.isEmpty }
    var firstPosition: UInt64? { entries.first?.position }
    var count: Int { entries.count }

    /// Adds entries, with their commands' results.
    mutating func add(_ new: [IndexEntry]) {
        add(new, commandsRecorded: false)
    }

    /// Adds entries; with `commandsRecorded`, their commands were already given to `record(command:result:)`.
    mutating func add(_ new: [IndexEntry], commandsRecorded: Bool) {
        for e in new {
            let i = entries.count
            let continuesCommand = entries.last.map { $0.command == e.command } ?? false
            entries.append(e)
            previousInStream.append(lastByStream.updateValue(i, forKey: e.stream) ?? -1)
            guard !commandsRecorded else { continue }
            // Command IDs are unique in the log (a repeated one appends nothing), and a command's entries are contiguous.
            let first = continuesCommand ? commands[e.command]?.positions?.lowerBound ?? e.position : e.position
            commands[e.command] = AppendResult(positions: first...e.position, streamVersion: e.streamVersion, wasDuplicate: true)
        }
    }

    /// Records a command about to be appended, so that a repeat of it, even in the same batch, finds it.
    mutating func record(command: HashedKey, result: AppendResult) {
        commands[command] = AppendResult(positions: result.positions, streamVersion: result.streamVersion, wasDuplicate: true)
    }

    /// Forgets a recorded command whose append failed.
    mutating func forget(command: HashedKey) {
        commands.removeValue(forKey: command)
    }

    /// The stream's last pending version, if it has pending entries.
    func version(of stream: HashedKey) -> UInt64? {
        lastByStream[stream].map { entries[$0].streamVersion }
    }

    /// The result of a pending command (as a duplicate).
    func result(ofCommand id: HashedKey) -> AppendResult? {
        commands[id]
    }

    /// The stream's pending entries in version order.
    func entries(stream: HashedKey) -> [IndexEntry] {
        var out: [IndexEntry] = []
        var i = lastByStream[stream] ?? -1
        while i >= 0 {
            out.append(entries[i])
            i = previousInStream[i]
        }
        return out.reversed()
    }

    /// The pending entry at a position, if it is pending.
    func entry(at position: UInt64) -> IndexEntry? {
        guard let first = entries.first, position >= first.position, position - first.position < UInt64(entries.count) else {
            return nil
        }
        return entries[Int(position - first.position)]
    }
}
