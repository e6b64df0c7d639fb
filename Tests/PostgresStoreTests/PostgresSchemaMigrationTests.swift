import EventStore
import Foundation
import Testing
@testable import PostgresStore

/// A database made by an earlier registry is brought up to this one's schema by `create` (what
/// `registry init` runs), and keeps what its users rely on.
@Suite("PostgreSQL store: schema migrations", .enabled(if: TestDatabase.isConfigured), .serialized)
struct PostgresSchemaMigrationTests {
    /// The schema as migrations 1…`version` left it, with nothing else.
    static func schema(at version: Int, in scratch: ScratchSchema) throws {
        let db = try PGConnection(scratch.conninfo)
        try db.run(PostgresSchema.versionTable)
        try db.run("INSERT INTO registry_schema (version, store_id) VALUES ($1, $2)", [.int(Int64(version)), .text(UUID().uuidString.lowercased())])
        for migration in PostgresSchema.migrations.prefix(version) { try db.run(migration) }
    }

    /// `conninfo` for a role of its own, with its password.
    static func conninfo(_ scratch: ScratchSchema, as role: String) throws -> String {
        var components = try #require(URLComponents(string: TestDatabase.conninfo ?? ""))
        components.user = role
        components.password = "pw"
        return try #require(components.string) + "?options=-csearch_path%3D\(scratch.name)"
    }

    static func enrolment(_ id: String, _ school: String) -> NewEvent {
        event("StudentEnrolled", #"{"id":"\#(id)","school":"\#(school)","major":"m","enrolled":"2023-09-01"}"#)
    }

    /// Migration 6: the projection's function runs only for the two types it projects, and
    /// `rm_applied` becomes a view of the head. An organisation's role granted SELECT at version 5
    /// still reads it (and still not the head itself), and it still equals the head after appends of
    /// both kinds; enrolments are still projected.
    @Test func aVersion5DatabaseIsMigratedAndItsOrganisationsStillReadTheAppliedPosition() throws {
        guard TestDatabase.conninfo?.contains("://") == true else { return }
        let scratch = try ScratchSchema()
        try Self.schema(at: 5, in: scratch)
        let role = "mig_" + scratch.name.suffix(16)
        try TestDatabase.admin("CREATE ROLE \(role) LOGIN PASSWORD 'pw'")
        defer { try? TestDatabase.admin("DROP SCHEMA \(scratch.name) CASCADE; DROP ROLE \(role)") }
        let owner = try PGConnection(scratch.conninfo)
        try owner.run("SELECT registry_grant_organisation($1, 'school', 'S01')", [.text(role)])
        let before = try PostgresEventStore(conninfo: scratch.conninfo)
        _ = try before.append([Self.enrolment("2023001", "S01")], to: "student-2023001", expectingVersion: .noStream, commandID: "c-1", actor: "test:t")
        _ = try before.append([event("Filled", "{}")], to: "s", expectingVersion: .noStream, commandID: "c-2", actor: "test:t")
        let asSchool = try PGConnection(Self.conninfo(scratch, as: role))
        #expect(try asSchool.run("SELECT position FROM rm_applied").int(0, 0) == 2)

        let (store, migrated) = try PostgresEventStore.create(conninfo: scratch.conninfo)
        #expect(migrated)
        #expect(try owner.run("SELECT version FROM registry_schema").int(0, 0) == Int64(PostgresSchema.version))
        #expect(try owner.run("SELECT relkind::text FROM pg_class WHERE oid = 'rm_applied'::regclass").text(0, 0) == "v")
        #expect(try owner.run("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'events_project' AND tgrelid = 'events'::regclass").text(0, 0).contains("WHEN"))
        #expect(try asSchool.run("SELECT position FROM rm_applied").int(0, 0) == 2)
        _ = try store.append([event("Filled", "{}")], to: "s", expectingVersion: .exactly(1), commandID: "c-3", actor: "test:t")
        _ = try store.append([Self.enrolment("2023002", "S01"), Self.enrolment("2023201", "S02")], to: "student-batch",
                             expectingVersion: .noStream, commandID: "c-4", actor: "test:t")
        #expect(try asSchool.run("SELECT position FROM rm_applied").int(0, 0) == 5)
        #expect(try asSchool.run("SELECT string_agg(student_id, ',' ORDER BY student_id) FROM rm_students").text(0, 0) == "2023001,2023002")
        #expect(throws: (any Error).self) { try asSchool.run("SELECT position FROM registry_head") }
        #expect(try store.verify().eventCount == 5)
    }
}
