import Foundation
import RegistryService
import Testing

/// `Timestamp.format` writes what `ISO8601DateFormatter` writes, without making one.
@Suite("Timestamps written without a date formatter")
struct TimestampFormatTests {
    static func reference(_ micros: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(micros) / 1_000_000))
    }

    @Test func everyInstantIsWrittenAsISO8601DateFormatterWritesIt() {
        var instants: [Int64] = [0, 1, 999_499, 999_500, 999_999, 1_000_000, -1, -500, -501, -999_500, -999_999, -1_000_000, -1_000_001, 86_399_999_999, 86_400_000_000,
                                 951_782_400_000_000, 951_868_799_999_999, 1_756_713_600_000_000, 4_102_444_799_999_999, -2_208_988_800_000_000]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { instants.append(Int64.random(in: -2_208_988_800_000_000...7_258_118_400_000_000, using: &generator)) }
        for micros in instants {
            #expect(Timestamp.format(micros) == Self.reference(micros), "\(micros)")
        }
    }
}
