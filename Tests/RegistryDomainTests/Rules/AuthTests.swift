import RegistryDomain
import Testing

/// One command with the scenario in which its owner may issue it.
struct AuthCase: Sendable, CustomTestStringConvertible {
    let command: RegistryCommand
    let scenario: Scenario
    /// The actor who may issue the command.
    let owner: Actor
    /// An actor in the right role acting for another organisation, where the command belongs to one.
    let stranger: Actor?
    /// The record `stranger` is refused on.
    let record: RecordRef?

    var testDescription: String { command.verb }

    /// The role to try that is neither the owner's nor inspector.
    var wrongRole: Actor {
        owner.role == .school ? Actors.enterprise : Actors.school
    }
}

/// A history where every command below is accepted from its owner.
let authScenario: Scenario = {
    var scenario = Given.activePlacement(PolicyProfiles.sanmenxia)
    scenario.given(Given.insurance(number: "POL-2", from: day("2025-09-01"), to: day("2025-09-30")))
    scenario.given(Given.placement("P2", kind: .observation), Given.insurance("P2"))
    scenario.given(Given.apprenticeship("A1"),
                   .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A1", amount: yuan(1000), on: day("2025-10-01"))),
                   Given.apprenticeship("A2"),
                   .apprenticeshipCompleted(ApprenticeshipCompleted(apprenticeship: "A2", on: day("2026-08-31"), certificate: "C-2")),
                   Given.apprenticeship("A3"),
                   .subsidyAdvanced(SubsidyAdvanced(apprenticeship: "A3", amount: yuan(1000), on: day("2025-10-01"))),
                   .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: "A3", on: day("2026-01-15"), reason: "left")))
    return scenario
}()

let authCases: [AuthCase] = [
    AuthCase(command: .initialize(jurisdiction: "X", profile: "national", from: day("2025-01-01")), scenario: Scenario(),
             owner: Actors.bureau, stranger: nil, record: nil),
    AuthCase(command: .adoptPolicy(profile: "huyi", from: day("2025-01-01")), scenario: authScenario,
             owner: Actors.bureau, stranger: nil, record: nil),
    AuthCase(command: .registerSchool(id: "S3", name: "New school", level: .undergraduate), scenario: authScenario,
             owner: Actors.bureau, stranger: nil, record: nil),
    AuthCase(command: .registerEnterprise(id: "E3", name: "New enterprise", aboveScale: false), scenario: authScenario,
             owner: Actors.bureau, stranger: nil, record: nil),
    AuthCase(command: .declareWorkforce(enterprise: "E1", headcount: 120, asOf: day("2025-06-01"), posts: [:], wageStandards: [:]),
             scenario: authScenario, owner: Actors.enterprise, stranger: Actors.otherEnterprise, record: .enterprise("E1")),
    AuthCase(command: .enrollStudent(id: "ST9", school: "S1", name: "New", major: "welding", birth: day("2008-01-01"),
                                     enrolled: day("2024-09-01")),
             scenario: authScenario, owner: Actors.school, stranger: Actors.otherSchool, record: .school("S1")),
    AuthCase(command: .endStudentStatus(student: "ST1", reason: .graduated, on: day("2026-07-01")),
             scenario: authScenario, owner: Actors.school, stranger: Actors.otherSchool, record: .student("ST1")),
    AuthCase(command: .recordHire(student: "ST1", enterprise: "E1", on: day("2026-07-02")),
             scenario: authScenario, owner: Actors.enterprise, stranger: Actors.otherEnterprise, record: .enterprise("E1")),
    AuthCase(command: Command.register("P9"), scenario: authScenario, owner: Actors.school, stranger: Actors.otherSchool,
             record: .student("ST1")),
    AuthCase(command: Command.insure(), scenario: authScenario, owner: Actors.school, stranger: Actors.otherSchool,
             record: .placement("P1")),
    AuthCase(command: .cancelInsurance(placement: "P1", policyNumber: "POL-2", on: day("2025-09-01")), scenario: authScenario,
             owner: Actors.school, stranger: Actors.otherSchool, record: .placement("P1")),
    AuthCase(command: Command.start("P2"), scenario: authScenario, owner: Actors.school, stranger: Actors.otherSchool,
             record: .placement("P2")),
    AuthCase(command: .extendPlacement(placement: "P1", to: day("2025-09-30")), scenario: authScenario,
             owner: Actors.school, stranger: Actors.otherSchool, record: .placement("P1")),
    AuthCase(command: .completePlacement(placement: "P1", on: day("2025-08-31")), scenario: authScenario,
             owner: Actors.school, stranger: Actors.otherSchool, record: .placement("P1")),
    AuthCase(command: .terminatePlacement(placement: "P1", on: day("2025-05-01"), reason: "closed"), scenario: authScenario,
             owner: Actors.school, stranger: Actors.otherSchool, record: .placement("P1")),
    AuthCase(command: Command.confirm(month: month("2025-03")), scenario: authScenario,
             owner: Actors.enterprise, stranger: Actors.otherEnterprise, record: .placement("P1")),
    AuthCase(command: Command.contract("A9"), scenario: authScenario,
             owner: Actors.enterprise, stranger: Actors.otherEnterprise, record: .enterprise("E1")),
    AuthCase(command: .completeApprenticeship(apprenticeship: "A1", on: day("2026-08-31"), certificate: "C-1"), scenario: authScenario,
             owner: Actors.enterprise, stranger: Actors.otherEnterprise, record: .apprenticeship("A1")),
    AuthCase(command: .terminateApprenticeship(apprenticeship: "A1", on: day("2026-01-31"), reason: "left"), scenario: authScenario,
             owner: Actors.enterprise, stranger: Actors.otherEnterprise, record: .apprenticeship("A1")),
    AuthCase(command: .advanceSubsidy(apprenticeship: "A1", amount: yuan(1000), on: day("2025-11-01")), scenario: authScenario,
             owner: Actors.bureau, stranger: nil, record: nil),
    AuthCase(command: .settleSubsidy(apprenticeship: "A2", amount: yuan(5000), on: day("2026-09-01")), scenario: authScenario,
             owner: Actors.bureau, stranger: nil, record: nil),
    AuthCase(command: .clawBackSubsidy(apprenticeship: "A3", amount: yuan(1000), on: day("2026-02-01")), scenario: authScenario,
             owner: Actors.bureau, stranger: nil, record: nil),
]

