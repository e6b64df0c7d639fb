import EventStore
import Foundation
import InputValues
import PersonalData
#if canImport(Glibc)
import Glibc
#endif
import RegistryDomain
import RegistryService

/// What became of a CSV file's data rows.
struct ImportReport {
    /// A data row that appended nothing because it was rejected.
    struct RejectedRow: Equatable {
        let line: Int
        let id: String
        /// A catalogue rule ID, or `input`, `state`, `not found`, `duplicate`.
        let rule: String
        let en: String
        let zh: String
        /// The row's cells as the file holds them, for a report that shows them beside the reason.
        var cells: [String] = []
    }

    let file: String
    /// Header cells that name no column of this import, ignored (e.g. 序号, 性别, 班级).
    var ignoredColumns: [String] = []
    /// Header cells of personal data (身份证号), accepted but not stored.
    var personalDataColumns: [String] = []
    var rows = 0
    var imported = 0
    var alreadyImported = 0
    var rejected: [RejectedRow] = []
}

/// The import stopped part-way because the log failed (integrity, lock, I/O): rows before `line`
/// that were accepted stay appended.
struct ImportInterrupted: Error {
    let underlying: Error
    let line: Int
    let imported: Int
}

/// Imports a CSV file: one command per data row, all under one writer lock.
struct Importer {
    let kind: ImportKind
    let actor: Actor
    /// The file as named on the command line.
    let file: String
    /// The registry's clock: a row is judged by the same rules as the command it stands for, Data_01 included.
    var today: CalendarDate? = nil

