import Messages
import Foundation
import RegistryDomain
import RegistryService

extension RegistryCLI {
    static var importCommands: [CommandSpec] {
        ImportKind.allCases.map { kind in
            CommandSpec(
                path: ["import", kind.rawValue], arguments: "FILE.csv", summary: kind.summary,
                role: kind == .stipends ? "enterprise (placements it hosts)"
                    : kind == .insurance || kind == .starts ? "school (its own placements)" : "school (its own students)",
                // Only `localizedExamples`: the column reference is built when `--help` asks for it, not on
                // every start (building it was an eighth of a one-command process's instructions).
                localizedExamples: kind.examples,
                run: { inv, out in try runImport(kind, inv, out) })
        }
    }
}

extension ImportKind {
    var summary: (en: String, zh: String) {
        switch self {
        case .students: ("Enroll students at the acting school from a CSV file, one per row.", "从 CSV 文件批量登记本校学生学籍，每行一名。")
        case .placements: ("Register placements from a CSV file, one per row.", "从 CSV 文件批量登记实习，每行一项。")
        case .stipends: ("Confirm monthly stipends from a CSV file, one month of a placement per row.", "从 CSV 文件批量确认实习报酬，每行一个月。")
        case .insurance: ("Enroll one group policy (团体保单) for the placements it covers, from a CSV file.", "从 CSV 文件为团体保单所覆盖的实习批量投保。")
        case .starts: ("Start placements from a CSV file, one per row.", "从 CSV 文件批量开始实习，每行一项。")
        }
    }

    /// The help's examples: the command, the columns, and a sample file in each header language.
    /// (`CommandSpec` has no free-text section, so the column reference is written as examples.)
    func examples(_ language: Language) -> [String] {
        let say = { (id: String, args: [String: String]) in MessageCatalogue.message(id, language, args) }
        let actor = self == .stipends ? "enterprise:E01" : "school:S01"
        let file = rawValue + ".csv"
        let width = columns.map { $0.english.count + 1 + TextTable.displayWidth($0.chinese) }.max() ?? 0
        let reference = columns.map { column in
            let names = column.english + " " + column.chinese
            let padding = String(repeating: " ", count: width - column.english.count - 1 - TextTable.displayWidth(column.chinese) + 2)
            return "    " + names + padding + MessageCatalogue.columnHelp(column.help, language)
                + (column.isRequired ? "" : say("importNote.optional", [:]))
        }
        let sample: [String]
        switch self {
        case .students:
            sample = ["id,name,major,birth,enrolled", "2023001,王芳,数控技术,2006-03-14,2023-09-01",
                      "学号,姓名,专业,出生日期,入学日期", "2023002,李强,机电一体化,2006/11/2,2023/9/1"]
        case .placements:
            sample = ["id,student,enterprise,kind,start,end,stipend,post,agreement,major_relevant",
                      "P-17,2023001,E01,post,2025-09-01,2026-02-28,3400,数控车工,SF-2025-017,yes",
                      "实习编号,学号,企业,类型,开始日期,结束日期,月报酬", "P-18,2023002,E01,认识实习,2025-09-01,2025-09-30,0"]
        case .stipends:
            sample = ["placement,month,amount,paid_on,correction", "P-17,2025-09,3400,2025-10-10,no",
                      "实习编号,月份,金额,支付日期,更正", "P-17,2025-10,3400.00,2025/11/8,否"]
        case .insurance:
            sample = ["placement,policy_number,insurer,covers,from,to,paid_by",
                      "P-17;P-18;P-19,PICC-2025-0042,中国人保,liability;accident,2025-09-01,2026-02-28,school",
                      "实习编号,保单号,保险公司,险种,起保日期,终保日期,付费方", "P-20、P-21,PICC-2025-0042,中国人保,责任险;意外险,2025/9/1,2026/2/28,学校"]
        case .starts:
            sample = ["placement,start_date,agreement", "P-17,2025-09-01,SF-2025-017",
                      "实习编号,开始日期,协议编号", "P-18,2025/9/1,"]
        }
        return ["registry import \(rawValue) \(file) --as \(actor)",
                "registry import \(rawValue) \(file) --as \(actor) --format csv > rejected.csv",
                "",
                say("importNote.columns", [:])]
            + reference
            + ["",
               say("importNote.file", ["file": file]),
               "    " + sample[0], "    " + sample[1], say("importNote.or", [:]), "    " + sample[2], "    " + sample[3],
               ""]
            + say("importNote.rows", [:]).components(separatedBy: "\n")
            + bulkNotes(language)
    }

