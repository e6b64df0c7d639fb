/// One form's fields, rendered with their labels, the values typed (after a rejection) and each
/// field's error right under it; the hidden CSRF token is always the first field.
struct Form {
    /// How a field is typed in.
    enum Input {
        case text, password, date, month, number
        /// A CSV file: a file picker whose bytes a few lines of script put, base64-encoded, in the
        /// hidden field `NAME_base64` (the form posts urlencoded: no multipart parser on the server,
        /// and the bytes arrive as they are, GB18030 or UTF-8, for the import to decode), and a text
        /// area `NAME` to paste the rows into instead.
        case csv
        /// A choice among `(value, label)` pairs.
        case select([(String, String)])
        case checkbox
    }

    /// A field's definition.
    struct Field {
        var name: String
        var label: PageText
        var input: Input = .text
        var required = true
        /// The value shown when the form is first opened.
        var initial: String = ""
        var hint: PageText? = nil
    }

    let context: PageContext
    let action: String
    let fields: [Field]
    var submit: PageText = .submit

    /// The field names, for placing errors (`FormState.add`).
    var names: [String] { fields.map(\.name) }

    /// The form as HTML.
    func render() -> String {
        let c = context
        var html = "<form class=\"card\" method=\"post\" action=\"\(HTML.attribute(action))\">\n" + Layout.csrfField(c) + "\n"
        html += Self.generalErrors(c)
        for field in fields {
            html += row(field)
        }
        html += "<div class=\"actions\"><button type=\"submit\">\(HTML.text(c.t(submit)))</button></div>\n</form>\n"
        return html
    }

    /// Errors that concern no field, above the form.
    static func generalErrors(_ c: PageContext) -> String {
        guard !c.form.general.isEmpty else { return "" }
        return "<div class=\"form-errors\" role=\"alert\">" + c.form.general.map {
            "<p>" + ($0.rule.map { "<span class=\"rule\">[\(HTML.text($0))]</span> " } ?? "") + HTML.text($0.message) + "</p>"
        }.joined() + "</div>\n"
    }

    /// One labelled field with its error under it.
    func row(_ field: Field) -> String {
        let c = context
        let id = "f-" + field.name
        let error = c.form.errors[field.name]
        let value = c.form.values[field.name] ?? field.initial
        let described = error != nil ? " aria-invalid=\"true\" aria-describedby=\"\(id)-error\"" : ""
        let required = field.required ? " required" : ""
        var html = "<div class=\"field\(error != nil ? " invalid" : "")\"><label for=\"\(id)\">\(HTML.text(c.t(field.label)))</label>"
        switch field.input {
        case .select(let options):
            html += "<select id=\"\(id)\" name=\"\(HTML.attribute(field.name))\"\(described)\(required)>"
            for (optionValue, label) in options {
                html += "<option value=\"\(HTML.attribute(optionValue))\"\(optionValue == value ? " selected" : "")>\(HTML.text(label))</option>"
            }
            html += "</select>"
        case .csv:
            let name = HTML.attribute(field.name)
            html += "<div><input id=\"\(id)\" type=\"file\" accept=\".csv,text/csv\"\(described)>"
                + "<input type=\"hidden\" id=\"\(id)-base64\" name=\"\(name)_base64\">"
                + "<input type=\"hidden\" id=\"\(id)-name\" name=\"\(name)_name\">"
                + "<p class=\"hint\">\(HTML.text(c.t(.orPaste)))</p>"
                + "<textarea id=\"\(id)-text\" name=\"\(name)\" rows=\"6\" cols=\"70\">\(HTML.attribute(value))</textarea></div>"
                // The only script of the form: the chosen file's bytes, base64, into the hidden field.
                + "<script>document.getElementById('\(id)').addEventListener('change',function(e){var f=e.target.files[0];if(!f)return;"
                + "var r=new FileReader();r.onload=function(){var b=new Uint8Array(r.result),s='';for(var i=0;i<b.length;i+=32768){s+=String.fromCharCode.apply(null,b.subarray(i,i+32768));}"
                + "document.getElementById('\(id)-base64').value=btoa(s);document.getElementById('\(id)-name').value=f.name;};r.readAsArrayBuffer(f);});</script>"
        case .checkbox:
            let checked = ["yes", "on", "true", "1"].contains(value) ? " checked" : ""
            html += "<input id=\"\(id)\" type=\"checkbox\" name=\"\(HTML.attribute(field.name))\" value=\"yes\"\(checked)\(described)>"
        default:
            let type: String
            switch field.input {
            case .password: type = "password"
            case .date: type = "date"
            case .month: type = "month"
            case .number: type = "text\" inputmode=\"decimal"
            default: type = "text"
            }
 let shownValue = field.input == .password ? "" : " value=\"\(HTML.attribute(value))\""
            html += "<input id=\"\(id)\" type=\"\(type)\" name=\"\(HTML.attribute(field.name))\"\(shownValue)\(described)\(required)>"
        }
        if let hint = field.hint { html += "<span class=\"hint\">\(HTML.text(c.t(hint)))</span>" }
        if let error {
            html += "<span class=\"field-error\" id=\"\(id)-error\" role=\"alert\">"
                + (error.rule.map { "<span class=\"rule\">[\(HTML.text($0))]</span> " } ?? "") + HTML.text(error.message) + "</span>"
        }
        return html + "</div>\n"
    }
}

extension Form.Input: Equatable {
    static func == (lhs: Form.Input, rhs: Form.Input) -> Bool {
        switch (lhs, rhs) {
        case (.text, .text), (.password, .password), (.date, .date), (.month, .month), (.number, .number), (.csv, .csv), (.checkbox, .checkbox): true
        case (.select(let a), .select(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }
}
