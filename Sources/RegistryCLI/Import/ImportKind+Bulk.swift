import RegistryDomain

/// The bulk imports a clerk needs after importing placements: `import insurance` (one group policy,
/// 团体保单, enrolled for every placement it covers) and `import starts` (the placements that began).
///
/// Each placement is its own command with its own row in the report, as in the other imports.
/// An insurance file has one row per placement, or lists several placements in one `placement`
/// cell separated by `;`, `；` or `、` (a comma would need quoting in a spreadsheet's CSV, so it is
/// not a separator); such a cell counts as one row per placement in the report, all on its line.
/// The command ID of a placement's enrolment depends on the policy's values and the placement,
/// not on the layout, so a file re-run in the other layout appends nothing new either.
extension ImportKind {
    /// The separators of a cell listing several placements.
    static let placementListSeparators: Set<Character> = [";", "；", "、"]

    var bulkColumns: [ImportColumn] {
        switch self {
        case .insurance:
            [.init("placement", "实习编号", "the placement ID; several as P-1;P-2 or P-1、P-2", aliases: ["placements", "实习"]),
             .init("policy_number", "保单号", "the group policy's number", aliases: ["policy", "policy_no", "保单编号"]),
             .init("insurer", "保险公司", "the insurer", aliases: ["承保公司"]),
             .init("covers", "险种", "liability (责任险), accident (意外险), or both: liability;accident",
                   aliases: ["cover", "保险类型"]),
             .init("from", "起保日期", "first covered day", aliases: ["保险起期", "cover_from"]),
             .init("to", "终保日期", "last covered day", aliases: ["保险止期", "cover_to"]),
             .init("paid_by", "付费方", "school (学校) or enterprise (企业)", aliases: ["payer", "缴费方"])]
        case .starts:
            [.init("placement", "实习编号", "the placement ID", aliases: ["实习"]),
             .init("start_date", "开始日期", "the first day of the placement", aliases: ["start", "on", "实际开始日期"]),
             .init("agreement", "协议编号", "tripartite agreement reference, if registration did not record it",
                   isRequired: false, aliases: ["agreement_reference", "agreement_ref", "三方协议", "三方协议编号"])]
        default:
            []
        }
    }

    var bulkIdentifyingColumns: [String] {
        self == .insurance ? ["placement", "policy_number"] : ["placement"]
    }

    /// The command of one placement's row.
    func bulkCommand(for row: inout ImportRow) throws(RowProblem) -> RegistryCommand {
        switch self {
        case .insurance:
            // The placement is read last, so the policy's values come first in the command ID's text.
            let policy = try row.identifier("policy_number", allowingSlash: true), insurer = try row.text("insurer")
            let covers = try row.covers("covers"), from = try row.date("from"), to = try row.date("to")
            let paidBy = try row.premiumPayer("paid_by")
            return .enrollInsurance(placement: try row.identifier("placement"), policyNumber: policy, insurer: insurer,
                                    covers: covers, from: from, to: to, paidBy: paidBy)
        default:
            return .startPlacement(placement: try row.identifier("placement"), on: try row.date("start_date"),
                                   agreement: try row.optionalText("agreement"))
        }
    }

    /// The records with every `placement` cell that lists several placements split into one record
    /// per placement, on the same line; other kinds of import are returned unchanged.
    func expandingPlacementLists(_ records: [CSVRecord], header: ImportHeader) -> [CSVRecord] {
        guard self == .insurance, let column = header.index["placement"] else { return records }
        return records.flatMap { record -> [CSVRecord] in
            guard column < record.fields.count,
                  record.fields[column].contains(where: { Self.placementListSeparators.contains($0) }) else { return [record] }
            let placements = record.fields[column].split(whereSeparator: { Self.placementListSeparators.contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // A cell of separators only is a row without a placement, rejected as such.
            return (placements.isEmpty ? [""] : placements).map { placement in
                var fields = record.fields
                fields[column] = placement
                return CSVRecord(line: record.line, fields: fields, strayTextAfterQuote: record.strayTextAfterQuote)
            }
        }
    }
}

extension ImportRow {
    /// `liability`, `accident` or both, separated by `;`, `,`, `、`, `+` or `/`; Chinese names
    /// 责任险/实习责任保险 and 意外险/人身意外伤害保险 too. The normalized form is sorted, so the
    /// order written does not change the row's command ID.
    mutating func covers(_ column: String) throws(RowProblem) -> [Cover] {
        let value = try bulkRequirePresent(column)
        var covers: Set<Cover> = []
        for part in value.split(whereSeparator: { ";；,，、+/".contains($0) }) {
            switch part.trimmingCharacters(in: .whitespaces).lowercased() {
            case "liability", "责任险", "责任保险", "实习责任保险", "实习责任险": covers.insert(.liability)
            case "accident", "意外险", "意外伤害保险", "人身意外伤害保险", "人身意外险": covers.insert(.accident)
            default:
                let label = header.label[column] ?? column
                throw RowProblem(en: "\(label) '\(Invocation.printable(value))' is not liability (责任险), accident (意外险) or both.",
                                 zh: "\(label) '\(Invocation.printable(value))' 不是 责任险（liability）、意外险（accident）或两者。")
            }
        }
        let sorted = covers.sorted()
        remember(sorted.map(\.rawValue).joined(separator: ","))
        return sorted
    }

    /// `school`/学校, `enterprise`/企业, or `student`/学生 (which Insurance_04 then rejects).
    mutating func premiumPayer(_ column: String) throws(RowProblem) -> PremiumPayer {
        let value = try bulkRequirePresent(column)
        let payer: PremiumPayer
        switch value.lowercased() {
        case "school", "学校": payer = .school
        case "enterprise", "企业", "单位": payer = .enterprise
        case "student", "学生": payer = .student
        default:
            let label = header.label[column] ?? column
            throw RowProblem(en: "\(label) '\(Invocation.printable(value))' is not one of school (学校), enterprise (企业).",
                             zh: "\(label) '\(Invocation.printable(value))' 不是 学校（school）或 企业（enterprise）。")
        }
        remember(payer.rawValue)
        return payer
    }

    private func bulkRequirePresent(_ column: String) throws(RowProblem) -> String {
        let value = raw(column)
        guard !value.isEmpty else {
            let written = header.label[column] ?? column
            throw RowProblem(en: "\(written) is empty.", zh: written.allSatisfy(\.isASCII) ? "\(written) 为空。" : "\(written)为空。")
        }
        return value
    }
}
