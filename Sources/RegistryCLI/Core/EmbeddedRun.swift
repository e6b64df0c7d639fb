import EventStore
import Foundation
import RegistryDomain
import RegistryService

/// Runs the command line's commands inside another program (the server), so that an HTTP request is
/// parsed, validated, decided and answered by exactly the code a typed command goes through.
///
/// What the command prints is collected here instead of going to standard output and error, the
/// error that ended it is kept with its facts (for the HTTP status), and a writing command hands
/// its decided `RegistryCommand` to `execute` (the server's group-commit writer) instead of opening
/// the log for writing itself.
public final class EmbeddedRun: @unchecked Sendable {
    /// Executes a writing command: (command, actor, command ID) → outcome; throws as `Registry.execute` does.
    public typealias Executor = (RegistryCommand, Actor, String) throws -> CommandOutcome

    /// The run in progress on this thread or task, if any.
    @TaskLocal static var current: EmbeddedRun?

    /// Runs `body` with the writer's registry to itself (an import: many rows, made durable together).
    public typealias Exclusive = (_ body: @escaping (Registry) throws -> Void) throws -> Void

    let execute: Executor?
    let exclusive: Exclusive?
    /// What the command printed on standard output.
    public private(set) var standardOutput: [UInt8] = []
    /// The lines it printed on standard error.
    public private(set) var standardError: [String] = []
    /// The error that ended the command, if one did.
    public internal(set) var error: Error?
    /// The outcome of the writing command it executed, if it executed one.
    public internal(set) var outcome: CommandOutcome?
    /// The command ID it executed under.
    public internal(set) var commandID: String?

    /// Creates a run whose writing commands go to `execute` (nil: the command opens the log itself).
    public init(execute: Executor?, exclusive: Exclusive? = nil) {
        self.execute = execute
        self.exclusive = exclusive
    }

    /// Runs an import's rows on the server's writer; a failure of the writer itself stops the import at its start.
    func importRows(_ body: (Registry) throws(ImportInterrupted) -> ImportReport) throws(ImportInterrupted) -> ImportReport {
        var result: Result<ImportReport, ImportInterrupted>?
        do {
            // The writer runs `body` while this thread waits for it: it does not outlive this call.
            try withoutActuallyEscaping(body) { body in
                try exclusive? { registry in result = Result { () throws(ImportInterrupted) in try body(registry) } }
            }
        } catch {
            throw ImportInterrupted(underlying: error, line: 0, imported: 0)
        }
        guard let result else { throw ImportInterrupted(underlying: RegistryError.readModel("the server's writer is stopped"), line: 0, imported: 0) }
        return try result.get()
    }

    func write(_ bytes: [UInt8]) { standardOutput.append(contentsOf: bytes) }
    func writeError(_ line: String) { standardError.append(line) }
}

extension RegistryCLI {
    /// Runs one command as `main` does, collecting its output and outcome in `run`.
    /// - Returns: the exit code the command line would have returned.
    public static func main(_ arguments: [String], environment: [String: String], embeddedIn run: EmbeddedRun) -> Int32 {
        EmbeddedRun.$current.withValue(run) { main(arguments, environment: environment) }
    }

    /// The exit code and the one-sentence message the command line gives for an error.
    public static func exitCodeAndMessage(for error: Error, language: Language) -> (code: Int32, message: String) {
        describe(error, language)
    }

    /// Every command of the vocabulary, described for other front ends (the server's routes and its OpenAPI document).
    public static var commandDescriptions: [CommandDescription] {
        commands.map { spec in
            CommandDescription(path: spec.path, arguments: spec.arguments, summary: spec.summary, role: spec.role,
                               options: spec.options.map { .init(name: $0.name, valueName: $0.valueName, help: $0.help, isRequired: $0.required,
                                                                  repeats: $0.repeats) })
        }
    }
}

/// A command of the vocabulary as other front ends see it.
public struct CommandDescription: Sendable {
    /// One option.
    public struct Option: Sendable {
        /// `--paid-on`.
        public let name: String
        /// `DATE`, or nil for a flag.
        public let valueName: String?
        /// One line of help.
        public let help: String
        /// Whether the command needs it.
        public let isRequired: Bool
        /// Whether it may be given more than once.
        public let repeats: Bool
    }
    /// The words that name it, e.g. `["stipend", "confirm"]`.
    public let path: [String]
    /// Its positional arguments, e.g. `PLACEMENT`.
    public let arguments: String
    /// One line in English and in Chinese.
    public let summary: (en: String, zh: String)
    /// Who may run it.
    public let role: String
    /// Its options.
    public let options: [Option]
}
