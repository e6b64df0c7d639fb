import Foundation
import RegistryCLI
import RegistryServer

// The `registry` executable: everything lives in the RegistryCLI library. Arguments are taken as
// raw bytes so that invalid UTF-8 is refused rather than silently replaced with U+FFFD.
var arguments: [String] = []
for index in 1..<Int(CommandLine.argc) {
    guard let raw = CommandLine.unsafeArgv[index], let argument = String(validatingCString: raw) else {
        exit(RegistryCLI.refuseInvalidArgument(number: index))
    }
    arguments.append(argument)
}
// `registry serve` and `registry account` live in the server module, which depends on the command line.
RegistryServerMain.install()
exit(RegistryCLI.main(arguments))
