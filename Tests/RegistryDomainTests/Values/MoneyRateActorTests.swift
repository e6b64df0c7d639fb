import RegistryDomain
import Testing

@Suite("Money")
struct MoneyTests {
    @Test("parses yuan", arguments: [("12.5", Int64(1250)), ("12.50", 1250), ("0.01", 1), ("0", 0), ("1234", 123_400),
                                      ("007.10", 710), ("92233720368547758.07", Int64.max)])
    func parses(_ text: String, _ fen: Int64) {
        #expect(Money(yuan: text)?.fen == fen)
    }

    @Test("rejects malformed yuan",
          arguments: ["-1", "1.001", "1e3", "", "abc", ".5", "5.", "1,000", "+1", " 1", "1 ", "1..2", "１",
                      "92233720368547758.08", "99999999999999999999", "0x10"])
    func rejects(_ text: String) {
        #expect(Money(yuan: text) == nil)
    }

    @Test func prints() {
        #expect(Money(fen: 123_450).description == "1234.50")
        #expect(Money(fen: 1).description == "0.01")
        #expect(Money(fen: 0).description == "0.00")
        #expect(Money(fen: -150).description == "-1.50")
    }

    @Test func arithmetic() {
        #expect(yuan(1) + Money(fen: 5) == Money(fen: 105))
        #expect(yuan(5000).fraction(18, of: 12) == yuan(7500))
        #expect(yuan(5000).fraction(13, of: 12) == Money(fen: 541_666))
        #expect(yuan(5000).fractionRoundedUp(13, of: 12) == Money(fen: 541_667))
    }
}

@Suite("Rate")
struct RateTests {
    @Test func parses() {
        #expect(Rate("0.02")?.basisPoints == 200)
        #expect(Rate("0.1")?.basisPoints == 1000)
        #expect(Rate("1")?.basisPoints == 10_000)
        #expect(Rate("0.0001")?.basisPoints == 1)
        #expect(Rate("2%")?.basisPoints == 200)
        #expect(Rate("12.5%")?.basisPoints == 1250)
        #expect(Rate("0.00001") == nil)
        #expect(Rate("-0.1") == nil)
        #expect(Rate("") == nil)
        #expect(Rate("abc") == nil)
    }

    @Test func exactCeilAndFloor() {
        let twoPercent = Rate(basisPoints: 200)
        #expect(twoPercent.ceilTimes(100) == 2)
        #expect(twoPercent.ceilTimes(101) == 3)
        #expect(twoPercent.ceilTimes(50) == 1)
        #expect(twoPercent.ceilTimes(0) == 0)
        #expect(Rate(basisPoints: 1000).floorTimes(109) == 10)
        #expect(Rate(basisPoints: 1000).floorTimes(110) == 11)
    }

    @Test func timesMoneyRoundsUpForFloors() {
        let eighty = Rate(basisPoints: 8000)
        #expect(eighty.times(yuan(4000)) == yuan(3200))
        #expect(eighty.times(Money(fen: 1)) == Money(fen: 1))
        #expect(eighty.floorTimes(Money(fen: 1)) == Money(fen: 0))
        #expect(Rate(basisPoints: 5000).floorTimes(Money(fen: 541_667)) == Money(fen: 270_833))
    }

    @Test func prints() {
        #expect(Rate(basisPoints: 200).description == "2%")
        #expect(Rate(basisPoints: 1250).description == "12.5%")
        #expect(Rate(basisPoints: 5).description == "0.05%")
        #expect(Rate(basisPoints: 200).decimalText == "0.02")
        #expect(Rate(basisPoints: 5000).decimalText == "0.5")
        #expect(Rate(basisPoints: 10_000).decimalText == "1")
    }
}

@Suite("Actor")
struct ActorTests {
    @Test func parses() {
        #expect(Actor("school:S-01") == Actor(role: .school, id: "S-01"))
        #expect(Actor("enterprise:E:1")?.id == "E:1")
        #expect(Actor("school:S-01")?.description == "school:S-01")
        #expect(Actor("school:") == nil)
        #expect(Actor("principal:X") == nil)
        #expect(Actor("school") == nil)
    }
}
