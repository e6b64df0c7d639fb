import Foundation
import RegistryCLI
import RegistryServer

// The `registry-server` executable: the whole command line with the server's commands installed
// (`registry serve`, `registry account …`), linked as a position-independent executable. `registry`
// replaces itself with this one for those commands; any other command runs here as in `registry`.
RegistryServerMain.install()
exit(RegistryCLI.runProcessArguments())
