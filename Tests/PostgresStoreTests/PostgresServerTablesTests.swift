import EventStore
import Foundation
import Testing
@testable import PostgresStore

/// The servers' shared tables (migration 5) and the personal-data key store after a database restart.
@Suite("PostgreSQL store: the servers' tables", .enabled(if: TestDatabase.isConfigured))
struct PostgresServerTablesTests {
    /// The store over the scratch schema with an application name of its own, so that a test can
    /// terminate exactly its connections, as a database restart would.
    static func named(_ subject: StoreUnderTest) throws -> (PostgresEventStore, String) {
        let name = "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        return (try PostgresEventStore(conninfo: subject.schema!.conninfo + "&application_name=\(name)"), name)
    }

    static func terminate(_ name: String) throws {
        try TestDatabase.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(name)'")
    }

    @Test func theKeyStoreReconnectsAfterTheDatabaseDroppedItsConnection() throws {
        let subject = try StoreUnderTest(.postgres)
        let (store, name) = try Self.named(subject)
        let keys = PostgresKeyStore(store: store)
        let made = try keys.createKey(for: "student-2023001")
        try Self.terminate(name)
        // Before the fix, the first use after a restart failed the command ("server closed the connection").
        let fetched = try keys.fetchKey(id: made.id)
        #expect(fetched?.bytes == made.bytes)
    }

    @Test func accountsTokensSessionsAndThrottlingRoundTripAndSurviveALostConnection() throws {
        let subject = try StoreUnderTest(.postgres)
        let (store, name) = try Self.named(subject)
        let tables = PostgresServerTables(store: store)
        let account = PostgresServerTables.AccountRow(user: "zhang", actor: "school:S01", displayName: "张老师", isDisabled: false, mustChangePassword: true)
        let password = PostgresServerTables.PasswordRow(salt: [1, 2, 3], n: 16384, r: 8, p: 1, hash: [9, 8, 7])
        #expect(try tables.insertAccount(account, password: password))
        #expect(try tables.insertAccount(account, password: password) == false)
        #expect(try tables.account("zhang") == account)
        #expect(try tables.password(of: "zhang") == password)
        #expect(try tables.insertToken(hash: "abc", user: "zhang"))
        #expect(try tables.insertToken(hash: "def", user: "nobody") == false)
        #expect(try tables.account(forTokenHash: "abc") == account)
        let session = PostgresServerTables.SessionRow(user: "zhang", actor: "school:S01", csrfToken: "csrf", lastSeen: 1_764_000_000.25)
        try tables.saveSession(session, idHash: "s1")
        try Self.terminate(name)
        #expect(try tables.session(idHash: "s1") == session)
        try tables.setThrottle(of: "zhang", failures: [1.5, 2.5], lockedUntil: nil)
        #expect(try tables.throttle(of: "zhang").failures == [1.5, 2.5])
        #expect(try tables.disable("zhang"))
        #expect(try tables.account(forTokenHash: "abc")?.isDisabled == true)
        try tables.removeSessions(user: "zhang")
        #expect(try tables.session(idHash: "s1") == nil)
        try tables.remove("zhang")
        #expect(try tables.account(forTokenHash: "abc") == nil)
        #expect(try tables.accounts().isEmpty)
    }
}
