import Foundation
import SQLiteSupport
import Testing

/// Issue 16, personal data that can be erased: names and birth dates are sealed per data subject,
/// the key store lives beside the log, an erase destroys the key and leaves no trace of the name in
/// any file of the log directory, while the log, its checkpoints and proofs stay valid.
@Suite("Personal data that can be erased, end to end")
struct PersonalDataTests {
    /// A name no other fixture uses, so that finding its bytes anywhere means it leaked.
    static let name = "隐私王小明"
    static let correctedFrom = "隐私Wang"

    /// A student who enrolled, was corrected, interned (Age_01 decided at registration and start)
    /// and graduated; a teacher too.
    func makeRegistry(_ label: String, leave: Bool = true) throws -> CLIHarness {
        let cli = CLIHarness(label)
        var lines = [
            ["init", "--as", "bureau:EDU", "--jurisdiction", "X", "--policy", "national", "--from", "2020-01-01"],
            ["school", "register", "S01", "--name", "School", "--level", "secondary", "--as", "bureau:EDU"],
            ["enterprise", "register", "E01", "--name", "Works", "--above-scale", "--as", "bureau:EDU"],
            ["enterprise", "workforce", "E01", "--headcount", "200", "--as-of", "2020-01-01", "--as", "enterprise:E01"],
            ["student", "enroll", "2023001", "--name", Self.correctedFrom, "--major", "CNC", "--birth", "2006-03-14",
             "--enrolled", "2023-09-01", "--as", "school:S01"],
            ["student", "correct", "2023001", "--name", Self.name, "--reason", "typo", "--as", "school:S01"],
            ["student", "enroll", "2023002", "--name", "Other", "--major", "CNC", "--birth", "2006-03-14",
             "--enrolled", "2023-09-01", "--as", "school:S01"],
            ["teacher", "register", "T01", "--name", "隐私李老师", "--course", "professional", "--as", "school:S01"],
            ["placement", "register", "P-1", "--student", "2023001", "--enterprise", "E01", "--kind", "post", "--start", "2025-09-01",
             "--end", "2026-02-28", "--stipend", "3400", "--agreement", "SF-1", "--as", "school:S01"],
            ["insurance", "enroll", "P-1", "--policy", "POL-1", "--insurer", "PICC", "--cover", "liability", "--from", "2025-09-01",
             "--to", "2026-02-28", "--paid-by", "school", "--as", "school:S01"],
            ["placement", "start", "P-1", "--on", "2025-09-01", "--as", "school:S01"],
            ["placement", "complete", "P-1", "--on", "2026-02-28", "--as", "school:S01"],
        ]
        if leave { lines.append(["student", "leave", "2023001", "--reason", "graduated", "--on", "2026-06-30", "--as", "school:S01"]) }
        for line in lines {
            let result = try cli.run(line, extraEnvironment: ["REGISTRY_NOW": "2026-07-01T08:00:00Z"])
            try #require(result.status == 0, "\(line.joined(separator: " ")): \(result)")
        }
        return cli
    }

