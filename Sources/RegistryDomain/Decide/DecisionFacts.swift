/// What a decider may look at. The CLI implements it from the log and the SQLite read models;
/// `RegistryState` implements it in memory.
public protocol DecisionFacts {
    /// The registry stream folded, once initialised.
    var header: RegistryHeader? { get }
    /// The school `id`, if registered.
    func school(_ id: String) -> SchoolState?
    /// The enterprise `id`, if registered.
    func enterprise(_ id: String) -> EnterpriseState?
    /// The student `id`, if enrolled.
    func student(_ id: String) -> StudentState?
    /// The placement `id`, if registered.
    func placement(_ id: String) -> PlacementState?
    /// The apprenticeship `id`, if contracted.
    func apprenticeship(_ id: String) -> ApprenticeshipState?
    /// Active post interns hosted by the enterprise on the date (placements started, not ended,
    /// date within term), excluding `placement`.
    ///
    /// - Parameters:
    ///   - enterprise: The host enterprise.
    ///   - date: The day to count on.
    ///   - post: Count only this post, or every post when `nil`.
    ///   - placement: A placement to leave out (the one about to start), or `nil`.
    func activePostInterns(enterprise: String, on date: CalendarDate, post: String?, excluding placement: String?) -> Int
    /// The teacher `id`, if registered.
    func teacher(_ id: String) -> TeacherState?
    /// The student's placements still registered or active and apprenticeships still contracted,
    /// as `placement 'ID'` / `apprenticeship 'ID'`, in ID order (Privacy_02: has the student left?).
    func openRecords(ofStudent student: String) -> [String]
    /// The student whose ID-card number has the keyed digest `digest`, if any (erased students' are dropped).
    func student(withIDCardDigest digest: String) -> String?
}

extension DecisionFacts {
    /// No teachers, for facts that predate them.
    public func teacher(_ id: String) -> TeacherState? { nil }
}

extension RegistryState: DecisionFacts {
    /// The school `id`, from memory.
    public func school(_ id: String) -> SchoolState? { schools[id] }
    /// The enterprise `id`, from memory.
    public func enterprise(_ id: String) -> EnterpriseState? { enterprises[id] }
    /// The student `id`, from memory.
    public func student(_ id: String) -> StudentState? { students[id] }
    /// The placement `id`, from memory.
    public func placement(_ id: String) -> PlacementState? { placements[id] }
    /// The apprenticeship `id`, from memory.
    public func apprenticeship(_ id: String) -> ApprenticeshipState? { apprenticeships[id] }
    /// The teacher `id`, from memory.
    public func teacher(_ id: String) -> TeacherState? { teachers[id] }

    /// - Complexity: O(students).
    public func student(withIDCardDigest digest: String) -> String? {
        students.values.filter { $0.idCardDigest == digest && $0.personalData != .erased }.map(\.id).min()
    }

    /// - Complexity: O(placements + apprenticeships).
    public func openRecords(ofStudent student: String) -> [String] {
        let placements = self.placements.values.filter { $0.student == student && ($0.status == .registered || $0.status == .active) }.map { "placement '\($0.id)'" }
        let apprenticeships = self.apprenticeships.values.filter { $0.student == student && $0.status == .contracted }.map { "apprenticeship '\($0.id)'" }
        return placements.sorted() + apprenticeships.sorted()
    }

    /// - Complexity: O(placements).
    public func activePostInterns(enterprise: String, on date: CalendarDate, post: String?, excluding placement: String?) -> Int {
        placements.values.count {
            $0.enterprise == enterprise && $0.kind == .post && $0.id != placement
                && (post == nil || $0.post == post) && $0.isActive(on: date)
        }
    }
}
