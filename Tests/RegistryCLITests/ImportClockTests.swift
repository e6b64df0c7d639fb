import Foundation
import Testing

/// An imported row is the command it stands for, judged by the same rules: a stipend paid after the
/// registry's clock is refused (Data_01) in a CSV as on the command line.
@Suite("Imports and the registry's clock")
struct ImportClockTests {
    @Test func aStipendRowPaidAfterTheClockIsRejectedWithData01() throws {
        let cli = try Scenario.make("import-clock", Scenario.rulesSetup)  // the clock stands at 2025-09-01
        let file = cli.directory + "/stipends.csv"
        try "placement,month,amount,paid_on\nP-1,2025-09,3400,2025-10-10\n".write(toFile: file, atomically: true, encoding: .utf8)
        let future = try cli.run(["import", "stipends", file, "--as", "enterprise:E01"])
        #expect(future.status == 1, "\(future)")
        #expect(future.stdout.contains("Data_01"), "\(future)")
        let later = try cli.run(["import", "stipends", file, "--as", "enterprise:E01"], extraEnvironment: ["REGISTRY_NOW": "2025-10-31T08:00:00Z"])
        #expect(later.status == 0, "\(later)")
    }
}
