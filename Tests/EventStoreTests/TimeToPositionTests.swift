import Foundation
import Testing
@testable import EventStore

/// `--until TIME`: the last position recorded at or before a time, found by a binary search over the
/// index's positions (recorded-at times never go backwards along the log).
@Suite("The position of a time")
struct TimeToPositionTests {
    /// A log of `commands` commands (one to three events each) whose times repeat in runs, as a busy
    /// minute's commands share a second, and jump between runs.
    private func plateauLog(_ dir: TemporaryDirectory, commands: Int, seed: UInt64) throws -> [Int64] {
        var state = seed
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        var times: [Int64] = []
        var now: Int64 = 1_735_689_600_000_000
        for _ in 0..<commands {
            if next() % 3 == 0 { now += Int64(1 + next() % 5_000_000) }
            times.append(now)
        }
        let counter = Counter(), clockTimes = times
        let options = FileEventLog.Options(clock: { clockTimes[min(counter.next(), clockTimes.count - 1)] })
        let log = try FileEventLog(directory: dir.path, mode: .write, options: options)
        for i in 0..<commands {
            let events = (0...(Int(next() % 3))).map { j in event("T", "{\"i\":\(i),\"j\":\(j)}") }
            _ = try log.append(events, to: "s-\(i % 5)", expectingVersion: .any, commandID: "c-\(i)", actor: "t:t")
        }
        try log.flushIndex()
        var stamps: [Int64] = []
        try log.readAll { stamps.append($0.recordedAt) }
        return stamps
    }

    /// The answer by brute force: the last position whose time is at or before `t`.
    private func expected(_ stamps: [Int64], _ t: Int64) -> UInt64 {
        UInt64(stamps.lastIndex { $0 <= t }.map { $0 + 1 } ?? 0)
    }

    @Test(arguments: [1, 2, 3, 250] as [Int])
    func everyTimeAndItsNeighboursFindTheLastPositionRecordedByThen(_ commands: Int) throws {
        let dir = TemporaryDirectory()
        let stamps = try plateauLog(dir, commands: commands, seed: UInt64(commands))
        let index = try StreamIndex(directory: dir.path, readOnly: true)
        let reader = try FileEventLog(directory: dir.path, mode: .read)
        var probes: [Int64] = [0, Int64.min, Int64.max, stamps[0] - 1, stamps.last! + 1]
        for t in Set(stamps) { probes += [t - 1, t, t + 1] }
        for t in probes {
            #expect(try index.lastPosition(recordedAtOrBefore: t) == expected(stamps, t), "t = \(t)")
            #expect(try reader.lastPosition(recordedAtOrBefore: t) == expected(stamps, t), "t = \(t)")
        }
    }

    @Test func anEmptyIndexHasNoPositionForAnyTime() throws {
        let dir = TemporaryDirectory()
        _ = try FileEventLog(directory: dir.path, mode: .write, options: testOptions())
        let index = try StreamIndex(directory: dir.path, readOnly: true)
        #expect(try index.lastPosition(recordedAtOrBefore: Int64.max) == 0)
        #expect(try index.lastPosition(recordedAtOrBefore: 0) == 0)
    }
}