    /// Reads and checks the whole file before anything is appended.
    /// - Returns: The header and the non-blank data records.
    /// - Throws: `ImportFileProblem` for anything that makes the file as a whole unusable.
    func read() throws(ImportFileProblem) -> (ImportHeader, [CSVRecord]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw .unreadable(file: file, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: file, reason: "it is a directory") }
        // A device (/dev/zero), FIFO or socket is no file of rows: reading one may never end.
        var info = stat()
        if stat(file, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            let (what, zh): (String, String) = switch info.st_mode & S_IFMT {
            case S_IFCHR: ("a character device", "字符设备")
            case S_IFBLK: ("a block device", "块设备")
            case S_IFIFO: ("a pipe (FIFO)", "命名管道 FIFO")
            case S_IFSOCK: ("a socket", "套接字")
            default: ("not a regular file", "非普通文件")
            }
            throw .notARegularFile(file: file, what: what, zh: zh)
        }
        guard access(file, R_OK) == 0 else { throw .unreadable(file: file, reason: "permission denied") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw .unreadable(file: file, reason: (error as NSError).localizedDescription)
        }
        let text = try TextDecoding.decode([UInt8](data), file: file, kind: kind)
        let records = try CSVReader.records(in: text, file: file).filter { !$0.isBlank }
        // The decoder turned away files without text, so there is a first non-blank record.
        guard let first = records.first else { throw .empty(file: file, kind: kind) }
        let header = try ImportHeader(first.fields, kind: kind, file: file)
        let rows = Array(records.dropFirst())
        try Self.checkIdentifiers(rows, header, file: file)
        return (header, rows)
    }

    /// The ID columns of each kind of import, by the kind's raw value (a kind without an entry is
    /// checked row by row only).
    static let identifierColumns: [String: [String]] = [
        "students": ["id"], "placements": ["id", "student", "enterprise"], "stipends": ["placement"],
    ]

    /// Refuses the whole file when an ID cell holds white space, a control character or an invisible
    /// format character: IDs that look alike but differ, or hide text, are refused at every boundary
    /// with exit 2 (issue 11), before anything is appended. An empty or overlong ID stays a row's problem.
    static func checkIdentifiers(_ rows: [CSVRecord], _ header: ImportHeader, file: String) throws(ImportFileProblem) {
        let columns = (identifierColumns[header.kind.rawValue] ?? []).compactMap { name in header.index[name].map { (name, $0) } }
        guard !columns.isEmpty else { return }
        for row in rows {
            for (name, i) in columns where i < row.fields.count && !row.fields[i].isEmpty {
                do {
                    // A policy number never stands in a web address's path; every other ID column does.
                    _ = try IdentifierInput.normalized(row.fields[i], allowingSlash: name == "policy_number")
                } catch {
                    switch error {
                    case .empty, .tooLong: continue
                    case .surroundingWhitespace, .whitespace, .control, .invisible, .slash:
                        throw .invisibleInIdentifier(file: file, line: row.line, column: header.label[name] ?? name,
                                                     value: row.fields[i], flaw: error)
                    }
                }
            }
        }
    }

    /// The deterministic command ID of a row: the same values from the same actor give the same ID,
    /// whatever the header language, the column order, the encoding or the date form.
    ///
    /// The hashed bytes are kind, U+001E, actor, U+001E, then the values joined by U+001F, in UTF-8;
    /// they are gathered into one byte array rather than through string concatenation (a few
    /// percent of an imported row's CPU), and must stay byte for byte the same: a re-run finds the
    /// rows it imported before by these IDs.
    func commandID(for row: ImportRow) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + row.normalized.reduce(0) { $0 + $1.utf8.count + 1 })
        bytes.append(contentsOf: kind.rawValue.utf8)
        bytes.append(0x1E)
        bytes.append(contentsOf: actor.description.utf8)
        bytes.append(0x1E)
        for (i, value) in row.normalized.enumerated() {
            if i > 0 { bytes.append(0x1F) }
            bytes.append(contentsOf: value.utf8)
        }
        return "import-\(kind.rawValue)-" + ContentHash.sha256Hex(bytes).prefix(32)
    }

    /// How many rows share one fdatasync: about a twentieth of the file, in steps of 50 rows (the
    /// progress line's step before groups), from 50 to 1000. A crash loses at most one group's rows,
    /// none of them reported as imported; re-running the file appends them.
    static func groupSize(rows: Int) -> Int { 50 * min(20, max(1, rows / 1000)) }

    /// A data row read into its command, before any row of its group is decided.
    private enum Prepared {
        case command(RegistryCommand, commandID: String, id: String)
        case problem(RowProblem, id: String)
    }

    /// Executes every data row against `registry`, in groups made durable together.
    ///
    /// Each row is still its own command, decided against everything before it (the rows before it
    /// in its group included) and answered with its own outcome. Over a file log (and outside a
    /// server, whose writer syncs its own groups) the rows' records are written as they are decided
    /// and synced once per group (`Registry.beginGroups`); the group's personal-data keys are made
    /// in one durable write before its first row, with the file key store on the thread that
    /// prepares the group while the one before it is executed (`Registry.keyMakerAhead`), otherwise
    /// here (`Registry.prepareKeys`). Progress is reported
    /// only after a group's sync, so every row a progress line counts is durable.
    /// - Parameter progress: called with (line, rows done, rows) after each durable group but the
    ///   last, for a file of more than 200 rows.
    /// - Throws: `ImportInterrupted` when the log fails part-way; its count is of durable rows.
    func run(_ header: ImportHeader, _ records: [CSVRecord], on registry: Registry,
             progress: (Int, Int, Int) -> Void) throws(ImportInterrupted) -> ImportReport {
        var report = ImportReport(file: file, ignoredColumns: header.ignored, personalDataColumns: header.personalData,
                                  rows: records.count)
        var firstLine: [String: Int] = [:]
        let grouping = registry.beginGroups(commands: records.count)
        // Rows imported as of the last sync: what an interruption can promise.
        var durablyImported = 0
        /// Syncs the group's rows; on failure, the interruption names the group's first line.
        func sync(from groupStart: Int) throws(ImportInterrupted) {
            // A server's writer, or a store that syncs each append, makes the rows durable itself.
            guard grouping else { durablyImported = report.imported; return }
            do { try registry.syncGroup() } catch {
                throw ImportInterrupted(underlying: error, line: records[groupStart].line, imported: durablyImported)
            }
            durablyImported = report.imported
        }
        defer { if grouping { try? registry.endGroups() } }
        let size = Self.groupSize(rows: records.count)
        var groupStart = 0
        // Reading rows into commands needs nothing from the registry: the next group's rows are
        // read on another thread while this group's are decided and appended, and, with the file
        // key store, the personal-data keys they will seal with are made there too.
        let keyMaker = registry.keyMakerAhead
        var nextGroup = GroupPreparation(self, header, records[0..<min(size, records.count)], keyMaker: keyMaker)
        // An interrupted run leaves no thread behind still writing keys.
        defer { nextGroup.finish() }
        while groupStart < records.count {
            let group = records[groupStart..<min(groupStart + size, records.count)]
            let (prepared, madeKeys) = nextGroup.wait()
            let following = groupStart + group.count
            if following < records.count {
                nextGroup = GroupPreparation(self, header, records[following..<min(following + size, records.count)], keyMaker: keyMaker)
            }
            // Every key of the group is durable before its first row is executed.
            do {
                if let madeKeys {
                    registry.personalData.adopt(try madeKeys.get())
                } else {
                    try registry.prepareKeys(for: prepared.compactMap { if case .command(let c, _, _) = $0 { c } else { nil } })
                }
            } catch {
                throw ImportInterrupted(underlying: error, line: group.first!.line, imported: durablyImported)
            }
            for (record, row) in zip(group, prepared) {
                do {
                    try execute(row, record, header, registry, &report, &firstLine)
                } catch {
                    // Rows decided before this one are durable if this sync works; else only the earlier groups.
                    if !grouping { durablyImported = report.imported } else {
                        do { try registry.syncGroup(); durablyImported = report.imported } catch {}
                    }
                    throw ImportInterrupted(underlying: error, line: record.line, imported: durablyImported)
                }
            }
            try sync(from: groupStart)
            groupStart += group.count
            if records.count > 200 && groupStart < records.count { progress(records[groupStart].line, groupStart, records.count) }
        }
        if grouping {
            do { try registry.endGroups() } catch {
                throw ImportInterrupted(underlying: error, line: records.last?.line ?? 0, imported: durablyImported)
            }
        }
        return report
    }

    /// A group's rows read into commands on another thread (`prepare` of each), and the keys they
    /// will seal with made there when a key maker is given, awaited with `wait`.
    private final class GroupPreparation: @unchecked Sendable {
        private let done = DispatchGroup()
        // Only values cross threads: the importer, the header and the rows are structs of strings;
        // the key maker locks the key store it uses.
        private let importer: Importer
        private let header: ImportHeader
        private let rows: ArraySlice<CSVRecord>
        private let keyMaker: (@Sendable ([RegistryCommand]) throws -> [SubjectKey])?
        // Written by the preparing thread before `done` leaves; read only after `wait`.
        private var prepared: [Prepared] = []
        private var keys: Result<[SubjectKey], any Error>?

        init(_ importer: Importer, _ header: ImportHeader, _ rows: ArraySlice<CSVRecord>,
             keyMaker: (@Sendable ([RegistryCommand]) throws -> [SubjectKey])?) {
            (self.importer, self.header, self.rows, self.keyMaker) = (importer, header, rows, keyMaker)
            done.enter()
            DispatchQueue.global(qos: .userInitiated).async { self.run() }
        }

        private func run() {
            prepared = rows.map { importer.prepare($0, header) }
            if let keyMaker {
                let commands = prepared.compactMap { if case .command(let c, _, _) = $0 { c } else { nil } }
                keys = Result { try keyMaker(commands) }
            }
            done.leave()
        }

        /// The rows, and the keys made for them (nil without a key maker: the caller makes them).
        func wait() -> ([Prepared], Result<[SubjectKey], any Error>?) {
            done.wait()
            return (prepared, keys)
        }

        /// Waits for the thread's work, whose result is no longer wanted.
        func finish() { done.wait() }
    }

    /// Reads a row into its command (no decision yet).
    private func prepare(_ record: CSVRecord, _ header: ImportHeader) -> Prepared {
        var id = ""
        do {
            var row = try ImportRow(record, header: header)
            id = row.displayID(kind.identifyingColumns)
            let command = try kind.command(for: &row, by: actor, today: today)
            return .command(command, commandID: commandID(for: row), id: id)
        } catch {
            return .problem(error, id: id)
        }
    }

    /// Decides and appends one row, recording its outcome in `report`.
    /// - Throws: what is not the row's own rejection (the log failed).
    private func execute(_ prepared: Prepared, _ record: CSVRecord, _ header: ImportHeader, _ registry: Registry,
                         _ report: inout ImportReport, _ firstLine: inout [String: Int]) throws {
        switch prepared {
        case .problem(let problem, var id):
            if id.isEmpty { id = ImportRow.displayID(record, header, kind.identifyingColumns) }
            report.rejected.append(.init(line: record.line, id: id, rule: "input", en: problem.en, zh: problem.zh, cells: header.withoutPersonalData(record.fields)))
        case .command(let command, let commandID, let id):
            if let line = firstLine[commandID] {
                report.rejected.append(.init(line: record.line, id: id, rule: "duplicate",
                                             en: "duplicate of line \(line).", zh: "与第 \(line) 行重复。", cells: header.withoutPersonalData(record.fields)))
                return
            }
            firstLine[commandID] = record.line
            do {
                let outcome = try registry.execute(command, by: actor, commandID: commandID)
                if outcome.wasDuplicate { report.alreadyImported += 1 } else { report.imported += 1 }
            } catch RegistryError.rejected(let rejection) {
                report.rejected.append(.init(line: record.line, id: id, rule: Self.rule(of: rejection),
                                             en: rejection.message(.en), zh: rejection.message(.zh), cells: header.withoutPersonalData(record.fields)))
            }
        }
    }

    /// The report's rule: the catalogue rule, or what kind of problem it is.
    static func rule(of rejection: Rejection) -> String {
        if let rule = rejection.ruleID { return rule.rawValue }
        switch rejection.kind {
        case .notFound: return "not found"
        case .invalidInput: return "input"
        case .notPermitted: return RuleID.auth01.rawValue
        case .rule, .invalidState: return "state"
        }
    }
}

extension ImportRow {
    /// The report ID of a record whose shape is wrong, from whatever fields it has.
    static func displayID(_ record: CSVRecord, _ header: ImportHeader, _ columns: [String]) -> String {
        columns.compactMap { header.index[$0] }.filter { $0 < record.fields.count }
            .map { Invocation.printable(record.fields[$0].trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension ImportReport {
    /// The report's notes on the header, each said once: ignored columns, and personal data not stored.
    var notes: [(en: String, zh: String)] {
        var notes: [(en: String, zh: String)] = []
        if !ignoredColumns.isEmpty {
            notes.append(("ignored column\(ignoredColumns.count == 1 ? "" : "s") not used by this import: \(ignoredColumns.joined(separator: ", ")).",
                          "已忽略本导入不使用的列：\(ignoredColumns.joined(separator: "、"))。"))
        }
        for column in personalDataColumns {
            notes.append(("\(column) column: sealed with each student's key, matched for duplicates by keyed digest, never printed.",
                          "\(column) 列：以学生本人的密钥加密保存，以带密钥的摘要查重，从不显示。"))
        }
        return notes
    }
}
