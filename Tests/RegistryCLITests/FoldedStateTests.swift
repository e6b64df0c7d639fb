import EventStore
import Foundation
import PersonalData
import RegistryDomain
@testable import RegistryService
import Testing

/// `Registry.state(through:)`, which audits, quota reports and evaluations fold: decoding on the
/// calling thread and the fold on another from 8,192 events on, the same state as one event after
/// the other on one thread.
@Suite("The folded state of a log")
struct FoldedStateTests {
    @Test func theStateFoldedBesideTheReadingIsTheStateFoldedInOrder() throws {
        let cli = CLIHarness("folded-state")
        let generated = try cli.run(["--events", "20000", "--seed", "11", "--log", cli.logDirectory], tool: "registry-gen")
        #expect(generated.status == 0, "\(generated)")
        let registry = try Registry(directory: cli.logDirectory, forWriting: false)
        let codec = EventCodec(sealer: PersonalDataSealer(keyStore: SQLiteKeyStore(directory: cli.logDirectory, writable: false)))
        // Below the threshold (one thread), just above it, and the whole log.
        for through: UInt64 in [5_000, 8_193, 13_579, registry.log.head.position] {
            var expected = RegistryState()
            try registry.log.readAll(from: 1, through: through) { expected.apply(try codec.decode($0)) }
            var reported: [(UInt64, UInt64)] = []
            let folded = try registry.state(through: through) { reported.append(($0, $1)) }
            #expect(folded == expected, "through \(through)")
            #expect(reported.last.map { [$0.0, $0.1] } == [through, through])
        }
        #expect(try registry.state() == registry.state(through: registry.log.head.position))
    }
}