    /// The value of `field` in a `show` record (labels are padded to the longest).
    func field(_ field: String, of output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(field + " ") }.map { String($0.dropFirst(field.count)).trimmingCharacters(in: .whitespaces) }
    }

    /// Every file of the log directory whose bytes contain `text` in UTF-8.
    func filesHolding(_ text: String, in directory: String) -> [String] {
        let needle = Data(text.utf8)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.sorted().filter { file in
            guard let data = FileManager.default.contents(atPath: directory + "/" + file) else { return false }
            return data.range(of: needle) != nil
        }
    }

    @Test func theLogHoldsCiphertextAndTheKeyStoreIsTheOwnersOnly() throws {
        let cli = try makeRegistry("pd-sealed")
        let segments = try FileManager.default.contentsOfDirectory(atPath: cli.logDirectory).filter { $0.hasSuffix(".seg") }
        for segment in segments {
            let data = try #require(FileManager.default.contents(atPath: cli.logDirectory + "/" + segment))
            #expect(data.range(of: Data(Self.name.utf8)) == nil, "the log holds the name in clear")
            #expect(data.range(of: Data("隐私李老师".utf8)) == nil, "the log holds the teacher's name in clear")
            #expect(data.range(of: Data("2006-03-14".utf8)) == nil, "the log holds a birth date in clear")
            #expect(data.range(of: Data("\"sealed\":{".utf8)) != nil)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.logDirectory + "/keys.sqlite")
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0, "keys.sqlite is readable by its owner only")
        // Reads open the sealed fields with the key store.
        let show = try cli.run("show student 2023001 --as school:S01")
        #expect(field("name", of: show.stdout) == Self.name, "\(show)")
        #expect(field("born", of: show.stdout) == "2006-03-14", "\(show)")
    }

    @Test func aSchoolErasesOnlyAfterItsStudentHasLeft() throws {
        let cli = try makeRegistry("pd-privacy02", leave: false)
        let early = try cli.run(["student", "erase", "2023001", "--reason", "asked", "--as", "school:S01"])
        #expect(early.status == 1)
        #expect(early.stderr == "error[Privacy_02]: student '2023001' has not left (status not ended): only the bureau may erase a current student's personal data.\n")
        // A placement still open keeps the student from having left, status ended or not.
        try #require(try cli.run(["placement", "register", "P-2", "--student", "2023001", "--enterprise", "E01", "--kind", "observation",
                                  "--start", "2026-03-01", "--end", "2026-03-31", "--stipend", "0", "--as", "school:S01"]).status == 0)
        try #require(try cli.run(["student", "leave", "2023001", "--reason", "graduated", "--on", "2026-06-30", "--as", "school:S01"]).status == 0)
        let open = try cli.run(["student", "erase", "2023001", "--reason", "asked", "--as", "school:S01"])
        #expect(open.status == 1)
        #expect(open.stderr.hasPrefix("error[Privacy_02]: student '2023001' has not left: placement 'P-2' still open"))
        try #require(try cli.run(["placement", "terminate", "P-2", "--on", "2026-03-02", "--reason", "cancelled", "--as", "school:S01"]).status == 0)
        let erased = try cli.run(["student", "erase", "2023001", "--reason", "asked", "--as", "school:S01"])
        #expect(erased.status == 0, "\(erased)")
        #expect(erased.stdout.hasPrefix("personal data of student '2023001' erased; its key is destroyed (position "))
    }

    @Test func theBureauMayEraseACurrentStudentAndNoOtherRoleMay() throws {
        let cli = try makeRegistry("pd-roles", leave: false)
        let enterprise = try cli.run(["student", "erase", "2023001", "--reason", "x", "--as", "enterprise:E01"])
        #expect(enterprise.status == 5)
        let inspector = try cli.run(["student", "erase", "2023001", "--reason", "x", "--as", "inspector:I01"])
        #expect(inspector.status == 5)
        let otherSchool = try cli.run(["student", "erase", "2023001", "--reason", "x", "--as", "school:S09"])
        #expect(otherSchool.status == 5)
        #expect(try cli.run(["student", "erase", "2023001", "--reason", "court order", "--as", "bureau:EDU"]).status == 0)
    }

    @Test func afterAnEraseTheNameIsInNoFileAndTheLogStillVerifies() throws {
        let cli = try makeRegistry("pd-erase")
        let before = try cli.run("checkpoint")
        try #require(before.status == 0)
        let saved = cli.write("before.checkpoint", Data(before.stdout.utf8))
        // Reads before the erase put the name in the read model; the erase must scrub it.
        #expect(try cli.run("list students --as bureau:EDU").stdout.contains(Self.name))

        let erase = try cli.run(["student", "erase", "2023001", "--reason", "graduated; retention period over", "--as", "school:S01"])
        #expect(erase.status == 0, "\(erase)")
        #expect(filesHolding(Self.name, in: cli.logDirectory) == [], "the name survives the erase")
        #expect(filesHolding(Self.correctedFrom, in: cli.logDirectory) == [], "the name before its correction survives the erase")

        let show = try cli.run("show student 2023001 --as bureau:EDU")
        #expect(show.status == 0)
        #expect(field("name", of: show.stdout)?.hasPrefix("erased-") == true, "\(show)")
        #expect(field("name", of: show.stdout)?.hasSuffix(" (personal data erased)") == true, "\(show)")
        #expect(field("born", of: show.stdout) == "-", "\(show)")
        #expect(!show.stdout.contains(Self.name))
        let json = try cli.run("show student 2023001 --format json --as bureau:EDU")
        #expect(json.stdout.contains("\"birth\":null") && json.stdout.contains("\"personal_data\":\"erased\""), "\(json.stdout)")
        let list = try cli.run("list students --as bureau:EDU")
        #expect(list.stdout.contains("erased-") && !list.stdout.contains(Self.name))
        // Decisions already taken stay: the placement is still there, completed.
        #expect(try cli.run("show placement P-1 --as bureau:EDU").stdout.contains("completed"))
        #expect(try cli.run("audit --on 2026-07-01 --as inspector:I01").status == 0)
        let history = try cli.run("history student-2023001 --as inspector:I01")
        #expect(history.status == 0 && history.stdout.contains("PersonalDataErased") && !history.stdout.contains(Self.name))
        let export = try cli.run(["export"], tool: "registry-replay")
        #expect(export.status == 0 && !export.stdout.contains(Self.name) && export.stdout.contains("PersonalDataErased"))

        // The log, the tree, checkpoints and proofs do not depend on a key.
        #expect(try cli.run("verify").status == 0)
        #expect(try cli.run(["verify", "--checkpoint", saved]).status == 0)
        #expect(try cli.run("prove inclusion 5").status == 0)
        #expect(try cli.run("checkpoint").status == 0)
        // A rebuild replays the erase as the live read model did.
        let compare = try cli.run(["compare"], tool: "registry-replay")
        #expect(compare.status == 0, "\(compare)")
        #expect(filesHolding(Self.name, in: cli.logDirectory) == [])
    }

    /// A read model set aside as damaged still holds the names it had, in clear: the erase must not
    /// leave the name there (the copy is derived, the log is the evidence).
    @Test func anEraseRemovesTheDamagedReadModelCopiesThatHoldTheName() throws {
        let cli = try makeRegistry("pd-erase-aside")
        #expect(try cli.run("list students --as bureau:EDU").stdout.contains(Self.name))
        // Break the header only, so that the set-aside copy keeps every page and the name in it. The
        // WAL a command leaves (`SQLiteDatabase.leaveWALOnClose`) is folded in first: SQLite would read
        // a newer page 1 from it and never see the broken header.
        let path = cli.logDirectory + "/readmodel.sqlite"
        try SQLiteDatabase(path: path).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 16))
        try handle.close()
        let healed = try cli.run("list students --as bureau:EDU")
        #expect(healed.status == 0 && healed.stderr.contains("set aside as readmodel.sqlite.damaged-"), "\(healed)")
        #expect(filesHolding(Self.name, in: cli.logDirectory).contains { $0.hasPrefix("readmodel.sqlite.damaged-") },
                "the fixture should leave the name in the set-aside copy")

        let erase = try cli.run(["student", "erase", "2023001", "--reason", "retention period over", "--as", "bureau:EDU"])
        #expect(erase.status == 0, "\(erase)")
        #expect(erase.stdout.contains("1 damaged copy of the read model removed"), "\(erase)")
        #expect(filesHolding(Self.name, in: cli.logDirectory) == [], "the name survives the erase")
        #expect(!StorageFixture.listing(cli.logDirectory).contains { $0.contains(".damaged-") })
        #expect(try cli.run("verify").status == 0)
    }

    /// A read model rebuilt from the log must know the ID-card digests the live one knew: the replay's
    /// fast decoder once dropped them (and consent references, checked in `EventCodecTests`), so a
    /// duplicate went through.
    @Test func aRebuiltReadModelStillMatchesIDCardNumbers() throws {
        let cli = try makeRegistry("pd-rebuilt", leave: false)
        let idCard = "41120220100314123X"
        let first = cli.write("first.csv", Data("学号,姓名,专业,出生日期,入学日期,身份证号,监护人同意书\nS-1,隐私甲,CNC,2010-03-14,2023-09-01,\(idCard),GC-7\n".utf8))
        #expect(try cli.run(["import", "students", first, "--as", "school:S01"]).status == 0)
        for file in StorageFixture.listing(cli.logDirectory) where file.hasPrefix("readmodel.sqlite") {
            try FileManager.default.removeItem(atPath: cli.logDirectory + "/" + file)
        }
        let second = cli.write("second.csv", Data("学号,姓名,专业,出生日期,入学日期,身份证号\nS-2,隐私乙,CNC,2006-03-14,2023-09-01,\(idCard)\n".utf8))
        let duplicate = try cli.run(["import", "students", second, "--as", "school:S01"])
        #expect(duplicate.status == 1 && duplicate.stdout.contains("has the ID-card number (身份证号) of student 'S-1'"), "\(duplicate)")
    }

    @Test func anErasedStudentTakesNoNewDecisionThatNeedsTheirData() throws {
        let cli = try makeRegistry("pd-privacy03")
        // Before the erase, a correction is accepted (the other side of Privacy_03).
        #expect(try cli.run(["student", "correct", "2023001", "--birth", "2006-03-15", "--reason", "typo", "--as", "school:S01"]).status == 0)
        try #require(try cli.run(["student", "erase", "2023001", "--reason", "done", "--as", "school:S01"]).status == 0)
        let again = try cli.run(["student", "erase", "2023001", "--reason", "again", "--as", "bureau:EDU"])
        #expect(again.status == 1)
        #expect(again.stderr == "error[Privacy_03]: the personal data of student '2023001' was erased; 'student erase' cannot be recorded for the student.\n")
        let correct = try cli.run(["student", "correct", "2023001", "--name", "X", "--reason", "typo", "--as", "school:S01"])
        #expect(correct.status == 1 && correct.stderr.hasPrefix("error[Privacy_03]:"))
        let place = try cli.run(["placement", "register", "P-9", "--student", "2023001", "--enterprise", "E01", "--kind", "post",
                                 "--start", "2026-09-01", "--end", "2027-02-28", "--stipend", "3400", "--as", "school:S01"])
        #expect(place.status == 1 && place.stderr.hasPrefix("error[Privacy_03]:"), "\(place)")
    }

    @Test func withoutTheKeyStoreEveryReadWorksAndNamesAreUnavailable() throws {
        let cli = try makeRegistry("pd-lost")
        try FileManager.default.removeItem(atPath: cli.logDirectory + "/keys.sqlite")
        try FileManager.default.removeItem(atPath: cli.logDirectory + "/readmodel.sqlite")
        let rebuild = try cli.run(["rebuild"], tool: "registry-replay")
        #expect(rebuild.status == 0, "\(rebuild)")
        #expect(try cli.run("verify").status == 0)
        let show = try cli.run("show student 2023001 --as bureau:EDU")
        #expect(show.status == 0)
        #expect(field("name", of: show.stdout) == "(unavailable: no key store)", "\(show)")
        #expect(field("born", of: show.stdout) == "-", "\(show)")
        let list = try cli.run("list students --as bureau:EDU")
        #expect(list.stdout.contains("(unavailable)"), "\(list)")
        #expect(try cli.run("audit --on 2026-07-01 --as inspector:I01").status == 0)
        let teachers = try cli.run("list teachers --as bureau:EDU")
        #expect(teachers.stdout.contains("(unavailable)"), "\(teachers)")
        // Rules that need a birth date refuse rather than guess.
        let place = try cli.run(["placement", "register", "P-9", "--student", "2023002", "--enterprise", "E01", "--kind", "post",
                                 "--start", "2026-09-01", "--end", "2027-02-28", "--stipend", "3400", "--as", "school:S01"])
        #expect(place.status == 1 && place.stderr.hasPrefix("error[Privacy_03]: the personal data of student '2023002' is unavailable"), "\(place)")
    }

    @Test func aChildUnder14IsEnrolledOnlyWithAGuardiansConsent() throws {
        let cli = try makeRegistry("pd-privacy01", leave: false)
        func enroll(_ id: String, born: String, consent: String? = nil) throws -> RunResult {
            try cli.run(["student", "enroll", id, "--name", "Child", "--major", "CNC", "--birth", born, "--enrolled", "2024-09-01",
                         "--as", "school:S01"] + (consent.map { ["--guardian-consent", $0] } ?? []))
        }
        // 13 years 364 days on 2024-09-01.
        let young = try enroll("C1", born: "2010-09-02")
        #expect(young.status == 1)
        #expect(young.stderr == "error[Privacy_01]: student 'C1' is 13 on enrolment on 2024-09-01, under 14: enrolment needs a guardian's consent reference (--guardian-consent).\n")
        #expect(try enroll("C1", born: "2010-09-02", consent: "GC-2024-001").status == 0)
        // Exactly 14.
        #expect(try enroll("C2", born: "2010-09-01").status == 0)
        let zh = try cli.run(["student", "enroll", "C3", "--name", "Child", "--major", "CNC", "--birth", "2010-09-02", "--enrolled", "2024-09-01",
                              "--as", "school:S01", "--lang", "zh"])
        #expect(zh.stderr.hasPrefix("error[Privacy_01]: 学生 'C3' 于 2024-09-01 入学时 13 岁"), "\(zh.stderr)")
    }

    @Test func aVersion1LogIsReadAndMigratedIntoANewLogWithSealedPersonalData() throws {
        let cli = CLIHarness("pd-migrate")
        // A copy: reads build a read model beside the log they read, and the committed sample stays as it is.
        let sample = cli.directory + "/sample"
        try FileManager.default.createDirectory(atPath: sample, withIntermediateDirectories: true)
        for file in ["00000001.seg", "HEAD"] {
            try FileManager.default.copyItem(atPath: GoldenTests.sample + "/" + file, toPath: sample + "/" + file)
        }
        // The committed sample predates sealing: its names are in clear, and it still reads.
        let sampleSegment = try #require(FileManager.default.contents(atPath: sample + "/00000001.seg"))
        #expect(sampleSegment.range(of: Data("王芳".utf8)) != nil)
        let old = try cli.run(["--log", sample, "show", "student", "A1", "--as", "bureau:EDU"])
        #expect(old.status == 0 && field("name", of: old.stdout) == "王芳", "\(old)")

        let target = cli.directory + "/sealed"
        let migrate = try cli.run(["encrypt-personal-data", "--from", sample, "--to", target], tool: "registry-replay")
        #expect(migrate.status == 0, "\(migrate)")
        #expect(migrate.stdout.contains("the new log has a new chain"))
        #expect(filesHolding("王芳", in: target) == [], "the new log holds a name in clear")
        #expect(try cli.run(["--log", target, "verify"]).status == 0)
        let new = try cli.run(["--log", target, "show", "student", "A1", "--as", "bureau:EDU"])
        #expect(new.stdout == old.stdout, "the same record, read from sealed fields")
        // The same events in the same order, streams, versions, commands, actors and times.
        func envelopes(_ log: String) throws -> [String] {
            try cli.run(["export", "--log", log], tool: "registry-replay").stdout.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                return ["position", "stream", "version", "commandId", "actor", "recordedAt", "type"].map { "\(object[$0] ?? "")" }.joined(separator: " ")
            }
        }
        #expect(try envelopes(sample) == envelopes(target))
        // The old log is never edited, and a second run refuses to write over the new one.
        #expect(FileManager.default.contents(atPath: sample + "/00000001.seg") == sampleSegment)
        let again = try cli.run(["encrypt-personal-data", "--from", sample, "--to", target], tool: "registry-replay")
        #expect(again.status == 2 && again.stderr.contains("is not empty"))
    }

    @Test func anImportSealsIDCardNumbersMatchesThemByKeyedDigestAndTakesTheConsentColumn() throws {
        let cli = try makeRegistry("pd-import", leave: false)
        let idCard = "11010520060314123X"
        let file = cli.write("students.csv", Data("""
            学号,姓名,专业,出生日期,入学日期,身份证号,监护人同意书
            S-1,隐私甲,CNC,2006-03-14,2023-09-01,\(idCard),
            S-2,隐私乙,CNC,2006-03-14,2023-09-01,\(idCard.lowercased()),
            S-3,隐私丙,CNC,2010-03-14,2023-09-01,,
            S-4,隐私丁,CNC,2010-03-14,2023-09-01,,GC-2023-4

            """.utf8))
        let result = try cli.run(["import", "students", file, "--as", "school:S01"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("student 'S-2' has the ID-card number (身份证号) of student 'S-1', who is already registered."), "\(result)")
        #expect(result.stdout.contains("Privacy_01  student 'S-3' is 13 on enrolment"), "\(result)")
        #expect(result.stdout.contains("imported 2 new rows, 0 already imported, 2 rejected"), "\(result)")
        #expect(!result.stdout.contains(idCard))
        // Neither the number nor a plain hash of it is anywhere: only ciphertext and the keyed digest.
        let plainHash = SHA256Hex.of(idCard)
        #expect(filesHolding(idCard, in: cli.logDirectory) == [])
        #expect(filesHolding(plainHash, in: cli.logDirectory) == [])
        // The command IDs of the rows are no plain hash of the name and birth date either.
        #expect(filesHolding("隐私甲", in: cli.logDirectory).allSatisfy { $0.hasPrefix("readmodel") })
        // After an erase the digest goes too, so the number may be registered again.
        try #require(try cli.run(["student", "erase", "S-1", "--reason", "x", "--as", "bureau:EDU"]).status == 0)
        let again = cli.write("again.csv", Data("学号,姓名,专业,出生日期,入学日期,身份证号\nS-5,隐私戊,CNC,2006-03-14,2023-09-01,\(idCard)\n".utf8))
        #expect(try cli.run(["import", "students", again, "--as", "school:S01"]).status == 0)
    }
}

/// SHA-256 in hex through the `openssl` command, to look for a plain hash.
enum SHA256Hex {
    static func of(_ text: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sh", "-c", "printf %s \"$0\" | openssl dgst -sha256 -r", text]
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
