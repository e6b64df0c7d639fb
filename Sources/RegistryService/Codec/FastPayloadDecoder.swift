import EventStore
import RegistryDomain

/// Decodes the payloads of every event type but `PolicyAdopted` (one or two events in a history)
/// straight from their JSON bytes, without Foundation's `JSONDecoder` (which dominated a full
/// replay: about half of its instructions).
///
/// It accepts only the plain shape the registry itself writes — an object whose values are strings
/// without escapes, integers, booleans, null, arrays of such strings, or objects mapping such strings
/// to integers (`WorkforceDeclared`'s posts and wage standards) — and returns nil for anything else
/// (an escape, a float, a deeper object, a repeated key, a missing or mistyped field, an invalid date),
/// so the caller falls back to `JSONDecoder`, which then decodes or reports the error exactly as before.
/// Where it does decode, it yields the same value the synthesized `Decodable` conformances would:
/// unknown keys are ignored, an absent or null optional is nil.
struct FastPayloadDecoder {
    /// One value of the top-level object.
    private enum Value {
        case string(String)
        /// A string of ASCII bytes only, `bytes[start..<end]`: made into a `String` only when asked for
        /// one, and read in place as a date or a month (most of a replay's strings are dates, months
        /// and kinds; making each a `String` first cost about 140 instructions).
        case ascii(start: Int, end: Int)
        case integer(Int64)
        case bool(Bool)
        case null
        case strings([String])
        /// An object of integers by key, keys unique.
        case integers([String: Int64])
    }

    /// The payload.
    private let bytes: [UInt8]
    /// A top-level field: its key is `bytes[keyStart..<keyEnd]`. Two integers, not a `Range<Int>` in a
    /// tuple: an array of those made the runtime look `Int: Comparable` up for the range's metadata, a
    /// scan of every conformance in the executable (280 k instructions of a command).
    private struct Field {
        var keyStart: Int
        var keyEnd: Int
        var value: Value
        var key: Range<Int> { keyStart..<keyEnd }
    }

    /// The top-level fields, in payload order.
    private var fields: [Field] = []

    /// The event, or nil when the type is not one of the fast ones or the payload is not in the plain shape.
    static func decode(type: String, payload: [UInt8]) -> RegistryEvent? {
        guard let fast = FastPayloadDecoder(payload) else { return nil }
        return fast.event(type)
    }

