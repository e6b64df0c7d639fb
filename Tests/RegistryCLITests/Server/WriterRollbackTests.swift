import Foundation
@testable import PostgresStore
import RegistryDomain
import RegistryServer
@testable import RegistryService
import Testing

/// A server's writer on PostgreSQL applies a group's events to its read model as it decides them,
/// before the group commits. A group whose commit fails is rolled back in the database, and must be
/// rolled back in the read model too: else the read model holds events the log does not, and counts
/// (quotas, caps) and answers rest on them.
@Suite("A writer's rolled-back group", .enabled(if: PostgresScratch.isConfigured))
struct WriterRollbackTests {
    @Test func aGroupWhoseCommitFailsLeavesNothingInTheReadModel() throws {
        let scratch = try PostgresScratch()
        let cli = scratch.harness("writer-rollback")
        for command in Scenario.bureauSetup.prefix(2) { #expect(try cli.run(command).status == 0) }
        let store = try PostgresEventStore(conninfo: scratch.conninfo)
        let registry = try Registry(store: store, cacheDirectory: cli.directory + "/server-cache", forWriting: true,
                                    keyStore: PostgresKeyStore(store: store))
        let writer = GroupCommitWriter(registry: registry)
        defer { writer.stop() }
        let bureau = Actor(role: .bureau, id: "EDU")
        // The group's commit is cut off: its connection is terminated just before COMMIT.
        var kills = 0
        store.beforeCommit = { pid in
            guard kills == 0 else { return }
            kills += 1
            try PostgresScratch.psql("SELECT pg_terminate_backend(\(pid))")
        }
        #expect(throws: (any Error).self) {
            try writer.execute(.registerSchool(id: "S98", name: "回滚的学校", level: .secondary), by: bureau, person: "", commandID: "lost")
        }
        #expect(kills == 1)
        // Another process appends at the position the rolled-back group had taken.
        #expect(try cli.run(["school", "register", "S96", "--name", "另一台服务器的学校", "--level", "higher", "--as", "bureau:EDU"]).status == 0)
        let after = try writer.execute(.registerSchool(id: "S97", name: "提交的学校", level: .secondary), by: bureau, person: "",
                                       commandID: "kept")
        #expect(after.positions != nil)
        let live = try #require(registry.currentReadModel)
        let schools = try live.database.query("SELECT id FROM schools ORDER BY id").compactMap { row -> String? in
            if case .text(let id)? = row.first { return id }
            return nil
        }
        #expect(schools == ["S01", "S96", "S97"], "the rolled-back school must not be in the read model, the other process's must")
        #expect(live.position == store.head.position)
        #expect(try Replay.differencesFromRebuild(registry, live: live).isEmpty)
    }
}
