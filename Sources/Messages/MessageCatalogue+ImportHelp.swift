import RegistryDomain

/// The column reference and notes of `registry import … --help`: each column's description (ID
/// `column:<English>`) and each note line (`importNote:<English>`), with their Chinese.
extension MessageCatalogue {
    public static let importHelpTexts: [Entry] = [
        column("the student ID", "学号"),
        column("the student's name", "学生姓名"),
        column("the major", "专业"),
        column("date of birth, YYYY-MM-DD", "出生日期，YYYY-MM-DD"),
        column("date of enrolment, YYYY-MM-DD", "入学日期，YYYY-MM-DD"),
        column("reference of a guardian's consent, needed under 14 (Privacy_01)", "监护人同意书编号，未满 14 周岁的学生须提供（Privacy_01）"),
        column("the placement ID", "实习编号"),
        column("the host enterprise's ID", "接收企业编号"),
        column("observation (认识实习) or post (岗位实习)", "认识实习（observation）或岗位实习（post）"),
        column("planned first day", "计划开始日期"),
        column("planned last day", "计划结束日期"),
        column("agreed monthly stipend in yuan", "约定月报酬，单位元"),
        column("the post", "岗位"),
        column("tripartite agreement reference", "三方协议编号"),
        column("yes/no, 是/否, 1/0 (default no)", "是/否、'yes'/'no' 或 1/0（默认否）"),
        column("the month paid for, YYYY-MM", "所付月份，YYYY-MM"),
        column("the amount paid in yuan", "实付金额，单位元"),
        column("the payment date", "支付日期"),
        column("yes/no: replaces an earlier confirmation (default no)", "是/否：替换先前的确认（默认否）"),
        column("the placement ID; several as P-1;P-2 or P-1、P-2", "实习编号；多个可写作 P-1;P-2 或 P-1、P-2"),
        column("the group policy's number", "团体保单号"),
        column("the insurer", "保险公司"),
        column("liability (责任险), accident (意外险), or both: liability;accident", "责任险（liability）、意外险（accident），或两者：liability;accident"),
        column("first covered day", "保险起始日"),
        column("last covered day", "保险终止日"),
        column("school (学校) or enterprise (企业)", "学校（school）或企业（enterprise）"),
        column("the first day of the placement", "实习的第一天"),
        column("tripartite agreement reference, if registration did not record it", "三方协议编号，登记时未记录的须在此给出"),
        msg("importNote.optional", " (optional)", "（可选）"),
        msg("importNote.columns", "Columns (header row in English or Chinese, any order, any case; 列名可用中文或英文):",
            "列（列名行可用中文或英文，顺序、大小写不限）："),
        msg("importNote.file", "{file} (UTF-8 with or without BOM, or GB18030/GBK; dates YYYY-MM-DD or YYYY/M/D):",
            "{file}（UTF-8，带或不带 BOM，或 GB18030/GBK；日期写作 YYYY-MM-DD 或 YYYY/M/D）："),
        msg("importNote.or", "  or 或:", "  或："),
        msg("importNote.rows", "Each row is its own command; rejected rows are listed with their line and rule, the others are\nappended. Running the same file again appends nothing new. Exit 0: every row imported (now or\nbefore); 1: some rows rejected; 2: the file cannot be read as a whole (nothing appended).\nOther columns (序号, 性别, 班级, …) are ignored and listed in the report; a 身份证号 column is\nsealed with the student's key (never printed) and matched for duplicates by keyed digest; a\n监护人同意书 (guardian_consent) column gives the consent a student under 14 needs (Privacy_01).",
            "每行是一条独立的命令；被拒绝的行连同行号和规则列出，其余各行追加到日志。再次导入同一文件不会重复追加。\n退出码 0：每行均已导入（本次或此前）；1：有行被拒绝；2：文件整体无法读取（未追加任何内容）。\n其他列（序号、性别、班级等）将被忽略并在报告中列出；身份证号列以该学生的密钥加密保存（从不显示），\n并以带密钥的摘要查重；监护人同意书列提供未满 14 周岁学生所需的监护人同意（Privacy_01）。"),
        msg("importNote.insurance", "A placement cell may list several placements separated by ; ； or 、 (not commas): each is its own\ncommand and report row, on the same line. Headers may write _ as a space or a hyphen (policy number,\npaid-by). The same policy imported again in the other layout or language appends nothing.",
            "实习编号单元格可列出多项实习，以 ; ； 或 、 分隔（不可用逗号）：每项是一条独立的命令和报告行，行号相同。\n列名中的 _ 可写作空格或连字符。同一保单以另一种格式或语言再次导入时不会重复追加。"),
        msg("importNote.starts", "Headers may also say start date / start / on and agreement reference; the agreement is needed only\nwhen registration did not record it (Agreement_01).",
            "开始日期列也可写作 'start date'、'start' 或 'on'，协议列也可写作 'agreement reference'；仅当登记时未记录三方协议时才需要该列（Agreement_01）。"),
    ]

    /// A column's description in `language`.
    public static func columnHelp(_ english: String, _ language: Language) -> String {
        language == .zh ? byID["column:" + english]?.zh ?? english : english
    }
}

private func column(_ en: String, _ zh: String) -> MessageCatalogue.Entry { msg("column:" + en, en, zh) }
