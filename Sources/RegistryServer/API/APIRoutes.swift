import Foundation
import HTTPServer
import RegistryCLI
import RegistryDomain
import RegistryService

/// The JSON API: one route per command of the command line (`APIEndpoint`), each running that
/// command in-process for the authenticated account (`EmbeddedRun`), so that validation, rules,
/// messages and Auth_01 are the command line's own.
enum APIRoutes {
    static let uploadLimit = 10 * 1024 * 1024

    static func register(on router: Router) {
        for endpoint in APIEndpoint.all {
            // A command's writes reach the writer, which confirms a bearer token met before; an import
            // (an upload, run as an exclusive job) looks its token up as every other request does.
            router.add(endpoint.method, endpoint.pattern, bodyLimit: endpoint.isUpload ? uploadLimit : 64 * 1024,
                       writerConfirmsBearer: endpoint.method == "POST" && !endpoint.isUpload) { context in
                try run(endpoint, context)
            }
        }
    }

    /// `paidOn` → `--paid-on`.
    static func optionName(_ key: String) -> String {
        var name = "--"
        for character in key {
            if character.isUppercase { name += "-" + character.lowercased() } else { name.append(character) }
        }
        return name
    }

    /// `--paid-on` → `paidOn`.
    static func fieldName(_ option: String) -> String {
        var out = ""
        var upper = false
        for character in option.dropFirst(2) {
            if character == "-" { upper = true; continue }
            out += upper ? character.uppercased() : String(character)
            upper = false
        }
        return out
    }

    /// Options a request may not give: the server sets them (`--as` from the account), or they reach the server's files.
    static let reservedOptions: Set<String> = ["--as", "--log", "--format", "--lang", "--command-id", "--receipt", "--excel", "--help", "--version"]

    /// A value given as a positional argument must not read as an option (`--as=…`).
    static func checkedPositional(_ value: String, field: String, _ context: RequestContext) throws(APIError) -> String {
        guard !value.hasPrefix("-") else {
            throw APIError.badRequest(field: field, message: context.t("\(field) '\(value)' is not a valid ID.", "\(field) '\(value)' 不是有效的编号。"))
        }
        return value
    }

    private static func run(_ endpoint: APIEndpoint, _ context: RequestContext) throws -> HTTPResponse {
        // Forced: `.account` routes are reached only with an account.
        let account = context.account!
        var arguments = endpoint.command
        var options: [String] = []
        let t = context.t
        var uploadDirectory: String?
        defer { if let uploadDirectory { try? FileManager.default.removeItem(atPath: uploadDirectory) } }
        if endpoint.isUpload {
            let directory = NSTemporaryDirectory() + "registry-upload-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            uploadDirectory = directory
            let name = (context.request.queryValue("file") ?? "upload.csv").split(separator: "/").last.map(String.init) ?? "upload.csv"
            // The clerk's file name names the report, and the upload is kept under it: "." and ".." are no
            // file's name, and a name longer than a file system's 255 bytes cannot be stored (both were 500s).
            guard name != ".", name != "..", name.utf8.count <= 200 else {
                throw APIError.badRequest(field: "file", message: t("file '\(name.prefix(40))' is not a file name (at most 200 bytes, not '.' or '..').",
                                                                    "file '\(name.prefix(40))' 不是文件名（至多 200 字节，且不能是 '.' 或 '..'）。"))
            }
            let path = directory + "/" + name
            guard FileManager.default.createFile(atPath: path, contents: Data(context.request.body)) else {
                throw APIError.internalError(message: "cannot store the uploaded file")
            }
            arguments.append(path)
        }
        for name in endpoint.positionals {
            guard let value = context.parameters[name] else { throw APIError.notFound(message: context.request.path) }
            arguments.append(try checkedPositional(value, field: name, context))
        }
        var pairs: [(String, JSONValue)] = context.request.query.filter { $0.name != "lang" && $0.name != "file" }.map { ($0.name, .string($0.value)) }
        if endpoint.method == "POST" && !endpoint.isUpload {
            let body = try context.jsonObject()
            if let key = endpoint.bodyPositional {
                guard let id = body[key]?.argument else { throw APIError.badRequest(field: key, message: t("missing \(key).", "缺少 \(key)。")) }
                arguments.append(try checkedPositional(id, field: key, context))
            }
            pairs += body.filter { $0.key != endpoint.bodyPositional }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        for (key, value) in pairs {
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw APIError.badRequest(field: key, message: t("unknown field '\(key)'.", "未知字段 '\(key)'。"))
            }
            let option = optionName(key)
            // The global options are the server's to set: who acts, the log, formats, receipt files.
            guard !reservedOptions.contains(option) else {
                throw APIError.badRequest(field: key, message: t("unknown field '\(key)'.", "未知字段 '\(key)'。"))
            }
            switch value {
            case .bool(let flag): if flag { options.append(option) }
            case .null: continue
            case .array(let list):
                for item in list {
                    guard let text = item.argument else {
                        throw APIError.badRequest(field: key, message: t("field '\(key)' must list strings or numbers.", "字段 '\(key)' 必须列出字符串或数字。"))
                    }
                    options.append(option + "=" + text)
                }
            case .object:
                throw APIError.badRequest(field: key, message: t("field '\(key)' must be a string, a number, true or a list.",
                                                                 "字段 '\(key)' 必须是字符串、数字、true 或列表。"))
            default:
                // Scalars: `.argument` is non-nil for strings and numbers.
                options.append(option + "=" + value.argument!)
            }
        }
        arguments += options
        arguments += ["--format", "json", "--lang", context.language.rawValue, "--as", account.actor.description,
                      "--log", context.server.configuration.logDirectory]
        // Without an Idempotency-Key every request is a new command.
        arguments.append("--command-id=" + (context.request.header("idempotency-key") ?? "http-" + UUID().uuidString.lowercased()))
        var response = execute(arguments, context)
        if let uploadDirectory {
            // The report names the file as the clerk called it, not where the server kept it.
            response.body = Array(String(decoding: response.body, as: UTF8.self).replacingOccurrences(of: uploadDirectory + "/", with: "").utf8)
        }
        return response
    }

