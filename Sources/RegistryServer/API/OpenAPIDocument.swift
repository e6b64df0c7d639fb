import Foundation
import HTTPServer
import RegistryCLI

/// The OpenAPI 3 document of the JSON API, made from the same table the routes are (`APIEndpoint`),
/// so that it cannot drift from them. Each operation names its command (`x-cli-command`); the
/// commands only the command line runs are listed under `x-cli-only` with the reason.
enum OpenAPIDocument {
    static func make() -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        let descriptions = Dictionary(RegistryCLI.commandDescriptions.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for endpoint in APIEndpoint.all {
            guard let command = descriptions[endpoint.command] else { continue }
            var parameters: [[String: Any]] = endpoint.positionals.map {
                ["name": $0, "in": "path", "required": true, "schema": ["type": "string"]]
            }
            var properties: [String: Any] = [:]
            var required: [String] = []
            if let key = endpoint.bodyPositional {
                properties[key] = ["type": "string"]
                required.append(key)
            }
            for option in command.options {
                let name = APIRoutes.fieldName(option.name)
                let schema: [String: Any] = option.valueName == nil ? ["type": "boolean", "description": option.help]
                    : option.repeats ? ["type": "array", "items": ["type": "string"], "description": option.help]
                    : ["type": "string", "description": option.help + " (" + (option.valueName ?? "") + ")"]
                if endpoint.method == "GET" {
                    parameters.append(["name": name, "in": "query", "required": option.isRequired && option.valueName != nil, "schema": schema])
                } else {
                    properties[name] = schema
                    if option.isRequired && option.valueName != nil { required.append(name) }
                }
            }
            var operation: [String: Any] = [
                "summary": command.summary.en,
                "description": command.summary.zh + (command.role.isEmpty ? "" : "\n\nRole: " + command.role),
                "operationId": command.path.joined(separator: "-"),
                "x-cli-command": "registry " + command.path.joined(separator: " "),
                "parameters": parameters + [["name": "Accept-Language", "in": "header", "schema": ["type": "string", "enum": ["zh", "en"]]]],
                "responses": responses(endpoint),
            ]
            if endpoint.isUpload {
                operation["requestBody"] = ["required": true, "content": ["text/csv": ["schema": ["type": "string", "format": "binary"]]]]
                operation["description"] = (operation["description"] as? String ?? "") + "\n\nThe body is the CSV file, at most 10 MB; `?file=NAME.csv` names it in the report."
            } else if endpoint.method == "POST" {
                operation["requestBody"] = ["required": !required.isEmpty, "content": ["application/json": ["schema": [
                    "type": "object", "properties": properties, "required": required, "additionalProperties": false]]]]
                operation["parameters"] = (operation["parameters"] as? [[String: Any]] ?? [])
                    + [["name": "Idempotency-Key", "in": "header", "schema": ["type": "string"],
                        "description": "plays the command ID's part: a repeat answers 200 with the first positions"]]
            }
            paths[endpoint.pattern, default: [:]][endpoint.method.lowercased()] = operation
        }
        paths["/api/v1/session"] = [
            "post": ["summary": "Log in", "operationId": "session-create", "security": [],
                     "requestBody": ["required": true, "content": ["application/json": ["schema": [
                        "type": "object", "required": ["user", "password"],
                        "properties": ["user": ["type": "string"], "password": ["type": "string"]]]]]],
                     "responses": ["200": ["description": "logged in: session cookie, {csrfToken, actor}"],
                                   "401": ["description": "wrong user or password"], "429": ["description": "locked for 15 minutes"]]],
            "get": ["summary": "Who is logged in", "operationId": "session-show", "responses": ["200": ["description": "{user, actor, csrfToken}"]]],
            "delete": ["summary": "Log out", "operationId": "session-delete", "responses": ["200": ["description": "logged out"]]],
        ]
        paths["/api/v1/session/password"] = ["post": ["summary": "Change one's own password", "operationId": "session-password",
                                                      "requestBody": ["required": true, "content": ["application/json": ["schema": [
                                                        "type": "object", "required": ["current", "new"],
                                                        "properties": ["current": ["type": "string"], "new": ["type": "string", "minLength": 10]]]]]],
                                                      "responses": ["200": ["description": "changed"], "403": ["description": "wrong current password"]]]]
        let accountCommand = { (words: String) in "registry account " + words }
        paths["/api/v1/accounts"] = [
            "get": ["summary": "List accounts (bureau)", "operationId": "account-list", "x-cli-command": accountCommand("list"),
                    "responses": ["200": ["description": "accounts"]]],
            "post": ["summary": "Create an account (bureau); answers its one-time password", "operationId": "account-add",
                     "x-cli-command": accountCommand("add"),
                     "requestBody": ["required": true, "content": ["application/json": ["schema": [
                        "type": "object", "required": ["user", "role"],
                        "properties": ["user": ["type": "string"], "role": ["type": "string", "example": "school:S01"], "name": ["type": "string"]]]]]],
                     "responses": ["201": ["description": "{user, password}"], "403": ["description": "Auth_01"], "409": ["description": "exists"]]],
        ]
        for (verb, path) in [("disable", "disable"), ("reset-password", "reset-password"), ("token", "tokens")] {
            paths["/api/v1/accounts/{user}/\(path)"] = ["post": [
                "summary": "registry account \(verb)", "operationId": "account-\(verb)", "x-cli-command": accountCommand(verb),
                "parameters": [["name": "user", "in": "path", "required": true, "schema": ["type": "string"]]],
                "responses": ["200": ["description": "done"], "201": ["description": "token issued"], "404": ["description": "no such account"]]]]
        }
        paths["/api/v1/openapi.json"] = ["get": ["summary": "This document", "operationId": "openapi", "security": [],
                                                 "responses": ["200": ["description": "OpenAPI 3"]]]]
        return [
            "openapi": "3.0.3",
            "info": ["title": "Placement registry JSON API", "version": "1",
                     "description": "Every command of the `registry` command line, with its validation, rules and messages. Options are camelCase fields (`--paid-on` is `paidOn`)."],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": ["securitySchemes": [
                "session": ["type": "apiKey", "in": "cookie", "name": RegistryServer.sessionCookie,
                            "description": "state-changing requests also need the X-CSRF-Token header"],
                "token": ["type": "http", "scheme": "bearer", "description": "registry account token USER"]]],
            "security": [["session": []], ["token": []]],
            "x-cli-only": Dictionary(uniqueKeysWithValues: APIEndpoint.commandLineOnly.map { ("registry " + $0.key.joined(separator: " "), $0.value) }),
        ]
    }

    static func responses(_ endpoint: APIEndpoint) -> [String: Any] {
        let error: [String: Any] = ["content": ["application/json": ["schema": ["type": "object", "properties": [
            "message": ["type": "string"], "rule": ["type": "string"], "field": ["type": "string"]]]]]]
        func with(_ description: String) -> [String: Any] { error.merging(["description": description]) { a, _ in a } }
        var responses: [String: Any] = [
            "400": with("malformed input, naming the field"), "401": with("not logged in"),
            "403": with("not permitted (Auth_01) or missing CSRF token"), "404": with("unknown ID"),
        ]
        if endpoint.method == "GET" {
            responses["200"] = ["description": "the command's JSON output (the typed read records)"]
        } else {
            responses["201"] = ["description": "appended: {positions: [from, to]}"]
            responses["200"] = ["description": "repeated Idempotency-Key: the first positions (imports: the row report)"]
            responses["409"] = with("conflict")
            responses["422"] = with("rejected by a rule: {rule, message}")
            responses["413"] = with(endpoint.isUpload ? "body over 10 MB" : "body over 64 KB")
        }
        return responses
    }
}

enum OpenAPIRoute {
    static func register(on router: Router) {
        let document = HTTPResponse.json(200, OpenAPIDocument.make())
        router.get("/api/v1/openapi.json", access: .open) { _ in document }
    }
}
