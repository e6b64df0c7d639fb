import Foundation
import RegistryDomain
@testable import RegistryService
import Testing

/// One open registry deciding many commands (as the server's writer does) keeps the streams it
/// decided on as decoded, and decodes only what is new; events with personal fields are decoded
/// on every decision, so that an erasure made since is honoured.
@Suite("A writer's decoded streams")
struct WriterDecodedStreamsTests {
    @Test func aStreamDecidedOnAgainIsDecodedOnlyForItsNewEvents() throws {
        let cli = try Scenario.make("writer-decoded", Scenario.rulesSetup)
        let registry = try Registry(directory: cli.logDirectory, forWriting: true)
        let enterprise = StreamID.enterprise("E01")
        let first = try registry.decisionEvents(of: enterprise)
        let afterFirst = registry.decisionDecodes
        #expect(afterFirst == first.count)
        #expect(try registry.decisionEvents(of: enterprise).map(\.event) == first.map(\.event))
        #expect(registry.decisionDecodes == afterFirst)

        _ = try registry.execute(.certifyEnterprise(enterprise: "E01", on: CalendarDate("2025-05-01")!, document: "D-1"),
                                 by: Actor(role: .bureau, id: "EDU"), commandID: "certify-1")
        let before = registry.decisionDecodes
        let again = try registry.decisionEvents(of: enterprise)
        #expect(again.count == first.count + 1)
        #expect(registry.decisionDecodes == before + 1)
        #expect(again.map(\.event) == (try registry.events(of: enterprise)).map(\.event))
    }

    @Test func anEventWithPersonalFieldsIsDecodedOnEveryDecision() throws {
        let cli = try Scenario.make("writer-decoded-personal", Scenario.rulesSetup)
        let registry = try Registry(directory: cli.logDirectory, forWriting: true)
        let student = StreamID.student("2023001")
        let events = try registry.decisionEvents(of: student)
        let personal = events.filter { PersonalFields.byType[$0.envelope.type] != nil }.count
        #expect(personal > 0)
        let before = registry.decisionDecodes
        _ = try registry.decisionEvents(of: student)
        #expect(registry.decisionDecodes == before + personal)
    }
}
