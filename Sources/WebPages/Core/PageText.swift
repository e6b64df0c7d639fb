import RegistryDomain

/// The pages' words, English and Chinese side by side, keyed by an ID (a `.strings` catalogue in
/// Swift): the compiler sees that every entry has both, and a test that neither is empty.
public enum PageText: String, CaseIterable, Sendable {
    case orPaste, appName, businessDate, changePassword, signOut, signIn, loginIntro
    case students, student, placements, placement, enrolStudent, registerPlacement
    case imports, importCSV, stipendSheet, workforce, schools, school
    case enterprises, enterprise, accounts, policy, subsidies, audit
    case history, verify, submit, userName, password, currentPassword
    case newPassword, repeatPassword, passwordHint, studentID, name, major
    case birth, enrolledOn, placementID, enterpriseID, schoolID, kind
    case kindPost, kindObservation, plannedStart, plannedEnd, monthlyStipend, yuanHint
    case agreement, agreementHint, post, majorRelevant, policyNumber, insurer
    case covers, coversHint, from, to, paidBy, payerSchool
    case payerEnterprise, payerStudent, startedOn, endedOn, headcount, asOf
    case role, roleHint, personName, importKind, csvFile, csvHint
    case search, searchHint, status, allStatuses, nothingFound, previousPage
    case nextPage, yes, no, term, insured, yuan
    case openFindings, insurance, noInsurance, cancelledOn, stipendMonths, noMonths
    case month, amount, paidOn, corrections, recordedBy, extensions
    case statusHistory, date, logPosition, fullHistory, insurePlacement, insureSubmit
    case startPlacement, startSubmit, hires, importIntro, upload, importReport
    case rowsRead, rowsImported, rowsAlreadyImported, rowsRejected, ignoredColumns, line
    case recordID, rule, message, show, stipendSheetIntro, noInterns
    case selectAll, agreedStipend, result, alreadyConfirmed, confirmed, confirmSelected
    case latestDeclaration, workforceIntro, level, aboveScale, oneTimePasswordIntro, actions
    case resetPassword, disable, disabled, enabled, createAccount, policyInForce
    case parameter, value, source, internSubsidies, internMonths, total
    case apprenticeships, apprenticeship, advanced, settled, clawedBack, owedBack
    case until, untilHint, allRules, stream, version, recordedAt
    case eventType, details, logIntact, logBroken, eventsChecked, headPosition
    case headHash, writeDownHash

    /// The text in `language`.
    public func text(_ language: Language) -> String {
        let (en, zh) = pair
        return language == .zh ? zh : en
    }

