/// The read model's tables. Every projection row is derived from the log; `projection_state`
/// records the last log position applied, in the same transaction as the rows.
///
/// A table keyed by text (an ID, or a composite key) is `WITHOUT ROWID`: its rows live in the B-tree
/// of its key, where a rowid table kept a second B-tree, the key's index, beside the rows. Every
/// lookup and update by key searched both; a rebuild filled both (the 1M bench log's stipends were
/// 18.7 MB of rows and 14.1 MB of key index; its read model is 67 MB instead of 88 MB). Rebuild of that
/// log, alternated five times: 1.71–1.95 s (median 1.79) against 1.80–2.00 s (median 1.88); a command
/// the same within noise (BENCHMARKS.md, issue 17, eleventh round). Version 4: a read model of
/// version 3 is dropped and rebuilt when opened. (`projection_state` is made before the script runs,
/// by `ReadModelStore`, and keeps its rowid.)
enum ReadModelSchema {
    static let version = 4

    static let create = """
        CREATE TABLE IF NOT EXISTS projection_state(name TEXT PRIMARY KEY, position INTEGER NOT NULL, schema INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS registry(id INTEGER PRIMARY KEY CHECK (id = 1), jurisdiction TEXT NOT NULL, initialized_on TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS policies(effective_from TEXT PRIMARY KEY, profile TEXT NOT NULL, position INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS schools(id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS enterprises(id TEXT PRIMARY KEY, name TEXT NOT NULL, above_scale INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS workforce(enterprise TEXT NOT NULL, as_of TEXT NOT NULL, headcount INTEGER NOT NULL,
            PRIMARY KEY (enterprise, as_of)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS workforce_posts(enterprise TEXT NOT NULL, as_of TEXT NOT NULL, post TEXT NOT NULL,
            headcount INTEGER, wage_standard_fen INTEGER, PRIMARY KEY (enterprise, as_of, post)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS students(id TEXT PRIMARY KEY, school TEXT NOT NULL, name TEXT NOT NULL, major TEXT NOT NULL,
            birth TEXT NOT NULL, enrolled TEXT NOT NULL, status TEXT NOT NULL, status_ended_on TEXT, status_reason TEXT) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS students_by_school ON students(school);
        CREATE TABLE IF NOT EXISTS hires(student TEXT NOT NULL, enterprise TEXT NOT NULL, hired_on TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS placements(id TEXT PRIMARY KEY, student TEXT NOT NULL, school TEXT NOT NULL,
            enterprise TEXT NOT NULL, kind TEXT NOT NULL, planned_start TEXT NOT NULL, planned_end TEXT NOT NULL,
            stipend_fen INTEGER NOT NULL, post TEXT, agreement TEXT, major_relevant INTEGER NOT NULL, status TEXT NOT NULL,
            started_on TEXT, ended_on TEXT, end_reason TEXT) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS placements_by_enterprise ON placements(enterprise, kind, status);
        CREATE INDEX IF NOT EXISTS placements_by_school ON placements(school);
        CREATE INDEX IF NOT EXISTS placements_by_student ON placements(student);
        CREATE TABLE IF NOT EXISTS insurance(placement TEXT NOT NULL, policy_number TEXT NOT NULL, insurer TEXT NOT NULL,
            covers TEXT NOT NULL, cover_from TEXT NOT NULL, cover_to TEXT NOT NULL, paid_by TEXT NOT NULL, cancelled_on TEXT,
            PRIMARY KEY (placement, policy_number)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS stipends(placement TEXT NOT NULL, month TEXT NOT NULL, amount_fen INTEGER NOT NULL,
            paid_on TEXT NOT NULL, corrections INTEGER NOT NULL, PRIMARY KEY (placement, month)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS apprenticeships(id TEXT PRIMARY KEY, student TEXT NOT NULL, school TEXT NOT NULL,
            enterprise TEXT NOT NULL, scheme TEXT NOT NULL, level TEXT NOT NULL, labor_contract TEXT NOT NULL,
            contract_end TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL, school_tutor TEXT NOT NULL, mentor TEXT NOT NULL,
            status TEXT NOT NULL, ended_on TEXT, certificate TEXT, end_reason TEXT) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS apprenticeships_by_school ON apprenticeships(school);
        CREATE INDEX IF NOT EXISTS apprenticeships_by_enterprise ON apprenticeships(enterprise);
        CREATE TABLE IF NOT EXISTS subsidies(position INTEGER PRIMARY KEY, apprenticeship TEXT NOT NULL, kind TEXT NOT NULL,
            amount_fen INTEGER NOT NULL, paid_on TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS teachers(id TEXT PRIMARY KEY, school TEXT NOT NULL, name TEXT NOT NULL, course TEXT NOT NULL,
            since TEXT, qualified_on TEXT, qualification_document TEXT) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS teachers_by_school ON teachers(school);
        CREATE TABLE IF NOT EXISTS teacher_practice(position INTEGER PRIMARY KEY, teacher TEXT NOT NULL, enterprise TEXT NOT NULL,
            practice_from TEXT NOT NULL, practice_to TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS certifications(position INTEGER PRIMARY KEY, enterprise TEXT NOT NULL, change TEXT NOT NULL,
            effective_on TEXT NOT NULL, document TEXT NOT NULL, reason TEXT);
        CREATE TABLE IF NOT EXISTS apprentice_agreed_wages(apprenticeship TEXT PRIMARY KEY, monthly_wage_fen INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS apprentice_wages(apprenticeship TEXT NOT NULL, month TEXT NOT NULL, amount_fen INTEGER NOT NULL,
            paid_on TEXT NOT NULL, corrections INTEGER NOT NULL, PRIMARY KEY (apprenticeship, month)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS student_id_cards(student TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (student, digest)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS student_id_cards_by_digest ON student_id_cards(digest);
        """

