import RegistryDomain
import SQLiteSupport

/// The read model's projection: what each event does to the rows of `ReadModelSchema`'s tables.
/// A pure function; `ReadModelStore.apply` runs its changes as SQL, `ReadModelBuilder` in memory.
public enum Projection {
    private typealias S = ReadModelSchema

    /// The row changes `event`, recorded at log `position`, makes.
    public static func changes(for event: RegistryEvent, at position: UInt64) -> [RowChange] {
        switch event {
        case .registryInitialized(let e):
            return [.insert(S.registry, [.integer(1), .text(e.jurisdiction), date(e.on)], onConflict: .ignore)]
        case .policyAdopted(let e):
            return [.insert(S.policies, [date(e.from), .text(e.policy.profile), .integer(Int64(position))], onConflict: .replace)]
        case .schoolRegistered(let e):
            return [.insert(S.schools, [.text(e.id), .text(e.name), .text(e.level.rawValue)], onConflict: .ignore)]
        case .enterpriseRegistered(let e):
            return [.insert(S.enterprises, [.text(e.id), .text(e.name), .integer(e.aboveScale ? 1 : 0)], onConflict: .ignore)]
        case .workforceDeclared(let e):
            let enterprise = SQLiteValue.text(e.enterprise), asOf = date(e.asOf)
            var out: [RowChange] = [
                .insert(S.workforce, [enterprise, asOf, .integer(Int64(e.headcount))], onConflict: .replace),
                .deleteGroup(S.workforcePosts, [enterprise, asOf]),
            ]
            for post in Set(e.posts.keys).union(e.wageStandards.keys).sorted() {
                out.append(.insert(S.workforcePosts, [enterprise, asOf, .text(post),
                                                      e.posts[post].map { .integer(Int64($0)) } ?? .null,
                                                      e.wageStandards[post].map { .integer($0.fen) } ?? .null],
                                   onConflict: .replace))
            }
            return out
        case .studentEnrolled(let e):
            // Withheld personal data (its key is gone): no name, and no birth date rather than a placeholder.
            let birth = e.personalDataWithheld == true ? SQLiteValue.text("") : date(e.birth)
            return [.insert(S.students, [.text(e.id), .text(e.school), .text(e.name), .text(e.major), birth,
                                         date(e.enrolled), .text("enrolled"), .null, .null], onConflict: .ignore)]
                + (e.idCardDigest.map { [.insert(S.studentIDCards, [.text(e.id), .text($0)], onConflict: .ignore)] } ?? [])
        case .studentStatusEnded(let e):
            return [.update(S.students, key: [.text(e.student)],
                            [Assignment(Column.studentStatus, .set(.text(e.reason.rawValue))),
                             Assignment(Column.studentStatusEndedOn, .set(date(e.on))),
                             Assignment(Column.studentStatusReason, .set(.text(e.reason.rawValue)))])]
        case .studentHired(let e):
            return [.insert(S.hires, [.text(e.student), .text(e.enterprise), date(e.on)], onConflict: .ignore)]
        case .placementRegistered(let e):
            return [.insert(S.placements, [.text(e.id), .text(e.student), .text(e.school), .text(e.enterprise),
                                           .text(e.kind.rawValue), date(e.start), date(e.end), .integer(e.stipend.fen),
                                           e.post.map { .text($0) } ?? .null, e.agreement.map { .text($0) } ?? .null,
                                           .integer(e.majorRelevant ? 1 : 0), .text("registered"), .null, .null, .null],
                            onConflict: .ignore)]
        case .insuranceEnrolled(let e):
            return [.insert(S.insurance, [.text(e.placement), .text(e.policyNumber), .text(e.insurer),
                                          .text(e.covers.sorted().map(\.rawValue).joined(separator: ",")), date(e.from),
                                          date(e.to), .text(e.paidBy.rawValue), .null], onConflict: .replace)]
        case .insuranceCancelled(let e):
            return [.update(S.insurance, key: [.text(e.placement), .text(e.policyNumber)],
                            [Assignment(Column.insuranceCancelledOn, .set(date(e.on)))])]
        case .placementStarted(let e):
            return [.update(S.placements, key: [.text(e.placement)],
                            [Assignment(Column.placementStatus, .set(.text("active"))),
                             Assignment(Column.placementStartedOn, .set(date(e.on))),
                             Assignment(Column.placementAgreement, .setUnlessNull(e.agreement.map { .text($0) } ?? .null))])]
        case .placementExtended(let e):
            return [.update(S.placements, key: [.text(e.placement)], [Assignment(Column.placementPlannedEnd, .set(date(e.to)))])]
        case .stipendConfirmed(let e):
            let amount = SQLiteValue.integer(e.amount.fen), paidOn = date(e.paidOn)
            return [.insert(S.stipends, [.text(e.placement), .text(e.month.description), amount, paidOn, .integer(0)],
                            onConflict: .update([Assignment(Column.stipendAmount, .set(amount)),
                                                 Assignment(Column.stipendPaidOn, .set(paidOn)),
                                                 Assignment(Column.stipendCorrections, .increment)]))]
        case .placementCompleted(let e):
            return [.update(S.placements, key: [.text(e.placement)],
                            [Assignment(Column.placementStatus, .set(.text("completed"))),
                             Assignment(Column.placementEndedOn, .set(date(e.on)))])]
        case .placementTerminated(let e):
            return [.update(S.placements, key: [.text(e.placement)],
                            [Assignment(Column.placementStatus, .set(.text("terminated"))),
                             Assignment(Column.placementEndedOn, .set(date(e.on))),
                             Assignment(Column.placementEndReason, .set(.text(e.reason)))])]
        case .apprenticeshipContracted(let e):
            let agreedWage: [RowChange] = e.monthlyWage.map {
                [.insert(S.apprenticeAgreedWages, [.text(e.id), .integer($0.fen)], onConflict: .ignore)]
            } ?? []
            return agreedWage + [.insert(S.apprenticeships, [.text(e.id), .text(e.student), .text(e.school), .text(e.enterprise),
                                                .text(e.scheme.rawValue), .text(e.level.rawValue), .text(e.laborContract),
                                                date(e.contractEnd), date(e.start), date(e.end), .text(e.schoolTutor),
                                                .text(e.mentor), .text("active"), .null, .null, .null], onConflict: .ignore)]
        case .apprenticeshipCompleted(let e):
            return [.update(S.apprenticeships, key: [.text(e.apprenticeship)],
                            [Assignment(Column.apprenticeshipStatus, .set(.text("completed"))),
                             Assignment(Column.apprenticeshipEndedOn, .set(date(e.on))),
                             Assignment(Column.apprenticeshipCertificate, .set(.text(e.certificate)))])]
        case .apprenticeshipTerminated(let e):
            return [.update(S.apprenticeships, key: [.text(e.apprenticeship)],
                            [Assignment(Column.apprenticeshipStatus, .set(.text("terminated"))),
                             Assignment(Column.apprenticeshipEndedOn, .set(date(e.on))),
                             Assignment(Column.apprenticeshipEndReason, .set(.text(e.reason)))])]
        case .subsidyAdvanced(let e):
            return [subsidy(position, e.apprenticeship, "advance", e.amount, e.on)]
        case .subsidySettled(let e):
            return [subsidy(position, e.apprenticeship, "settlement", e.amount, e.on)]
        case .subsidyClawedBack(let e):
            return [subsidy(position, e.apprenticeship, "clawback", e.amount, e.on)]
        case .studentCorrected(let e):
            // Only the corrected fields change; the others keep what the enrolment recorded.
            let assignments = [e.name.map { Assignment(Column.studentName, .set(.text($0))) },
                               e.birth.map { Assignment(Column.studentBirth, .set(date($0))) }].compactMap { $0 }
            // A correction whose sealed fields cannot be opened (their key is gone) changes no column.
            return assignments.isEmpty ? [] : [.update(S.students, key: [.text(e.student)], assignments)]
        case .enterpriseCorrected(let e):
            return [.update(S.enterprises, key: [.text(e.enterprise)], [Assignment(Column.enterpriseName, .set(.text(e.name)))])]
        case .placementCorrected(let e):
            let assignments = [e.post.map { Assignment(Column.placementPost, .set(.text($0))) },
                               e.agreement.map { Assignment(Column.placementAgreement, .set(.text($0))) }].compactMap { $0 }
            return [.update(S.placements, key: [.text(e.placement)], assignments)]
        case .teacherRegistered(let e):
            return [.insert(S.teachers, [.text(e.id), .text(e.school), .text(e.name), .text(e.course.rawValue),
                                         e.since.map(date) ?? .null, .null, .null], onConflict: .ignore)]
        case .teacherQualified(let e):
            return [.update(S.teachers, key: [.text(e.teacher)],
                            [Assignment(Column.teacherQualifiedOn, .set(date(e.on))),
                             Assignment(Column.teacherQualificationDocument, .set(e.document.map { .text($0) } ?? .null))])]
        case .teacherPracticed(let e):
            return [.insert(S.teacherPractice, [.integer(Int64(position)), .text(e.teacher), .text(e.enterprise), date(e.from),
                                                date(e.to)], onConflict: .replace)]
        case .enterpriseCertified(let e):
            return [.insert(S.certifications, [.integer(Int64(position)), .text(e.enterprise), .text("certified"), date(e.on),
                                               .text(e.document), .null], onConflict: .replace)]
        case .enterpriseCertificationRevoked(let e):
            return [.insert(S.certifications, [.integer(Int64(position)), .text(e.enterprise), .text("revoked"), date(e.on),
                                               .text(e.document), .text(e.reason)], onConflict: .replace)]
        case .apprenticeWageConfirmed(let e):
            let amount = SQLiteValue.integer(e.amount.fen), paidOn = date(e.paidOn)
            return [.insert(S.apprenticeWages, [.text(e.apprenticeship), .text(e.month.description), amount, paidOn, .integer(0)],
                            onConflict: .update([Assignment(Column.apprenticeWageAmount, .set(amount)),
                                                 Assignment(Column.apprenticeWagePaidOn, .set(paidOn)),
                                                 Assignment(Column.apprenticeWageCorrections, .increment)]))]
        case .signingKeyRotated, .accountRecorded:
            return []
        case .teacherCorrected(let e):
            let assignments = [e.name.map { Assignment(Column.teacherName, .set(.text($0))) },
                               e.course.map { Assignment(Column.teacherCourse, .set(.text($0.rawValue))) }].compactMap { $0 }
            return [.update(S.teachers, key: [.text(e.teacher)], assignments)]
        case .personalDataErased(let e):
            // The pseudonym replaces the name; the birth date is gone. The store scrubs freed pages
            // afterwards (`ReadModelStore.scrubFreedPages`), so the old row leaves no trace in the file.
            return [.update(S.students, key: [.text(e.student)],
                            [Assignment(Column.studentName, .set(.text(e.pseudonym))),
                             Assignment(Column.studentBirth, .set(.text("")))]),
                    .deleteGroup(S.studentIDCards, [.text(e.student)])]
        }
    }

