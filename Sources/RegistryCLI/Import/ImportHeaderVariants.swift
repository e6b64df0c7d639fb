/// What real exports call the columns: the headers that a school's records system, an HR system or
/// a spreadsheet made by hand write for the same thing (学生姓名 for 姓名, 入学时间 for 入学日期 …).
///
/// Kept by the kind's raw value rather than in a `switch`, so that a new kind of import needs no
/// entry here. Each name is compared as `ImportColumn.normalizedName` compares header cells.
enum ImportHeaderVariants {
    /// Other names for a column, by import kind and the column's English name.
    static let byKind: [String: [String: [String]]] = [
        "students": [
            "id": ["学籍号", "学生学号", "student_id"],
            "name": ["学生姓名", "student_name"],
            "major": ["专业名称", "所学专业", "所在专业"],
            "birth": ["出生年月日", "出生时间", "birth_date", "date_of_birth"],
            "enrolled": ["入学时间", "入学年月日", "enrolment_date", "enrollment_date"],
        ],
        "placements": [
            "id": ["placement", "实习号"],
            "student": ["学生学号", "student_id"],
            "enterprise": ["企业编号", "实习单位编号", "enterprise_id"],
            "kind": ["实习类型", "实习类别"],
            "start": ["开始时间", "实习开始日期", "起始日期"],
            "end": ["结束时间", "实习结束日期", "截止日期"],
            "stipend": ["实习报酬", "月实习报酬", "报酬"],
            "post": ["实习岗位", "岗位名称"],
            "agreement": ["三方协议编号", "协议号"],
            "major_relevant": ["是否专业对口"],
        ],
        "stipends": [
            "placement": ["placement_id"],
            "month": ["报酬月份", "发放月份"],
            "amount": ["实发金额", "支付金额", "发放金额"],
            "paid_on": ["发放日期", "支付时间", "发放时间"],
            "correction": ["是否更正"],
        ],
    ]

    /// Columns of personal data that an import accepts but does not store: until personal-data
    /// encryption exists, a national ID number never enters the log and is never printed.
    static let personalData: Set<String> = ["身份证号", "身份证号码", "公民身份号码", "身份证件号码", "证件号码", "身份证",
                                             "id_card", "id_number", "national_id"]

    /// Whether `cell` names `column` of `kind` by one of its other names.
    static func names(_ column: ImportColumn, of kind: ImportKind, cell: String) -> Bool {
        let name = ImportColumn.normalizedName(cell)
        return byKind[kind.rawValue]?[column.english]?.contains(name) ?? false
    }

    /// Whether `cell` names a column of personal data.
    static func isPersonalData(_ cell: String) -> Bool {
        personalData.contains(ImportColumn.normalizedName(cell))
    }
}
