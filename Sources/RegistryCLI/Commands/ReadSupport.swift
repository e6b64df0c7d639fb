import EventStore
import Foundation
import ReadModel
import RegistryDomain
import RegistryService

/// What every read command shares: opening only a real log, checking the IDs a user typed against
/// the registered ones, and the Auth_01 scope of each role.
extension Invocation {
    /// Opens the log for a read. A directory without segment files is not a log: answering from it
    /// would print an empty, successful report about nothing (issue 13), so it is refused (exit 2).
    /// - Throws: `EventStoreError.notALog` when `--log` names no directory or one without segments.
    func openLogForReading() throws -> Registry {
        try requireLogDirectory()
        return try openForReading()
    }

    /// Refuses a `--log` directory that holds no segment file (or does not exist).
    /// - Throws: `EventStoreError.notALog`.
    func requireLogDirectory() throws {
        if store != nil { return }  // opening the database says whether it holds a registry
        let names = (try? FileManager.default.contentsOfDirectory(atPath: logDirectory)) ?? []
        guard names.contains(where: { $0.hasSuffix(".seg") }) else { throw EventStoreError.notALog(path: logDirectory) }
    }

    /// `--NAME ID`, if given, checked to be a registered school or enterprise.
    func knownOption(_ name: String, _ table: ListSubject, in registry: Registry) throws -> String? {
        guard let given = optionalText(name) else { return nil }
        return try Self.checkKnown(given, table, registry: registry)
    }

    /// `id` if `table` holds it; otherwise a usage error naming it and the nearest registered ID.
    static func checkKnown(_ id: String, _ table: ListSubject, registry: Registry) throws -> String {
        let store = try registry.readModel()
        if try store.contains(id, in: table) { return id }
        throw unknownID(id, table, known: try store.ids(in: table))
    }

    /// "there is no school 'S99'; the nearest registered one is 'S01'." (exit 2)
    static func unknownID(_ id: String, _ table: ListSubject, known: [String]) -> UsageError {
        let noun = table.noun
        let shown = printable(id)
        guard let nearest = NearestID.find(id, among: known) else {
            return UsageError("there is no \(noun.en) '\(shown)'; no \(table.rawValue) are registered.",
                              zh: "没有\(noun.zh) '\(shown)'；尚未登记任何\(noun.zh)。")
        }
        return UsageError("there is no \(noun.en) '\(shown)'; the nearest registered \(noun.en) is '\(nearest)'.",
                          zh: "没有\(noun.zh) '\(shown)'；最接近的已登记\(noun.zh)是 '\(nearest)'。")
    }

    /// The school a report is limited to: a school sees only its own records (`--school` naming
    /// another is Auth_01); the bureau and inspectors see all, or the school `--school` names.
    func reportSchool(_ registry: Registry, command: String) throws -> String? {
        let actor = try requireActor()
        let given = try knownOption("--school", .schools, in: registry)
        guard actor.role == .school else { return given }
        if let given, given != actor.id {
            throw NotPermitted(en: "'\(actor)' may not run 'registry \(command)' on school '\(given)': a school sees only its own students and placements.",
                               zh: "'\(actor)' 无权对学校 '\(given)' 运行 'registry \(command)'：学校只能查看本校的学生与实习。")
        }
        return actor.id
    }

    /// Auth_01 for reports: who may run `command` (the documents' assignment of work).
    func requireRole(_ roles: Set<Role>, _ command: String) throws {
        let actor = try requireActor()
        guard roles.contains(actor.role) else {
            let names = Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ", ")
            throw NotPermitted(en: "'\(actor)' cannot run 'registry \(command)': only \(names) may.",
                               zh: "'\(actor)' 无权运行 'registry \(command)'：仅 \(names) 可以。")
        }
    }
}

extension ListSubject {
    /// The singular noun, for messages.
    var noun: (en: String, zh: String) {
        switch self {
        case .students: ("student", "学生")
        case .placements: ("placement", "实习")
        case .apprenticeships: ("apprenticeship", "学徒培养")
        case .enterprises: ("enterprise", "企业")
        case .schools: ("school", "学校")
        case .teachers: ("teacher", "教师")
        }
    }
}

/// The registered ID nearest to one typed wrongly: the same letters in another case first, then the
/// smallest edit distance (ties go to the first in ID order).
enum NearestID {
    static func find(_ id: String, among known: [String]) -> String? {
        let lowered = id.lowercased()
        if let sameLetters = known.first(where: { $0.lowercased() == lowered }) { return sameLetters }
        var best: (id: String, distance: Int)?
        for candidate in known {
            let d = editDistance(lowered, candidate.lowercased())
            if d < best?.distance ?? Int.max { best = (candidate, d) }
        }
        return best?.id
    }
}
