/// The floor under a writer's appends that the stream index sets: the index's own inserts, with
/// nothing else, for the entries a list of appends would make.
///
/// A writer hands its index entries to a second thread (`IndexWriter`), and its log is complete only
/// when that thread has written them, so appends can never finish faster than the index's inserts
/// alone. Timed beside the log's appends (registry-bench), this shows how much of an append's time
/// is the index's, and what ratio to another store the log can reach at all.
public enum StreamIndexFloor {
    /// Writes the index entries that `batches` of appends would make into a fresh stream index in
    /// `directory` (made when missing; it must not hold a log), all in one transaction, and returns
    /// the seconds it took, closing included. One transaction is the least these rows can cost: the
    /// log's index writer commits whatever has gathered while it wrote the last group, a batch or
    /// more at a time. Positions, stream versions and command ranges are the ones the log would
    /// record; the records' places are made up (`recordLength` bytes each, one after the other in
    /// segment 1), and their hashes are zero.
    public static func insert(_ batches: [[AppendRequest]], recordLength: Int, directory: String,
                              clock: () -> Double) throws(EventStoreError) -> Double {
        var versions: [String: UInt64] = [:]
        var position: UInt64 = 0, offset = UInt64(SegmentFormat.headerSize)
        var entries: [IndexEntry] = []
        for batch in batches {
            for request in batch {
                let stream = HashedKey(request.streamID), command = HashedKey(request.commandID)
                for _ in request.events {
                    position += 1
                    let version = (versions[request.streamID] ?? 0) + 1
                    versions[request.streamID] = version
                    entries.append(IndexEntry(position: position, stream: stream, streamVersion: version, command: command, segment: 1,
                                              offset: offset, length: recordLength, hash: .zero, recordedAt: Int64(position)))
                    offset += UInt64(recordLength)
                }
            }
        }
        try PosixFile.makeDirectory(directory)
        let start = clock()
        do {
            let index = try StreamIndex(directory: directory, readOnly: false)
            if let last = entries.last {
                try index.add(entries, head: IndexHead(position: last.position, segment: 1, endOffset: last.offset + UInt64(last.length),
                                                       hash: .zero, recordedAt: last.recordedAt))
            }
        }
        return clock() - start
    }
}
