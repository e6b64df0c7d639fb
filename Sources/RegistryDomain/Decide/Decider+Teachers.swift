extension Decider {
    /// Registers a teacher at the acting school (Auth_01: a school registers only its own teachers).
    static func registerTeacher(_ request: TeacherRegistered, context: Context,
                                facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard facts.school(request.school) != nil else { throw .notFound(.school(request.school)) }
        try context.requireOwner(request.school, of: .school(request.school))
        try requireText(request.id, "teacher ID")
        try requireText(request.name, "name")
        guard facts.teacher(request.id) == nil else { throw .alreadyExists(.teacher(request.id)) }
        return [.teacherRegistered(request)]
    }

    /// Records a teacher's 双师型 recognition, once.
    static func qualifyTeacher(_ request: TeacherQualified, context: Context,
                               facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        let teacher = try ownedTeacher(request.teacher, context: context, facts: facts)
        if let document = request.document { try requireText(document, "document") }
        if let earlier = teacher.qualification {
            throw .duty(.teacherAlreadyQualified(teacher: teacher.id, on: earlier.on))
        }
        return [.teacherQualified(request)]
    }

    /// Records a period of enterprise practice (教师企业实践) at a registered enterprise.
    static func recordTeacherPractice(_ request: TeacherPracticed, context: Context,
                                      facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        let teacher = try ownedTeacher(request.teacher, context: context, facts: facts)
        guard facts.enterprise(request.enterprise) != nil else { throw .notFound(.enterprise(request.enterprise)) }
        guard request.from <= request.to else {
            throw .endBeforeStart(.teacher(teacher.id), start: request.from, end: request.to)
        }
        return [.teacherPracticed(request)]
    }

    private static func ownedTeacher(_ id: String, context: Context, facts: some DecisionFacts) throws(Rejection) -> TeacherState {
        guard let teacher = facts.teacher(id) else { throw .notFound(.teacher(id)) }
        try context.requireOwner(teacher.school, of: .teacher(id))
        return teacher
    }
}
