import Foundation
import HTTPServer

/// `/api/v1/accounts`: the bureau's account operations over HTTP (the command line has `registry account …`).
enum AccountRoutes {
    static func service(_ context: RequestContext) -> AccountService {
        // Forced: `.account` routes are reached only with an account.
        let writer = context.server.writer, person = context.account!.user
        return AccountService(credentials: context.server.credentials, actor: context.account!.actor, language: context.language,
                              record: { event in try writer.exclusive(person: person) { registry in try AccountLog.append(event, by: context.account!.actor, to: registry) } })
    }

    static func register(on router: Router) {
        router.get("/api/v1/accounts") { context in
            let accounts = try service(context).list()
            return .json(200, accounts.map { ["user": $0.user, "actor": $0.actor.description, "name": $0.displayName ?? "", "disabled": $0.isDisabled] as [String: Any] })
        }
        router.post("/api/v1/accounts") { context in
            let body = try context.jsonObject()
            guard case .string(let user)? = body["user"] else { throw APIError.badRequest(field: "user", message: context.t("missing user.", "缺少 user。")) }
            guard case .string(let role)? = body["role"] else { throw APIError.badRequest(field: "role", message: context.t("missing role.", "缺少 role。")) }
            var name: String?
            if case .string(let given)? = body["name"] { name = given }
            let password = try service(context).add(user: user, role: role, name: name)
            return .json(201, ["user": user, "password": password])
        }
        router.post("/api/v1/accounts/{user}/disable") { context in
            let user = context.parameters["user"] ?? ""
            try service(context).disable(user: user)
            context.server.sessions.endAll(user: user)
            return .json(200, ["user": user, "disabled": true])
        }
        router.post("/api/v1/accounts/{user}/reset-password") { context in
            let user = context.parameters["user"] ?? ""
            let password = try service(context).resetPassword(user: user)
            context.server.sessions.endAll(user: user)
            return .json(200, ["user": user, "password": password])
        }
        router.post("/api/v1/accounts/{user}/tokens") { context in
            let user = context.parameters["user"] ?? ""
            return .json(201, ["user": user, "token": try service(context).token(user: user)])
        }
    }
}
