/// One data subject's AES-256-GCM key.
public struct SubjectKey: Equatable, Sendable {
    /// The key's ID as events carry it: 32 lowercase hex digits, random, unrelated to the subject.
    public var id: String
    /// The data subject, such as `student:2023001` or `teacher:T01`.
    public var subject: String
    /// The 32 key bytes.
    public var bytes: [UInt8]

    /// Creates a key value.
    public init(id: String, subject: String, bytes: [UInt8]) {
        self.id = id
        self.subject = subject
        self.bytes = bytes
    }
}
