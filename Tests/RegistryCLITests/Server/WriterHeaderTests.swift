@testable import EventStore
import Foundation
import RegistryDomain
@testable import RegistryService
import Testing

/// One open registry deciding many commands (as the server's writer does) keeps the registry header
/// between decisions; a policy adopted meanwhile must be in the next decision's header.
@Suite("A writer's kept header")
struct WriterHeaderTests {
    @Test func aPolicyAdoptedThroughTheSameRegistryIsInTheNextDecision() throws {
        let cli = try Scenario.make("writer-header", [Scenario.bureauSetup[0]])
        let registry = try Registry(directory: cli.logDirectory, forWriting: true)
        let bureau = Actor(role: .bureau, id: "EDU")
        func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(text)) }
        // A decision reads (and keeps) the header: sanmenxia from 2024-01-01.
        _ = try registry.execute(.registerSchool(id: "S01", name: "三门峡职业技术学院", level: .higher), by: bureau, commandID: "c-1")
        _ = try registry.execute(.adoptPolicy(profile: "huyi", from: try date("2025-06-01")), by: bureau, commandID: "c-2")
        // Before the adoption just made (2025-06-01), not before the kept header's (2024-01-01): refused.
        #expect(throws: RegistryError.rejected(.policyDateBeforeCurrent(from: try date("2025-03-01"), current: try date("2025-06-01")))) {
            try registry.execute(.adoptPolicy(profile: "huyi", from: try date("2025-03-01")), by: bureau, commandID: "c-3")
        }
        // On the boundary, the same date as the latest adoption, it is accepted.
        let same = try registry.execute(.adoptPolicy(profile: "huyi", from: try date("2025-06-01")), by: bureau, commandID: "c-4")
        #expect(same.positions != nil && !same.wasDuplicate)
    }

    /// A command's process keeps nothing: the header is folded from the registry stream, whose read
    /// says its version, so the index is not asked for the version first (one lookup less per
    /// command). Once kept, the index is asked whether the stream moved, and an unmoved one is not
    /// folded again.
    @Test func aFirstHeaderIsFoldedWithoutAskingTheStreamsVersionFirst() throws {
        let cli = try Scenario.make("header-version", [Scenario.bureauSetup[0]])
        let version = try Registry(directory: cli.logDirectory, forWriting: false).log.version(of: StreamID.registry)
        #expect(version > 0)
        let registry = try Registry(directory: cli.logDirectory, forWriting: true)
        let log = try #require(registry.log as? FileEventLog)
        let before = log.indexStreamLookups
        _ = try registry.header { (nil, version) }
        #expect(log.indexStreamLookups == before, "nothing kept: the index is not asked")
        var folds = 0
        _ = try registry.header { folds += 1; return (nil, version) }
        #expect(folds == 0 && log.indexStreamLookups == before + 1, "kept: the index says the stream did not move")
    }
}
