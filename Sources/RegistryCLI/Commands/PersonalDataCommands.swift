import RegistryDomain
import RegistryService

extension RegistryCLI {
    /// `student erase`: personal data that can be erased (issue 16, PIPL Art. 47).
    static var personalDataCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["student", "erase"], arguments: "ID",
                summary: ("Erase a student's personal data (name, date of birth): destroy the key that opens them.",
                          "删除学生个人信息（姓名、出生日期）：销毁解密密钥。"),
                role: "bureau, or the student's school after the student has left (status ended, nothing open)",
                options: [.value("--reason", "TEXT", "why the data is erased (e.g. the purpose is fulfilled, PIPL Art. 47)")],
                examples: ["registry student erase 2023001 --reason \"graduated; retention period over\" --as bureau:EDU"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let actor = try inv.requireActor()
                    let reason = try inv.name("--reason")
                    let commandID = inv.effectiveCommandID
                    let result: (outcome: CommandOutcome, keyDestroyed: Bool, damagedCopiesRemoved: Int)
                    do {
                        let registry = try inv.openForWriting()
                        if let recovery = registry.recovery { out.error(out.t("warning: ", "警告：") + recovery.description) }
                        result = try registry.eraseStudentPersonalData(student: id, reason: reason, by: actor, commandID: commandID)
                    }
                    ensureSigningKey(inv, out)
                    let receipt = deliverReceipt(positions: result.outcome.positions, commandID: commandID, inv, out)
                    printOutcome(result.outcome, out,
                                 done: ("personal data of student '\(id)' erased; its key is destroyed",
                                        "学生 '\(id)' 的个人信息已删除，密钥已销毁"),
                                 receipt: receipt)
                    if let receipt, inv.receiptPath == "-", out.format != .json { out.line(receipt) }
                    if result.damagedCopiesRemoved > 0, out.format != .json {
                        let n = result.damagedCopiesRemoved
                        out.line(out.t("\(n) damaged cop\(n == 1 ? "y" : "ies") of the read model removed (set aside earlier, they held names in clear)",
                                       "已删除 \(n) 个先前隔离的损坏读模型副本（其中含有明文姓名）"))
                    }
                    return ExitCode.success
                }),
        ]
    }
}

/// The name `show student` prints: the name, the pseudonym once erased (marked so), or a note that
/// the key store is missing.
func personalName(_ record: StudentRecord, _ out: Output) -> String {
    switch record.personalData {
    case .available: record.name
    case .erased: record.name + " " + out.t("(personal data erased)", "（个人信息已删除）")
    case .unavailable: out.t("(unavailable: no key store)", "（不可用：缺少密钥库）")
    }
}
