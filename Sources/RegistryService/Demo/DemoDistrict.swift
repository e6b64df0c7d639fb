import EventStore
import Foundation
import RegistryDomain

/// Why the demo district could not be built.
public enum DemoError: Error, Equatable, Sendable {
    /// The log already holds events the demo did not write (another registry): the demo never mixes with it.
    case logHoldsAnotherRegistry(directory: String, events: UInt64)
    /// A command of the script was rejected although the story needs it (the rules changed under the script).
    case unexpectedRejection(step: Int, verb: String, rejection: Rejection)
    /// A command the story shows being rejected was accepted (and appended).
    case unexpectedAcceptance(step: Int, verb: String, expected: RuleID)
}

/// The sample district behind `registry demo`: a year of a small Sanmenxia district, built through
/// `Registry.execute` exactly as users' commands are, each with its own actor.
///
/// Every command has the command ID `demo-<n>` (its place in the script), so building twice on one
/// log appends nothing the second time: every command is found already executed. The commands the
/// story shows being rejected are never recorded; a rebuild that finds the script already past one
/// (the next accepted command is recorded) counts it as rejected without issuing it again, since
/// issuing it against the finished district would be judged on different facts.
public enum DemoDistrict {
    /// The default date the summary audits.
    public static let summaryDate = CalendarDate(year: 2026, month: 3, day: 31)!  // a valid literal date

    /// Builds the district into `registry` (opened for writing) and summarises it.
    ///
    /// - Parameters:
    ///   - registry: An empty log, or one the demo built before (possibly interrupted).
    ///   - date: The date the summary judges (placements active, audit findings, subsidies earned).
    ///   - progress: Called with (commands done, commands in all) every 50 commands and at the end.
    /// - Returns: The summary of the whole log after the build.
    /// - Throws: `DemoError`, and `RegistryError` or `EventStoreError` from the log.
    /// - Complexity: A few thousand commands, each one durable append; then one fold of the log.
    public static func build(into registry: Registry, on date: CalendarDate = summaryDate,
                             progress: ((Int, Int) -> Void)? = nil) throws -> DemoSummary {
        let steps = DemoScript.make().steps
        let head = registry.log.head.position
        if head > 0, try registry.log.result(ofCommand: commandID(0)) == nil {
            throw DemoError.logHoldsAnotherRegistry(directory: registry.directory, events: head)
        }
        // For each rejected step, the next step that is accepted: if that one is recorded, the script got past it.
        var nextAccepted = [Int?](repeating: nil, count: steps.count)
        var following: Int?
        for index in steps.indices.reversed() {
            nextAccepted[index] = following
            if steps[index].expectedRejection == nil { following = index }
        }

        var rejected: [RuleID: Int] = [:]
        var appended = 0
        for (index, step) in steps.enumerated() {
            if index % 50 == 0 { progress?(index, steps.count) }
            if let rule = step.expectedRejection {
                if let next = nextAccepted[index], try registry.log.result(ofCommand: commandID(next)) != nil {
                    rejected[rule, default: 0] += 1
                    continue
                }
                do {
                    let outcome = try registry.execute(step.command, by: step.actor, commandID: commandID(index))
                    appended += outcome.events.count
                    throw DemoError.unexpectedAcceptance(step: index + 1, verb: step.command.verb, expected: rule)
                } catch RegistryError.rejected(let rejection) where rejection.ruleID == rule {
                    rejected[rule, default: 0] += 1
                } catch RegistryError.rejected(let rejection) {
                    throw DemoError.unexpectedRejection(step: index + 1, verb: step.command.verb, rejection: rejection)
                }
                continue
            }
            do {
                appended += try registry.execute(step.command, by: step.actor, commandID: commandID(index)).events.count
            } catch RegistryError.rejected(let rejection) {
                throw DemoError.unexpectedRejection(step: index + 1, verb: step.command.verb, rejection: rejection)
            }
        }
        progress?(steps.count, steps.count)
        var summary = try DemoSummary(registry: registry, on: date)
        summary.commands = steps.count
        summary.rejected = rejected.sorted { $0.key < $1.key }.map { DemoSummary.RejectionCount(rule: $0.key, count: $0.value) }
        summary.appendedEvents = appended
        return summary
    }

    /// The command ID of the script's step `index` (from 0): `demo-1`, `demo-2`, …
    static func commandID(_ index: Int) -> String { "demo-\(index + 1)" }
}
