import Foundation
import EventStore
import ReadModel
import PersonalData
import RegistryDomain

extension Registry {
    /// Erases a student's personal data: appends `PersonalDataErased` (the domain decides who may:
    /// Privacy_02/03), then destroys the student's key in the key store, then rewrites the read
    /// model so that no freed page keeps the name, and removes the read models once set aside as
    /// damaged (`readmodel.sqlite.damaged-…`): they hold names in clear, and they are derived data,
    /// kept only for diagnosis, while the log stays the evidence.
    ///
    /// The event comes first: if the process dies before the key is destroyed, the log already says
    /// the data is erased and reads show it so; running the erase again (refused under Privacy_03)
    /// destroys the key that was left.
    /// - Parameters:
    ///   - student: the student's ID.
    ///   - reason: why, in the actor's words.
    ///   - actor: the bureau, or the student's school after the student has left.
    ///   - commandID: the command's idempotency key.
    /// - Returns: the outcome, whether a live key was destroyed, and how many damaged copies were removed.
    /// - Throws: `RegistryError.rejected`, `EventStoreError`, `PersonalDataError`.
    public func eraseStudentPersonalData(student: String, reason: String, by actor: Actor,
                                         commandID: String) throws -> (outcome: CommandOutcome, keyDestroyed: Bool, damagedCopiesRemoved: Int) {
        // Random, so that it says nothing about the person; a retry with the same command ID
        // returns the first outcome and its pseudonym.
        let pseudonym = "erased-" + (try SecureRandom.bytes(4)).map { String($0, radix: 16).leftPadded(2) }.joined()
        let subject = PersonalFields.studentSubject(student)
        let outcome: CommandOutcome
        do {
            outcome = try execute(.eraseStudentPersonalData(student: student, reason: reason, pseudonym: pseudonym),
                                  by: actor, commandID: commandID)
        } catch RegistryError.rejected(.privacy(.personalDataNotAvailable(_, .erased, _))) {
            // Already erased: finish an erase whose key destruction was interrupted, then say no.
            _ = try personalData.destroyKey(of: subject)
            try readModel().scrubFreedPages()
            _ = removeSetAsideReadModels()
            throw RegistryError.rejected(.privacy(.personalDataNotAvailable(student: student, status: .erased, verb: "student erase")))
        }
        let destroyed = try personalData.destroyKey(of: subject)
        try readModel().scrubFreedPages()
        return (outcome, destroyed, removeSetAsideReadModels())
    }

    /// Deletes the read models set aside as damaged beside the log (with their `-wal` and `-shm`);
    /// returns how many there were.
    private func removeSetAsideReadModels() -> Int {
        let prefix = ReadModelStore.fileName + ".damaged-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            if unlink(directory + "/" + name) == 0, !name.hasSuffix("-wal"), !name.hasSuffix("-shm") { removed += 1 }
        }
        return removed
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension Registry {
    /// `envelope` with its sealed personal fields opened in place, for a history that shows what was
    /// recorded; unchanged when it has none or their key is gone (then only the ciphertext shows).
    public func withPersonalDataOpened(_ envelope: EventEnvelope) -> EventEnvelope {
        guard PersonalFields.byType[envelope.type] != nil, PersonalFields.isSealed(envelope.payload),
              let opened = try? PersonalFields.open(envelope.payload, type: envelope.type, with: personalData),
              !opened.withheld else { return envelope }
        var plain = envelope
        plain.payload = opened.payload
        return plain
    }
}

extension Registry {
    /// `command` with the keyed digest of its ID-card number filled in (HMAC-SHA-256 under the
    /// registry's secret), so that the decider can match duplicates without crypto of its own.
    func withKeyedDigests(_ command: RegistryCommand) throws -> RegistryCommand {
        guard case .enrollStudent(let id, let school, let name, let major, let birth, let enrolled, let consent, let idCard?, nil) = command else {
            return command
        }
        let digest = try personalData.keyedDigest(of: idCard)
        return .enrollStudent(id: id, school: school, name: name, major: major, birth: birth, enrolled: enrolled,
                              guardianConsent: consent, idCard: idCard, idCardDigest: digest)
    }
}