    /// Runs a command line for the context's account and turns its outcome into an HTTP answer.
    static func execute(_ arguments: [String], _ context: RequestContext) -> HTTPResponse {
        executeForAnswer(arguments, context).response
    }

    /// A run of the command line inside the server for the request's account (the JSON API's and the
    /// pages'): its writes go to the server's writer under the account's person, and the environment
    /// names no log or actor of its own.
    static func embeddedRun(for context: RequestContext) -> (run: EmbeddedRun, environment: [String: String]) {
        // Forced: commands run only on `.account` routes, or on pages after their sign-in gate.
        let person = context.account!.user
        let writer = context.server.writer
        let bearer = context.bearerCheck
        let server = context.server
        let run = EmbeddedRun(
            execute: { command, actor, commandID in try writer.execute(command, by: actor, person: person, commandID: commandID, bearer: bearer) },
            exclusive: { body in
                // An exclusive job is not decided under the lock's round trip: its token is asked now.
                if let bearer { try server.confirmNow(bearer) }
                try writer.exclusive(person: person, body)
            })
        var environment = context.server.configuration.environment
        environment["REGISTRY_LOG"] = nil
        environment["REGISTRY_ACTOR"] = nil
        return (run, environment)
    }

    /// `execute`, with the failure kept apart for pages.
    static func executeForAnswer(_ arguments: [String], _ context: RequestContext) -> (response: HTTPResponse, failure: APIError?) {
        let (run, environment) = embeddedRun(for: context)
        let code = RegistryCLI.main(arguments, environment: environment, embeddedIn: run)
        if code == 0, let outcome = run.outcome {
            let answer = AppendedAnswer(commandId: run.commandID, duplicate: outcome.wasDuplicate ? true : nil,
                                        positions: outcome.positions.map { [$0.lowerBound, $0.upperBound] } ?? [])
            return (.jsonText(outcome.wasDuplicate ? 200 : 201, answer.json), nil)
        }
        if code == 0 || (code == 1 && run.error == nil) {
            // A read's JSON, or an import's report (rows rejected by rules are listed in it).
            return (.jsonText(200, jsonBody(run.standardOutput)), nil)
        }
        let error = failure(code: code, run: run, context)
        return (error.response, error)
    }

