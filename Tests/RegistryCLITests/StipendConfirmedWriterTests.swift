import EventStore
import Foundation
import RegistryDomain
import Testing
@testable import RegistryService

/// A stipend confirmation's payload is written as bytes (`StipendConfirmedWriter`): the same bytes as
/// `JSONEncoder` makes, for every value, and `JSONEncoder` itself for a placement ID JSON escapes.
@Suite("Stipend confirmations written as bytes")
struct StipendConfirmedWriterTests {
    let codec = EventCodec()

    static func confirmed(_ placement: String, month: String = "2025-09", fen: Int64 = 340_000, paidOn: String = "2025-10-10",
                          correction: Bool = false) -> StipendConfirmed {
        StipendConfirmed(placement: placement, month: YearMonth(month)!, amount: Money(fen: fen), paidOn: CalendarDate(paidOn)!,
                         correction: correction)
    }

    @Test func theBytesAreJSONEncodersForEveryShapeOfValue() throws {
        var cases: [StipendConfirmed] = [
            Self.confirmed("P-1"),
            Self.confirmed("P201900002-G1", month: "2021-10", fen: 330_452, paidOn: "2021-11-12", correction: true),
            Self.confirmed("P/1 实习 ü", month: "2000-01", fen: 0, paidOn: "2000-02-29"),
            Self.confirmed("", month: "9999-12", fen: -1, paidOn: "9999-12-31"),
            Self.confirmed("P-1", fen: Int64.max),
            Self.confirmed("P-1", fen: Int64.min),
            Self.confirmed("😀\u{7F}\u{2028}", month: "1970-01", fen: 1, paidOn: "1970-01-01", correction: true),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let id = String((0..<Int.random(in: 1...20, using: &generator)).map { _ in "AZaz09-_/.实习é".randomElement(using: &generator)! })
            cases.append(Self.confirmed(id, month: String(format: "%04d-%02d", Int.random(in: 1...9999, using: &generator), Int.random(in: 1...12, using: &generator)),
                                        fen: Int64.random(in: -1_000_000...100_000_000, using: &generator), correction: Bool.random(using: &generator)))
        }
        for e in cases {
            let written = try #require(StipendConfirmedWriter.payload(e), "\(e)")
            #expect(written == (try codec.encodeWithJSONEncoder(.stipendConfirmed(e))), "\(String(decoding: written, as: UTF8.self))")
            // The codec takes the writer's way, and the payload decodes back to the event.
            let encoded = try codec.encode(.stipendConfirmed(e))
            #expect(encoded.payload == written)
            #expect(try codec.decodeWithJSONDecoder(EventEnvelope(position: 1, streamID: "placement-x", streamVersion: 1, eventID: EventID(bytes: Array(repeating: 0, count: 16))!,
                                                                       commandID: "c", actor: "a", recordedAt: 0, type: encoded.type,
                                                                       schemaVersion: encoded.schemaVersion, payload: encoded.payload))
                    == .stipendConfirmed(e))
        }
    }

    @Test func aPlacementIDThatJSONEscapesIsLeftToJSONEncoder() throws {
        for id in ["P\"1", "P\\1", "P\n1", "P\u{1}1"] {
            let e = Self.confirmed(id)
            #expect(StipendConfirmedWriter.payload(e) == nil)
            #expect(try codec.encode(.stipendConfirmed(e)).payload == codec.encodeWithJSONEncoder(.stipendConfirmed(e)))
        }
    }
}
