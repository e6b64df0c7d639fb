import EventStore
import RegistryDomain

extension RegistryCLI {
    /// The release of the `registry` command line.
    static let version = "0.13.0"

    /// `registry --version`: the release and the log format version it reads and writes.
    static func versionText(_ language: Language) -> String {
        language == .zh ? "registry \(version)（日志格式版本 \(LogFormat.version)）"
                        : "registry \(version) (log format version \(LogFormat.version))"
    }
}
