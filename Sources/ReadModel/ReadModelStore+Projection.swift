import RegistryDomain
import SQLiteSupport

extension ReadModelStore {
    /// Folds one event into the tables. Never fails on content: an event for a row that does not
    /// exist changes nothing, as `evolve` would.
    func project(_ event: RegistryEvent, at position: UInt64) throws {
        switch event {
        case .registryInitialized(let e):
            try db.run("INSERT OR IGNORE INTO registry(id, jurisdiction, initialized_on) VALUES (1, ?, ?)",
                       [.text(e.jurisdiction), .text(e.on.description)])
        case .policyAdopted(let e):
            try db.run("INSERT OR REPLACE INTO policies(effective_from, profile, position) VALUES (?, ?, ?)",
                       [.text(e.from.description), .text(e.policy.profile), .integer(Int64(position))])
        case .schoolRegistered(let e):
            try db.run("INSERT OR IGNORE INTO schools(id, name, level) VALUES (?, ?, ?)",
                       [.text(e.id), .text(e.name), .text(e.level.rawValue)])
        case .enterpriseRegistered(let e):
            try db.run("INSERT OR IGNORE INTO enterprises(id, name, above_scale) VALUES (?, ?, ?)",
                       [.text(e.id), .text(e.name), .integer(e.aboveScale ? 1 : 0)])
        case .workforceDeclared(let e):
            try db.run("INSERT OR REPLACE INTO workforce(enterprise, as_of, headcount) VALUES (?, ?, ?)",
                       [.text(e.enterprise), .text(e.asOf.description), .integer(Int64(e.headcount))])
            try db.run("DELETE FROM workforce_posts WHERE enterprise = ? AND as_of = ?", [.text(e.enterprise), .text(e.asOf.description)])
            for post in Set(e.posts.keys).union(e.wageStandards.keys).sorted() {
                try db.run("""
                    INSERT INTO workforce_posts(enterprise, as_of, post, headcount, wage_standard_fen) VALUES (?, ?, ?, ?, ?)
                    """, [.text(e.enterprise), .text(e.asOf.description), .text(post),
                          e.posts[post].map { .integer(Int64($0)) } ?? .null,
                          e.wageStandards[post].map { .integer($0.fen) } ?? .null])
            }
        case .studentEnrolled(let e):
            try db.run("""
                INSERT OR IGNORE INTO students(id, school, name, major, birth, enrolled, status) VALUES (?, ?, ?, ?, ?, ?, 'enrolled')
                """, [.text(e.id), .text(e.school), .text(e.name), .text(e.major), .text(e.birth.description), .text(e.enrolled.description)])
        case .studentStatusEnded(let e):
            try db.run("UPDATE students SET status = ?, status_ended_on = ?, status_reason = ? WHERE id = ?",
                       [.text(e.reason.rawValue), .text(e.on.description), .text(e.reason.rawValue), .text(e.student)])
        case .studentHired(let e):
            try db.run("INSERT INTO hires(student, enterprise, hired_on) VALUES (?, ?, ?)",
                       [.text(e.student), .text(e.enterprise), .text(e.on.description)])
        case .placementRegistered(let e):
            try db.run("""
                INSERT OR IGNORE INTO placements(id, student, school, enterprise, kind, planned_start, planned_end, stipend_fen,
                    post, agreement, major_relevant, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'registered')
                """, [.text(e.id), .text(e.student), .text(e.school), .text(e.enterprise), .text(e.kind.rawValue),
                      .text(e.start.description), .text(e.end.description), .integer(e.stipend.fen),
                      e.post.map { .text($0) } ?? .null, e.agreement.map { .text($0) } ?? .null, .integer(e.majorRelevant ? 1 : 0)])
        case .insuranceEnrolled(let e):
            try db.run("""
                INSERT OR REPLACE INTO insurance(placement, policy_number, insurer, covers, cover_from, cover_to, paid_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(e.placement), .text(e.policyNumber), .text(e.insurer),
                      .text(e.covers.sorted().map(\.rawValue).joined(separator: ",")), .text(e.from.description),
                      .text(e.to.description), .text(e.paidBy.rawValue)])
        case .insuranceCancelled(let e):
            try db.run("UPDATE insurance SET cancelled_on = ? WHERE placement = ? AND policy_number = ?",
                       [.text(e.on.description), .text(e.placement), .text(e.policyNumber)])
        case .placementStarted(let e):
            try db.run("UPDATE placements SET status = 'active', started_on = ?, agreement = COALESCE(?, agreement) WHERE id = ?",
                       [.text(e.on.description), e.agreement.map { .text($0) } ?? .null, .text(e.placement)])
        case .placementExtended(let e):
            try db.run("UPDATE placements SET planned_end = ? WHERE id = ?", [.text(e.to.description), .text(e.placement)])
        case .stipendConfirmed(let e):
            try db.run("""
                INSERT INTO stipends(placement, month, amount_fen, paid_on, corrections) VALUES (?, ?, ?, ?, 0)
                ON CONFLICT(placement, month) DO UPDATE SET amount_fen = excluded.amount_fen, paid_on = excluded.paid_on,
                    corrections = corrections + 1
                """, [.text(e.placement), .text(e.month.description), .integer(e.amount.fen), .text(e.paidOn.description)])
        case .placementCompleted(let e):
            try db.run("UPDATE placements SET status = 'completed', ended_on = ? WHERE id = ?", [.text(e.on.description), .text(e.placement)])
        case .placementTerminated(let e):
            try db.run("UPDATE placements SET status = 'terminated', ended_on = ?, end_reason = ? WHERE id = ?",
                       [.text(e.on.description), .text(e.reason), .text(e.placement)])
        case .apprenticeshipContracted(let e):
            try db.run("""
                INSERT OR IGNORE INTO apprenticeships(id, student, school, enterprise, scheme, level, labor_contract, contract_end,
                    start, end, school_tutor, mentor, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')
                """, [.text(e.id), .text(e.student), .text(e.school), .text(e.enterprise), .text(e.scheme.rawValue),
                      .text(e.level.rawValue), .text(e.laborContract), .text(e.contractEnd.description), .text(e.start.description),
                      .text(e.end.description), .text(e.schoolTutor), .text(e.mentor)])
        case .apprenticeshipCompleted(let e):
            try db.run("UPDATE apprenticeships SET status = 'completed', ended_on = ?, certificate = ? WHERE id = ?",
                       [.text(e.on.description), .text(e.certificate), .text(e.apprenticeship)])
        case .apprenticeshipTerminated(let e):
            try db.run("UPDATE apprenticeships SET status = 'terminated', ended_on = ?, end_reason = ? WHERE id = ?",
                       [.text(e.on.description), .text(e.reason), .text(e.apprenticeship)])
        case .subsidyAdvanced(let e):
            try subsidy(position, e.apprenticeship, "advance", e.amount, e.on)
        case .subsidySettled(let e):
            try subsidy(position, e.apprenticeship, "settlement", e.amount, e.on)
        case .subsidyClawedBack(let e):
            try subsidy(position, e.apprenticeship, "clawback", e.amount, e.on)
        }
    }

    private func subsidy(_ position: UInt64, _ apprenticeship: String, _ kind: String, _ amount: Money, _ on: CalendarDate) throws {
        try db.run("INSERT OR REPLACE INTO subsidies(position, apprenticeship, kind, amount_fen, paid_on) VALUES (?, ?, ?, ?, ?)",
                   [.integer(Int64(position)), .text(apprenticeship), .text(kind), .integer(amount.fen), .text(on.description)])
    }
}
