extension Decider {
    static func enrollStudent(id: String, school: String, name: String, major: String, birth: CalendarDate,
                              guardianConsent: String? = nil, idCard: String? = nil, idCardDigest: String? = nil,
                              enrolled: CalendarDate, context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard facts.school(school) != nil else { throw .notFound(.school(school)) }
        try context.requireOwner(school, of: .school(school))
        try requireText(id, "student ID")
        try requireText(name, "name")
        guard facts.student(id) == nil else { throw .alreadyExists(.student(id)) }
        guard birth < enrolled else { throw .enrolledBeforeBirth(student: id, birth: birth, enrolled: enrolled) }
        // Data_03 (registry data quality): a birth date that makes the student a child is a typo.
        let age = birth.age(on: enrolled)
        guard age >= RegistrySettings.minimumEnrolmentAge else {
            throw .studentImplausiblyYoung(student: id, birth: birth, enrolled: enrolled, age: age,
                                           minimumAge: RegistrySettings.minimumEnrolmentAge)
        }
        let consent = guardianConsent.flatMap { $0.allSatisfy { $0 == " " || $0 == "\t" } ? nil : $0 }
        // Privacy_01 (PIPL Art. 28, 31): a child under the consent age is enrolled only with a guardian's consent.
        if let consentAge = context.policy(on: enrolled)[.guardianConsentAge]?.value, age < consentAge, consent == nil {
            throw .privacy(.guardianConsentMissing(student: id, enrolled: enrolled, age: age, consentAge: consentAge))
        }
        // One student per ID-card number, matched by keyed digest (the caller computes it: no crypto here).
        if let idCardDigest, let other = facts.student(withIDCardDigest: idCardDigest), other != id {
            throw .privacy(.duplicateIDCard(student: id, existing: other))
        }
        return [.studentEnrolled(StudentEnrolled(id: id, school: school, name: name, major: major,
                                                 birth: birth, enrolled: enrolled, guardianConsent: consent,
                                                 idCard: idCard, idCardDigest: idCard == nil ? nil : idCardDigest))]
    }

    static func endStudentStatus(student id: String, reason: StatusEndReason, on: CalendarDate,
                                 context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let student = facts.student(id) else { throw .notFound(.student(id)) }
        try context.requireOwner(student.school, of: .student(id))
        if let ended = student.statusEnded { throw .studentStatusAlreadyEnded(student: id, on: ended.on) }
        guard on > student.enrolled else { throw .endBeforeStart(.student(id), start: student.enrolled, end: on) }
        return [.studentStatusEnded(StudentStatusEnded(student: id, reason: reason, on: on))]
    }

    /// An enterprise records its own hires, of any registered student.
    static func recordHire(student: String, enterprise: String, on: CalendarDate,
                           context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard facts.student(student) != nil else { throw .notFound(.student(student)) }
        guard facts.enterprise(enterprise) != nil else { throw .notFound(.enterprise(enterprise)) }
        try context.requireOwner(enterprise, of: .enterprise(enterprise))
        return [.studentHired(StudentHired(student: student, enterprise: enterprise, on: on))]
    }
}
