import Foundation
@testable import RegistryCLI
import Testing

/// The command line reads its own variables from `environ` and skips the rest on their bytes.
@Suite("The environment a command reads")
struct ProcessEnvironmentTests {
    private func wanted(_ entry: String) -> (String, String)? {
        entry.withCString { ProcessEnvironment.wanted($0) }
    }

    @Test func theRegistrysOwnVariablesAndTheLanguageAreRead() {
        #expect(wanted("REGISTRY_NOW=2024-03-01T08:00:00Z").map { [$0.0, $0.1] } == ["REGISTRY_NOW", "2024-03-01T08:00:00Z"])
        #expect(wanted("LANG=zh_CN.UTF-8").map { [$0.0, $0.1] } == ["LANG", "zh_CN.UTF-8"])
        #expect(wanted("LC_ALL=").map { [$0.0, $0.1] } == ["LC_ALL", ""])
        #expect(wanted("HOME=/home/clerk").map { [$0.0, $0.1] } == ["HOME", "/home/clerk"])
        #expect(wanted("XDG_CACHE_HOME=/tmp/c").map { [$0.0, $0.1] } == ["XDG_CACHE_HOME", "/tmp/c"])
        // The value runs to the end: a second '=' belongs to it.
        #expect(wanted("REGISTRY_STORE=postgresql://u@h/db?sslmode=require").map { $0.1 } == "postgresql://u@h/db?sslmode=require")
        #expect(wanted("REGISTRY_LOG=/srv/日志").map { $0.1 } == "/srv/日志")
    }

    @Test func otherVariablesAreSkipped() {
        #expect(wanted("PATH=/usr/bin") == nil)
        // Names that only start like one of ours are not ours.
        #expect(wanted("LANGUAGE=fr") == nil)
        #expect(wanted("HOMEDIR=/x") == nil)
        #expect(wanted("REGISTRY=1") == nil)
        #expect(wanted("registry_now=x") == nil)
        #expect(wanted("REGISTRY_NOW") == nil)
    }

    /// Compared with Foundation's whole table of this test process (no `setenv` here: other tests
    /// spawn processes at the same time, and changing `environ` under them is not thread-safe).
    @Test func theProcessEnvironmentHoldsExactlyTheVariablesWeRead() {
        let current = ProcessEnvironment.current()
        let full = ProcessInfo.processInfo.environment
        #expect(full["PATH"] != nil && current["PATH"] == nil)
        for (name, value) in current { #expect(full[name] == value, "\(name)") }
        for name in full.keys where name.hasPrefix("REGISTRY_") || ProcessEnvironment.names.contains(name) {
            #expect(current[name] == full[name], "\(name)")
        }
    }
}
