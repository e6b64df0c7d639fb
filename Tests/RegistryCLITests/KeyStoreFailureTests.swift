import PersonalData
import RegistryDomain
import RegistryCLI
import Testing

/// A key store that cannot be reached (a database restarting under a server) is a condition to retry,
/// as the event store being unavailable is: exit 3 and HTTP 409, never exit 2 / 400, which tell the
/// client its input was wrong. The torture's postgres scenario found a 400 when the database was
/// killed between a command's decision and the sealing of its personal data.
@Suite("A key store that cannot be used is a conflict to retry")
struct KeyStoreFailureTests {
    @Test func anUnusableKeyStoreIsExit3WithOneSentence() {
        let error = PersonalDataError.keyStore(path: "postgresql://registry@127.0.0.1:5432/registry",
                                               reason: "connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")
        let (code, message) = RegistryCLI.exitCodeAndMessage(for: error, language: .en)
        #expect(code == 3)
        #expect(message == "conflict: the key store postgresql://registry@127.0.0.1:5432/registry cannot be used (connection to server at \"127.0.0.1\", port 5432 failed: Connection refused); retry the command.")
        let (zhCode, zhMessage) = RegistryCLI.exitCodeAndMessage(for: error, language: .zh)
        #expect(zhCode == 3 && zhMessage.hasPrefix("冲突：无法使用密钥库"))
    }

    /// The other side: key-store errors that are not about reaching it stay what they were.
    @Test func anErasedSubjectIsNotAConflict() {
        let (code, _) = RegistryCLI.exitCodeAndMessage(for: PersonalDataError.subjectErased(subject: "student:1"), language: .en)
        #expect(code != 3)
    }
}
