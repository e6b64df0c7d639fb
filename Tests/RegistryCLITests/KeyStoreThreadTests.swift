import Dispatch
import Foundation
import PersonalData
import Testing

/// An import makes the next group's personal-data keys on another thread while the current group's
/// rows are sealed (`Registry.keyMakerAhead`), so the file key store is used from two threads at once.
@Suite("The file key store used from two threads")
struct KeyStoreThreadTests {
    /// One thread makes keys in groups, as the import's preparing thread does, while another makes,
    /// reads and erases keys one by one, as sealing and `student erase` do. Every subject ends with
    /// one key that both threads saw, and nothing fails.
    @Test func twoThreadsAgreeOnEverySubjectsKey() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/keys-threads-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = SQLiteKeyStore(directory: directory, writable: true)
        let subjects = (0..<600).map { "student:T\($0)" }
        let erased = Set(subjects.filter { $0.hasSuffix("7") })

        final class Outcome: @unchecked Sendable {
            var keys: [String: String] = [:]
            var errors: [String] = []
        }
        let grouped = Outcome(), single = Outcome()
        let done = DispatchGroup()
        done.enter()
        DispatchQueue.global().async {
            defer { done.leave() }
            for start in stride(from: 0, to: subjects.count, by: 50) {
                do {
                    for key in try store.createKeys(for: Array(subjects[start..<start + 50])) { grouped.keys[key.subject] = key.id }
                } catch { grouped.errors.append("\(error)") }
            }
        }
        for subject in subjects.reversed() {
            do {
                let key = try store.createKey(for: subject)
                single.keys[subject] = key.id
                if try store.fetchKey(id: key.id)?.subject != subject { single.errors.append("\(subject): read back wrong") }
                if erased.contains(subject), try !store.destroyKey(of: subject) { single.errors.append("\(subject): not destroyed") }
            } catch { single.errors.append("\(subject): \(error)") }
        }
        done.wait()

        #expect(grouped.errors.isEmpty && single.errors.isEmpty, "\(grouped.errors.prefix(3)) \(single.errors.prefix(3))")
        #expect(single.keys.count == subjects.count)
        for subject in subjects {
            // A subject erased before the group reached it gets no key from the group; otherwise one key.
            if let id = grouped.keys[subject] { #expect(id == single.keys[subject], "\(subject)") } else { #expect(erased.contains(subject), "\(subject)") }
        }
        let contents = try store.contents()
        #expect(contents.rows.count == subjects.count)
        #expect(Set(contents.rows.filter { $0.key == nil }.map(\.subject)) == erased)
    }
}
