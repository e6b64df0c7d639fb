import Foundation
import RegistryCLI

// The `registry` executable: everything lives in the RegistryCLI library. Arguments are taken as
// raw bytes so that invalid UTF-8 is refused rather than silently replaced with U+FFFD.
// `registry serve` and `registry account` run `registry-server` from the same directory
// (`ExternalCommands.runServerExecutable`): this executable is linked without PIE (Package.swift).
var arguments: [String] = []
for index in 1..<Int(CommandLine.argc) {
    guard let raw = CommandLine.unsafeArgv[index], let argument = String(validatingCString: raw) else {
        exit(RegistryCLI.refuseInvalidArgument(number: index))
    }
    arguments.append(argument)
}
exit(RegistryCLI.main(arguments))
