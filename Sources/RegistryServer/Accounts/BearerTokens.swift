import Foundation

/// A command of the JSON API run on the account a bearer token had when this server last looked it
/// up (database stores only). The writer confirms the token in the decision lock's round trip, before
/// the command is decided (`PostgresEventStore.upcomingTokenHashes`); a request that never reaches
/// the writer (refused by its input, say) is confirmed by the usual lookup before it is answered; an
/// import confirms it before it starts. A token that no longer holds (removed, its account disabled
/// or changed, on any server) appends nothing and answers nothing: the server forgets it and handles
/// the request again with a fresh lookup, as if it had never met it. So a revocation made on any
/// server is honoured by the very next request, and a command costs no round trip of its own for
/// its token.
final class BearerCheck: @unchecked Sendable {
    /// The SHA-256 of the token, as stored.
    let tokenHash: String
    /// The account the token had when it was looked up.
    let account: Account
    /// Whether the token still held at the command's decision (or the import's start); nil until
    /// asked. Set by the writer before it wakes the request's thread, read by that thread after.
    var held: Bool?

    init(tokenHash: String, account: Account) {
        self.tokenHash = tokenHash
        self.account = account
    }

    /// Whether `current` (the token's account now; nil when the token is gone) is still the account the request runs on.
    func holds(for current: Account?) -> Bool {
        guard let current else { return false }
        return !current.isDisabled && current.user == account.user && current.actor == account.actor
    }
}

/// The accounts of bearer tokens this server has met, by token hash; bounded (cleared when full).
final class BearerTokenCache: @unchecked Sendable {
    private let lock = NSLock()
    private var accounts: [String: Account] = [:]
    /// How many tokens are kept before the cache starts again.
    static let capacity = 4096

    func account(forHash hash: String) -> Account? { lock.withLock { accounts[hash] } }

    func remember(_ account: Account?, hash: String) {
        lock.withLock {
            guard let account else { accounts[hash] = nil; return }
            if accounts.count >= Self.capacity { accounts.removeAll(keepingCapacity: true) }
            accounts[hash] = account
        }
    }
}
