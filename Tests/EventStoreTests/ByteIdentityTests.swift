import Foundation
import Testing
@testable import EventStore

/// FORMAT.md 3.1: stream and command IDs compare as bytes. "Sé" spelt with U+00E9 and with
/// "e" + U+0301 are canonically equivalent (Swift's `==` says equal) but are two streams.
@Suite("IDs compare as bytes in the log")
struct ByteIdentityTests {
    let composed = "school-S\u{E9}"
    let decomposed = "school-Se\u{301}"

    @Test func canonicallyEquivalentStreamIDsAreTwoStreamsForTheWriterTheReaderAndVerify() throws {
        #expect(composed == decomposed, "Swift's String equality is canonical equivalence")
        let dir = TemporaryDirectory()
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            _ = try log.append([event("Registered", "{}")], to: composed, expectingVersion: .noStream, commandID: "c1", actor: "t:t")
            // Still pending (not yet in the index): the writer's memory must keep them apart too.
            #expect(try log.version(of: decomposed) == 0)
            _ = try log.append([event("Registered", "{}")], to: decomposed, expectingVersion: .noStream, commandID: "c2", actor: "t:t")
            #expect(try log.version(of: composed) == 1 && log.version(of: decomposed) == 1)
        }
        let report = try LogVerifier.verify(directory: dir.path)
        #expect(report.streamCount == 2 && report.eventCount == 2)
        let reader = try FileEventLog(directory: dir.path, mode: .read)
        #expect(try reader.read(stream: composed).map(\.commandID) == ["c1"])
        #expect(try reader.read(stream: decomposed).map(\.commandID) == ["c2"])
    }
}

/// Issue 11: a damaged stream index is set aside and rebuilt by a writer, ignored by a reader.
@Suite("A damaged stream index")
struct DamagedIndexTests {
    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [DerivedFileNotice] = []
        func add(_ n: DerivedFileNotice) { lock.lock(); items.append(n); lock.unlock() }
        var all: [DerivedFileNotice] { lock.lock(); defer { lock.unlock() }; return items }
    }

    private func damagedLog() throws -> (TemporaryDirectory, LogHead) {
        let dir = TemporaryDirectory()
        var head = LogHead.empty
        do {
            let log = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
            try fill(log, commands: 8)
            head = log.head
        }
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: URL(fileURLWithPath: dir.path + "/index.sqlite"))
        return (dir, head)
    }

    @Test func aWriterSetsItAsideOnceAndRebuildsIt() throws {
        let (dir, head) = try damagedLog()
        let notices = Notices()
        var options = testOptions()
        options.notice = { notices.add($0) }
        let log = try FileEventLog(directory: dir.path, mode: .write, options: options)
        #expect(log.head == head)
        #expect(notices.all.count == 1 && notices.all.first?.movedTo?.contains("index.sqlite.damaged-") == true)
        // The writer left its WAL (`leaveWALOnClose`), which is set aside with the file: count the file.
        let aside = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasPrefix("index.sqlite.damaged-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(aside.count == 1, "set aside, not deleted")
        #expect(try log.read(stream: "s-1").count > 0)
        #expect(try log.version(of: "s-1") > 0)
    }

    @Test func aReaderIgnoresItAndLeavesItInPlace() throws {
        let (dir, head) = try damagedLog()
        let notices = Notices()
        var options = testOptions()
        options.notice = { notices.add($0) }
        let reader = try FileEventLog(directory: dir.path, mode: .read, options: options)
        #expect(reader.head == head)
        #expect(notices.all.count == 1 && notices.all.first?.movedTo == nil)
        #expect(try reader.read(stream: "s-1").count > 0)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: dir.path)).contains { $0.contains(".damaged-") })
    }
}
