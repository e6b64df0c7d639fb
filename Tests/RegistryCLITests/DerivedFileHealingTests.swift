import Foundation
import SQLiteSupport
import Testing

/// Issue 11: a damaged read model or stream index is set aside (renamed, never deleted) and rebuilt
/// from the log with one warning line; the command then proceeds. No message prints SQL.
@Suite("Damaged derived files heal themselves")
struct DerivedFileHealingTests {
    enum Damage: String, CaseIterable {
        case randomBytes, cutInHalf, pagesOverwritten
    }

    private func damage(_ path: String, _ how: Damage) throws {
        // A command leaves its WAL to the next writer (`SQLiteDatabase.leaveWALOnClose`): fold it into
        // the file first, so that the damage hits a file holding every page.
        try SQLiteDatabase(path: path).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let size = StorageFixture.size(path)
        switch how {
        case .randomBytes:
            try? FileManager.default.removeItem(atPath: path)
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            try StorageFixture.scribble(path, at: 0, count: 20_000)
        case .cutInHalf:
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: size / 2)
            try handle.close()
        case .pagesOverwritten:
            // Whole pages of garbage after the first (the header and schema), every other one.
            var offset: UInt64 = 4096
            while offset < size {
                try StorageFixture.scribble(path, at: offset, count: 4096)
                offset += 8192
            }
        }
    }

    /// - Parameter quickCheck: false runs the command without the open's `quick_check` (as for a file
    ///   over the size limit), so the damage is found when SQLite reports it during the command.
    private func checkHealed(_ file: String, _ how: Damage, language: String? = nil, quickCheck: Bool = true) throws {
        let cli = try StorageFixture.make("heal-\(file)-\(how)")
        let path = cli.logDirectory + "/" + file
        try damage(path, how)
        let write = try cli.run((language.map { ["--lang", $0] } ?? []) + StorageFixture.confirm("2025-10"),
                                extraEnvironment: quickCheck ? [:] : ["REGISTRY_QUICK_CHECK_BYTES": "0"])
        #expect(write.status == 0, "\(file) \(how): \(write)")
        let lines = write.stderr.nonEmptyLines
        #expect(lines.count == 1, "one warning line: \(write)")
        if language == "zh" {
            #expect(lines.first?.hasPrefix("警告：\(file) 已损坏") == true, "\(write)")
        } else {
            #expect(lines.first?.hasPrefix("warning: \(file) was damaged") == true && write.stderr.contains("set aside as \(file).damaged-"),
                    "\(write)")
        }
        for sql in ["CREATE", "SELECT", "PRAGMA", "INSERT"] { #expect(!write.stderr.contains(sql)) }
        let aside = StorageFixture.listing(cli.logDirectory).filter { $0.hasPrefix(file + ".damaged-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(aside.count == 1 && aside[0].range(of: #"^.+\.damaged-\d{8}T\d{6}Z$"#, options: .regularExpression) != nil, "\(aside)")
        // Healed for good: the next write is quiet, the log verifies, and the read model equals a rebuild.
        let next = try cli.run(StorageFixture.confirm("2025-11"))
        #expect(next.status == 0 && next.stderr.isEmpty, "\(next)")
        #expect(try cli.run(["verify"]).status == 0)
        let compare = try cli.run(["compare", "--log", cli.logDirectory], tool: "registry-replay")
        #expect(compare.status == 0, "\(compare)")
    }

    @Test(arguments: Damage.allCases) func aDamagedReadModelIsSetAsideAndRebuiltByAWrite(_ how: Damage) throws {
        try checkHealed("readmodel.sqlite", how)
    }

    @Test(arguments: Damage.allCases) func aDamagedStreamIndexIsSetAsideAndRebuiltByAWrite(_ how: Damage) throws {
        try checkHealed("index.sqlite", how)
    }

    @Test(arguments: ["readmodel.sqlite", "index.sqlite"]) func damageFoundWhileTheCommandRunsIsHealedToo(_ file: String) throws {
        try checkHealed(file, .pagesOverwritten, quickCheck: false)
    }

    @Test func theWarningIsInChineseWithLangZh() throws {
        try checkHealed("readmodel.sqlite", .randomBytes, language: "zh")
    }

    @Test func aReaderGoesOnWithoutADamagedIndexAndLeavesItInPlace() throws {
        let cli = try StorageFixture.make("heal-reader")
        let path = cli.logDirectory + "/index.sqlite"
        try damage(path, .randomBytes)
        let show = try cli.run(["show", "placement", "P-1", "--as", "school:S01"])
        #expect(show.status == 0 && show.stdout.contains("P-1"), "\(show)")
        #expect(show.stderr.nonEmptyLines.count == 1 && show.stderr.hasPrefix("warning: index.sqlite is damaged"), "\(show)")
        for sql in ["CREATE", "SELECT", "PRAGMA"] { #expect(!show.stderr.contains(sql)) }
        #expect(!StorageFixture.listing(cli.logDirectory).contains { $0.contains(".damaged-") }, "a reader renames nothing")
    }
}
