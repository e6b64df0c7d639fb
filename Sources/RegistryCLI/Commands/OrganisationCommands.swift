import RegistryDomain

extension RegistryCLI {
    static var organisationCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["school", "register"], arguments: "ID", summary: ("Register a school.", "登记学校。"), role: "bureau",
                options: [.value("--name", "NAME", "the school's name"),
                          .value("--level", "LEVEL", "secondary, higher or undergraduate")],
                examples: ["registry school register S01 --name 三门峡职业技术学院 --level higher --as bureau:EDU"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    return try runWrite(.registerSchool(id: id, name: try inv.name("--name"), level: try inv.choice("--level", SchoolLevel.self)),
                                        inv, out, done: ("school '\(id)' registered", "学校 '\(id)' 已登记"))
                }),
            CommandSpec(
                path: ["enterprise", "register"], arguments: "ID", summary: ("Register an enterprise.", "登记企业。"), role: "bureau",
                options: [.value("--name", "NAME", "the enterprise's name"),
                          .flag("--above-scale", "the enterprise is above designated size (规模以上)")],
                examples: ["registry enterprise register E01 --name 豫西机械有限公司 --above-scale --as bureau:EDU"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    return try runWrite(.registerEnterprise(id: id, name: try inv.name("--name"), aboveScale: inv.flag("--above-scale")),
                                        inv, out, done: ("enterprise '\(id)' registered", "企业 '\(id)' 已登记"))
                }),
            CommandSpec(
                path: ["enterprise", "workforce"], arguments: "ID",
                summary: ("Declare the enterprise's workforce, post headcounts and wage standards as of a date.", "申报企业截至某日的职工总数、岗位人数与工资标准。"),
                role: "enterprise (its own)",
                options: [.value("--headcount", "N", "employees in all"),
                          .value("--as-of", "DATE", "the date the figures hold from"),
                          .value("--post", "NAME=N", "headcount of a post (repeatable)", required: false, repeats: true),
                          .value("--wage-standard", "NAME=YUAN", "monthly wage standard of a post (repeatable)", required: false, repeats: true)],
                examples: ["registry enterprise workforce E01 --headcount 850 --as-of 2025-01-01 --post 数控车工=40 --wage-standard 数控车工=4200 --as enterprise:E01"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    var posts: [String: Int] = [:]
                    for pair in inv.all("--post") {
                        let (name, value) = try splitPair(pair, option: "--post")
                        guard let n = Int(value), n >= 0 else { throw UsageError("--post '\(Invocation.printable(pair))' needs a whole number of people after '='.", zh: "--post '\(Invocation.printable(pair))' 的 '=' 后应为人数。") }
                        posts[name] = n
                    }
                    var wages: [String: Money] = [:]
                    for pair in inv.all("--wage-standard") {
                        let (name, value) = try splitPair(pair, option: "--wage-standard")
                        wages[name] = try Invocation.money(value, option: "--wage-standard \(name)")
                    }
                    let command = RegistryCommand.declareWorkforce(enterprise: id, headcount: try inv.count("--headcount"),
                                                                   asOf: try inv.date("--as-of"), posts: posts, wageStandards: wages)
                    return try runWrite(command, inv, out, done: ("workforce of '\(id)' declared", "企业 '\(id)' 的职工人数已申报"))
                }),
        ]
    }
}

/// Splits `NAME=VALUE`.
func splitPair(_ pair: String, option: String) throws -> (String, String) {
    guard let eq = pair.firstIndex(of: "=") else { throw UsageError("\(option) '\(Invocation.printable(pair))' should be NAME=VALUE.", zh: "\(option) '\(Invocation.printable(pair))' 应写成 名称=值。") }
    let name = try Invocation.checkedText(String(pair[..<eq]), option: option, maxLength: 64)
    return (name, String(pair[pair.index(after: eq)...]))
}
