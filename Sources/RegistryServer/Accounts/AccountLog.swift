import EventStore
import Foundation
import RegistryDomain
import RegistryService

/// Appends account events to the log (stream `account-<USER>`), as `checkpoint rotate-key` appends
/// its event: no rule decides on accounts beyond "only the bureau", which `AccountService` checks.
enum AccountLog {
    static func append(_ event: AccountRecorded, by actor: Actor, to registry: Registry) throws {
        let person = registry.actingPerson.map { " " + $0 } ?? ""
        _ = try registry.log.append([try EventCodec().encode(.accountRecorded(event))], to: StreamID.account(event.user),
                                    expectingVersion: .any, commandID: "account-" + UUID().uuidString.lowercased(),
                                    actor: actor.description + person)
    }
}
