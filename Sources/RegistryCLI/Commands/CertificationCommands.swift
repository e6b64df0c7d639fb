import RegistryDomain

extension RegistryCLI {
    /// `enterprise certify|revoke-certification`: the bureau's 产教融合型企业 certification
    /// (001 items 11 and 46; 002 六(二); 003 (六); 004 item 19).
    static var certificationCommands: [CommandSpec] {
        [
            CommandSpec(
                path: ["enterprise", "certify"], arguments: "ID",
                summary: ("Certify an enterprise as 产教融合型企业 (industry–education integration enterprise).", "认定企业为产教融合型企业。"),
                role: "bureau",
                options: [.value("--on", "DATE", "the date the certification takes effect"),
                          .value("--document", "NO", "the certifying document's number")],
                examples: ["registry enterprise certify E01 --on 2024-05-20 --document 三发改〔2024〕15号 --as bureau:EDU"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let command = RegistryCommand.certifyEnterprise(
                        enterprise: id, on: try inv.date("--on"),
                        document: try Invocation.checkedText(try inv.text("--document"), option: "--document", maxLength: 64))
                    return try runWrite(command, inv, out, done: ("enterprise '\(id)' certified as 产教融合型企业", "企业 '\(id)' 已认定为产教融合型企业"))
                }),
            CommandSpec(
                path: ["enterprise", "revoke-certification"], arguments: "ID",
                summary: ("Revoke an enterprise's 产教融合型企业 certification.", "撤销企业的产教融合型企业认定。"),
                role: "bureau",
                options: [.value("--on", "DATE", "the first day the enterprise is no longer certified"),
                          .value("--document", "NO", "the revoking document's number"), .value("--reason", "TEXT", "why")],
                examples: ["registry enterprise revoke-certification E01 --on 2025-12-31 --document 三发改〔2025〕40号 --reason 'failed the annual review' --as bureau:EDU"],
                run: { inv, out in
                    let id = try inv.id(after: 0)
                    let command = RegistryCommand.revokeCertification(
                        enterprise: id, on: try inv.date("--on"),
                        document: try Invocation.checkedText(try inv.text("--document"), option: "--document", maxLength: 64),
                        reason: try inv.name("--reason"))
                    return try runWrite(command, inv, out, done: ("certification of enterprise '\(id)' revoked", "企业 '\(id)' 的产教融合型企业认定已撤销"))
                }),
        ]
    }
}
