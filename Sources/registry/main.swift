import Foundation
import RegistryCLI

// The `registry` executable: everything lives in the RegistryCLI library. `registry serve` and
// `registry account` run `registry-server` from the same directory
// (`ExternalCommands.runServerExecutable`): this executable is linked without PIE (Package.swift).
exit(RegistryCLI.runProcessArguments())
