#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SQLiteSupport

/// The event log in segment files under one directory (see `EventLog/FORMAT.md`):
/// `00000001.seg`, `00000002.seg`, ... hold the records; `index.sqlite` is the stream index
/// (derived data); `writer.lock` is the file the single writer locks.
///
/// Open it `.write` to append (this takes the writer lock for as long as the object lives, and repairs a
/// torn tail) or `.read` to read (no lock; a torn tail is ignored, not repaired). One object per thread.
public final class FileEventLog: EventStore {
    /// How the log is opened.
    public enum Mode: Sendable {
        /// Reads only; takes no lock.
        case read
        /// Appends; holds the writer lock until the object is released.
        case write
    }

    /// Tunables; the defaults suit the CLI.
    public struct Options: Sendable {
        /// How long to wait for another writer to release the lock.
        public var lockTimeoutMilliseconds: Int
        /// A new segment is started once the current one reaches this size.
        public var maxSegmentBytes: UInt64
        /// The time to stamp as recorded-at, in microseconds since the Unix epoch (UTC).
        public var clock: @Sendable () -> Int64
        /// A writer hands the entries of its appends to its index writer once this many are waiting
        /// and the index writer is free, and waits for it only at eight times this many (the rest is
        /// written when the log is released, or on `flushIndex()`); see `handOffPending`.
        public var indexFlushEvents: Int
        /// Told of each damaged stream index the log set aside (a writer) or ignored (a reader); the
        /// CLI prints one warning line for each.
        public var notice: (@Sendable (DerivedFileNotice) -> Void)?

        public init(lockTimeoutMilliseconds: Int = 10_000, maxSegmentBytes: UInt64 = 64 << 20,
                    clock: @escaping @Sendable () -> Int64 = FileEventLog.systemClock, indexFlushEvents: Int = 2048,
                    notice: (@Sendable (DerivedFileNotice) -> Void)? = nil) {
            self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
            self.maxSegmentBytes = maxSegmentBytes
            self.clock = clock
            self.indexFlushEvents = indexFlushEvents
            self.notice = notice
        }
    }