@Suite("Auth_01: role and organisation")
struct AuthTests {
    @Test func everyWritingCommandIsCovered() {
        #expect(authCases.count == 22)
        #expect(Set(authCases.map(\.command.verb)).count == 22)
    }

    @Test("the owner may issue the command", arguments: authCases)
    func ownerIsAccepted(_ authCase: AuthCase) throws {
        let events = try authCase.scenario.when(authCase.command, by: authCase.owner)
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.streamID == authCase.command.targetStreamID })
    }

    @Test("another role is refused", arguments: authCases)
    func wrongRoleIsRefused(_ authCase: AuthCase) {
        let rejection = authCase.scenario.rejection(authCase.command, by: authCase.wrongRole)
        #expect(rejection == .roleNotPermitted(actor: authCase.wrongRole, verb: authCase.command.verb, required: authCase.owner.role))
        #expect(rejection?.ruleID == .auth01)
        #expect(rejection?.kind == .notPermitted)
    }

    @Test("an inspector never writes", arguments: authCases)
    func inspectorNeverWrites(_ authCase: AuthCase) {
        let rejection = authCase.scenario.rejection(authCase.command, by: Actors.inspector)
        #expect(rejection == .roleNotPermitted(actor: Actors.inspector, verb: authCase.command.verb, required: authCase.owner.role))
        #expect(rejection?.message(.en).contains("inspectors never write") == true)
    }

    @Test("the right role for another organisation is refused", arguments: authCases.filter { $0.stranger != nil })
    func strangerIsRefused(_ authCase: AuthCase) throws {
        let stranger = try #require(authCase.stranger)
        let record = try #require(authCase.record)
        let rejection = authCase.scenario.rejection(authCase.command, by: stranger)
        #expect(rejection == .notOwnRecord(actor: stranger, verb: authCase.command.verb, record: record))
        #expect(rejection?.kind == .notPermitted)
    }

    @Test func rejectedCommandsYieldNoEvents() {
        // decide either returns events or throws; a throw carries no events by construction.
        var scenario = authScenario
        let before = scenario.events.count
        do {
            try scenario.run(Command.start("P2"), by: Actors.inspector)
        } catch {
            #expect(error.ruleID == .auth01)
        }
        #expect(scenario.events.count == before)
    }
}