    /// The answer to an appended (or repeated) command: `{"commandId": …, "positions": [from, to]}`,
    /// with `"duplicate": true` for a repeated Idempotency-Key.
    struct AppendedAnswer: Encodable {
        let commandId: String?
        let duplicate: Bool?
        let positions: [UInt64]

        /// Written by JSONEncoder, keys sorted as `HTTPResponse.json` writes them: JSONSerialization
        /// (through NSDictionary) cost a tenth of the server's CPU for this one small object.
        var json: [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // Strings, a Bool and integers: encoding cannot fail.
            return Array(try! encoder.encode(self)) + [10]
        }
    }

    /// The command's standard output as one JSON document (several JSON lines become an array).
    static func jsonBody(_ output: [UInt8]) -> [UInt8] {
        if output.isEmpty { return Array("{}\n".utf8) }
        if (try? JSONSerialization.jsonObject(with: Data(output), options: [.fragmentsAllowed])) != nil { return output }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        if lines.allSatisfy({ (try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed])) != nil }) {
            return Array(("[" + lines.joined(separator: ",\n") + "]\n").utf8)
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["text": String(decoding: output, as: UTF8.self)])) ?? Data()
        return Array(data) + [10]
    }

    /// The HTTP failure for a command's exit code and error.
    static func failure(code: Int32, run: EmbeddedRun, _ context: RequestContext) -> APIError {
        if case RegistryError.rejected(let rejection)? = run.error {
            let message = rejection.message(context.language)
            switch rejection.kind {
            case .rule, .invalidState: return .rejected(rule: rejection.ruleID?.rawValue, message: message)
            case .notFound: return .notFound(message: message)
            case .invalidInput: return .badRequest(field: nil, message: message)
            case .notPermitted: return .forbidden(rule: "Auth_01", message: message)
            }
        }
        let text = run.error.map { RegistryCLI.exitCodeAndMessage(for: $0, language: context.language).message }
            ?? run.standardError.joined(separator: " ")
        let message = readable(stripPrefix(text))
        switch code {
        case 1: return .rejected(rule: ruleID(in: text), message: message)
        case 3: return .conflict(message: message)
        case 4: return .internalError(message: message)
        case 5: return .forbidden(rule: "Auth_01", message: message)
        default:
            // The read commands say "there is no student 'X'" for an unknown ID (a usage error on the command line): 404 here.
            if message.hasPrefix("there is no ") || message.hasPrefix("没有") || message.hasPrefix("no such ") { return .notFound(message: message) }
            return .badRequest(field: field(in: text), message: message)
        }
    }

    private static func stripPrefix(_ text: String) -> String {
        for prefix in ["error: ", "错误："] where text.hasPrefix(prefix) { return String(text.dropFirst(prefix.count)) }
        if text.hasPrefix("error["), let end = text.firstIndex(of: "]") {
            return String(text[text.index(after: end)...]).trimmingCharacters(in: CharacterSet(charactersIn: ": "))
        }
        return text
    }

    private static func ruleID(in text: String) -> String? {
        guard text.hasPrefix("error["), let end = text.firstIndex(of: "]") else { return nil }
        return String(text[text.index(text.startIndex, offsetBy: 6)..<end])
    }

    private static let optionPattern = try! NSRegularExpression(pattern: "--[a-z][a-z0-9-]*")  // A constant pattern: cannot fail.

    /// The first option a message names, as the JSON field (`--paid-on` → `paidOn`; `ID`, `USER` → `id`).
    static func field(in text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        for match in optionPattern.matches(in: text, range: range) {
            let option = String(text[Range(match.range, in: text)!])
            if !["--as", "--format", "--lang", "--log", "--help"].contains(option) {
                return option == "--command-id" ? "Idempotency-Key" : fieldName(option)
            }
        }
        for label in [" ID ", " ID.", "ID '", "PLACEMENT", "APPRENTICESHIP", "STREAM", "POSITION"] where text.contains(label) { return "id" }
        return nil
    }

    /// The message with the command line's option names written as the API's field names.
    static func readable(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        var out = text
        for match in optionPattern.matches(in: text, range: range).reversed() {
            let option = String(text[Range(match.range, in: text)!])
            guard let swapped = Range(match.range, in: out) else { continue }
            out.replaceSubrange(swapped, with: option == "--command-id" ? "Idempotency-Key" : fieldName(option))
        }
        return out
    }
}
