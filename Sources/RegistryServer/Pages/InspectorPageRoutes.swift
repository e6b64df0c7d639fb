import EventStore
import Foundation
import HTTPServer
import RegistryDomain
import RegistryService
import WebPages

/// An inspector's pages (the bureau sees the audit too): the audit with filters and time travel, a stream's history, verify.
enum InspectorPageRoutes {
    static func register(on router: Router) {
        router.get("/audit", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.inspector, .bureau]) { return refusal }
            return audit(c)
        }
        router.get("/history", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.inspector, .bureau]) { return refusal }
            guard let stream = PageRoutes.query(c, "stream") else {
                return PageSupport.page(c, InspectorPages.history(stream: nil, entries: [], PageSupport.context(c)))
            }
            do {
                let entries = try PageSupport.read([HistoryEntry].self, ["history", try APIRoutes.checkedPositional(stream, field: "stream", c)], c)
                return PageSupport.page(c, InspectorPages.history(stream: stream, entries: entries, PageSupport.context(c)))
            } catch { return PageSupport.failurePage(c, error, title: c.t("History", "历史记录") + " " + stream) }
        }
        router.get("/verify", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.inspector, .bureau]) { return refusal }
            struct Answer: Decodable {
                var events: UInt64
                var head_position: UInt64
                var head_hash: String
            }
            let result = PageSupport.run(["verify"], c)
            if let answer = try? JSONDecoder().decode(Answer.self, from: Data(result.output)), let hash = Digest(hex: answer.head_hash) {
                let outcome = VerifyOutcome(isIntact: result.succeeded, head: LogHead(position: answer.head_position, hash: hash, recordedAt: 0),
                                            events: answer.events, problems: result.failure.map { [$0.message] } ?? [])
                return PageSupport.page(c, InspectorPages.verify(outcome, PageSupport.context(c)))
            }
            return PageSupport.failurePage(c, result.failure ?? APIError.internalError(message: String(decoding: result.output, as: UTF8.self)),
                                           title: c.t("Verify", "校验"))
        }
    }

    /// The audit on `?on=` (default today), judged on the log as it stood at the end of `?until=` (a date), filtered.
    static func audit(_ c: RequestContext) -> HTTPResponse {
        let today = PageSupport.today(c)
        let on = PageRoutes.query(c, "on").flatMap(CalendarDate.init) ?? today
        let until = PageRoutes.query(c, "until").flatMap(CalendarDate.init)
        let filters = AuditFilters(on: on, until: until, school: PageRoutes.query(c, "school"), enterprise: PageRoutes.query(c, "enterprise"),
                                   rule: PageRoutes.query(c, "rule"))
        do {
            // A read-only view of the log, as the command line's reads open it while the server writes.
            let registry = try c.server.openReader()
            let through = try until.flatMap { try registry.position(until: "\($0)T23:59:59Z") } ?? registry.log.head.position
            let state = try registry.state(through: through)
            // As `registry audit --format html --until` does, the head shown is the log's (the hash to verify it by);
            // the time-travel note above the report names the position judged.
            let head = registry.log.head
            let findings = filters.apply(to: Audit.findings(in: state, on: on))
            return PageSupport.page(c, InspectorPages.audit(state: state, findings: findings, head: head, through: through, filters: filters,
                                                            PageSupport.context(c)))
        } catch { return PageSupport.failurePage(c, error, title: c.t("Audit", "审计")) }
    }
}
