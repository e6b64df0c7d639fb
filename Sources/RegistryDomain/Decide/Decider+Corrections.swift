extension Decider {
    /// Corrects a student's name or date of birth, by the student's school (Auth_01).
    ///
    /// Only fields that change are recorded; a correction that changes nothing is refused, so the
    /// log holds no empty corrections. A corrected birth date must still fall before enrolment; it
    /// counts for decisions taken after the correction (Age_01 when a placement starts later), and
    /// placements already started are not judged again.
    static func correctStudent(_ id: String, name: String?, birth: CalendarDate?, reason: String,
                               context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let student = facts.student(id) else { throw .notFound(.student(id)) }
        try context.requireOwner(student.school, of: .student(id))
        try requirePersonalData(of: student, context: context)
        try requireText(reason, "reason")
        if let name { try requireText(name, "name") }
        let newName = name.flatMap { $0 == student.name ? nil : $0 }
        let newBirth = birth.flatMap { $0 == student.birth ? nil : $0 }
        guard newName != nil || newBirth != nil else { throw .correctionChangesNothing(.student(id)) }
        if let newBirth, !(newBirth < student.enrolled) {
            throw .enrolledBeforeBirth(student: id, birth: newBirth, enrolled: student.enrolled)
        }
        return [.studentCorrected(StudentCorrected(
            student: id, name: newName, previousName: newName == nil ? nil : student.name,
            birth: newBirth, previousBirth: newBirth == nil ? nil : student.birth, reason: reason))]
    }

    /// Corrects an enterprise's registered name, by the bureau that registers enterprises.
    static func correctEnterprise(_ id: String, name: String?, reason: String,
                                  context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let enterprise = facts.enterprise(id) else { throw .notFound(.enterprise(id)) }
        try requireText(reason, "reason")
        if let name { try requireText(name, "name") }
        guard let name, name != enterprise.name else { throw .correctionChangesNothing(.enterprise(id)) }
        return [.enterpriseCorrected(EnterpriseCorrected(enterprise: id, name: name, previousName: enterprise.name, reason: reason))]
    }

    /// Corrects a placement's post or tripartite agreement reference, by the placement's school.
    ///
    /// A corrected post of a post internship is held to Pay_01 as at registration: where the
    /// enterprise's workforce declaration in force on the planned start states a wage standard
    /// for the new post, the agreed stipend must reach the floor, so that a correction cannot
    /// register what registration would have refused.
    static func correctPlacement(_ id: String, post: String?, agreement: String?, reason: String,
                                 context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let placement = facts.placement(id) else { throw .notFound(.placement(id)) }
        try context.requireOwner(placement.school, of: .placement(id))
        try requireText(reason, "reason")
        if let post { try requireText(post, "post") }
        if let agreement { try requireText(agreement, "agreement") }
        let newPost = post.flatMap { $0 == placement.post ? nil : $0 }
        let newAgreement = agreement.flatMap { $0 == placement.agreement ? nil : $0 }
        guard newPost != nil || newAgreement != nil else { throw .correctionChangesNothing(.placement(id)) }
        // An unset pay floor (no document in force states one) does not apply.
        if let newPost, placement.kind == .post, let rate = context.policy(on: placement.plannedStart)[.payFloorRate]?.value,
           let standard = facts.enterprise(placement.enterprise)?.workforce(on: placement.plannedStart)?.wageStandards[newPost] {
            let floor = rate.times(standard)
            guard placement.stipend >= floor else {
                throw .stipendBelowFloor(placement: id, post: newPost, stipend: placement.stipend,
                                         floor: floor, wageStandard: standard, rate: rate)
            }
        }
        return [.placementCorrected(PlacementCorrected(
            placement: id, post: newPost, previousPost: newPost == nil ? nil : placement.post,
            agreement: newAgreement, previousAgreement: newAgreement == nil ? nil : placement.agreement, reason: reason))]
    }

    /// Corrects a teacher's name or course, by the teacher's school (Auth_01), as a student's
    /// record is corrected: only fields that change are recorded, and a correction that changes
    /// nothing is refused.
    static func correctTeacher(_ id: String, name: String?, course: TeacherCourse?, reason: String,
                               context: Context, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let teacher = facts.teacher(id) else { throw .notFound(.teacher(id)) }
        try context.requireOwner(teacher.school, of: .teacher(id))
        try requireText(reason, "reason")
        if let name { try requireText(name, "name") }
        let newName = name.flatMap { $0 == teacher.registration.name ? nil : $0 }
        let newCourse = course.flatMap { $0 == teacher.registration.course ? nil : $0 }
        guard newName != nil || newCourse != nil else { throw .correctionChangesNothing(.teacher(id)) }
        return [.teacherCorrected(TeacherCorrected(
            teacher: id, name: newName, previousName: newName == nil ? nil : teacher.registration.name,
            course: newCourse, previousCourse: newCourse == nil ? nil : teacher.registration.course, reason: reason))]
    }
}
