import EventStore
import Foundation
import ReadModel
import RegistryDomain
import RegistryService
import Testing
@testable import WebPages

/// The page renderers: every value escaped, Chinese by default and English on request, every
/// form carrying the CSRF token, and each rejection's message beside the field it concerns.
@Suite("Page renderers")
struct PageRenderTests {
    /// The part of `html` from the field `name`'s wrapper to the end of that wrapper.
    func fieldBlock(_ html: String, _ name: String) -> String? {
        guard let input = html.range(of: "id=\"f-\(name)\""),
              let start = html.range(of: "<div class=\"field", options: .backwards, range: html.startIndex..<input.lowerBound),
              let end = html.range(of: "</div>", range: input.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func valuesFromRecordsAreEscaped() {
        let html = SchoolPages.students(Fixtures.students([Fixtures.hostile]), search: Fixtures.hostile, Fixtures.school)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The bidirectional override is shown as an escape in text, never as the character itself.
        #expect(!html.contains("\u{202E}gnp") || html.contains("value=\""))
        #expect(html.contains("\\u{202e}gnp.exe"))
        // In the search box's value the quote cannot end the attribute.
        #expect(html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&#39;"))
    }

    @Test func placementPageEscapesItsFacts() {
        let html = SchoolPages.placement(Fixtures.placement, Fixtures.school)
        #expect(html.contains("CNC &lt;operator&gt;"))
        #expect(!html.contains("<operator>"))
    }

    @Test func chineseByDefaultEnglishOnRequest() {
        let zh = SchoolPages.students(Fixtures.students(["王小明"]), search: nil, PageContext(actor: Actor(role: .school, id: "S01"), path: "/school/students"))
        #expect(zh.contains("<html lang=\"zh-CN\">"))
        #expect(zh.contains("<th>学号</th>"))
        #expect(zh.contains("第 51–51 条，共 120 条"))
        #expect(zh.contains("href=\"/school/students?lang=en\""))
        var context = Fixtures.school
        context.language = .en
        let en = SchoolPages.students(Fixtures.students(["王小明"]), search: nil, context)
        #expect(en.contains("<html lang=\"en\">"))
        #expect(en.contains("<th>Student number</th>"))
        #expect(en.contains("Rows 51–51 of 120"))
        #expect(en.contains("王小明"))
    }

    @Test func aDateOfBirthShowsAsADateAndAnErasedOneAsTheDashOfEveryEmptyCell() {
        let list = SchoolPages.students(Fixtures.students(["王小明"]), search: nil, Fixtures.school)
        #expect(list.contains("<td>2006-03-14</td>"))
        #expect(!list.contains("Optional"))
        let page = SchoolPages.student(Fixtures.student(birth: "2006-03-14"), Fixtures.school)
        #expect(page.contains("<dt>出生日期</dt><dd>2006-03-14</dd>"))
        #expect(!page.contains("Optional"))
        let erased = SchoolPages.student(Fixtures.student(birth: nil, personalData: "erased"), Fixtures.school)
        #expect(erased.contains("<dt>出生日期</dt><dd>–</dd>"))
        #expect(!erased.contains("<dd>nil</dd>"))
    }

    @Test func pagerKeepsTheSearch() {
        let html = SchoolPages.students(Fixtures.students(["a"]), search: "王", Fixtures.school)
        #expect(html.contains("href=\"/school/students?q=%E7%8E%8B&amp;page=1\""))
        #expect(html.contains("href=\"/school/students?q=%E7%8E%8B&amp;page=3\""))
    }

    @Test func everyPostFormCarriesTheCSRFToken() {
        let pages = [
            SchoolPages.placement(Fixtures.placement, Fixtures.school),
            SchoolPages.registerForm(Fixtures.school),
            SchoolPages.enrolForm(Fixtures.school),
            ImportPage.render(Fixtures.school),
            BureauPages.accounts([AccountRow(user: "zhang", actor: "school:S01", name: "张老师", disabled: false)], Fixtures.school),
            EnterprisePages.stipendSheet(month: YearMonth(year: 2025, month: 9)!, rows: [StipendSheetRow(placement: "P-1", student: "2023001", agreedStipend: "3400.00")],
                                         defaultPaidOn: CalendarDate(year: 2025, month: 10, day: 10)!, Fixtures.school),
        ]
        for html in pages {
            let forms = html.components(separatedBy: "method=\"post\"").count - 1
            let tokens = html.components(separatedBy: "<input type=\"hidden\" name=\"csrf_token\" value=\"tok-123\">").count - 1
            #expect(forms > 0)
            #expect(forms == tokens)
        }
    }

    @Test func aRuleMessageStandsBesideTheFieldItConcerns() throws {
        var context = Fixtures.school
        context.form = FormState(values: ["id": "P-9", "end": "2025-10-01"])
        let rejection = Rejection.postInternshipTooShort(placement: "P-9", start: CalendarDate(year: 2025, month: 9, day: 1)!,
                                                        end: CalendarDate(year: 2025, month: 10, day: 1)!,
                                                        minimumEnd: CalendarDate(year: 2026, month: 2, day: 28)!, months: 6)
        context.form.add(rejection, fields: PageForm.registerPlacement.fieldNames, language: .zh)
        let html = SchoolPages.registerForm(context)
        let end = try #require(fieldBlock(html, "end"))
        #expect(end.contains("class=\"field invalid\""))
        #expect(end.contains("[Duration_01]"))
        #expect(end.contains(HTML.text(rejection.message(.zh))))
        #expect(end.contains("value=\"2025-10-01\""))
        // Only that field: the start date has no error.
        #expect(!(try #require(fieldBlock(html, "start"))).contains("field-error"))
    }

    @Test func anotherSchoolsStudentIsRefusedBesideTheStudentField() throws {
        var context = Fixtures.school
        context.language = .en
        let rejection = Rejection.notOwnRecord(actor: Actor(role: .school, id: "S01"), verb: "placement register", record: .student("2024999"))
        context.form.add(rejection, fields: PageForm.registerPlacement.fieldNames, language: .en)
        let student = try #require(fieldBlock(SchoolPages.registerForm(context), "student"))
        #expect(student.contains("[Auth_01]"))
        #expect(student.contains(HTML.text(rejection.message(.en))))
    }

    @Test func aRejectionKnownOnlyByItsRuleFindsItsField() {
        var form = FormState()
        form.add(rule: "Data_04", message: "too large", fields: ["month", "amount", "paidOn"])
        #expect(form.errors["amount"]?.message == "too large")
        form.add(rule: "Quota_01", message: "no field", fields: ["month", "amount"])
        #expect(form.general.map(\.message) == ["no field"])
    }

    @Test func anErrorWithoutItsFieldStandsAboveTheForm() {
        var context = Fixtures.school
        let rejection = Rejection.roleNotPermitted(actor: Actor(role: .school, id: "S01"), verb: "enterprise workforce", required: .enterprise)
        context.form.add(rejection, fields: PageForm.workforce.fieldNames, language: .zh)
        let html = EnterprisePages.workforce(current: nil, context)
        #expect(html.contains("<div class=\"form-errors\" role=\"alert\"><p><span class=\"rule\">[Auth_01]</span>"))
    }

    @Test func stipendSheetShowsEachRowsOutcomeOnItsRow() throws {
        var c = Fixtures.school
        c.actor = Actor(role: .enterprise, id: "E01")
        let rows = [
            StipendSheetRow(placement: "P-1", student: "2023001", studentName: "王小明", agreedStipend: "3400.00", outcome: .confirmed),
            StipendSheetRow(placement: "P-2", student: "2023002", agreedStipend: "3000.00", typedAmount: "30000", typedPaidOn: "2025-10-10",
                            outcome: .rejected(rule: "Data_04", message: "金额 30000.00 元是协议的 10 倍", field: "amount")),
            StipendSheetRow(placement: "P-3", student: "2023003", agreedStipend: "2800.00"),
        ]
        let html = EnterprisePages.stipendSheet(month: YearMonth(year: 2025, month: 9)!, rows: rows,
                                                defaultPaidOn: CalendarDate(year: 2025, month: 10, day: 10)!, c)
        let lines = html.components(separatedBy: "\n").filter { $0.hasPrefix("<tr class=") }
        try #require(lines.count == 3)
        #expect(lines[0].contains("class=\"accepted\"") && lines[0].contains("已确认"))
        #expect(lines[1].contains("class=\"rejected\"") && lines[1].contains("[Data_04]") && lines[1].contains("value=\"30000\""))
        #expect(lines[1].contains("<td class=\"invalid\"><input type=\"text\" inputmode=\"decimal\" size=\"10\" name=\"rows[1][amount]\""))
        // A row not yet confirmed is prefilled from the agreement and the default paid-on date.
        #expect(lines[2].contains("name=\"rows[2][amount]\" value=\"2800.00\"") && lines[2].contains("value=\"2025-10-10\""))
        #expect(html.contains("本次提交：确认 1 行，退回 1 行。"))
    }

    @Test func importReportListsRejectedRowsAsATable() {
        let result = ImportResult(kind: .students, file: "名册.csv", rows: 3, imported: 2,
                                  rejected: [.init(line: 3, id: "2023<b>", rule: "Data_03", message: "出生日期不合理")])
        let html = ImportPage.render(result: result, Fixtures.school)
        #expect(html.contains("<tr class=\"rejected\"><td class=\"num\">3</td><td>2023&lt;b&gt;</td><td class=\"rule\">Data_03</td><td>出生日期不合理</td></tr>"))
        #expect(html.contains("name=\"csv_base64\"") && html.contains("<textarea id=\"f-csv-text\" name=\"csv\""))
        // A school is offered its own imports only.
        #expect(html.contains("value=\"students\"") && !html.contains("value=\"stipends\""))
    }

    @Test func verifyShowsTheHeadHashToWriteDown() {
        let head = LogHead(position: 42, hash: .zero, recordedAt: 0)
        let html = InspectorPages.verify(VerifyOutcome(isIntact: true, head: head, events: 42), PageContext(actor: Actor(role: .inspector, id: "I01")))
        #expect(html.contains("<code class=\"hash\" id=\"head-hash\">" + String(repeating: "0", count: 64) + "</code>"))
        #expect(html.contains("日志完整"))
    }

    @Test func auditPageHasFiltersAndTheUntilDatePicker() {
        let filters = AuditFilters(on: CalendarDate(year: 2026, month: 3, day: 31)!, until: CalendarDate(year: 2026, month: 1, day: 15)!, rule: "Pay_04")
        let html = InspectorPages.audit(state: RegistryState(), findings: [], head: .empty, filters: filters,
                                        PageContext(language: .en, actor: Actor(role: .inspector, id: "I01"), path: "/audit"))
        #expect(html.contains("<input type=\"date\" name=\"until\" value=\"2026-01-15\">"))
        #expect(html.contains("<option value=\"Pay_04\" selected>Pay_04</option>"))
        #expect(html.contains("<div class=\"charts\">"))
        #expect(html.components(separatedBy: "<h1>").count == 2)
    }

    @Test func auditFiltersKeepMatchingFindings() {
        let a = Finding(ruleID: .pay04, subject: "placement P-1", school: "S01", enterprise: "E01", expected: "x", actual: "y")
        let b = Finding(ruleID: .quota01, subject: "enterprise E02", enterprise: "E02", expected: "x", actual: "y")
        let on = CalendarDate(year: 2026, month: 3, day: 31)!
        #expect(AuditFilters(on: on, school: "S01").apply(to: [a, b]) == [a])
        #expect(AuditFilters(on: on, rule: "Quota_01").apply(to: [a, b]) == [b])
        #expect(AuditFilters(on: on).apply(to: [a, b]) == [a, b])
    }
}
