import Foundation
import Testing

/// Requests a hostile or careless client sends (issue 15, "Load and abuse"): each is answered with a
/// clear 4xx naming the problem, never a 500, and appends nothing. `registry-torture --only server`
/// sends the rest (raw sockets: oversized headers, NUL bytes, idle connections, too many connections).
@Suite(.serialized) struct HostileHTTPTests {
    @Test func aJSONEndpointAnswers415ToABodyThatIsNotJSONAndAppendsNothing() throws {
        let cli = try ServeTests.district("415")
        let password = try ServerHarness.addAccount(cli, "hr", role: "enterprise:E01")
        let server = try ServerHarness(cli)
        let headers = try server.logIn("hr", password)
        let json = Data(#"{"month":"2025-10","amount":"3400","paidOn":"2025-11-10"}"#.utf8)
        let before = cli.logBytes()
        // A JSON body declared as text: a page on another site can send that without asking first.
        for type in ["text/plain", "application/x-www-form-urlencoded", "text/csv"] {
            let refused = server.request("POST", "/api/v1/placements/P-1/stipends", body: json,
                                         headers: headers.merging(["Content-Type": type]) { _, new in new })
            #expect(refused.status == 415, "\(type): \(refused)")
            #expect((refused.json["message"] as? String)?.contains("application/json") == true, "\(refused)")
        }
        let form = server.request("POST", "/api/v1/placements/P-1/stipends", body: Data("month=2025-10&amount=3400&paidOn=2025-11-10".utf8),
                                  headers: headers.merging(["Content-Type": "application/x-www-form-urlencoded"]) { _, new in new })
        #expect(form.status == 415, "\(form)")
        #expect(cli.logBytes() == before)
        let accepted = server.request("POST", "/api/v1/placements/P-1/stipends", body: json,
                                      headers: headers.merging(["Content-Type": "application/json; charset=utf-8"]) { _, new in new })
        #expect(accepted.status == 201, "\(accepted)")
    }

    @Test func anUploadWhoseFileNameIsNoFileNameIs400NotA500() throws {
        let cli = try ServeTests.district("upload-name")
        let password = try ServerHarness.addAccount(cli, "clerk", role: "school:S01")
        let server = try ServerHarness(cli)
        let headers = try server.logIn("clerk", password).merging(["Content-Type": "text/csv"]) { _, new in new }
        let csv = Data("学号,姓名,专业,出生日期,入学日期\n2025990001,学生,数控技术,2006-01-01,2025-09-01\n".utf8)
        let before = cli.logBytes()
        for name in ["..", ".", "a/..", String(repeating: "名", count: 100) + ".csv"] {
            let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!  // Always encodable.
            let answer = server.request("POST", "/api/v1/imports/students?file=" + query, body: csv, headers: headers)
            #expect(answer.status == 400, "\(name.prefix(10)): \(answer)")
            #expect(answer.json["field"] as? String == "file", "\(answer)")
        }
        #expect(cli.logBytes() == before)
        let named = server.request("POST", "/api/v1/imports/students?file=%E5%AD%A6%E7%94%9F.csv", body: csv, headers: headers)
        #expect(named.status == 200, "\(named)")
        #expect(named.json["file"] as? String == "学生.csv", "\(named)")
    }
}