    private init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        var parsed: [Field]? = []
        parsed?.reserveCapacity(12)
        bytes.withUnsafeBufferPointer { b in
            var s = PlainJSONScanner(b)
            func value() -> Value? {
                guard let c = s.next else { return nil }
                switch c {
                case UInt8(ascii: "\""):
                    let start = s.i + 1
                    guard let raw = s.rawString() else { return nil }
                    // Other strings are checked to be UTF-8 here, as before: an invalid one anywhere sends
                    // the payload to JSONDecoder.
                    return UTF8Bytes.isASCII(UnsafeRawBufferPointer(raw)) ? .ascii(start: start, end: start + raw.count)
                        : PlainJSONScanner.text(raw).map(Value.string)
                case UInt8(ascii: "t"): return s.literal("true") ? .bool(true) : nil
                case UInt8(ascii: "f"): return s.literal("false") ? .bool(false) : nil
                case UInt8(ascii: "n"): return s.literal("null") ? .null : nil
                case UInt8(ascii: "["):
                    s.i += 1
                    var items: [String] = []
                    s.skipSpace()
                    if s.take(UInt8(ascii: "]")) { return .strings(items) }
                    while true {
                        s.skipSpace()
                        guard let text = s.string() else { return nil }
                        items.append(text)
                        s.skipSpace()
                        if s.take(UInt8(ascii: ",")) { continue }
                        if s.take(UInt8(ascii: "]")) { return .strings(items) }
                        return nil
                    }
                case UInt8(ascii: "{"):
                    s.i += 1
                    var pairs: [(String, Int64)] = []
                    s.skipSpace()
                    if s.take(UInt8(ascii: "}")) { return .integers([:]) }
                    while true {
                        s.skipSpace()
                        guard let key = s.string() else { return nil }
                        s.skipSpace()
                        guard s.take(UInt8(ascii: ":")) else { return nil }
                        s.skipSpace()
                        guard let c = s.next, c != UInt8(ascii: "{"), case .integer(let number)? = value() else { return nil }
                        pairs.append((key, number))
                        s.skipSpace()
                        if s.take(UInt8(ascii: ",")) { continue }
                        if s.take(UInt8(ascii: "}")) {
                            // A repeated key (or two that Swift's String equality takes as one): JSONDecoder's choice.
                            let map = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
                            return map.count == pairs.count ? .integers(map) : nil
                        }
                        return nil
                    }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    return s.integer().map(Value.integer)
                default:
                    return nil
                }
            }
            s.skipSpace()
            guard s.take(UInt8(ascii: "{")) else { parsed = nil; return }
            s.skipSpace()
            if !s.take(UInt8(ascii: "}")) {
                while true {
                    s.skipSpace()
                    let keyStart = s.i + 1
                    guard s.rawString() != nil else { parsed = nil; return }
                    let keyEnd = s.i - 1
                    s.skipSpace()
                    guard s.take(UInt8(ascii: ":")) else { parsed = nil; return }
                    s.skipSpace()
                    guard let v = value() else { parsed = nil; return }
                    parsed?.append(Field(keyStart: keyStart, keyEnd: keyEnd, value: v))
                    s.skipSpace()
                    if s.take(UInt8(ascii: ",")) { continue }
                    if s.take(UInt8(ascii: "}")) { break }
                    parsed = nil
                    return
                }
            }
            s.skipSpace()
            if s.i != b.count { parsed = nil }
        }
        guard let parsed else { return nil }
        // Duplicate keys: JSONDecoder's choice is not ours to guess.
        for a in parsed.indices {
            for b in parsed.indices where b > a && bytes[parsed[a].key].elementsEqual(bytes[parsed[b].key]) { return nil }
        }
        fields = parsed
    }

    private func field(_ name: StaticString) -> Value? {
        let count = name.utf8CodeUnitCount
        for f in fields where f.key.count == count {
            var same = true
            for k in 0..<count where bytes[f.key.lowerBound + k] != name.utf8Start[k] { same = false; break }
            if same { return f.value }
        }
        return nil
    }

    /// A string value as a `String`; nil for any other value.
    private func text(_ value: Value?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .ascii(let start, let end)?: return String(decoding: bytes[start..<end], as: UTF8.self)
        default: return nil
        }
    }

    private func string(_ name: StaticString) -> String? { text(field(name)) }

    /// A string value's bytes handed to `parse` in place, or its `String`'s; nil for any other value.
    private func parsed<T>(_ name: StaticString, _ parse: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        switch field(name) {
        case .ascii(let start, let end)?: return bytes.withUnsafeBufferPointer { parse(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        case .string(var s)?: return s.withUTF8(parse)
        default: return nil
        }
    }

    /// An optional string: absent or null is `.some(nil)`; any other non-string is nil (not decodable here).
    private func optionalString(_ name: StaticString) -> String?? {
        switch field(name) {
        case nil, .null?: return .some(nil)
        case let value?: return text(value).map { .some($0) }
        }
    }

    private func date(_ name: StaticString) -> CalendarDate? { parsed(name, CalendarDate.init(utf8:)) }
    private func month(_ name: StaticString) -> YearMonth? { parsed(name, YearMonth.init(utf8:)) }
    private func money(_ name: StaticString) -> Money? {
        if case .integer(let fen)? = field(name) { return Money(fen: fen) }
        return nil
    }
    /// An optional amount (contracts before wages were kept have none): absent or null is `.some(nil)`.
    private func optionalMoney(_ name: StaticString) -> Money?? {
        switch field(name) {
        case nil, .null?: return .some(nil)
        case .integer(let fen)?: return .some(Money(fen: fen))
        default: return nil
        }
    }
    private func bool(_ name: StaticString) -> Bool? {
        if case .bool(let b)? = field(name) { return b }
        return nil
    }
    private func raw<T: RawRepresentable<String>>(_ name: StaticString, as: T.Type) -> T? { string(name).flatMap(T.init(rawValue:)) }

    private func event(_ type: String) -> RegistryEvent? {
        switch type {
        case "StipendConfirmed":
            guard let placement = string("placement"), let month = month("month"),
                  let amount = money("amount"), let paidOn = date("paidOn"), let correction = bool("correction") else { return nil }
            return .stipendConfirmed(StipendConfirmed(placement: placement, month: month, amount: amount, paidOn: paidOn, correction: correction))
        case "PlacementStarted":
            guard let placement = string("placement"), let on = date("on"), let agreement = optionalString("agreement") else { return nil }
            return .placementStarted(PlacementStarted(placement: placement, on: on, agreement: agreement))
        case "PlacementCompleted":
            guard let placement = string("placement"), let on = date("on") else { return nil }
            return .placementCompleted(PlacementCompleted(placement: placement, on: on))
        case "PlacementTerminated":
            guard let placement = string("placement"), let on = date("on"), let reason = string("reason") else { return nil }
            return .placementTerminated(PlacementTerminated(placement: placement, on: on, reason: reason))
        case "PlacementExtended":
            guard let placement = string("placement"), let to = date("to"), let on = optionalString("on") else { return nil }
            let agreedOn = on.flatMap { CalendarDate($0) }
            guard (on == nil) == (agreedOn == nil) else { return nil }
            return .placementExtended(PlacementExtended(placement: placement, to: to, on: agreedOn))
        case "PlacementRegistered":
            guard let id = string("id"), let student = string("student"), let school = string("school"),
                  let enterprise = string("enterprise"), let kind = raw("kind", as: PlacementKind.self),
                  let start = date("start"), let end = date("end"), let stipend = money("stipend"),
                  let post = optionalString("post"), let agreement = optionalString("agreement"),
                  let majorRelevant = bool("majorRelevant") else { return nil }
            return .placementRegistered(PlacementRegistered(id: id, student: student, school: school, enterprise: enterprise, kind: kind,
                                                            start: start, end: end, stipend: stipend, post: post, agreement: agreement,
                                                            majorRelevant: majorRelevant))
        case "InsuranceEnrolled":
            guard let placement = string("placement"), let policyNumber = string("policyNumber"), let insurer = string("insurer"),
                  case .strings(let names)? = field("covers"), let from = date("from"), let to = date("to"),
                  let paidBy = raw("paidBy", as: PremiumPayer.self) else { return nil }
            var covers: [Cover] = []
            for name in names {
                guard let cover = Cover(rawValue: name) else { return nil }
                covers.append(cover)
            }
            return .insuranceEnrolled(InsuranceEnrolled(placement: placement, policyNumber: policyNumber, insurer: insurer,
                                                        covers: covers, from: from, to: to, paidBy: paidBy))
        case "InsuranceCancelled":
            guard let placement = string("placement"), let policyNumber = string("policyNumber"), let on = date("on") else { return nil }
            return .insuranceCancelled(InsuranceCancelled(placement: placement, policyNumber: policyNumber, on: on))
        case "StudentEnrolled":
            guard let id = string("id"), let school = string("school"), let name = string("name"), let major = string("major"),
                  let birth = date("birth"), let enrolled = date("enrolled"), let consent = optionalString("guardianConsent"),
                  let idCard = optionalString("idCard"), let idCardDigest = optionalString("idCardDigest"),
                  field("personalDataWithheld") == nil else { return nil }
            return .studentEnrolled(StudentEnrolled(id: id, school: school, name: name, major: major, birth: birth, enrolled: enrolled,
                                                    guardianConsent: consent, idCard: idCard, idCardDigest: idCardDigest))
        case "StudentStatusEnded":
            guard let student = string("student"), let reason = raw("reason", as: StatusEndReason.self), let on = date("on") else { return nil }
            return .studentStatusEnded(StudentStatusEnded(student: student, reason: reason, on: on))
        case "StudentHired":
            guard let student = string("student"), let enterprise = string("enterprise"), let on = date("on") else { return nil }
            return .studentHired(StudentHired(student: student, enterprise: enterprise, on: on))
        case "RegistryInitialized":
            guard let jurisdiction = string("jurisdiction"), let on = date("on") else { return nil }
            return .registryInitialized(RegistryInitialized(jurisdiction: jurisdiction, on: on))
        case "SchoolRegistered":
            guard let id = string("id"), let name = string("name"), let level = raw("level", as: SchoolLevel.self) else { return nil }
            return .schoolRegistered(SchoolRegistered(id: id, name: name, level: level))
        case "WorkforceDeclared":
            guard let enterprise = string("enterprise"), case .integer(let headcount)? = field("headcount"),
                  let count = Int(exactly: headcount), let asOf = date("asOf"), case .integers(let posts)? = field("posts"),
                  case .integers(let wages)? = field("wageStandards") else { return nil }
            var postCounts: [String: Int] = [:]
            for (post, n) in posts {
                guard let n = Int(exactly: n) else { return nil }
                postCounts[post] = n
            }
            return .workforceDeclared(WorkforceDeclared(enterprise: enterprise, headcount: count, asOf: asOf, posts: postCounts,
                                                        wageStandards: wages.mapValues { Money(fen: $0) }))
        case "EnterpriseRegistered":
            guard let id = string("id"), let name = string("name"), let aboveScale = bool("aboveScale") else { return nil }
            return .enterpriseRegistered(EnterpriseRegistered(id: id, name: name, aboveScale: aboveScale))
        case "ApprenticeshipContracted":
            guard let id = string("id"), let student = string("student"), let school = string("school"),
                  let enterprise = string("enterprise"), let scheme = raw("scheme", as: ApprenticeshipScheme.self),
                  let level = raw("level", as: ApprenticeLevel.self), let laborContract = string("laborContract"),
                  let contractEnd = date("contractEnd"), let start = date("start"), let end = date("end"),
                  let schoolTutor = string("schoolTutor"), let mentor = string("mentor"),
                  let monthlyWage = optionalMoney("monthlyWage") else { return nil }
            return .apprenticeshipContracted(ApprenticeshipContracted(
                id: id, student: student, school: school, enterprise: enterprise, scheme: scheme, level: level,
                laborContract: laborContract, contractEnd: contractEnd, start: start, end: end, schoolTutor: schoolTutor, mentor: mentor,
                monthlyWage: monthlyWage))
        case "ApprenticeshipCompleted":
            guard let apprenticeship = string("apprenticeship"), let on = date("on"), let certificate = string("certificate") else { return nil }
            return .apprenticeshipCompleted(ApprenticeshipCompleted(apprenticeship: apprenticeship, on: on, certificate: certificate))
        case "ApprenticeshipTerminated":
            guard let apprenticeship = string("apprenticeship"), let on = date("on"), let reason = string("reason") else { return nil }
            return .apprenticeshipTerminated(ApprenticeshipTerminated(apprenticeship: apprenticeship, on: on, reason: reason))
        case "SubsidyAdvanced":
            guard let apprenticeship = string("apprenticeship"), let amount = money("amount"), let on = date("on") else { return nil }
            return .subsidyAdvanced(SubsidyAdvanced(apprenticeship: apprenticeship, amount: amount, on: on))
        case "SubsidySettled":
            guard let apprenticeship = string("apprenticeship"), let amount = money("amount"), let on = date("on") else { return nil }
            return .subsidySettled(SubsidySettled(apprenticeship: apprenticeship, amount: amount, on: on))
        case "SubsidyClawedBack":
            guard let apprenticeship = string("apprenticeship"), let amount = money("amount"), let on = date("on") else { return nil }
            return .subsidyClawedBack(SubsidyClawedBack(apprenticeship: apprenticeship, amount: amount, on: on))
        case "ApprenticeWageConfirmed":
            guard let apprenticeship = string("apprenticeship"), let month = month("month"),
                  let amount = money("amount"), let paidOn = date("paidOn"), let correction = bool("correction") else { return nil }
            return .apprenticeWageConfirmed(ApprenticeWageConfirmed(apprenticeship: apprenticeship, month: month, amount: amount,
                                                                    paidOn: paidOn, correction: correction))
        case "TeacherRegistered":
            guard let id = string("id"), let school = string("school"), let name = string("name"),
                  let course = raw("course", as: TeacherCourse.self), let sinceText = optionalString("since") else { return nil }
            var since: CalendarDate?
            if let sinceText {
                guard let date = CalendarDate(sinceText) else { return nil }
                since = date
            }
            return .teacherRegistered(TeacherRegistered(id: id, school: school, name: name, course: course, since: since))
        case "TeacherQualified":
            guard let teacher = string("teacher"), let on = date("on"), let document = optionalString("document") else { return nil }
            return .teacherQualified(TeacherQualified(teacher: teacher, on: on, document: document))
        case "TeacherPracticed":
            guard let teacher = string("teacher"), let enterprise = string("enterprise"), let from = date("from"), let to = date("to")
            else { return nil }
            return .teacherPracticed(TeacherPracticed(teacher: teacher, enterprise: enterprise, from: from, to: to))
        case "EnterpriseCertified":
            guard let enterprise = string("enterprise"), let on = date("on"), let document = string("document") else { return nil }
            return .enterpriseCertified(EnterpriseCertified(enterprise: enterprise, on: on, document: document))
        case "EnterpriseCertificationRevoked":
            guard let enterprise = string("enterprise"), let on = date("on"), let document = string("document"),
                  let reason = string("reason") else { return nil }
            return .enterpriseCertificationRevoked(EnterpriseCertificationRevoked(enterprise: enterprise, on: on, document: document,
                                                                                  reason: reason))
        default:
            return nil
        }
    }
}