    /// The system's real-time clock in microseconds since the Unix epoch.
    public static let systemClock: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000
    }

    /// The log's directory.
    public let directory: String
    public let mode: Mode
    public let options: Options
    public private(set) var head: LogHead = .empty
    /// What opening the log repaired, if anything (write mode), or found torn and ignored (read mode).
    public private(set) var recovery: RecoveryReport?

    private let codec = RecordCodec()
    private var lock: WriterLock?
    private var index: StreamIndex?
    /// Entries past the persisted index: a reader's view of records the index does not hold yet, or
    /// the writer's appends not yet written to it.
    private var pending = PendingIndex()
    /// The index head that goes with `pending` (write mode).
    private var pendingHead: IndexHead?
    /// Entries handed to `indexWriter` and perhaps not committed yet: still consulted before the index.
    private var inFlight = PendingIndex()
    /// Writes the index behind the appends (write mode).
    private var indexWriter: IndexWriter?
    /// Why the index writer stopped, if it did (`flushIndex` reports it).
    private var indexFailure: EventStoreError?
    /// Stream versions the writer has looked up or written: it holds the lock, so they stay true.
    private var knownVersions: [HashedKey: UInt64] = [:]
    /// Whether `knownVersions` holds every stream that has events, so that a stream it lacks has
    /// none and is not looked up in the index: true for a writer that opened an empty log (a fresh
    /// registry, `registry-gen`, the bench's appends) and after `learnStreamVersions`. It stays true,
    /// since the writer holds the lock and records every version it appends.
    private var versionsComplete = false
    /// How many times the writer asked the index for a stream's version or events (for tests).
    private(set) var indexStreamLookups = 0
    /// The hash of every command ID the writer has appended and, once `commandHashesComplete`, of
    /// every one the index held when it opened. An append whose command ID's hash is not among them
    /// is new, and skips looking the command up in the index (most of an append's checks, in the
    /// bench's batches). They are complete at once when the index held no command; otherwise the
    /// index writer reads the index's once it starts (a long-running writer), while lookups go on.
    private var commandHashes = Set<Int>()
    private var commandHashesComplete = false
    /// Hashes appended before `commandHashes` is complete, joined to it when it is: a command's process
    /// never completes it, and its first `Set<Int>` cost a scan of the executable's conformance tables
    /// (`Int: Hashable`, 365 k instructions) for a set nothing would read.
    private var commandHashesBeforeComplete: [Int] = []
    /// How many command lookups `commandHashes` has spared (for tests).
    private(set) var commandLookupsSkipped = 0
    private var segments: [UInt32] = []
    /// Segments whose header this object has checked (magic, CRC, format version, number): every
    /// path reads a segment through `file(_:)`, which checks a header the first time it is touched.
    private var checkedHeaders = SegmentTable<Bool>()
    /// The furthest committed record any index this object opened recorded: kept when a damaged
    /// index is replaced, so that its evidence still protects acknowledged records.
    private var evidenceFloor: IndexHead?
    private var tailFile: PosixFile?
    private var tailEnd: UInt64 = 0
    private var openFiles = SegmentTable<PosixFile>()

    /// Opens the log in `directory`.
    /// - Parameters:
    ///   - directory: the log directory; created in `.write` mode when missing.
    ///   - mode: `.read` or `.write`.
    /// A damaged stream index does not stop the open: a writer sets it aside and rebuilds it, a reader
    /// scans the segments instead; either tells `options.notice`. Nothing the index records as
    /// committed is ever cut (see `recover`).
    /// - Throws: `EventStoreError.lockTimeout` when another writer keeps the lock, `.integrity` when committed
    ///   records are damaged, `.notALog` when a reader finds no log, `.readOnly` when a writer may not
    ///   write the directory or its files, `.io` on system failures.
    public init(directory: String, mode: Mode, options: Options = Options()) throws {
        self.directory = directory
        self.mode = mode
        self.options = options
        switch mode {
        case .write:
            do {
                try PosixFile.makeDirectory(directory)
                guard DerivedFile.isWritable(directory: directory) else { throw EventStoreError.readOnly(path: directory) }
                lock = try WriterLock(path: directory + "/writer.lock", timeoutMilliseconds: options.lockTimeoutMilliseconds)
                index = try openIndexForWriting()
                try openAndRecover()
            } catch let EventStoreError.io(_, _, code, _) where code == EACCES || code == EROFS || code == EPERM {
                throw EventStoreError.readOnly(path: directory)
            }
        case .read:
            guard PosixFile.exists(directory) else { throw EventStoreError.notALog(path: directory) }
            if PosixFile.exists(directory + "/" + StreamIndex.fileName) {
                do {
                    index = try StreamIndex(directory: directory, readOnly: true)
                } catch let EventStoreError.damagedIndex(path, reason) {
                    options.notice?(DerivedFileNotice(path: path, reason: reason, movedTo: nil))
                } catch {
                    // An index a reader cannot open is only a shortcut lost: it scans the segments instead.
                }
            }
            try openAndRecover()
        }
    }

    /// Recovers; if the index turns out damaged meanwhile, replaces it (a writer) or drops it (a
    /// reader) and recovers again from the segments.
    private func openAndRecover() throws {
        do {
            try recover()
            if mode == .write, let index { commandHashesComplete = try index.hasNoCommands() }
        } catch let EventStoreError.damagedIndex(_, reason) {
            try replaceDamagedIndex(reason)
            try recover()
            if mode == .write, let index { commandHashesComplete = try index.hasNoCommands() }
        }
        if mode == .write && head.position == 0 { versionsComplete = true }
    }

    /// Opens the index for writing; a damaged one is set aside and a new one created.
    private func openIndexForWriting() throws -> StreamIndex {
        do {
            return try StreamIndex(directory: directory, readOnly: false)
        } catch let EventStoreError.damagedIndex(_, reason) {
            try setAsideIndex(reason)
            return try StreamIndex(directory: directory, readOnly: false)
        }
    }

    /// Moves a damaged index out of the way (never deleting it) and says so.
    private func setAsideIndex(_ reason: String) throws {
        index = nil
        let path = directory + "/" + StreamIndex.fileName
        do {
            let moved = try DerivedFile.setAside(path)
            options.notice?(DerivedFileNotice(path: path, reason: reason, movedTo: moved))
        } catch let error as SQLiteError {
            throw EventStoreError.damagedIndex(path: path, reason: "\(reason), and it cannot be set aside (\(error.message))")
        }
    }

    /// Replaces a damaged index found after it was opened: a writer sets it aside and builds a new one
    /// from the segments (on the next `recover`); a reader, which never writes next to the log, drops it.
    private func replaceDamagedIndex(_ reason: String) throws {
        if mode == .write {
            try setAsideIndex(reason)
            index = try StreamIndex(directory: directory, readOnly: false)
        } else {
            index = nil
            options.notice?(DerivedFileNotice(path: directory + "/" + StreamIndex.fileName, reason: reason, movedTo: nil))
        }
        pending = PendingIndex()
        inFlight = PendingIndex()
        pendingHead = nil
    }

    /// Runs `body`; if it finds the index damaged, replaces the index, recovers from the segments
    /// and runs it once more. Not while an index writer thread holds a connection to the old file.
    private func healingIndex<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let EventStoreError.damagedIndex(path, reason) {
            guard indexWriter == nil else { throw EventStoreError.damagedIndex(path: path, reason: reason) }
            try replaceDamagedIndex(reason)
            try recover()
            return try body()
        }
    }

    // MARK: - Opening and recovery

    private func path(of segment: UInt32) -> String { directory + "/" + SegmentFormat.fileName(segment: segment) }

    /// A segment opened for reading, its header checked the first time (format version included:
    /// a reader must refuse a version it does not know rather than read on).
    private func file(_ segment: UInt32) throws -> PosixFile {
        let f = try rawFile(segment)
        if checkedHeaders[segment] == nil {
            let name = SegmentFormat.fileName(segment: segment)
            switch SegmentHeader.decode(try f.read(count: SegmentFormat.headerSize, at: 0)) {
            case .success(let header) where header.segment == segment:
                checkedHeaders[segment] = true
            case .success:
                throw EventStoreError.integrity(position: firstPosition(of: segment), segment: name, offset: 0,
                                                reason: "segment header does not continue the chain")
            case .failure(let problem):
                throw EventStoreError.integrity(position: firstPosition(of: segment), segment: name, offset: 0,
                                                reason: "bad segment header (\(problem))")
            }
        }
        return f
    }

    /// A segment opened for reading, its header not checked (recovery checks it itself).
    private func rawFile(_ segment: UInt32) throws -> PosixFile {
        if let f = openFiles[segment] { return f }
        let f = try PosixFile(path: path(of: segment), flags: O_RDONLY)
        openFiles[segment] = f
        return f
    }

    /// The position of the first record in `segment` (the head + 1 when it holds none), as `verify`
    /// reports a bad header: a binary search over the index, whose entries' segments never decrease.
    private func firstPosition(of segment: UInt32) -> UInt64 {
        var low: UInt64 = 1, high = head.position + 1
        while low < high {
            let middle = low + (high - low) / 2
            if let e = try? entry(at: middle), e.segment < segment { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func listSegments(_ directory: String) throws -> [UInt32] {
        let numbers = try PosixFile.listDirectory(directory).compactMap(SegmentFormat.segmentNumber(fileName:)).sorted()
        if numbers.first == 0 { throw SegmentFormat.segmentZero }
        for (i, n) in numbers.enumerated() where n != UInt32(i + 1) {
            throw EventStoreError.integrity(position: 0, segment: SegmentFormat.fileName(segment: UInt32(i + 1)), offset: 0,
                                            reason: "segment file is missing (found \(SegmentFormat.fileName(segment: n)) instead)")
        }
        return numbers
    }

    /// Whether the index's head still describes these segments: the record ending at its end offset
    /// carries its hash.
    private func isConsistent(_ indexHead: IndexHead) throws -> Bool {
        guard segments.contains(indexHead.segment),
              indexHead.endOffset >= UInt64(SegmentFormat.headerSize + SegmentFormat.trailerSize) else { return false }
        let f = try rawFile(indexHead.segment)
        guard try f.size() >= indexHead.endOffset else { return false }
        let trailer = try f.read(count: SegmentFormat.trailerSize, at: indexHead.endOffset - UInt64(SegmentFormat.trailerSize))
        return Digest(trailer.prefix(32)) == indexHead.hash
    }

    /// Whether the record at the index's head still passes its checks (CRC, framing): the open resumes
    /// after it, so damage to it would otherwise go unseen by a writer that appends on top. One read
    /// of one record; a failure sends the open through a full scan, which reports it.
    private func headRecordIsSound(_ indexHead: IndexHead) throws -> Bool {
        guard let e = try index?.entry(at: indexHead.position), e.segment == indexHead.segment,
              e.offset + UInt64(e.length) == indexHead.endOffset else { return false }
        let bytes = try rawFile(e.segment).read(count: e.length, at: e.offset)
        guard case .success(let r) = bytes.withUnsafeBytes({ codec.decode($0, at: 0, segmentOffset: e.offset, previousHash: nil) })
        else { return false }
        return r.hash == indexHead.hash && r.envelope.position == indexHead.position
    }

    /// Finds the committed end, indexes records the index lacks, and (in write mode) cuts a torn tail.
    ///
    /// Nothing the index records as committed is ever cut (FORMAT.md section 7): the index is written
    /// only after the segment's sync, so its furthest record (`committedFloor`) was acknowledged. A
    /// failure at or before it is corruption however torn it looks, a log that ends before it has lost
    /// acknowledged records, and a record at its position with another chain hash was rewritten.
    /// - Parameter fullScan: scan every segment from its header, ignoring where the index's head is
    ///   (used when that head's segment has a bad header, to report the position as `verify` does).
    private func recover(fullScan: Bool = false) throws {
        segments = try Self.listSegments(directory)
        checkedHeaders = SegmentTable()
        pending = PendingIndex()
        var startSegment: UInt32 = 1
        var startOffset = UInt64(0)
        var cursor = SegmentScanner.Cursor(position: 0, hash: .zero, recordedAt: 0)
        var rebuilding = false
        var rebuilt: [IndexEntry] = []
        if let indexFloor = try index?.committedFloor() {
            if evidenceFloor.map({ $0.position < indexFloor.position }) ?? true { evidenceFloor = indexFloor }
            if !fullScan, try isConsistent(indexFloor), try headRecordIsSound(indexFloor) {
                startSegment = indexFloor.segment
                startOffset = indexFloor.endOffset
                cursor = .init(position: indexFloor.position, hash: indexFloor.hash, recordedAt: indexFloor.recordedAt)
            } else {
                // The index is replaced only once the whole rescan has succeeded, so a failed open
                // leaves the committed end on record for `verify` and the next writer.
                if mode == .write { rebuilding = true } else { index = nil }
            }
        }
        let floor = evidenceFloor
        let scanner = SegmentScanner(codec: codec)
        var segmentEnd = startOffset
        for segment in segments where segment >= startSegment {
            let isLast = segment == segments.last
            let name = SegmentFormat.fileName(segment: segment)
            let f = try rawFile(segment)
            var bytes: [UInt8]
            var base = startOffset
            if startOffset == 0 {
                bytes = try f.read(count: Int(try f.size()), at: 0)
                switch SegmentHeader.decode(bytes) {
                case .success(let header):
                    guard header.segment == segment, header.firstPosition == cursor.position + 1,
                          header.previousHash == cursor.hash else {
                        throw EventStoreError.integrity(position: cursor.position + 1, segment: name,
                                                        offset: 0, reason: "segment header does not continue the chain")
                    }
                case .failure(let problem):
                    // A segment whose header was never completely written (the crash came while rolling
                    // over) is a torn tail, unless the index shows records were committed in it.
                    let acknowledged = floor.map { $0.position > cursor.position || $0.segment >= segment } ?? false
                    if isLast && !acknowledged && (bytes.count < SegmentFormat.headerSize || bytes.allSatisfy { $0 == 0 }) {
                        try cutTornSegment(segment, size: UInt64(bytes.count))
                        continue
                    }
                    throw EventStoreError.integrity(position: cursor.position + 1, segment: name,
                                                    offset: 0, reason: "bad segment header (\(problem))")
                }
                bytes.removeFirst(SegmentFormat.headerSize)
                base = UInt64(SegmentFormat.headerSize)
            } else {
                // Scanning resumes inside this segment, but its header is checked all the same.
                guard case .success(let header) = SegmentHeader.decode(try f.read(count: SegmentFormat.headerSize, at: 0)),
                      header.segment == segment else {
                    return try recover(fullScan: true)
                }
                bytes = try f.read(count: Int(try f.size() - startOffset), at: startOffset)
            }
            checkedHeaders[segment] = true
            var found: [IndexEntry] = []
            var rewritten: DecodedRecord?
            let (end, stop) = bytes.withUnsafeBytes { raw in
                scanner.scan(raw, from: 0, base: base, cursor: &cursor) { record in
                    if let floor, record.envelope.position == floor.position, record.hash != floor.hash {
                        rewritten = record
                        return false
                    }
                    found.append(IndexEntry(position: record.envelope.position, stream: HashedKey(record.envelope.streamID),
                                            streamVersion: record.envelope.streamVersion, command: HashedKey(record.envelope.commandID),
                                            segment: segment, offset: record.offset, length: record.length, hash: record.hash,
                                            recordedAt: record.envelope.recordedAt))
                    return true
                }
            }
            if let rewritten {
                throw EventStoreError.integrity(position: rewritten.envelope.position, segment: name, offset: rewritten.offset,
                                                reason: "the chain hash differs from the one the stream index recorded; the log was rewritten")
            }
            segmentEnd = base + UInt64(end)
            if let stop {
                let acknowledged = floor.map { f in
                    stop.position <= f.position || segment < f.segment || (segment == f.segment && UInt64(stop.badOffset) < f.endOffset)
                } ?? false
                guard isLast && stop.looksTorn && !acknowledged else {
                    throw EventStoreError.integrity(position: stop.position, segment: name,
                                                    offset: UInt64(stop.badOffset), reason: stop.reason)
                }
                let report = RecoveryReport(segment: name, offset: segmentEnd,
                                            bytesRemoved: base + UInt64(bytes.count) - segmentEnd, reason: stop.reason)
                recovery = report
                if mode == .write {
                    let writable = try PosixFile(path: path(of: segment), flags: O_RDWR)
                    try writable.truncate(to: segmentEnd)
                }
            }
            if rebuilding {
                rebuilt += found
            } else if !found.isEmpty {
                if mode == .write, let index {
                    try index.add(found, head: IndexHead(position: cursor.position, segment: segment, endOffset: segmentEnd,
                                                         hash: cursor.hash, recordedAt: cursor.recordedAt))
                } else {
                    pending.add(found)
                }
            }
            startOffset = 0
        }
        if let floor, floor.position > cursor.position {
            throw EventStoreError.integrity(position: cursor.position + 1, segment: SegmentFormat.fileName(segment: floor.segment),
                                            offset: floor.endOffset,
                                            reason: "the log ends at position \(cursor.position) but \(floor.position) were committed")
        }
        if rebuilding, let index {
            let end = IndexHead(position: cursor.position, segment: segments.last ?? 1, endOffset: segmentEnd,
                                hash: cursor.hash, recordedAt: cursor.recordedAt)
            try index.add(rebuilt, head: rebuilt.isEmpty ? nil : end, replacingAll: true)
        }
        head = LogHead(position: cursor.position, hash: cursor.hash, recordedAt: cursor.recordedAt)
        if let last = segments.last {
            tailEnd = last >= startSegment ? segmentEnd : try rawFile(last).size()
            if mode == .write { tailFile = try PosixFile(path: path(of: last), flags: O_RDWR) }
        }
    }

    private func cutTornSegment(_ segment: UInt32, size: UInt64) throws {
        recovery = RecoveryReport(segment: SegmentFormat.fileName(segment: segment), offset: 0, bytesRemoved: size,
                                  reason: "segment header incomplete")
        segments.removeLast()
        openFiles[segment] = nil
        if mode == .write {
            try PosixFile.remove(path(of: segment))
            try PosixFile.syncDirectory(directory)
        }
    }

    // MARK: - Appending

    /// A request that passed the checks of an append: which one, its IDs' keys (hashed once for every
    /// lookup), and where its events go.
    private struct Accepted {
        var request: Int
        var stream: HashedKey
        var command: HashedKey
        var firstVersion: UInt64
        var firstPosition: UInt64
    }

    public func append(_ events: [NewEvent], to stream: String, expectingVersion expectedVersion: ExpectedVersion,
                       commandID: String, actor: String) throws -> AppendResult {
        try append([AppendRequest(streamID: stream, events: events, expectedVersion: expectedVersion,
                                  commandID: commandID, actor: actor)])[0]
    }

    public func append(_ requests: [AppendRequest]) throws -> [AppendResult] {
        try healingIndex { try appendOnce(requests) }
    }

    private func appendOnce(_ requests: [AppendRequest]) throws -> [AppendResult] {
        guard mode == .write, let index else { throw EventStoreError.invalidAppend("the log was opened for reading") }
        try requests.withUnsafeBufferPointer { requests in
            for i in requests.indices { try Self.validate(requests[i]) }
        }
        var results: [AppendResult] = []
        var toWrite: [Accepted] = []
        results.reserveCapacity(requests.count)
        toWrite.reserveCapacity(requests.count)
        var next = head.position + 1
        takeLoadedCommandHashes()
        // Checks every request against the log: an earlier result for its command ID, its stream's version.
        // Each accepted request's command and new version go straight into `pending` and `knownVersions`,
        // where the requests after it in the batch see them; they are taken back if the append fails.
        func check() throws(EventStoreError) {
            for i in requests.indices {
                let command = HashedKey(requests[i].commandID)
                // A command known new is in neither `pending`, `inFlight` nor the index: every command this
                // writer accepts has its hash recorded (below) before it goes into `pending`. So a new
                // command, most of a batch, costs one set lookup rather than three lookups.
                if !knownNewCommand(command) {
                    if let earlier = pending.result(ofCommand: command) ?? inFlight.result(ofCommand: command) {
                        results.append(earlier)
                        continue
                    }
                    if let earlier = try index.command(command.value) {
                        results.append(earlier)
                        continue
                    }
                }
                let stream = HashedKey(requests[i].streamID)
                let current = try currentVersion(of: stream, index)
                let matches: Bool
                switch requests[i].expectedVersion {
                case .any: matches = true
                case .noStream: matches = current == 0
                case .exactly(let expected): matches = current == expected
                }
                guard matches else {
                    throw EventStoreError.conflict(stream: stream.value, expected: requests[i].expectedVersion, actual: current)
                }
                let n = UInt64(requests[i].events.count)
                let result = AppendResult(positions: next...(next + n - 1), streamVersion: current + n, wasDuplicate: false)
                toWrite.append(Accepted(request: i, stream: stream, command: command, firstVersion: current + 1, firstPosition: next))
                results.append(result)
                knownVersions[stream] = current + n
                pending.record(command: command, result: result)
                // Kept even if the append fails: an extra hash only costs a lookup.
                if commandHashesComplete { commandHashes.insert(command.hash) } else { commandHashesBeforeComplete.append(command.hash) }
                next += n
            }
        }
        // Until the records are durable, any way out of this function takes the batch's records back.
        var durable = false
        defer {
            if !durable {
                for w in toWrite.reversed() {
                    knownVersions[w.stream] = w.firstVersion - 1
                    pending.forget(command: w.command)
                }
            }
        }
        // Many lookups share one read transaction: each on its own would take the index's locks.
        if requests.count > 1 { try index.reading(check) } else { try check() }
        guard !toWrite.isEmpty else { return results }

        if tailFile == nil || tailEnd >= options.maxSegmentBytes { try startSegment() }
        // tailFile was just set by startSegment() when it was nil.
        let file = tailFile!
        let segment = segments.last!
        let recordedAt = max(options.clock(), head.recordedAt)
        // Each record's size is known before it is encoded, so the batch's bytes are written in place.
        // The requests are read through a buffer pointer, which lends their fields instead of copying them.
        let (buffer, entries, hash) = requests.withUnsafeBufferPointer { requests in
            var sizes: [Int] = []
            sizes.reserveCapacity(Int(next - head.position - 1))
            for w in toWrite {
                for event in requests[w.request].events { sizes.append(RecordCodec.encodedSize(requests[w.request], event)) }
            }
            var entries: [IndexEntry] = []
            entries.reserveCapacity(sizes.count)
            var hash = head.hash
            let buffer = [UInt8](unsafeUninitializedCapacity: sizes.reduce(0, +)) { raw, count in
                let out = UnsafeMutableRawBufferPointer(raw)
                var k = 0
                for w in toWrite {
                    let events = requests[w.request].events
                    for i in events.indices {
                        let place = RecordCodec.Placement(position: w.firstPosition + UInt64(i), streamVersion: w.firstVersion + UInt64(i),
                                                          recordedAt: recordedAt, groupIndex: UInt32(i), groupSize: UInt32(events.count))
                        let record = UnsafeMutableRawBufferPointer(rebasing: out[count..<(count + sizes[k])])
                        hash = codec.encode(requests[w.request], events[i], at: place, previousHash: hash, into: record)
                        entries.append(IndexEntry(position: place.position, stream: w.stream, streamVersion: place.streamVersion,
                                                  command: w.command, segment: segment, offset: tailEnd + UInt64(count),
                                                  length: sizes[k], hash: hash, recordedAt: recordedAt))
                        count += sizes[k]
                        k += 1
                    }
                }
            }
            return (buffer, entries, hash)
        }
        do {
            try file.write(buffer, at: tailEnd)
            if defersSync {
                unsyncedFile = file
                merkleTree.map { tree in buffer.withUnsafeBytes { tree.addRecords($0, lengths: entries.map(\.length), firstPosition: entries[0].position) } }
            } else {
                try syncHashingLeaves(file, buffer, entries)
            }
        } catch {
            // Leave no partial group behind; if even this fails, the next open cuts it as a torn tail.
            try? file.truncate(to: tailEnd)
            throw error
        }
        durable = true
        tailEnd += UInt64(buffer.count)
        head = LogHead(position: next - 1, hash: hash, recordedAt: recordedAt)
        pending.add(entries, commandsRecorded: true)
        pendingHead = IndexHead(position: head.position, segment: segment, endOffset: tailEnd, hash: hash, recordedAt: recordedAt)
        // Records not yet synced never reach the index (its entries must point at durable records).
        if !defersSync && pending.count >= options.indexFlushEvents { handOffPending() }
        return results
    }

    /// When `true`, `append` writes its records but leaves them unsynced until `syncDeferred()`: a
    /// server deciding many requests one after another makes them durable together (group commit),
    /// and answers none of them before. Later appends and reads of this log object see the records at once.
    public var defersSync = false
    /// The tail segment holding records written since the last sync, when `defersSync` is on.
    private var unsyncedFile: PosixFile?

    /// Makes every record appended since the last sync durable (one fdatasync), then lets the index
    /// catch up as an ordinary append would.
    /// - Throws: `EventStoreError` from the sync; the records' fate is then unknown and the log must be reopened.
    public func syncDeferred() throws {
        guard let file = unsyncedFile else { return }
        do { try file.sync() } catch {
            merkleTree?.discardAdded()
            throw error
        }
        unsyncedFile = nil
        merkleTree?.writeAdded()
        if pending.count >= options.indexFlushEvents { handOffPending() }
    }

    /// The Merkle tree this writer keeps current (`keepMerkleTree`), or nil.
    public private(set) var merkleTree: MerkleTree?

    /// Opens the Merkle tree beside the log (building or catching it up first) and, from now on,
    /// adds every append's leaves to it in the same pass: a long-running writer that hands out
    /// receipts or checkpoints then never reads its own records back. The leaves are hashed while
    /// the records' fdatasync runs, and written (one unsynced `pwrite`, FORMAT.md section 13.2) once
    /// the records are durable. Without this call appends do not touch the tree, as before.
    /// - Returns: the tree; `merkleTree` keeps it.
    /// - Throws: `EventStoreError` from opening the tree; `.invalidAppend` on a reader.
    @discardableResult
    public func keepMerkleTree() throws -> MerkleTree {
        guard mode == .write else { throw EventStoreError.invalidAppend("the log was opened for reading") }
        if let merkleTree { return merkleTree }
        try syncDeferred()
        let tree = try MerkleTree(writerOf: directory)
        merkleTree = tree
        return tree
    }

    /// Syncs the batch just written; with a tree kept, hashes its leaves on another thread meanwhile
    /// (the sync mostly waits on the disk) and writes them once the records are durable.
    private func syncHashingLeaves(_ file: PosixFile, _ buffer: [UInt8], _ entries: [IndexEntry]) throws {
        guard let tree = merkleTree else { return try file.sync() }
        let lengths = entries.map(\.length), first = entries[0].position
        // Below a few dozen records the hashing costs less than handing it to another thread.
        guard entries.count >= 64 else {
            try file.sync()
            buffer.withUnsafeBytes { tree.addRecords($0, lengths: lengths, firstPosition: first) }
            tree.writeAdded()
            return
        }
        let hashing = DispatchGroup()
        let job = LeafHashingJob(tree: tree, buffer: buffer, lengths: lengths, first: first)
        DispatchQueue.global(qos: .userInitiated).async(group: hashing) { job.run() }
        do { try file.sync() } catch {
            hashing.wait()
            tree.discardAdded()
            throw error
        }
        hashing.wait()
        tree.writeAdded()
    }

    /// Hands the pending entries to the index writer once it has committed what it was given before.
    /// While it is still busy, appends go on and the entries wait for it in memory, so the next hand-off
    /// is larger: a slow index writer then commits fewer, larger transactions, in which each B-tree
    /// page it rewrites holds more new entries. Only past `indexFlushEvents * 8` pending entries does
    /// an append wait for it. The writer (a thread and a second connection) is started the first time:
    /// a short-lived writer, such as one CLI command, never needs it.
    ///
    /// It does not throw: the appends are durable, and stay answered from memory when the index
    /// writer fails (the next open indexes them from the segments). Failing an append for an index
    /// write would be wrong; `flushIndex` reports the failure.
    private func handOffPending() {
        guard mode == .write, indexFailure == nil, let pendingHead, !pending.isEmpty else { return }
        do throws(EventStoreError) {
            if indexWriter == nil {
                let started = try IndexWriter(directory: directory)
                if !commandHashesComplete { started.loadCommandHashes() }
                indexWriter = started
            }
            guard let indexWriter, indexWriter.isIdle || pending.count >= options.indexFlushEvents * 8 else { return }
            try indexWriter.wait()
        } catch {
            indexFailure = error
            return
        }
        guard let indexWriter else { return }
        inFlight = pending
        indexWriter.submit(pending.entries, head: pendingHead)
        pending = PendingIndex(reservingCapacity: inFlight.count)
        self.pendingHead = nil
    }

    /// Takes the index's command hashes once the index writer has read them (see `commandHashes`).
    private func takeLoadedCommandHashes() {
        if !commandHashesComplete, let loaded = indexWriter?.takeCommandHashes() {
            commandHashes.formUnion(loaded)
            commandHashes.formUnion(commandHashesBeforeComplete)
            commandHashesBeforeComplete = []
            commandHashesComplete = true
        }
    }

    /// Whether the writer knows, without asking the index, that no command has `key` for its ID:
    /// every command's hash is known and this one's is not among them.
    private func knownNewCommand(_ key: HashedKey) -> Bool {
        guard mode == .write else { return false }
        takeLoadedCommandHashes()
        guard commandHashesComplete && !commandHashes.contains(key.hash) else { return false }
        commandLookupsSkipped += 1
        return true
    }

    /// The stream's version as the writer knows it: remembered (every stream it appended to or looked
    /// up, so pending entries never hold a newer one), or from the index.
    private func currentVersion(of stream: HashedKey, _ index: StreamIndex) throws(EventStoreError) -> UInt64 {
        if let known = knownVersions[stream] { return known }
        if versionsComplete { return 0 }
        indexStreamLookups += 1
        let version = try index.version(of: stream.value)
        knownVersions[stream] = version
        return version
    }

    /// Loads every stream's version from the index when the log holds at most `limit` events, so that
    /// from then on this writer answers any stream's version, and "no such stream", from memory: a
    /// large import into a small registry asks about one new stream per row. Above `limit` it does
    /// nothing (the versions would cost more memory and time than the lookups they spare).
    /// - Returns: whether every stream's version is now known.
    /// - Throws: `EventStoreError` from the index; `.invalidAppend` on a reader.
    @discardableResult
    public func learnStreamVersions(ifAtMost limit: UInt64) throws -> Bool {
        guard mode == .write else { throw EventStoreError.invalidAppend("the log was opened for reading") }
        if versionsComplete { return true }
        guard head.position <= limit, let index else { return false }
        try healingIndex {
            // Every stream this writer appended to is in `knownVersions` already, with its newest version.
            for (stream, version) in try index.streamVersions() where knownVersions[HashedKey(stream)] == nil {
                knownVersions[HashedKey(stream)] = version
            }
        }
        versionsComplete = true
        return true
    }

    /// Writes the entries of appends made so far to the stream index, in one transaction. Appends
    /// are durable without it (the next open indexes what the index lacks); call it to have the
    /// index complete now, for instance before timing what the appends cost in all.
    public func flushIndex() throws {
        // The index may only point at durable records.
        try syncDeferred()
        guard mode == .write, let index else { return }
        if let indexFailure { throw indexFailure }
        if let indexWriter {
            try indexWriter.wait()
            inFlight = PendingIndex()
            if let pendingHead, !pending.isEmpty { try indexWriter.write(pending.entries, head: pendingHead) }
        } else if let pendingHead, !pending.isEmpty {
            // No index writer was started, so this connection is the only one writing the index.
            try index.add(pending.entries, head: pendingHead)
        }
        pending = PendingIndex()
        self.pendingHead = nil
    }

    deinit {
        // Best effort: if this fails, the next open indexes the records from the segments.
        try? flushIndex()
    }

    static func validate(_ r: borrowing AppendRequest) throws {
        guard !r.events.isEmpty else { throw EventStoreError.invalidAppend("command '\(r.commandID)' has no events") }
        func check(_ value: String, _ name: String) throws {
            guard !value.isEmpty, value.utf8.count <= 1024 else {
                throw EventStoreError.invalidAppend("the \(name) must be 1 to 1024 bytes long")
            }
        }
        try check(r.streamID, "stream ID")
        try check(r.commandID, "command ID")
        try check(r.actor, "actor")
        for e in r.events {
            guard !e.type.isEmpty, e.type.utf8.count <= 1024 else { throw EventStoreError.invalidAppend("the event type must be 1 to 1024 bytes long") }
            guard e.payload.count <= SegmentFormat.maxBodySize - 8192 else {
                throw EventStoreError.invalidAppend("a payload of \(e.payload.count) bytes is larger than the log allows")
            }
        }
    }

    /// Starts segment n+1: header written and synced, then the directory synced, before any record goes in.
    private func startSegment() throws {
        // A segment is sealed durable before the next one begins, whether or not syncs are deferred.
        try syncDeferred()
        let number = (segments.last ?? 0) + 1
        let path = path(of: number)
        let f = try PosixFile(path: path, flags: O_RDWR | O_CREAT | O_EXCL)
        let header = SegmentHeader(segment: number, firstPosition: head.position + 1, previousHash: head.hash).encoded()
        try f.write(header, at: 0)
        try f.sync()
        try PosixFile.syncDirectory(directory)
        segments.append(number)
        tailFile = f
        tailEnd = UInt64(header.count)
    }

    // MARK: - Reading

    public func version(of stream: String) throws -> UInt64 {
        try healingIndex { try versionUnhealed(of: stream) }
    }

    private func versionUnhealed(of stream: String) throws -> UInt64 {
        let key = HashedKey(stream)
        if let known = knownVersions[key] { return known }
        if versionsComplete { return 0 }
        if let fromPending = pending.version(of: key) ?? inFlight.version(of: key) { return fromPending }
        indexStreamLookups += 1
        let version = try index?.version(of: stream) ?? 0
        // The writer holds the lock, so what it looked up stays true (a decision asks for a stream's
        // version, and then its append, and an import asks for the school's every row).
        if mode == .write { knownVersions[key] = version }
        return version
    }

    public func result(ofCommand commandID: String) throws -> AppendResult? {
        try healingIndex { try resultUnhealed(ofCommand: commandID) }
    }

    private func resultUnhealed(ofCommand commandID: String) throws -> AppendResult? {
        let key = HashedKey(commandID)
        if let fromPending = pending.result(ofCommand: key) ?? inFlight.result(ofCommand: key) { return fromPending }
        // Every command is decided after asking whether its ID ran before; a new one is known new from memory.
        if knownNewCommand(key) { return nil }
        return try index?.command(commandID)
    }

    public func read(stream: String) throws -> [EventEnvelope] {
        try healingIndex { try readUnhealed(stream: stream) }
    }

    private func readUnhealed(stream: String) throws -> [EventEnvelope] {
        // A stream the writer knows to be empty (a new student's, in an import) costs no index query.
        if versionsComplete && knownVersions[HashedKey(stream)] == nil { return [] }
        // The index may or may not hold the in-flight entries yet: take them from memory either way.
        let indexed = min(head.position, (inFlight.firstPosition ?? pending.firstPosition ?? .max) - 1)
        indexStreamLookups += 1
        var entries = try index?.entries(stream: stream).filter { $0.position <= indexed } ?? []
        let key = HashedKey(stream)
        entries += inFlight.entries(stream: key) + pending.entries(stream: key)
        // The whole stream, so its last entry is its version: the decision's `version(of:)` and
        // the append's check that follow need not ask the index again.
        if mode == .write { knownVersions[key] = entries.last?.streamVersion ?? 0 }
        return try entries.map(record(at:))
    }

    /// The event at a global position, read through the index (nil past the head).
    public func event(at position: UInt64) throws -> EventEnvelope? {
        try healingIndex { try eventUnhealed(at: position) }
    }

    private func eventUnhealed(at position: UInt64) throws -> EventEnvelope? {
        guard position >= 1, position <= head.position, let entry = try entry(at: position) else { return nil }
        return try record(at: entry)
    }

    /// Reads one record where the index says it is, checking its CRC and that it carries the chain hash the index recorded.
    private func record(at entry: IndexEntry) throws -> EventEnvelope {
        let bytes = try file(entry.segment).read(count: entry.length, at: entry.offset)
        let record = bytes.withUnsafeBytes { codec.decode($0, at: 0, segmentOffset: entry.offset, previousHash: nil) }
        switch record {
        case .failure(let problem):
            throw EventStoreError.integrity(position: entry.position, segment: SegmentFormat.fileName(segment: entry.segment),
                                            offset: entry.offset, reason: problem.text)
        case .success(let r):
            guard r.hash == entry.hash, r.envelope.position == entry.position, r.envelope.streamVersion == entry.streamVersion,
                  entry.streamID.isEmpty || r.envelope.streamID.hasSameBytes(as: entry.streamID) else {
                throw EventStoreError.integrity(position: entry.position, segment: SegmentFormat.fileName(segment: entry.segment),
                                                offset: entry.offset, reason: "record does not match the chain hash the index recorded")
            }
            return r.envelope
        }
    }

    private func entry(at position: UInt64) throws -> IndexEntry? {
        if let fromPending = pending.entry(at: position) ?? inFlight.entry(at: position) { return fromPending }
        return try index?.entry(at: position)
    }

    /// The last position recorded at or before `time` (µs since the epoch).
    public func lastPosition(recordedAtOrBefore time: Int64) throws -> UInt64 {
        try healingIndex { try lastPositionUnhealed(recordedAtOrBefore: time) }
    }

    private func lastPositionUnhealed(recordedAtOrBefore time: Int64) throws -> UInt64 {
        var best = min(try index?.lastPosition(recordedAtOrBefore: time) ?? 0, head.position)
        for e in inFlight.entries + pending.entries where e.recordedAt <= time { best = max(best, e.position) }
        if index == nil && pending.isEmpty { return 0 }
        return best
    }

    public func readAll(from position: UInt64, through: UInt64?, _ body: (EventEnvelope) throws -> Void) throws {
        try healingIndex { try readAllUnhealed(from: position, through: through, fields: .all, body) }
    }

    public func readAllForFolding(from position: UInt64, through: UInt64?, _ body: (EventEnvelope) throws -> Void) throws {
        try healingIndex { try readAllUnhealed(from: position, through: through, fields: .folding, body) }
    }

    private func readAllUnhealed(from position: UInt64, through: UInt64?, fields: RecordCodec.Fields,
                                 _ body: (EventEnvelope) throws -> Void) throws {
        let last = min(through ?? head.position, head.position)
        let first = max(position, 1)
        guard first <= last else { return }
        var segment: UInt32 = 1
        var offset = UInt64(0)
        var cursor = SegmentScanner.Cursor(position: 0, hash: .zero, recordedAt: 0)
        // Scanning starts at the first record of the command group that holds `first`.
        var groupStart = first
        if first > 1, let e = try entry(at: first) {
            let bytes = try file(e.segment).read(count: e.length, at: e.offset)
            if case .success(let r) = bytes.withUnsafeBytes({ codec.decode($0, at: 0, segmentOffset: e.offset, previousHash: nil) }) {
                groupStart = first - UInt64(r.groupIndex)
            }
        }
        if groupStart > 1, let start = try entry(at: groupStart), let before = try entry(at: groupStart - 1) {
            segment = start.segment
            offset = start.offset
            cursor = .init(position: before.position, hash: before.hash, recordedAt: before.recordedAt)
            if start.segment != before.segment { offset = 0 }
        }
        let scanner = SegmentScanner(codec: codec)
        var done = false
        // A long read (a rebuild, a long catch-up) reads each whole segment into one room, reused, and
        // hashes its chain links on another thread as the bytes arrive, as a verification does: a new
        // array for every segment had cost a page fault and a zeroed page for each 4 KiB of it, on
        // the thread that sets a rebuild's pace.
        var room: SegmentFill?
        for s in segments where s >= segment && !done {
            let f = try file(s)
            let size = Int(try f.size())
            /// Scans `raw` (records starting at `base` in the segment), delivering the envelopes from `first` on.
            func scan(_ raw: UnsafeRawBufferPointer, base: UInt64, chained: ChainAhead?) throws -> SegmentScanner.Stop? {
                try scanner.scan(raw, from: 0, base: base, cursor: &cursor, chained: chained, fields: fields) { record in
                    if record.envelope.position >= first { try body(record.envelope) }
                    if record.envelope.position >= last { done = true }
                    return !done
                }.stop
            }
            /// Checks that the segment's header continues the chain.
            func checkHeader(_ bytes: [UInt8]) throws {
                switch SegmentHeader.decode(bytes) {
                case .failure(let problem):
                    throw EventStoreError.integrity(position: cursor.position + 1, segment: SegmentFormat.fileName(segment: s),
                                                    offset: 0, reason: "bad segment header (\(problem))")
                case .success(let header):
                    guard header.segment == s, header.firstPosition == cursor.position + 1, header.previousHash == cursor.hash else {
                        throw EventStoreError.integrity(position: cursor.position + 1, segment: SegmentFormat.fileName(segment: s),
                                                        offset: 0, reason: "segment header does not continue the chain")
                    }
                }
            }
            let stop: SegmentScanner.Stop?
            if offset == 0 && size - SegmentFormat.headerSize >= ChainAhead.worthwhileBytes {
                let fill = room ?? SegmentFill(capacity: size)
                room = fill
                fill.restart(size: size)
                try fill.fill(from: f, through: SegmentFormat.headerSize)
                let chained = ChainAhead(arriving: fill, origin: SegmentFormat.headerSize, previousHash: cursor.hash)
                defer { chained.stop() }
                try fill.fillRest(from: f)
                try checkHeader(Array(fill.bytesRead.prefix(SegmentFormat.headerSize)))
                stop = try scan(UnsafeRawBufferPointer(rebasing: fill.bytesRead[SegmentFormat.headerSize...]),
                                base: UInt64(SegmentFormat.headerSize), chained: chained)
            } else {
                let bytes = try f.read(count: size - Int(offset), at: offset)
                // Where the records start in `bytes` (after the header, when it was read too): scanned from
                // there in place, rather than shifting the whole segment down over its header first.
                var skip = 0
                if offset == 0 {
                    try checkHeader(bytes)
                    skip = SegmentFormat.headerSize
                }
                let chained = bytes.count - skip >= ChainAhead.worthwhileBytes
                    ? ChainAhead(bytes: bytes, origin: skip, previousHash: cursor.hash) : nil
                defer { chained?.stop() }
                stop = try bytes.withUnsafeBytes { whole in
                    try scan(UnsafeRawBufferPointer(rebasing: whole[skip...]), base: offset + UInt64(skip), chained: chained)
                }
            }
            if let stop, !done {
                throw EventStoreError.integrity(position: stop.position, segment: SegmentFormat.fileName(segment: s),
                                                offset: UInt64(stop.badOffset), reason: stop.reason)
            }
            offset = 0
        }
        if !done {
            throw EventStoreError.integrity(position: cursor.position + 1, segment: SegmentFormat.fileName(segment: segments.last ?? 1),
                                            offset: 0, reason: "the log ends before position \(last)")
        }
    }
}

/// One batch's leaves hashed on another thread while the appending thread waits on fdatasync; the
/// appending thread touches the tree only after waiting for it, so the two never share it at once.
private final class LeafHashingJob: @unchecked Sendable {
    let tree: MerkleTree
    let buffer: [UInt8]
    let lengths: [Int]
    let first: UInt64

    init(tree: MerkleTree, buffer: [UInt8], lengths: [Int], first: UInt64) {
        (self.tree, self.buffer, self.lengths, self.first) = (tree, buffer, lengths, first)
    }

    func run() { buffer.withUnsafeBytes { tree.addRecords($0, lengths: lengths, firstPosition: first) } }
}
