import Foundation
import RegistryCLI
import RegistryServer

// The `registry-server` executable: the whole command line with the server's commands installed
// (`registry serve`, `registry account …`), linked as a position-independent executable. `registry`
// replaces itself with this one for those commands; any other command runs here as in `registry`.
var arguments: [String] = []
for index in 1..<Int(CommandLine.argc) {
    guard let raw = CommandLine.unsafeArgv[index], let argument = String(validatingCString: raw) else {
        exit(RegistryCLI.refuseInvalidArgument(number: index))
    }
    arguments.append(argument)
}
RegistryServerMain.install()
exit(RegistryCLI.main(arguments))
