import Foundation
import Testing

/// The small district the end-to-end tests share, built through the real `registry` binary.
///
/// After `bureauSetup`: the registry (三门峡市, policy `sanmenxia` from 2024-01-01, positions 1–2),
/// schools S01 (higher, 3) and S02 (secondary, 4), enterprises E01 (above scale, 5) and E02 (6).
///
/// After `rulesSetup`, in addition:
/// - E01 declares 40 employees with post 数控车工 = 10 at 4200 yuan (post interns capped at 4, 2 on the post);
///   E02 declares 10 employees (post interns capped at 1);
/// - students of S01: 2023001 王芳, 2023002 李强, 2023003 张敏, 2023004 刘洋, 2023005 陈静 (born 2005),
///   2023009 赵小雨 (born 2009-10-20: 15 on 2025-09-01), 2024001 陈浩然;
/// - P-1 (2023001 at E01, post 数控车工, 2025-09-01…2026-02-28, 3400 yuan) insured and started;
/// - P-2 (2023002 at E02) insured and started: E02 is at its cap;
/// - P-3 (2023003 at E02) registered, never insured;
/// - P-4 is not registered: 2023009 is 15 on its planned start, so `registerP4` is rejected (Age_01);
/// - P-5 (2023004 at E01) insured, registered without a tripartite agreement;
/// - P-6 (2023005 at E02) insured: starting it would exceed E02's cap;
/// - A-1: 2024001 apprenticed at E01 (enterprise new-type apprenticeship), intermediate, 2025-09-01…2026-08-31 (subsidy 5000, advance at most 2500).
enum Scenario {
    static let bureauSetup: [[String]] = [
        ["init", "--as", "bureau:EDU", "--jurisdiction", "三门峡市", "--policy", "sanmenxia", "--from", "2024-01-01"],
        ["school", "register", "S01", "--name", "三门峡职业技术学院", "--level", "higher", "--as", "bureau:EDU"],
        ["school", "register", "S02", "--name", "三门峡市中等专业学校", "--level", "secondary", "--as", "bureau:EDU"],
        ["enterprise", "register", "E01", "--name", "豫西精工机械有限公司", "--above-scale", "--as", "bureau:EDU"],
        ["enterprise", "register", "E02", "--name", "崤函汽车服务有限公司", "--as", "bureau:EDU"],
    ]

    static func enroll(_ id: String, _ name: String, born birth: String, enrolled: String = "2023-09-01") -> [String] {
        ["student", "enroll", id, "--name", name, "--major", "数控技术", "--birth", birth, "--enrolled", enrolled, "--as", "school:S01"]
    }

    static func register(_ id: String, student: String, at enterprise: String, stipend: String = "3400",
                         agreement: String? = nil, post: String? = nil) -> [String] {
        ["placement", "register", id, "--student", student, "--enterprise", enterprise, "--kind", "post",
         "--start", "2025-09-01", "--end", "2026-02-28", "--stipend", stipend, "--major-relevant", "--as", "school:S01"]
            + (agreement.map { ["--agreement", $0] } ?? []) + (post.map { ["--post", $0] } ?? [])
    }

    static func insure(_ placement: String, policy: String) -> [String] {
        ["insurance", "enroll", placement, "--policy", policy, "--insurer", "中国人保", "--cover", "liability,accident",
         "--from", "2025-09-01", "--to", "2026-02-28", "--paid-by", "school", "--as", "school:S01"]
    }

    static func start(_ placement: String) -> [String] {
        ["placement", "start", placement, "--on", "2025-09-01", "--as", "school:S01"]
    }

    /// P-4 for 2023009, who is 15 on 2025-09-01: refused at registration under Age_01.
    static let registerP4 = register("P-4", student: "2023009", at: "E01", agreement: "SF-2025-009", post: "数控车工")

    static let rulesSetup: [[String]] = bureauSetup + [
        ["enterprise", "workforce", "E01", "--headcount", "40", "--as-of", "2025-01-01", "--post", "数控车工=10",
         "--wage-standard", "数控车工=4200", "--as", "enterprise:E01"],
        ["enterprise", "workforce", "E02", "--headcount", "10", "--as-of", "2025-01-01", "--as", "enterprise:E02"],
        enroll("2023001", "王芳", born: "2005-03-14"),
        enroll("2023002", "李强", born: "2005-06-01"),
        enroll("2023003", "张敏", born: "2005-07-01"),
        enroll("2023004", "刘洋", born: "2005-08-01"),
        enroll("2023005", "陈静", born: "2005-09-01"),
        // 13 on enrolment: enrolled with a guardian's consent (Privacy_01).
        enroll("2023009", "赵小雨", born: "2009-10-20") + ["--guardian-consent", "GC-2023-009"],
        enroll("2024001", "陈浩然", born: "2006-01-05", enrolled: "2024-09-01"),
        register("P-1", student: "2023001", at: "E01", agreement: "SF-2025-001", post: "数控车工"),
        insure("P-1", policy: "PICC-2025-0001"),
        start("P-1"),
        register("P-2", student: "2023002", at: "E02", stipend: "3100", agreement: "SF-2025-002"),
        insure("P-2", policy: "PICC-2025-0002"),
        start("P-2"),
        register("P-3", student: "2023003", at: "E02", stipend: "3100", agreement: "SF-2025-003"),
        register("P-5", student: "2023004", at: "E01", post: "数控车工"),
        insure("P-5", policy: "PICC-2025-0005"),
        register("P-6", student: "2023005", at: "E02", stipend: "3100", agreement: "SF-2025-006"),
        insure("P-6", policy: "PICC-2025-0006"),
        ["apprenticeship", "contract", "A-1", "--student", "2024001", "--school", "S01", "--scheme", "enterprise",
         "--level", "intermediate", "--labor-contract", "LC-E01-2025-01", "--contract-end", "2027-08-31",
         "--start", "2025-09-01", "--end", "2026-08-31", "--school-tutor", "李建华", "--mentor", "张国栋", "--as", "enterprise:E01"],
    ]

    /// A fresh log with `commands` run, each required to succeed.
    /// `now` moves the registry's clock (REGISTRY_NOW) for histories that record payments after the
    /// harness's 2025-09-01: Data_01 refuses a payment dated after the clock.
    static func make(_ label: String, _ commands: [[String]], now: String? = nil) throws -> CLIHarness {
        let cli = CLIHarness(label)
        if let now { cli.environment["REGISTRY_NOW"] = now }
        for command in commands {
            let result = try cli.run(command)
            try #require(result.status == 0, "\(command.joined(separator: " "))\n\(result)")
        }
        return cli
    }
}
