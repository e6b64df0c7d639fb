import Foundation

/// What a log directory held before a command that may create it, so that a refused or failed
/// `init` leaves the file system as it found it: the directory removed if the command created it,
/// otherwise exactly the files the command created in it (lock, index, read model, segment).
struct DirectorySnapshot {
    let path: String
    let existed: Bool
    let entries: Set<String>

    /// Notes what `path` holds now.
    init(_ path: String) {
        self.path = path
        var isDirectory: ObjCBool = false
        existed = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        entries = existed && isDirectory.boolValue ? Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []) : []
    }

    /// Removes what was created since the snapshot. Files that were there before are never touched.
    func removeWhatWasCreated() {
        let fm = FileManager.default
        guard existed else {
            // Only a directory this command made, holding only what this command put there.
            try? fm.removeItem(atPath: path)
            return
        }
        for name in Set((try? fm.contentsOfDirectory(atPath: path)) ?? []).subtracting(entries) {
            try? fm.removeItem(atPath: path + "/" + name)
        }
    }
}

/// Runs `body`, and when it throws, removes what it created in `directory` before rethrowing.
/// - Parameter body: must release the files it opened before it returns or throws.
func leavingNothingBehindOnFailure<T>(in directory: String, _ body: () throws -> T) rethrows -> T {
    let snapshot = DirectorySnapshot(directory)
    do {
        return try body()
    } catch {
        snapshot.removeWhatWasCreated()
        throw error
    }
}
