extension Decider {
    /// Certifies an enterprise as 产教融合型企业 (the bureau; Auth_01 is the role check). An enterprise
    /// already certified is not certified again: revoke first.
    static func certifyEnterprise(_ request: EnterpriseCertified, facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let enterprise = facts.enterprise(request.enterprise) else { throw .notFound(.enterprise(request.enterprise)) }
        try requireText(request.document, "document")
        if let current = enterprise.latestCertification {
            throw .duty(.enterpriseAlreadyCertified(enterprise: enterprise.id, on: current.on, document: current.document))
        }
        return [.enterpriseCertified(request)]
    }

    /// Revokes the certification in force, from a date on or after the certification's.
    static func revokeCertification(_ request: EnterpriseCertificationRevoked,
                                    facts: some DecisionFacts) throws(Rejection) -> [RegistryEvent] {
        guard let enterprise = facts.enterprise(request.enterprise) else { throw .notFound(.enterprise(request.enterprise)) }
        try requireText(request.document, "document")
        try requireText(request.reason, "reason")
        guard let current = enterprise.latestCertification else {
            throw .duty(.enterpriseNotCertified(enterprise: enterprise.id))
        }
        guard request.on >= current.on else {
            throw .duty(.revocationBeforeCertification(enterprise: enterprise.id, on: request.on, certifiedOn: current.on))
        }
        return [.enterpriseCertificationRevoked(request)]
    }
}
