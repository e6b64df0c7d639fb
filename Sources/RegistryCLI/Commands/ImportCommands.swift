extension RegistryCLI {
    static var importCommands: [CommandSpec] { [] }
}
