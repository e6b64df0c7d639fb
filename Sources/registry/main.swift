import Foundation
import RegistryCLI

// The `registry` executable: everything lives in the RegistryCLI library.
exit(RegistryCLI.main(Array(CommandLine.arguments.dropFirst())))
