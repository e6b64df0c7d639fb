import EventStore
import Foundation
import RegistryDomain
@testable import RegistryService
import Testing

/// A server folds the whole log for each audit; requests at once must not each hold a copy of the
/// registry (3.2 GB at 10M events): one fold at a time, shared by requests for the same one.
@Suite("Whole-log folds, one at a time and shared")
struct WholeLogFoldsTests {
    static func key(_ through: UInt64, log: String = "/log") -> WholeLogFolds.Key {
        .init(log: log, through: through, head: LogHead(position: 9, hash: .zero, recordedAt: 0))
    }

    /// A registry whose header says which fold made it.
    static func state(_ name: String) -> RegistryState {
        RegistryState(events: [.registryInitialized(RegistryInitialized(jurisdiction: name, on: CalendarDate(year: 2025, month: 1, day: 1)!))])
    }

    final class Box<T>: @unchecked Sendable {
        let lock = NSLock()
        var value: T
        init(_ value: T) { self.value = value }
        func update(_ change: (inout T) -> Void) { lock.lock(); change(&value); lock.unlock() }
        var current: T { lock.lock(); defer { lock.unlock() }; return value }
    }

    /// On a thread of its own: blocked requests would starve Dispatch's small pool on two cores.
    static func spawn(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        Thread { body(); group.leave() }.start()
    }

    static func waitUntil(_ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(10)
        while !condition() && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }

    @Test func requestsForTheFoldUnderWayShareItsResultAndNothingIsKeptAfter() throws {
        let folds = WholeLogFolds()
        let release = DispatchSemaphore(value: 0)
        let answers = Box<[String]>([])
        let group = DispatchGroup()
        for n in 0..<4 {
            if n == 1 { Self.waitUntil { folds.folds == 1 } }  // the first request's fold is under way
            Self.spawn(group) {
                let state = try? folds.state(Self.key(5)) {
                    release.wait()
                    return Self.state("fold \(n)")
                }
                answers.update { $0.append(state?.header?.jurisdiction ?? "none") }
            }
        }
        Self.waitUntil { folds.waitingForCurrent == 3 }
        release.signal()
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(answers.current == Array(repeating: "fold 0", count: 4))
        #expect(folds.folds == 1)
        // Once they have it, nothing is kept: the same request folds again.
        let again = try folds.state(Self.key(5)) { Self.state("again") }
        #expect(again.header?.jurisdiction == "again")
        #expect(folds.folds == 2)
    }

    @Test func aFoldOfAnotherPositionOrLogWaitsForTheOneUnderWay() throws {
        let folds = WholeLogFolds()
        let release = DispatchSemaphore(value: 0)
        let events = Box<[String]>([])
        let group = DispatchGroup()
        Self.spawn(group) {
            _ = try? folds.state(Self.key(5)) {
                events.update { $0.append("first began") }
                release.wait()
                events.update { $0.append("first ended") }
                return Self.state("first")
            }
        }
        Self.waitUntil { folds.folds == 1 }
        for key in [Self.key(4), Self.key(5, log: "/another")] {
            Self.spawn(group) {
                _ = try? folds.state(key) {
                    events.update { $0.append("other began") }
                    return Self.state("other")
                }
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(events.current == ["first began"], "nothing else folds while the first does")
        release.signal()
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(events.current == ["first began", "first ended", "other began", "other began"])
        #expect(folds.folds == 3)
    }

    struct Damaged: Error, Equatable {}

    @Test func everyRequestThatWaitedGetsTheFoldsError() throws {
        let folds = WholeLogFolds()
        let release = DispatchSemaphore(value: 0)
        let failures = Box(0)
        let group = DispatchGroup()
        for n in 0..<3 {
            if n == 1 { Self.waitUntil { folds.folds == 1 } }
            Self.spawn(group) {
                do {
                    _ = try folds.state(Self.key(5)) {
                        release.wait()
                        throw Damaged()
                    }
                } catch is Damaged {
                    failures.update { $0 += 1 }
                } catch {}
            }
        }
        Self.waitUntil { folds.waitingForCurrent == 2 }
        release.signal()
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(failures.current == 3)
        #expect(folds.folds == 1)
    }
}
