/// What happened to a server account (issue 15), recorded in stream `account-<USER>` so that the log
/// says who could act when. The password hash, API token hashes and the person's display name are
/// never in the event: they live in the credentials file beside the log.
public struct AccountRecorded: Codable, Equatable, Sendable {
    /// What changed.
    public enum Change: String, Codable, Sendable {
        /// The bureau created the account (with a one-time password).
        case created
        /// The bureau disabled it.
        case disabled
        /// The bureau gave it a new one-time password.
        case passwordReset
        /// Its person chose a new password.
        case passwordChanged
        /// The bureau issued an API token for a machine client.
        case tokenIssued
    }
    /// The account's user name.
    public var user: String
    /// The organisation it acts for, `role:id`.
    public var actor: String
    /// What changed.
    public var change: Change

    /// Creates the payload.
    public init(user: String, actor: String, change: Change) {
        self.user = user
        self.actor = actor
        self.change = change
    }
}