    /// What the insurance and starts imports add to the help: the list cells and the header names they accept.
    private func bulkNotes(_ language: Language) -> [String] {
        switch self {
        case .insurance: MessageCatalogue.message("importNote.insurance", language).components(separatedBy: "\n")
        case .starts: MessageCatalogue.message("importNote.starts", language).components(separatedBy: "\n")
        default: []
        }
    }
}

/// `registry import KIND FILE.csv`: checks the whole file, then executes one command per data row
/// under a single writer lock, and prints the rejected rows and a summary.
private func runImport(_ kind: ImportKind, _ inv: Invocation, _ out: Output) throws -> Int32 {
    guard let file = inv.words.first else {
        throw UsageError(out.t("missing FILE.csv; see 'registry \(kind.verb) --help'.", "缺少 FILE.csv；参见 'registry \(kind.verb) --help'。"))
    }
    if inv.words.count > 1 { throw UsageError(out.t("unexpected argument '\(inv.words[1])'.", "多余的参数 '\(inv.words[1])'。")) }
    let actor = try inv.requireActor()
    // Every row's command needs this role (Auth_01), so another role is turned away before the file is read.
    guard actor.role == kind.requiredRole else {
        throw NotPermitted(
            en: actor.role == .inspector ? "'\(actor)' cannot run '\(kind.verb)': inspectors never write to the registry."
                : "'\(actor)' cannot run '\(kind.verb)': only a\(kind.requiredRole == .enterprise ? "n" : "") \(kind.requiredRole.rawValue) may.",
            zh: actor.role == .inspector ? "'\(actor)' 不能执行 '\(kind.verb)'：督查从不写入登记簿。"
                : "'\(actor)' 不能执行 '\(kind.verb)'：只有\(kind.requiredRole == .enterprise ? "企业" : "学校")可以。")
    }
    var importer = Importer(kind: kind, actor: actor, file: file)
    importer.today = inv.today
    let header: ImportHeader, unexpanded: [CSVRecord]
    do {
        (header, unexpanded) = try importer.read()
    } catch {
        throw UsageError(error.message(out.language))
    }
    let records = kind.expandingPlacementLists(unexpanded, header: header)

    // Inside the server the rows run on its writer, which holds the log (EmbeddedRun).
    let embedded = EmbeddedRun.current.flatMap { $0.exclusive == nil ? nil : $0 }
    let report: ImportReport
    var appended: ClosedRange<UInt64>?
    do {
        if let embedded {
            report = try embedded.importRows { registry throws(ImportInterrupted) in try importer.run(header, records, on: registry) { _, _, _ in } }
        } else {
            // Released before the receipt is made, so the index holds the new events.
            let registry = try inv.openForWriting()
            if let recovery = registry.recovery { out.error(out.t("warning: ", "警告：") + MessageCatalogue.recovery(recovery, out.language)) }
            let before = registry.log.head.position
            report = try importer.run(header, records, on: registry) { line, done, total in
                out.progress(out.t("\(file): line \(line), \(done) of \(total) rows", "\(file)：第 \(line) 行，已处理 \(done)/\(total) 行"))
            }
            let after = registry.log.head.position
            appended = after > before ? (before + 1)...after : nil
        }
    } catch let error as ImportInterrupted {
        if records.count > 200 { out.endProgress() }
        let (code, message) = RegistryCLI.describe(error.underlying, out.language)
        out.error(message)
        out.error(out.t("The import of \(file) stopped at line \(error.line); the \(error.imported) rows imported before it stay appended. Run the same file again once the problem is fixed: rows already imported are not appended twice.",
                        "\(file) 的导入在第 \(error.line) 行中止；此前已导入的 \(error.imported) 行保留在日志中。问题解决后可重新导入同一文件：已导入的行不会重复追加。"))
        return code
    }
    if records.count > 200 { out.endProgress() }
    // One receipt for the rows this run appended: the import holds the writer lock throughout, so
    // they are contiguous. Its command ID names the import; each row's own ID is in the log.
    // Keys, checkpoints and receipts sit beside a file log, and a server's import answers with its report.
    let receipt: String?
    if embedded == nil && inv.store == nil {
        ensureSigningKey(inv, out)
        receipt = deliverReceipt(positions: appended, commandID: "\(kind.verb) \(file)", inv, out)
    } else {
        receipt = nil
    }
    printImportReport(report, header, out)
    if let receipt, inv.receiptPath == "-" { out.line(receipt) }
    return report.rejected.isEmpty ? RegistryCLI.ExitCode.success : RegistryCLI.ExitCode.rejected
}

