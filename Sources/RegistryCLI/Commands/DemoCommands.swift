extension RegistryCLI {
    static var demoCommands: [CommandSpec] { [] }
}