    /// The English and Chinese text.
    public var pair: (en: String, zh: String) {
        switch self {
        case .appName: ("Placement registry", "实习登记簿")
        case .businessDate: ("Business date", "业务日期")
        case .changePassword: ("Change password", "修改密码")
        case .signOut: ("Sign out", "退出")
        case .signIn: ("Sign in", "登录")
        case .loginIntro: ("Sign in with the user name and password the education bureau gave you.", "请使用教育局分配的用户名和密码登录。")
        case .students: ("Students", "学生")
        case .student: ("Student", "学生")
        case .placements: ("Placements", "实习")
        case .placement: ("Placement", "实习")
        case .enrolStudent: ("Enrol a student", "学生入学登记")
        case .registerPlacement: ("Register a placement", "登记实习")
        case .imports: ("Imports", "批量导入")
        case .importCSV: ("Import from CSV", "从 CSV 导入")
        case .stipendSheet: ("Stipend sheet", "实习报酬确认表")
        case .workforce: ("Workforce declaration", "职工人数申报")
        case .schools: ("Schools", "学校")
        case .school: ("School", "学校")
        case .enterprises: ("Enterprises", "企业")
        case .enterprise: ("Enterprise", "企业")
        case .accounts: ("Accounts", "账户")
        case .policy: ("Policy", "政策")
        case .subsidies: ("Subsidies", "补贴")
        case .audit: ("Audit", "审计")
        case .history: ("History", "历史记录")
        case .verify: ("Verify", "校验")
        case .submit: ("Save", "保存")
        case .userName: ("User name", "用户名")
        case .password: ("Password", "密码")
        case .currentPassword: ("Current password", "当前密码")
        case .newPassword: ("New password", "新密码")
        case .repeatPassword: ("New password again", "再次输入新密码")
        case .passwordHint: ("At least 10 characters.", "至少 10 个字符。")
        case .studentID: ("Student number", "学号")
        case .name: ("Name", "姓名")
        case .major: ("Major", "专业")
        case .birth: ("Date of birth", "出生日期")
        case .enrolledOn: ("Enrolled on", "入学日期")
        case .placementID: ("Placement number", "实习编号")
        case .enterpriseID: ("Enterprise code", "企业代码")
        case .schoolID: ("School code", "学校代码")
        case .kind: ("Kind", "实习类型")
        case .kindPost: ("post internship (岗位实习)", "岗位实习")
        case .kindObservation: ("observation internship (认识实习)", "认识实习")
        case .plannedStart: ("Planned start", "计划开始日期")
        case .plannedEnd: ("Planned end", "计划结束日期")
        case .monthlyStipend: ("Monthly stipend (yuan)", "月实习报酬（元）")
        case .yuanHint: ("Yuan, e.g. 3400 or 3400.50.", "单位：元，例如 3400 或 3400.50。")
        case .agreement: ("Tripartite agreement number", "三方协议编号")
        case .agreementHint: ("Required for a post internship.", "岗位实习必须签订三方协议。")
        case .post: ("Post", "岗位")
        case .majorRelevant: ("Relevant to the major", "专业对口")
        case .policyNumber: ("Policy number", "保单号")
        case .insurer: ("Insurer", "保险公司")
        case .covers: ("Covers", "险种")
        case .coversHint: ("liability, accident (comma-separated).", "liability（责任险）、accident（意外险），用逗号分隔。")
        case .from: ("From", "起始日期")
        case .to: ("To", "截止日期")
        case .paidBy: ("Premium paid by", "保费承担方")
        case .payerSchool: ("school", "学校")
        case .payerEnterprise: ("enterprise", "企业")
        case .payerStudent: ("student", "学生")
        case .startedOn: ("Started on", "开始日期")
        case .endedOn: ("Ended on", "结束日期")
        case .headcount: ("Workforce (headcount)", "职工总数")
        case .asOf: ("As of", "截至日期")
        case .role: ("Role", "角色")
        case .roleHint: ("school:S01, enterprise:E01, bureau:EDU or inspector:I01.", "例如 school:S01、enterprise:E01、bureau:EDU 或 inspector:I01。")
        case .personName: ("Person's name", "姓名")
        case .importKind: ("What the file holds", "文件内容")
        case .csvFile: ("CSV file", "CSV 文件")
        case .orPaste: ("…or paste the file's rows here, header first:", "……或将文件内容（含表头）粘贴在此：")
        case .csvHint: ("UTF-8 or GB18030, with a header row; the same columns as the command line's import.", "UTF-8 或 GB18030 编码，首行为表头；列与命令行导入相同。")
        case .search: ("Search", "搜索")
        case .searchHint: ("Number or name", "编号或姓名")
        case .status: ("Status", "状态")
        case .allStatuses: ("All statuses", "全部状态")
        case .nothingFound: ("Nothing found.", "没有找到记录。")
        case .previousPage: ("‹ Previous", "‹ 上一页")
        case .nextPage: ("Next ›", "下一页 ›")
        case .yes: ("yes", "是")
        case .no: ("no", "否")
        case .term: ("Term", "期限")
        case .insured: ("Insured", "已投保")
        case .yuan: ("yuan", "元")
        case .openFindings: ("Open findings", "待处理的审计发现")
        case .insurance: ("Insurance", "保险")
        case .noInsurance: ("No insurance is enrolled: the placement cannot start until liability insurance covers its term (Insurance_01).", "尚未投保：责任保险覆盖实习期限之前，实习不能开始（Insurance_01）。")
        case .cancelledOn: ("Cancelled on", "退保日期")
        case .stipendMonths: ("Stipend months", "实习报酬月份")
        case .noMonths: ("No month has been confirmed yet.", "尚无已确认的月份。")
        case .month: ("Month", "月份")
        case .amount: ("Amount (yuan)", "金额（元）")
        case .paidOn: ("Paid on", "发放日期")
        case .corrections: ("Corrections", "更正次数")
        case .recordedBy: ("Recorded by", "记录者")
        case .extensions: ("Extensions", "延期")
        case .statusHistory: ("Status history", "状态历史")
        case .date: ("Date", "日期")
        case .logPosition: ("Log position", "日志位置")
        case .fullHistory: ("Full history of this placement", "本实习的完整历史")
        case .insurePlacement: ("Enrol insurance", "投保登记")
        case .insureSubmit: ("Enrol the policy", "登记保单")
        case .startPlacement: ("Start the placement", "开始实习")
        case .startSubmit: ("Start", "开始")
        case .hires: ("Hired by", "录用")
        case .importIntro: ("Choose what the file holds and upload it. Every row is its own command: rows that break a rule are listed below with the rule's message, the others are recorded. Uploading the same file again records nothing twice.", "请选择文件内容并上传。每一行都是一条独立的命令：违反规则的行连同规则说明列在下方，其余行照常登记。重复上传同一文件不会重复登记。")
        case .upload: ("Upload and import", "上传并导入")
        case .importReport: ("Import report", "导入报告")
        case .rowsRead: ("Rows read", "读取行数")
        case .rowsImported: ("Rows recorded", "已登记行数")
        case .rowsAlreadyImported: ("Rows already recorded earlier", "此前已登记的行数")
        case .rowsRejected: ("Rows rejected", "退回行数")
        case .ignoredColumns: ("Columns not used", "未使用的列")
        case .line: ("Line", "行号")
        case .recordID: ("Record", "记录")
        case .rule: ("Rule", "规则")
        case .message: ("Message", "说明")
        case .show: ("Show", "显示")
        case .stipendSheetIntro: ("Every active intern of the month is listed with the agreement's stipend and a payment date. Correct what differs, tick the rows to confirm and press “Confirm the ticked rows” once: each row is confirmed on its own, and a row the registry refuses shows the rule's message on that row.", "本月全部在岗实习生已列出，金额与发放日期按协议预填。如有不同请修改，勾选要确认的行后点击一次“确认所选行”：每行单独确认，被退回的行会在该行显示规则说明。")
        case .noInterns: ("No intern is active in this month.", "本月没有在岗实习生。")
        case .selectAll: ("Select all", "全选")
        case .agreedStipend: ("Agreed stipend (yuan)", "协议报酬（元）")
        case .result: ("Result", "结果")
        case .alreadyConfirmed: ("already confirmed", "已确认")
        case .confirmed: ("confirmed", "已确认")
        case .confirmSelected: ("Confirm the ticked rows", "确认所选行")
        case .latestDeclaration: ("latest declaration", "最近一次申报")
        case .workforceIntro: ("The workforce on a date decides how many interns the enterprise may host (Quota_02: interns at most 10% of the workforce).", "申报日的职工总数决定企业可接收的实习生人数（Quota_02：实习生不超过职工总数的 10%）。")
        case .level: ("Level", "层次")
        case .aboveScale: ("Above scale", "规模以上")
        case .oneTimePasswordIntro: ("Give this one-time password to the person in person; it is shown only now. Account:", "请当面将此一次性密码交给本人；密码只显示这一次。账户：")
        case .actions: ("Actions", "操作")
        case .resetPassword: ("Reset password", "重置密码")
        case .disable: ("Disable", "停用")
        case .disabled: ("disabled", "已停用")
        case .enabled: ("active", "正常")
        case .createAccount: ("Create an account", "创建账户")
        case .policyInForce: ("Policy in force", "现行政策")
        case .parameter: ("Parameter", "参数")
        case .value: ("Value", "取值")
        case .source: ("Source", "来源")
        case .internSubsidies: ("Intern subsidies", "实习补贴")
        case .internMonths: ("Intern months", "实习生人月")
        case .total: ("Total", "合计")
        case .apprenticeships: ("Apprenticeships", "学徒培训")
        case .apprenticeship: ("Apprenticeship", "学徒")
        case .advanced: ("Advanced", "预拨")
        case .settled: ("Settled", "清算")
        case .clawedBack: ("Clawed back", "追回")
        case .owedBack: ("Owed back", "应退回")
        case .until: ("As the log stood on", "日志截至")
        case .untilHint: ("Time travel: judge the log as it stood at the end of this day.", "时间回溯：按该日日终时的日志判断。")
        case .allRules: ("All rules", "全部规则")
        case .stream: ("Stream", "记录流")
        case .version: ("Version", "版本")
        case .recordedAt: ("Recorded at (UTC)", "记录时间（UTC）")
        case .eventType: ("Event", "事件")
        case .details: ("Details", "内容")
        case .logIntact: ("The log is intact: every record, checksum and hash-chain link checks out.", "日志完整：所有记录、校验和与哈希链均核对无误。")
        case .logBroken: ("The log is NOT intact: see the problems below.", "日志不完整：请查看下列问题。")
        case .eventsChecked: ("Events checked", "已校验事件数")
        case .headPosition: ("Head position", "链头位置")
        case .headHash: ("Head hash", "链头哈希")
        case .writeDownHash: ("Write down the head position and hash with today's date: verifying again later, the same position must show the same hash, or the log was rewritten.", "请连同今天的日期记下链头位置和哈希：日后再次校验时，同一位置的哈希必须相同，否则说明日志被改写。")
        }
    }
}