    static let registry = TableShape("registry", ["id", "jurisdiction", "initialized_on"], key: 1)
    static let policies = TableShape("policies", ["effective_from", "profile", "position"], key: 1)
    static let schools = TableShape("schools", ["id", "name", "level"], key: 1)
    static let enterprises = TableShape("enterprises", ["id", "name", "above_scale"], key: 1)
    static let workforce = TableShape("workforce", ["enterprise", "as_of", "headcount"], key: 2)
    static let workforcePosts = TableShape("workforce_posts", ["enterprise", "as_of", "post", "headcount", "wage_standard_fen"],
                                           key: 3, group: 2)
    static let students = TableShape("students", ["id", "school", "name", "major", "birth", "enrolled", "status",
                                                  "status_ended_on", "status_reason"], key: 1)
    static let hires = TableShape("hires", ["student", "enterprise", "hired_on"], key: 0)
    static let placements = TableShape("placements", ["id", "student", "school", "enterprise", "kind", "planned_start",
                                                      "planned_end", "stipend_fen", "post", "agreement", "major_relevant",
                                                      "status", "started_on", "ended_on", "end_reason"], key: 1)
    static let insurance = TableShape("insurance", ["placement", "policy_number", "insurer", "covers", "cover_from", "cover_to",
                                                    "paid_by", "cancelled_on"], key: 2)
    static let stipends = TableShape("stipends", ["placement", "month", "amount_fen", "paid_on", "corrections"], key: 2)
    static let apprenticeships = TableShape("apprenticeships", ["id", "student", "school", "enterprise", "scheme", "level",
                                                                "labor_contract", "contract_end", "start", "end", "school_tutor",
                                                                "mentor", "status", "ended_on", "certificate", "end_reason"], key: 1)
    static let subsidies = TableShape("subsidies", ["position", "apprenticeship", "kind", "amount_fen", "paid_on"], key: 1)
    static let teachers = TableShape("teachers", ["id", "school", "name", "course", "since", "qualified_on",
                                                  "qualification_document"], key: 1)
    static let teacherPractice = TableShape("teacher_practice", ["position", "teacher", "enterprise", "practice_from",
                                                                 "practice_to"], key: 1)
    static let certifications = TableShape("certifications", ["position", "enterprise", "change", "effective_on", "document",
                                                              "reason"], key: 1)
    static let apprenticeAgreedWages = TableShape("apprentice_agreed_wages", ["apprenticeship", "monthly_wage_fen"], key: 1)
    static let apprenticeWages = TableShape("apprentice_wages", ["apprenticeship", "month", "amount_fen", "paid_on",
                                                                 "corrections"], key: 2)
    /// Keyed digests (HMAC-SHA-256 under the registry's secret) of students' ID-card numbers, for
    /// the duplicate check; never the number, never a plain hash. Dropped at an erase.
    static let studentIDCards = TableShape("student_id_cards", ["student", "digest"], key: 2, group: 1)

    /// Every projection table's shape, in the order of `tables`.
    static let shapes: [TableShape] = [registry, policies, schools, enterprises, workforce, workforcePosts, students, hires,
                                       placements, insurance, stipends, apprenticeships, subsidies,
                                       teachers, teacherPractice, certifications, apprenticeAgreedWages, apprenticeWages,
                                       studentIDCards]

    /// The projection tables, in a fixed order, with the columns that order their rows: for dumps and comparisons.
    static let tables: [(name: String, orderBy: String)] = [
        ("registry", "id"), ("policies", "effective_from"), ("schools", "id"), ("enterprises", "id"),
        ("workforce", "enterprise, as_of"), ("workforce_posts", "enterprise, as_of, post"), ("students", "id"),
        ("hires", "student, hired_on, enterprise"), ("placements", "id"), ("insurance", "placement, policy_number"),
        ("stipends", "placement, month"), ("apprenticeships", "id"), ("subsidies", "position"),
        ("teachers", "id"), ("teacher_practice", "position"), ("certifications", "position"),
        ("apprentice_agreed_wages", "apprenticeship"), ("apprentice_wages", "apprenticeship, month"),
        ("student_id_cards", "student, digest"),
    ]
}
