import Foundation
import HTTPServer
import ReadModel
import RegistryDomain
import RegistryService
import WebPages

/// A school's pages: students and placements, one placement, the forms to enrol, register, insure
/// and start, and CSV imports (the imports page serves enterprises' stipend files too).
enum SchoolPageRoutes {
    static let perPage = 20

    static func register(on router: Router) {
        router.get("/school/students", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.school, .bureau]) { return refusal }
            let search = PageRoutes.query(c, "q")
            do {
                let page = try PageSupport.read(ListPage<StudentListRow>.self, listArguments("students", c, search: search), c)
                return PageSupport.page(c, SchoolPages.students(page, search: search, PageSupport.context(c)))
            } catch { return PageSupport.failurePage(c, error, title: c.t("Students", "学生")) }
        }
        router.get("/school/placements", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.school, .bureau]) { return refusal }
            return placementList(c, path: "/school/placements")
        }
        router.get("/students/{id}", access: .open) { c in
            if let refusal = PageSupport.gate(c, Set(Role.allCases)) { return refusal }
            let id = c.parameters["id"] ?? ""
            do {
                let record = try PageSupport.read(StudentRecord.self, ["show", "student", try APIRoutes.checkedPositional(id, field: "id", c)], c)
                return PageSupport.page(c, SchoolPages.student(record, PageSupport.context(c)))
            } catch { return PageSupport.failurePage(c, error, title: c.t("Student", "学生") + " " + id) }
        }
        router.get("/placements/{id}", access: .open) { c in
            if let refusal = PageSupport.gate(c, Set(Role.allCases)) { return refusal }
            return placementPage(c, form: nil, state: FormState())
        }
        router.get("/school/students/new", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.school]) { return refusal }
            return PageSupport.page(c, SchoolPages.enrolForm(PageSupport.context(c)))
        }
        router.post("/school/students/new") { c in
            let fields = PageForm.enrolStudent.fieldNames
            let values = PageSupport.values(c, fields)
            let result = PageSupport.run(["student", "enroll", values["id"] ?? ""]
                                         + PageSupport.options(values, [("name", "--name"), ("major", "--major"), ("birth", "--birth"),
                                                                        ("enrolled", "--enrolled")]), c)
            guard result.succeeded else {
                let form = PageSupport.formState(result, fields: fields, values: values, language: c.language)
                return PageSupport.page(c, SchoolPages.enrolForm(PageSupport.context(c, form: form)), status: result.failure?.status ?? 422)
            }
            let id = values["id"] ?? ""
            return PageSupport.redirect(c, to: "/school/students?q=" + HTML.query(id),
                                        flash: c.t("Student \(id) enrolled.", "学生 \(id) 已登记入学。"))
        }
        router.get("/school/placements/new", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.school]) { return refusal }
            var form = FormState()
            if let student = PageRoutes.query(c, "student") { form.values["student"] = student }
            return PageSupport.page(c, SchoolPages.registerForm(PageSupport.context(c, form: form)))
        }
        router.post("/school/placements/new") { c in
            let fields = PageForm.registerPlacement.fieldNames
            var values = PageSupport.values(c, fields)
            // An unticked checkbox sends nothing: show it unticked again, not with its initial tick.
            values["majorRelevant"] = values["majorRelevant"] ?? "no"
            var arguments = ["placement", "register", values["id"] ?? ""]
                + PageSupport.options(values, [("student", "--student"), ("enterprise", "--enterprise"), ("kind", "--kind"), ("start", "--start"),
                                               ("end", "--end"), ("stipend", "--stipend"), ("agreement", "--agreement"), ("post", "--post")])
            if values["majorRelevant"] == "yes" { arguments.append("--major-relevant") }
            let result = PageSupport.run(arguments, c)
            guard result.succeeded else {
                let form = PageSupport.formState(result, fields: fields, values: values, language: c.language)
                return PageSupport.page(c, SchoolPages.registerForm(PageSupport.context(c, form: form)), status: result.failure?.status ?? 422)
            }
            let id = values["id"] ?? ""
            return PageSupport.redirect(c, to: "/placements/" + HTML.query(id),
                                        flash: c.t("Placement \(id) registered. Enrol its insurance, then start it.", "实习 \(id) 已登记。请先投保，再开始实习。"))
        }
        router.post("/placements/{id}/insure") { c in
            let fields = PageForm.insure.fieldNames
            let values = PageSupport.values(c, fields)
            let id = c.parameters["id"] ?? ""
            let covers = (values["covers"] ?? "").split(whereSeparator: { $0 == "," || $0 == "、" || $0 == " " }).map(String.init)
            let result = PageSupport.run(["insurance", "enroll", id]
                                         + PageSupport.options(values, [("policy", "--policy"), ("insurer", "--insurer")])
                                         + (covers.isEmpty ? [] : ["--cover=" + covers.joined(separator: ",")])
                                         + PageSupport.options(values, [("from", "--from"), ("to", "--to"), ("paidBy", "--paid-by")]), c)
            guard result.succeeded else {
                return placementPage(c, form: .insure, state: PageSupport.formState(result, fields: fields, values: values, language: c.language),
                                     status: result.failure?.status ?? 422)
            }
            return PageSupport.redirect(c, to: "/placements/" + HTML.query(id),
                                        flash: c.t("Policy \(values["policy"] ?? "") enrolled for \(id).", "已为实习 \(id) 登记保单 \(values["policy"] ?? "")。"))
        }
        router.post("/placements/{id}/start") { c in
            let fields = PageForm.start.fieldNames
            let values = PageSupport.values(c, fields)
            let id = c.parameters["id"] ?? ""
            let result = PageSupport.run(["placement", "start", id] + PageSupport.options(values, [("on", "--on")]), c)
            guard result.succeeded else {
                return placementPage(c, form: .start, state: PageSupport.formState(result, fields: fields, values: values, language: c.language),
                                     status: result.failure?.status ?? 422)
            }
            return PageSupport.redirect(c, to: "/placements/" + HTML.query(id),
                                        flash: c.t("Placement \(id) started on \(values["on"] ?? "").", "实习 \(id) 已于 \(values["on"] ?? "") 开始。"))
        }
        router.get("/imports", access: .open) { c in
            if let refusal = PageSupport.gate(c, [.school, .enterprise]) { return refusal }
            return PageSupport.page(c, ImportPage.render(PageSupport.context(c)))
        }
        router.post("/imports", bodyLimit: APIRoutes.uploadLimit * 2) { c in importFile(c) }
    }

    /// `list SUBJECT` with the page's search, status and paging.
    static func listArguments(_ subject: String, _ c: RequestContext, search: String?, status: String? = nil) -> [String] {
        var arguments = ["list", subject, "--page", String(PageRoutes.pageNumber(c)), "--per-page", String(perPage)]
        if let search { arguments += ["--search=" + search] }
        if let status { arguments += ["--status=" + status] }
        return arguments
    }

    /// The placements list of a school or an enterprise (the command line scopes it to the account's own).
    static func placementList(_ c: RequestContext, path: String) -> HTTPResponse {
        let search = PageRoutes.query(c, "q"), status = PageRoutes.query(c, "status")
        do {
            let page = try PageSupport.read(ListPage<PlacementListRow>.self, listArguments("placements", c, search: search, status: status), c)
            return PageSupport.page(c, SchoolPages.placements(page, search: search, status: status, path: path, PageSupport.context(c)))
        } catch { return PageSupport.failurePage(c, error, title: c.t("Placements", "实习")) }
    }

    /// One placement, with a rejected form (insure or start) shown again with its errors.
    static func placementPage(_ c: RequestContext, form: PageForm?, state: FormState, status: Int = 200) -> HTTPResponse {
        let id = c.parameters["id"] ?? ""
        do {
            let record = try PageSupport.read(PlacementRecord.self, ["show", "placement", try APIRoutes.checkedPositional(id, field: "id", c)], c)
            return PageSupport.page(c, SchoolPages.placement(record, form: form, PageSupport.context(c, form: state)), status: status)
        } catch { return PageSupport.failurePage(c, error, title: c.t("Placement", "实习") + " " + id) }
    }

    /// Imports an uploaded CSV (bytes base64-encoded by the page's script, or rows pasted) and shows its row report.
    static func importFile(_ c: RequestContext) -> HTTPResponse {
        let kinds = ImportKindName.kinds(for: c.actor?.role)
        guard let kind = c.formValue("kind").flatMap(ImportKindName.init(rawValue:)), kinds.contains(kind) else {
            return PageSupport.page(c, ImportPage.render(fileProblem: c.t("choose what the file holds.", "请选择文件内容。"), PageSupport.context(c)), status: 400)
        }
        var bytes: [UInt8] = []
        if let encoded = c.formValue("csv_base64"), !encoded.isEmpty, let data = Data(base64Encoded: encoded) {
            bytes = Array(data)
        } else if let pasted = c.formValue("csv"), !pasted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            bytes = Array(pasted.utf8)
        }
        guard !bytes.isEmpty else {
            return PageSupport.page(c, ImportPage.render(fileProblem: c.t("choose a CSV file, or paste its rows.", "请选择 CSV 文件，或粘贴其内容。"),
                                                         PageSupport.context(c)), status: 400)
        }
        let name = (c.formValue("csv_name").flatMap { $0.split(separator: "/").last.map(String.init) }).flatMap { $0.isEmpty ? nil : $0 } ?? "upload.csv"
        let directory = NSTemporaryDirectory() + "registry-page-upload-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + (name.hasSuffix(".csv") ? name : name + ".csv")
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil,
              FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            return PageSupport.failurePage(c, APIError.internalError(message: "cannot store the uploaded file"), title: c.t("Imports", "批量导入"))
        }
        let result = PageSupport.run(["import", kind.rawValue, path], c)
        guard result.succeeded else {
            return PageSupport.page(c, ImportPage.render(fileProblem: result.failure?.message, PageSupport.context(c)), status: result.failure?.status ?? 400)
        }
        struct Report: Decodable {
            struct Row: Decodable { var line: Int; var id: String; var rule: String; var message: String }
            var rows: Int; var imported: Int; var alreadyImported: Int; var rejected: [Row]; var ignoredColumns: [String]?
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let report = try? decoder.decode(Report.self, from: Data(result.output)) else {
            return PageSupport.failurePage(c, APIError.internalError(message: String(decoding: result.output, as: UTF8.self)), title: c.t("Imports", "批量导入"))
        }
        let shown = ImportResult(kind: kind, file: name, rows: report.rows, imported: report.imported, alreadyImported: report.alreadyImported,
                                 ignoredColumns: report.ignoredColumns ?? [],
                                 rejected: report.rejected.map { .init(line: $0.line, id: $0.id, rule: $0.rule, message: $0.message) })
        return PageSupport.page(c, ImportPage.render(result: shown, PageSupport.context(c)))
    }
}
