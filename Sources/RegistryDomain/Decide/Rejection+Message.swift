extension Rejection: CustomStringConvertible {
    /// The English message.
    public var description: String { message(.en) }

    /// One sentence naming the values, in `language`; the CLI prefixes `error[Rule_ID]: `.
    ///
    /// - Parameter language: English or Chinese.
    /// - Returns: For example `placement 'P-17' cannot start on 2025-03-01: no liability insurance covers 2025-03-01…2025-08-31.`
    public func message(_ language: Language) -> String {
        language == .en ? english : chinese
    }

    private var english: String {
        switch self {
        case .registryNotInitialized:
            return "the registry is not initialised; run 'registry init' first."
        case .registryAlreadyInitialized(let jurisdiction):
            return "the registry is already initialised for '\(jurisdiction)'."
        case .unknownPolicyProfile(let name):
            return "unknown policy profile '\(name)'; known profiles are \(PolicyProfiles.names.joined(separator: ", "))."
        case .policyDateBeforeCurrent(let from, let current):
            return "a policy cannot be adopted from \(from), before the policy in force from \(current)."
        case .alreadyExists(let record):
            return "\(record.text(.en)) is already registered."
        case .notFound(let record):
            return "\(record.text(.en)) is not registered."
        case .emptyValue(let field):
            return "\(field) must not be empty."
        case .negativeValue(let field, let value):
            return "\(field) must not be negative, got \(value)."
        case .enrolledBeforeBirth(let student, let birth, let enrolled):
            return "student '\(student)' cannot be enrolled on \(enrolled), on or before the birth date \(birth); check --birth and --enrolled."
        case .endBeforeStart(let record, let start, let end):
            return "\(record.text(.en)) cannot end on \(end), before it starts on \(start)."
        case .studentNotEnrolled(let student, let on):
            return "student '\(student)' holds no student status on \(on)."
        case .studentStatusAlreadyEnded(let student, let on):
            return "student '\(student)' already left on \(on)."
        case .placementAlreadyStarted(let placement, let on):
            return "placement '\(placement)' already started on \(on)."
        case .placementNotStarted(let placement):
            return "placement '\(placement)' has not started."
        case .placementEnded(let placement, let status, let on):
            return "placement '\(placement)' was already \(status.rawValue) on \(on)."
        case .dateOutsideTerm(let record, let date, let term):
            return "\(date) is outside the term \(term.text) of \(record.text(.en))."
        case .extensionNotLater(let placement, let to, let plannedEnd):
            return "placement '\(placement)' cannot be extended to \(to): it already runs until \(plannedEnd)."
        case .insuranceAlreadyCancelled(let placement, let policyNumber, let on):
            return "insurance policy '\(policyNumber)' of placement '\(placement)' was already cancelled on \(on)."
        case .nothingToCorrect(let placement, let month):
            return "placement '\(placement)' has no stipend confirmation for \(month) to correct."
        case .apprenticeshipEnded(let apprenticeship, let status, let on):
            return "apprenticeship '\(apprenticeship)' was already \(status.rawValue) on \(on)."
        case .clawbackExceedsOutstanding(let apprenticeship, let amount, let outstanding):
            return "cannot claw back \(amount) yuan from apprenticeship '\(apprenticeship)': only \(outstanding) yuan of advance is outstanding."
        case .postInternCapExceeded(let placement, let enterprise, let on, let interns, let limit, let workforce, let rate):
            return "placement '\(placement)' cannot start on \(on): enterprise '\(enterprise)' would host \(interns) post interns, over the limit of \(limit) (\(rate) of a workforce of \(workforce))."
        case .workforceNotDeclared(let placement, let enterprise, let on):
            return "placement '\(placement)' cannot start on \(on): enterprise '\(enterprise)' has declared no workforce as of that date, so the post intern limit cannot be checked."
        case .perPostCapExceeded(let placement, let enterprise, let post, let on, let interns, let limit, let headcount, let rate):
            return "placement '\(placement)' cannot start on \(on): post '\(post)' of enterprise '\(enterprise)' would have \(interns) post interns, over the limit of \(limit) (\(rate) of a headcount of \(headcount))."
        case .notInsured(let placement, let cover, let on, let uncovered):
            return "placement '\(placement)' cannot start on \(on): no \(Self.coverName(cover, .en)) covers \(uncovered.text)."
        case .extensionNotInsured(let placement, let cover, let to, let uncovered):
            return "placement '\(placement)' cannot be extended to \(to): no \(Self.coverName(cover, .en)) covers \(uncovered.text)."
        case .cancellationLeavesGap(let placement, let policyNumber, let cover, let on, let uncovered):
            return "insurance policy '\(policyNumber)' cannot be cancelled on \(on): no other \(Self.coverName(cover, .en)) would cover \(uncovered.text) of active placement '\(placement)'."
        case .premiumPaidByStudent(let placement, let policyNumber):
            return "insurance policy '\(policyNumber)' of placement '\(placement)' cannot be paid by the student; the school or the enterprise pays the premium."
        case .postInternshipTooShort(let placement, let start, let end, let minimumEnd, let months):
            return "post internship '\(placement)' from \(start) to \(end) is shorter than \(months) months; it must run at least until \(minimumEnd)."
        case .studentTooYoung(let placement, let student, let on, let age, let minimumAge):
            return "placement '\(placement)' cannot start on \(on): student '\(student)' is \(age), younger than \(minimumAge)."
        case .agreementMissing(let placement):
            return "post internship '\(placement)' cannot start without a tripartite agreement reference."
        case .studentNotEnrolledAtSchool(let apprenticeship, let student, let school, let on):
            return "apprenticeship '\(apprenticeship)' needs student '\(student)' enrolled at school '\(school)' from \(on) for the whole term."
        case .laborContractTooShort(let apprenticeship, let contractEnd, let minimumEnd, let months):
            return "apprenticeship '\(apprenticeship)' needs a labour contract of at least \(months) months, until \(minimumEnd) or later, but it ends on \(contractEnd)."
        case .laborContractEndsBeforeTerm(let apprenticeship, let contractEnd, let end):
            return "apprenticeship '\(apprenticeship)' ends on \(end), after its labour contract ends on \(contractEnd)."
        case .apprenticeshipTermOutOfRange(let apprenticeship, let start, let end, let minimumMonths, let maximumMonths):
            return "apprenticeship '\(apprenticeship)' from \(start) to \(end) must last between \(minimumMonths) and \(maximumMonths) months."
        case .stipendBelowFloor(let placement, let post, let stipend, let floor, let wageStandard, let rate):
            return "placement '\(placement)' cannot be registered: its stipend of \(stipend) yuan is below \(floor) yuan, \(rate) of the wage standard \(wageStandard) yuan for post '\(post)'."
        case .stipendMonthOutsideTerm(let placement, let month, let term):
            return "placement '\(placement)' cannot confirm a stipend for \(month), outside its term \(term.text)."
        case .stipendAlreadyConfirmed(let placement, let month):
            return "placement '\(placement)' already has a stipend confirmation for \(month); use --correction to replace it."
        case .advanceExceedsLimit(let apprenticeship, let amount, let advanced, let limit):
            return "apprenticeship '\(apprenticeship)' cannot receive an advance of \(amount) yuan: \(advanced) yuan already advanced and the limit is \(limit) yuan."
        case .settlementBeforeCompletion(let apprenticeship):
            return "apprenticeship '\(apprenticeship)' has not been completed with a certificate, so its subsidy balance cannot be paid."
        case .subsidyExceedsEntitlement(let apprenticeship, let amount, let paid, let entitlement):
            return "apprenticeship '\(apprenticeship)' cannot receive \(amount) yuan: \(paid) yuan already paid of an entitlement of \(entitlement) yuan."
        case .roleNotPermitted(let actor, let verb, let required):
            return actor.role == .inspector
                ? "'\(actor)' cannot run '\(verb)': inspectors never write to the registry."
                : "'\(actor)' cannot run '\(verb)': only a \(required.rawValue) may."
        case .notOwnRecord(let actor, let verb, let record):
            return "'\(actor)' cannot run '\(verb)' on \(record.text(.en)), which belongs to another organisation."
        case .correctionChangesNothing(let record):
            return "nothing to correct: \(record.text(.en)) already holds the values given."
        case .unknownPolicyParameter(let name):
            return "unknown policy parameter '\(name)'; known parameters are \(PolicyParameters.names.joined(separator: ", "))."
        case .subsidyNotGranted(let apprenticeship, let scheme):
            return "apprenticeship '\(apprenticeship)' cannot receive a training subsidy: it is a \(scheme == .modern ? "modern apprenticeship" : "\(scheme.rawValue) apprenticeship"), and the policy in force grants the subsidy to enterprise new-type apprenticeships only."
        case .clawbackWhileActive(let apprenticeship, let on):
            return "apprenticeship '\(apprenticeship)' is still running on \(on): an advance is clawed back only after it ends without completion."
        case .stipendPaidInFuture(let placement, let month, let paidOn, let today):
            return "the stipend of placement '\(placement)' for \(month) cannot be paid on \(paidOn), after today (\(today))."
        case .stipendPaidBeforeMonth(let placement, let month, let paidOn):
            return "the stipend of placement '\(placement)' for \(month) is paid on \(paidOn), before the month began; mark a payment in advance with --advance."
        case .studentImplausiblyYoung(let student, let birth, let enrolled, let age, let minimumAge):
            return "student '\(student)' born \(birth) would be \(age) on enrolment on \(enrolled), younger than \(minimumAge); check the birth date."
        case .stipendImplausiblyLarge(let placement, let month, let amount, let agreed, let factor):
            return "the stipend of placement '\(placement)' for \(month) of \(amount) yuan is more than \(factor) times the agreed \(agreed) yuan; check the amount, or mark it with --correction."
        case .duty(let d):
            return d.message(.en)
        case .privacy(let p):
            return p.message(.en)
        }
    }

    private var chinese: String {
        switch self {
        case .registryNotInitialized:
            return "登记簿尚未初始化，请先运行 'registry init'。"
        case .registryAlreadyInitialized(let jurisdiction):
            return "登记簿已为 '\(jurisdiction)' 初始化。"
        case .unknownPolicyProfile(let name):
            return "未知的政策配置 '\(name)'，可用的配置为 \(PolicyProfiles.names.joined(separator: "、"))。"
        case .policyDateBeforeCurrent(let from, let current):
            return "不能自 \(from) 起采用政策，早于自 \(current) 起施行的现行政策。"
        case .alreadyExists(let record):
            return "\(record.text(.zh)) 已登记。"
        case .notFound(let record):
            return "\(record.text(.zh)) 未登记。"
        case .emptyValue(let field):
            return "\(field) 不能为空。"
        case .negativeValue(let field, let value):
            return "\(field) 不能为负数，收到 \(value)。"
        case .enrolledBeforeBirth(let student, let birth, let enrolled):
            return "学生 '\(student)' 的入学日期 \(enrolled) 不能早于或等于出生日期 \(birth)；请检查 --birth 与 --enrolled。"
        case .endBeforeStart(let record, let start, let end):
            return "\(record.text(.zh)) 的结束日期 \(end) 早于开始日期 \(start)。"
        case .studentNotEnrolled(let student, let on):
            return "学生 '\(student)' 在 \(on) 不具有学籍。"
        case .studentStatusAlreadyEnded(let student, let on):
            return "学生 '\(student)' 已于 \(on) 离校。"
        case .placementAlreadyStarted(let placement, let on):
            return "实习 '\(placement)' 已于 \(on) 开始。"
        case .placementNotStarted(let placement):
            return "实习 '\(placement)' 尚未开始。"
        case .placementEnded(let placement, let status, let on):
            return "实习 '\(placement)' 已于 \(on) \(status == .completed ? "完成" : "终止")。"
        case .dateOutsideTerm(let record, let date, let term):
            return "\(date) 不在\(record.text(.zh)) 的期限 \(term.text) 内。"
        case .extensionNotLater(let placement, let to, let plannedEnd):
            return "实习 '\(placement)' 不能延长至 \(to)：其计划结束日期已是 \(plannedEnd)。"
        case .insuranceAlreadyCancelled(let placement, let policyNumber, let on):
            return "实习 '\(placement)' 的保单 '\(policyNumber)' 已于 \(on) 退保。"
        case .nothingToCorrect(let placement, let month):
            return "实习 '\(placement)' 没有 \(month) 的报酬确认可以更正。"
        case .apprenticeshipEnded(let apprenticeship, let status, let on):
            return "学徒培养 '\(apprenticeship)' 已于 \(on) \(status == .completed ? "完成" : "终止")。"
        case .clawbackExceedsOutstanding(let apprenticeship, let amount, let outstanding):
            return "不能从学徒培养 '\(apprenticeship)' 收回 \(amount) 元：未收回的预支补贴只有 \(outstanding) 元。"
        case .postInternCapExceeded(let placement, let enterprise, let on, let interns, let limit, let workforce, let rate):
            return "实习 '\(placement)' 不能于 \(on) 开始：企业 '\(enterprise)' 的岗位实习学生将达 \(interns) 人，超过上限 \(limit) 人（职工总数 \(workforce) 人的 \(rate)）。"
        case .workforceNotDeclared(let placement, let enterprise, let on):
            return "实习 '\(placement)' 不能于 \(on) 开始：企业 '\(enterprise)' 截至该日未申报职工人数，无法核验岗位实习人数上限。"
        case .perPostCapExceeded(let placement, let enterprise, let post, let on, let interns, let limit, let headcount, let rate):
            return "实习 '\(placement)' 不能于 \(on) 开始：企业 '\(enterprise)' 的岗位 '\(post)' 实习学生将达 \(interns) 人，超过上限 \(limit) 人（该岗位 \(headcount) 人的 \(rate)）。"
        case .notInsured(let placement, let cover, let on, let uncovered):
            return "实习 '\(placement)' 不能于 \(on) 开始：\(uncovered.text) 期间没有\(Self.coverName(cover, .zh))保障。"
        case .extensionNotInsured(let placement, let cover, let to, let uncovered):
            return "实习 '\(placement)' 不能延长至 \(to)：\(uncovered.text) 期间没有\(Self.coverName(cover, .zh))保障。"
        case .cancellationLeavesGap(let placement, let policyNumber, let cover, let on, let uncovered):
            return "保单 '\(policyNumber)' 不能于 \(on) 退保：在岗实习 '\(placement)' 在 \(uncovered.text) 期间将没有其他\(Self.coverName(cover, .zh))保障。"
        case .premiumPaidByStudent(let placement, let policyNumber):
            return "实习 '\(placement)' 的保单 '\(policyNumber)' 的保险费不得由学生承担，应由学校或企业支付。"
        case .postInternshipTooShort(let placement, let start, let end, let minimumEnd, let months):
            return "岗位实习 '\(placement)' 自 \(start) 至 \(end) 不足 \(months) 个月，至少应持续到 \(minimumEnd)。"
        case .studentTooYoung(let placement, let student, let on, let age, let minimumAge):
            return "实习 '\(placement)' 不能于 \(on) 开始：学生 '\(student)' \(age) 岁，未满 \(minimumAge) 周岁。"
        case .agreementMissing(let placement):
            return "岗位实习 '\(placement)' 没有三方协议编号，不能开始（无协议不实习）。"
        case .studentNotEnrolledAtSchool(let apprenticeship, let student, let school, let on):
            return "学徒培养 '\(apprenticeship)' 要求学生 '\(student)' 自 \(on) 起整个培养期内在学校 '\(school)' 具有学籍。"
        case .laborContractTooShort(let apprenticeship, let contractEnd, let minimumEnd, let months):
            return "学徒培养 '\(apprenticeship)' 要求劳动合同不少于 \(months) 个月（至少到 \(minimumEnd)），但合同于 \(contractEnd) 到期。"
        case .laborContractEndsBeforeTerm(let apprenticeship, let contractEnd, let end):
            return "学徒培养 '\(apprenticeship)' 于 \(end) 结束，晚于劳动合同到期日 \(contractEnd)。"
        case .apprenticeshipTermOutOfRange(let apprenticeship, let start, let end, let minimumMonths, let maximumMonths):
            return "学徒培养 '\(apprenticeship)' 自 \(start) 至 \(end)，期限须在 \(minimumMonths) 至 \(maximumMonths) 个月之间。"
        case .stipendBelowFloor(let placement, let post, let stipend, let floor, let wageStandard, let rate):
            return "实习 '\(placement)' 不能登记：月报酬 \(stipend) 元低于 \(floor) 元，即岗位 '\(post)' 工资标准 \(wageStandard) 元的 \(rate)。"
        case .stipendMonthOutsideTerm(let placement, let month, let term):
            return "实习 '\(placement)' 不能确认 \(month) 的报酬，该月不在实习期 \(term.text) 内。"
        case .stipendAlreadyConfirmed(let placement, let month):
            return "实习 '\(placement)' 已确认 \(month) 的报酬，如需替换请使用 --correction。"
        case .advanceExceedsLimit(let apprenticeship, let amount, let advanced, let limit):
            return "学徒培养 '\(apprenticeship)' 不能预支 \(amount) 元：已预支 \(advanced) 元，预支上限为 \(limit) 元。"
        case .settlementBeforeCompletion(let apprenticeship):
            return "学徒培养 '\(apprenticeship)' 尚未取得证书完成培训，不能拨付剩余补贴。"
        case .subsidyExceedsEntitlement(let apprenticeship, let amount, let paid, let entitlement):
            return "学徒培养 '\(apprenticeship)' 不能再拨付 \(amount) 元：已拨付 \(paid) 元，补贴总额为 \(entitlement) 元。"
        case .roleNotPermitted(let actor, let verb, let required):
            return actor.role == .inspector
                ? "'\(actor)' 不能执行 '\(verb)'：督查人员不得写入登记簿。"
                : "'\(actor)' 不能执行 '\(verb)'：只有\(Self.roleName(required))可以执行。"
        case .notOwnRecord(let actor, let verb, let record):
            return "'\(actor)' 不能对\(record.text(.zh)) 执行 '\(verb)'，该记录属于其他单位。"
        case .correctionChangesNothing(let record):
            return "无可更正：\(record.text(.zh)) 已是所给的值。"
        case .unknownPolicyParameter(let name):
            return "未知的政策参数 '\(name)'，可用的参数为 \(PolicyParameters.names.joined(separator: "、"))。"
        case .subsidyNotGranted(let apprenticeship, let scheme):
            return "学徒 '\(apprenticeship)' 不能领取培训补贴：该学徒为\(scheme == .modern ? "现代学徒制" : scheme.rawValue)，现行政策只对企业新型学徒制给予补贴。"
        case .clawbackWhileActive(let apprenticeship, let on):
            return "学徒 '\(apprenticeship)' 于 \(on) 仍在培训中：只有未完成培训而终止后方可收回预支补贴。"
        case .stipendPaidInFuture(let placement, let month, let paidOn, let today):
            return "实习 '\(placement)' \(month) 的报酬不能记为于 \(paidOn) 支付，该日期晚于今天（\(today)）。"
        case .stipendPaidBeforeMonth(let placement, let month, let paidOn):
            return "实习 '\(placement)' \(month) 的报酬于 \(paidOn) 支付，早于该月开始；预付请加 --advance。"
        case .studentImplausiblyYoung(let student, let birth, let enrolled, let age, let minimumAge):
            return "学生 '\(student)' 出生于 \(birth)，于 \(enrolled) 入学时仅 \(age) 岁，不满 \(minimumAge) 岁；请核对出生日期。"
        case .stipendImplausiblyLarge(let placement, let month, let amount, let agreed, let factor):
            return "实习 '\(placement)' \(month) 的报酬 \(amount) 元超过约定的 \(agreed) 元的 \(factor) 倍；请核对金额，或以 --correction 标明更正。"
        case .duty(let d):
            return d.message(.zh)
        case .privacy(let p):
            return p.message(.zh)
        }
    }

    static func coverName(_ cover: Cover, _ language: Language) -> String {
        switch (cover, language) {
        case (.liability, .en): "liability insurance"
        case (.accident, .en): "personal accident insurance"
        case (.liability, .zh): "实习责任保险"
        case (.accident, .zh): "人身意外伤害保险"
        }
    }

    static func roleName(_ role: Role) -> String {
        switch role {
        case .bureau: "主管部门"
        case .school: "学校"
        case .enterprise: "企业"
        case .inspector: "督查人员"
        }
    }
}