    private static func subsidy(_ position: UInt64, _ apprenticeship: String, _ kind: String, _ amount: Money,
                                _ on: CalendarDate) -> RowChange {
        .insert(S.subsidies, [.integer(Int64(position)), .text(apprenticeship), .text(kind), .integer(amount.fen), date(on)],
                onConflict: .replace)
    }

    private static func date(_ d: CalendarDate) -> SQLiteValue { .text(d.description) }

    /// Column indices the updates assign, looked up once by name.
    private enum Column {
        static let studentStatus = S.students.index("status")
        static let studentStatusEndedOn = S.students.index("status_ended_on")
        static let studentStatusReason = S.students.index("status_reason")
        static let insuranceCancelledOn = S.insurance.index("cancelled_on")
        static let placementStatus = S.placements.index("status")
        static let placementStartedOn = S.placements.index("started_on")
        static let placementAgreement = S.placements.index("agreement")
        static let placementPlannedEnd = S.placements.index("planned_end")
        static let placementEndedOn = S.placements.index("ended_on")
        static let placementEndReason = S.placements.index("end_reason")
        static let stipendAmount = S.stipends.index("amount_fen")
        static let stipendPaidOn = S.stipends.index("paid_on")
        static let stipendCorrections = S.stipends.index("corrections")
        static let apprenticeshipStatus = S.apprenticeships.index("status")
        static let apprenticeshipEndedOn = S.apprenticeships.index("ended_on")
        static let apprenticeshipCertificate = S.apprenticeships.index("certificate")
        static let apprenticeshipEndReason = S.apprenticeships.index("end_reason")
        static let studentName = S.students.index("name")
        static let studentBirth = S.students.index("birth")
        static let enterpriseName = S.enterprises.index("name")
        static let placementPost = S.placements.index("post")
        static let teacherQualifiedOn = S.teachers.index("qualified_on")
        static let teacherName = S.teachers.index("name")
        static let teacherCourse = S.teachers.index("course")
        static let teacherQualificationDocument = S.teachers.index("qualification_document")
        static let apprenticeWageAmount = S.apprenticeWages.index("amount_fen")
        static let apprenticeWagePaidOn = S.apprenticeWages.index("paid_on")
        static let apprenticeWageCorrections = S.apprenticeWages.index("corrections")
    }
}

extension TableShape {
    /// The index of a column of this table; a misspelt name is a programming error.
    func index(_ column: String) -> Int {
        guard let i = columns.firstIndex(of: column) else { preconditionFailure("\(name) has no column \(column)") }
        return i
    }
}
