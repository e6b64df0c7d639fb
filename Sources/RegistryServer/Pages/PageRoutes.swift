import Foundation
import HTTPServer
import RegistryDomain
import WebPages

/// The server-rendered pages, registered beside the JSON API. GET pages are `.open` routes that
/// send a visitor who is not signed in to the sign-in page (a browser should see a page, not a 401
/// JSON body); every POST is an `.account` route, so the server checks the form's `csrf_token`
/// before the handler runs.
enum PageRoutes {
    static func register(on router: Router) {
        router.get("/", access: .open) { c in
            guard let actor = c.actor else { return .redirect(to: "/login") }
            return .redirect(to: home(actor.role))
        }
        AccountPageRoutes.register(on: router)
        SchoolPageRoutes.register(on: router)
        EnterprisePageRoutes.register(on: router)
        BureauPageRoutes.register(on: router)
        InspectorPageRoutes.register(on: router)
    }

    /// The first page of each role.
    static func home(_ role: Role) -> String {
        switch role {
        case .school: "/school/placements"
        case .enterprise: "/enterprise/stipends"
        case .bureau: "/bureau/accounts"
        case .inspector: "/audit"
        }
    }

    /// The 1-based page number of `?page=`.
    static func pageNumber(_ c: RequestContext) -> Int {
        max(1, c.request.queryValue("page").flatMap(Int.init) ?? 1)
    }

    /// A non-empty query value.
    static func query(_ c: RequestContext, _ name: String) -> String? {
        c.request.queryValue(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
    }
}
