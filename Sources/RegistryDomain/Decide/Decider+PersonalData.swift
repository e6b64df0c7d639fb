extension Decider {
    /// Erases a student's personal data (PIPL Art. 47).
    ///
    /// The bureau may erase any student's; the owning school only once the student has **left**:
    /// the student's status has ended (graduated or withdrawn, `student leave`) and none of the
    /// student's placements is still registered or active, and none of its apprenticeships still
    /// contracted (Privacy_02). A second erase, or one of a student whose key is missing, is refused
    /// (Privacy_03): there is nothing left to destroy, or nothing this registry can vouch for.
    static func eraseStudentPersonalData(student id: String, reason: String, pseudonym: String,
                                         context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let student = facts.student(id) else { throw .notFound(.student(id)) }
        if context.actor.role == .school { try context.requireOwner(student.school, of: .student(id)) }
        try requireText(reason, "reason")
        guard student.personalData == .available else {
            throw .privacy(.personalDataNotAvailable(student: id, status: student.personalData, verb: context.verb))
        }
        if context.actor.role == .school {
            let open = facts.openRecords(ofStudent: id)
            guard student.statusEnded != nil, open.isEmpty else {
                throw .privacy(.studentNotLeft(student: id, open: open))
            }
        }
        return [.personalDataErased(PersonalDataErased(student: id, reason: reason, pseudonym: pseudonym))]
    }

    /// Privacy_03: a decision that reads the student's date of birth or name needs them readable.
    static func requirePersonalData(of student: StudentState, context: Context) throws(Rejection) {
        guard student.personalData == .available else {
            throw .privacy(.personalDataNotAvailable(student: student.id, status: student.personalData, verb: context.verb))
        }
    }
}
