import RegistryDomain
import Testing

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test("parses valid dates", arguments: ["2025-03-01", "2024-02-29", "2000-02-29", "1970-01-01", "9999-12-31", "0001-01-01"])
    func parsesValid(_ text: String) {
        #expect(CalendarDate(text)?.description == text)
    }

    @Test("rejects malformed or impossible dates",
          arguments: ["2025-02-30", "2025-13-01", "2025-1-1", "2025-01-1", "2025-00-10", "2025-01-00", "2025-04-31",
                      "2025-02-29", "1900-02-29", "2100-02-29", "", "abcd-ef-gh", "2025/01/01", " 2025-01-01",
                      "2025-01-01 ", "+025-01-01", "20250101", "0000-01-01", "２０２５-01-01"])
    func rejectsInvalid(_ text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func describedYearsMonthsAndAmountsArePaddedWithZeros() {
        #expect(CalendarDate(year: 987, month: 6, day: 5)?.description == "0987-06-05")
        #expect(CalendarDate(year: 2025, month: 12, day: 31)?.description == "2025-12-31")
        #expect(YearMonth("0999-01")?.description == "0999-01")
        #expect(Money(fen: -5).description == "-0.05")
        #expect(Money(fen: 1_000_000_007).description == "10000000.07")
    }

    @Test func leapYears() {
        #expect(CalendarDate.isLeapYear(2024))
        #expect(CalendarDate.isLeapYear(2000))
        #expect(!CalendarDate.isLeapYear(1900))
        #expect(!CalendarDate.isLeapYear(2025))
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
    }

    @Test("day numbers round-trip", arguments: [-719_162, -1, 0, 1, 365, 11_016, 20_148, 2_932_896])
    func dayNumberRoundTrip(_ number: Int) {
        #expect(CalendarDate(dayNumber: number).dayNumber == number)
    }

    @Test func knownDayNumbers() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("1969-12-31").dayNumber == -1)
        #expect(day("2000-03-01").dayNumber == 11_017)
        #expect(CalendarDate(dayNumber: 20_148) == day("2025-03-01"))
    }

    @Test func addingDays() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2025-02-28").adding(days: 1) == day("2025-03-01"))
        #expect(day("2025-12-31").adding(days: 1) == day("2026-01-01"))
        #expect(day("2025-03-01").adding(days: -1) == day("2025-02-28"))
    }

    @Test func addingMonthsClampsToMonthEnd() {
        #expect(day("2025-08-31").adding(months: 6) == day("2026-02-28"))
        #expect(day("2023-08-31").adding(months: 6) == day("2024-02-29"))
        #expect(day("2025-01-31").adding(months: 1) == day("2025-02-28"))
        #expect(day("2025-03-15").adding(months: 12) == day("2026-03-15"))
        #expect(day("2025-03-15").adding(months: -3) == day("2024-12-15"))
        #expect(day("2025-03-01").endOfTerm(months: 6) == day("2025-08-31"))
    }

    @Test func ageCountsCompletedYears() {
        #expect(day("2009-03-01").age(on: day("2025-03-01")) == 16)
        #expect(day("2009-03-02").age(on: day("2025-03-01")) == 15)
        #expect(day("2008-02-29").age(on: day("2024-02-29")) == 16)
        #expect(day("2008-02-29").age(on: day("2025-02-28")) == 16)
        #expect(day("2009-02-28").age(on: day("2025-02-28")) == 16)
    }

    @Test func ordering() {
        #expect(day("2025-01-31") < day("2025-02-01"))
        #expect(day("2024-12-31") < day("2025-01-01"))
        #expect([day("2025-03-01"), day("2024-03-01")].sorted() == [day("2024-03-01"), day("2025-03-01")])
    }
}

@Suite("YearMonth")
struct YearMonthTests {
    @Test func parsesStrictly() {
        #expect(YearMonth("2025-03")?.description == "2025-03")
        #expect(YearMonth("2025-3") == nil)
        #expect(YearMonth("2025-13") == nil)
        #expect(YearMonth("2025-00") == nil)
        #expect(YearMonth("2025-03-01") == nil)
        #expect(YearMonth("") == nil)
    }

    @Test func daysAndNeighbours() {
        #expect(month("2024-02").lastDay == day("2024-02-29"))
        #expect(month("2025-02").lastDay == day("2025-02-28"))
        #expect(month("2025-12").next == month("2026-01"))
        #expect(month("2025-01").previous == month("2024-12"))
        #expect(month("2025-03").firstDay == day("2025-03-01"))
        #expect(month("2025-03").contains(day("2025-03-31")))
        #expect(!month("2025-03").contains(day("2025-04-01")))
        #expect(YearMonth.months(overlapping: day("2025-11-15")...day("2026-02-01"))
                == [month("2025-11"), month("2025-12"), month("2026-01"), month("2026-02")])
    }
}
