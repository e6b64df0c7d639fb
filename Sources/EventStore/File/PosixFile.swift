#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor with the few calls the log needs, each turning errno into `EventStoreError.io`.
final class PosixFile {
    let path: String
    let descriptor: Int32

    /// Opens `path` with `flags` (O_RDONLY, O_RDWR | O_CREAT, ...).
    init(path: String, flags: Int32, mode: mode_t = 0o644) throws(EventStoreError) {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PosixFile.error("open", path) }
        self.path = path
        self.descriptor = fd
    }

    deinit { Glibc.close(descriptor) }

    /// The file's size in bytes.
    func size() throws(EventStoreError) -> UInt64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw PosixFile.error("fstat", path) }
        return UInt64(info.st_size)
    }

    /// Reads exactly `count` bytes at `offset`, or fewer at the end of the file.
    func read(count: Int, at offset: UInt64) throws(EventStoreError) -> [UInt8] {
        guard count > 0 else { return [] }
        // Not zero-filled first: pread fills it, and only the bytes it filled count (a segment's
        // zero-filling cost a rebuild or a verification one pass over every byte).
        var readError: EventStoreError?
        let result = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            (initialized, readError) = readFully(into: UnsafeMutableRawPointer(buffer.baseAddress!), count: count, at: offset)
        }
        if let readError { throw readError }
        return result
    }

    /// Reads up to `count` bytes at `offset` into `memory`, retrying short reads and EINTR.
    /// - Returns: how many bytes were read (fewer at the end of the file), and the error that stopped it, if any.
    func readFully(into memory: UnsafeMutableRawPointer, count: Int, at offset: UInt64) -> (Int, EventStoreError?) {
        var done = 0
        while done < count {
            let n = pread(descriptor, memory + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                return (done, PosixFile.error("pread", path))
            }
            if n == 0 { break }
            done += n
        }
        return (done, nil)
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: [UInt8], at offset: UInt64) throws(EventStoreError) {
        var done = 0
        let writeError: EventStoreError? = bytes.withUnsafeBytes { buffer in
            while done < buffer.count {
                let n = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return PosixFile.error("pwrite", path)
                }
                done += n
            }
            return nil
        }
        if let writeError { throw writeError }
    }

    /// Forces the file's data (and the size needed to read it) to stable storage.
    func sync() throws(EventStoreError) {
        guard fdatasync(descriptor) == 0 else { throw PosixFile.error("fdatasync", path) }
    }

    /// Cuts the file to `length` bytes and syncs.
    func truncate(to length: UInt64) throws(EventStoreError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw PosixFile.error("ftruncate", path) }
        guard fsync(descriptor) == 0 else { throw PosixFile.error("fsync", path) }
    }

    static func error(_ operation: String, _ path: String) -> EventStoreError {
        let code = errno
        return .io(operation: operation, path: path, errno: code, message: String(cString: strerror(code)))
    }

    /// Forces a directory's entries (a newly created or removed file) to stable storage.
    static func syncDirectory(_ path: String) throws(EventStoreError) {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open", path) }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw error("fsync", path) }
    }

    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Creates `path` as a directory (and its parents) if missing.
    static func makeDirectory(_ path: String) throws(EventStoreError) {
        // Split by bytes: splitting the String by Character walked grapheme clusters, 270 k instructions
        // of every command for a path that is already there.
        var prefix = path.utf8.first == UInt8(ascii: "/") ? "" : "."
        for component in path.utf8.split(separator: UInt8(ascii: "/")) {
            prefix += "/" + String(decoding: component, as: UTF8.self)
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw error("mkdir", prefix) }
        }
    }

    /// The names in directory `path`.
    static func listDirectory(_ path: String) throws(EventStoreError) -> [String] {
        guard let dir = opendir(path) else { throw error("opendir", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes the file at `path`.
    static func remove(_ path: String) throws(EventStoreError) {
        guard unlink(path) == 0 else { throw error("unlink", path) }
    }
}

/// The writer lock: an exclusive `flock` on `<log>/writer.lock`, taken with a bounded wait.
/// The kernel releases it when the process exits, however it exits.
/// An exclusive `flock` on a file, held for the object's life: the file log's writer lock, and the
/// lock on a PostgreSQL store's local read-model cache.
public final class WriterLock {
    private let file: PosixFile

    /// Takes the lock, polling until `timeoutMilliseconds` have passed.
    /// - Throws: `EventStoreError.lockTimeout` when another process keeps it.
    public init(path: String, timeoutMilliseconds: Int) throws(EventStoreError) {
        file = try PosixFile(path: path, flags: O_RDWR | O_CREAT)
        var waited = 0
        var pause = 1
        while flock(file.descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw PosixFile.error("flock", path) }
            guard waited < timeoutMilliseconds else {
                throw .lockTimeout(path: path, waitedMilliseconds: timeoutMilliseconds)
            }
            usleep(useconds_t(pause * 1000))
            waited += pause
            pause = min(pause * 2, 20)
        }
    }

    deinit { flock(file.descriptor, LOCK_UN) }
}