extension PageText {
    /// A status word (`active`, `registered`, `graduated`, …) in `language`; an unknown word as it is.
    static func status(_ status: String, _ language: Language) -> String {
        guard language == .zh else { return status }
        return ["registered": "已登记", "active": "实习中", "completed": "已完成", "terminated": "已终止", "enrolled": "在籍",
                "graduated": "已毕业", "withdrawn": "已退学", "ended": "已结束", "overdue": "逾期未开始", "contracted": "已签约"][status] ?? status
    }

    /// A placement kind in `language`.
    static func kind(_ kind: String, _ language: Language) -> String {
        switch kind {
        case "post": language == .zh ? "岗位实习" : "post"
        case "observation": language == .zh ? "认识实习" : "observation"
        default: kind
        }
    }

    /// A cover (`liability`, `accident`) in `language`.
    static func cover(_ cover: String, _ language: Language) -> String {
        guard language == .zh else { return cover }
        return ["liability": "责任险", "accident": "意外险"][cover] ?? cover
    }

    /// Who paid a premium, in `language`.
    static func payer(_ payer: String, _ language: Language) -> String {
        guard language == .zh else { return payer }
        return ["school": "学校", "enterprise": "企业", "student": "学生"][payer] ?? payer
    }

    /// A school level in `language`.
    static func level(_ level: String, _ language: Language) -> String {
        guard language == .zh else { return level }
        return ["secondary": "中职", "higher": "高职专科", "undergraduate": "职业本科"][level] ?? level
    }
}
