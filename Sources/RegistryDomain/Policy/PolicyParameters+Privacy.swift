extension PolicyParameter where Value == Int {
    /// Privacy_01: the age under which a student's enrolment needs a guardian's consent reference
    /// (PIPL Art. 28 and 31: the personal information of a minor under 14 is sensitive, processed
    /// only with a parent's or guardian's consent).
    public static let guardianConsentAge = PolicyParameter("guardianConsentAge", en: "Privacy_01: age under which enrolment needs a guardian's consent", zh: "Privacy_01：入学登记须监护人同意的年龄（不满）")
}

extension PolicyParameters {
    /// The parameters of personal-data protection (issue 16).
    static let privacy: [ParameterDescriptor] = [
        PolicyParameter.guardianConsentAge.descriptor,
    ]
}