private func printImportReport(_ report: ImportReport, _ header: ImportHeader, _ out: Output) {
    let summary = out.t(
        "imported \(report.imported) new row\(report.imported == 1 ? "" : "s"), \(report.alreadyImported) already imported, \(report.rejected.count) rejected, of \(report.rows) row\(report.rows == 1 ? "" : "s") in \(report.file).",
        "新导入 \(report.imported) 行，此前已导入 \(report.alreadyImported) 行，拒绝 \(report.rejected.count) 行，\(report.file) 共 \(report.rows) 行。")
    let message: (ImportReport.RejectedRow) -> String = { out.language == .zh ? $0.zh : $0.en }
    switch out.format {
    case .json:
        let rows = report.rejected.map {
            "{\"line\":\($0.line),\"id\":\(jsonString($0.id)),\"rule\":\(jsonString($0.rule)),\"message\":\(jsonString(message($0)))}"
        }
        // The header notes appear only when there are some, so that the common report keeps its shape.
        let notes = report.notes.isEmpty ? "" : ",\"ignoredColumns\":[" + report.ignoredColumns.map(jsonString).joined(separator: ",")
            + "],\"personalDataColumns\":[" + report.personalDataColumns.map(jsonString).joined(separator: ",")
            + "],\"notes\":[" + report.notes.map { jsonString(out.t($0.en, $0.zh)) }.joined(separator: ",") + "]"
        out.line("{\"file\":\(jsonString(report.file)),\"rows\":\(report.rows),\"imported\":\(report.imported),"
                 + "\"alreadyImported\":\(report.alreadyImported),\"rejected\":[" + rows.joined(separator: ",") + "]" + notes + "}")
    case .csv:
        // The rejected rows are the data: the line, rule and reason, then the row's own cells under the
        // file's own header (which holds the ID, so the report's id column is left out). A clerk fixes
        // the cells in the spreadsheet and imports this file again; its line, rule and message columns
        // name no import column. The summary goes to standard error.
        let width = max(header.width, report.rejected.map(\.cells.count).max() ?? 0)
        let original = (0..<width).map { i in
            let name = header.label.first { header.index[$0.key] == i }?.value ?? out.t("column \(i + 1)", "第 \(i + 1) 列")
            return (key: name, en: name, zh: name)
        }
        out.table(importHeadings.filter { $0.key != "id" } + original, report.rejected.map {
            ["\($0.line)", $0.rule, message($0)] + $0.cells + Array(repeating: "", count: width - $0.cells.count)
        })
        for note in report.notes { out.error(out.t(note.en, note.zh)) }
        out.error(summary)
    case .table, .html:
        if !report.rejected.isEmpty {
            out.table(importHeadings, report.rejected.map { ["\($0.line)", $0.id, rowRule($0.rule, out), message($0)] })
        }
        for note in report.notes { out.line(out.t(note.en, note.zh)) }
        out.line(summary)
    }
}

/// A rejected row's rule column in the table: a rule ID as it is; the kinds of rejection that name
/// no rule (`input`, `duplicate`, `not found`, `state`) in the reader's language. CSV and JSON keep
/// the machine value, as every CSV does, so that a spreadsheet's filters work whatever the language.
private func rowRule(_ rule: String, _ out: Output) -> String {
    MessageCatalogue.text("value.rowRule.\(rule)", out.language) ?? rule
}

private let importHeadings: [(key: String, en: String, zh: String)] = [
    ("line", "line", "行"), ("id", "id", "编号"), ("rule", "rule", "规则"), ("message", "message", "原因"),
]
