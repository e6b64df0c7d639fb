/// The log's checkpoint signing key was replaced (issue 16). Recorded in stream `registry` so the
/// history says when each key began to sign; the checkpoints signed before stay verifiable with
/// the earlier keys, which the log directory keeps.
public struct SigningKeyRotated: Codable, Equatable, Sendable {
    /// The new key as a C2SP note verifier key, `origin+keyid+base64(0x01 || public key)`.
    public var publicKey: String
    /// The key it replaces, in the same form.
    public var previousKey: String
    /// Why it was rotated, in the bureau's words.
    public var reason: String

    /// Creates the payload.
    public init(publicKey: String, previousKey: String, reason: String) {
        self.publicKey = publicKey
        self.previousKey = previousKey
        self.reason = reason
    }
}
