/// Why personal data could not be sealed or opened.
public enum PersonalDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libcrypto refused an operation (`operation` names it).
    case crypto(operation: String)
    /// Sealed fields whose key is present but whose ciphertext does not open: the bytes were changed.
    case tampered(keyID: String)
    /// A sealed object that is not in the shape FORMAT.md §17 gives.
    case malformed(String)
    /// The key store cannot be opened or written (`path`, SQLite's message).
    case keyStore(path: String, reason: String)
    /// A key is asked for a subject whose key was destroyed by an erase.
    case subjectErased(subject: String)
    /// Personal data must be sealed but no key store is configured.
    case noKeyStore

    public var description: String {
        switch self {
        case .crypto(let operation): "libcrypto failed in \(operation)"
        case .tampered(let keyID): "sealed personal data under key \(keyID) does not open: its bytes were changed"
        case .malformed(let detail): "malformed sealed personal data: \(detail)"
        case .keyStore(let path, let reason): "the key store \(path) cannot be used: \(reason)"
        case .subjectErased(let subject): "the personal data of \(subject) was erased; no new key is made for it"
        case .noKeyStore: "personal data cannot be written without a key store"
        }
    }
}
