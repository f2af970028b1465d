import XCTest
import KinhPhi

/// Every crash the fuzzers (fuzz/run.sh, fuzz/README.md) found, as the smallest call that trapped, with the
/// fuzzer's input inline as bytes. Each test failed (the process trapped) before its fix.
final class FuzzRegressionTests: XCTestCase {

    /// Splits a fuzz input at the first byte `separator` (the targets' convention: '|' for money, 0xFF for files).
    private func split(_ input: [UInt8], at separator: UInt8) -> (String, String) {
        let i = input.firstIndex(of: separator)!
        return (String(decoding: input[..<i], as: UTF8.self), String(decoding: input[(i + 1)...], as: UTF8.self))
    }

    // MARK: money target

    /// fuzz/money crash-ba0ffd37 ("999.999.999.999.999|1"): Rounding.percent(part, of: whole) converted the
    /// hundredths of a percent to Int64 with a trapping `Int64(_:)`; 999.999.999.999.999 of 1 đ is
    /// 9,99·10^18 hundredths. Reachable from Ledger/Settlement `usedPercent` / `executedPercent` when a line
    /// approved at a few đồng is overspent. Fix: Sources/KinhPhiCore/Money/Rounding.swift returns nil (as it
    /// already did for any ratio beyond Quantity.limit).
    func testPercentOfAHugeRatioIsNilNotATrap() throws {
        let input: [UInt8] = [0x39, 0x39, 0x39, 0x2e, 0x39, 0x39, 0x39, 0x2e, 0x39, 0x39, 0x39, 0x2e, 0x39, 0x39, 0x39, 0x2e,
                              0x39, 0x39, 0x39, 0x7c, 0x31]
        let (a, b) = split(input, at: 0x7C)
        let part = try NumberParser.money(a, allowNegative: true)
        let whole = try NumberParser.money(b, allowNegative: true)
        XCTAssertNil(Rounding.percent(part, of: whole))
        XCTAssertNil(Rounding.percent(-part, of: whole))
        XCTAssertNil(Rounding.percent(Money(Money.limit), of: Money(-1)))
        // Still exact where the quantity can hold it: 999.999.999.999 % (the largest whole percent) and below.
        XCTAssertEqual(Rounding.percent(Money(9_999_999_999_999), of: Money(1)), try Quantity(mantissa: 999_999_999_999_900, scale: 2))
        XCTAssertEqual(Rounding.percent(Money(1), of: Money(3)), try Quantity(mantissa: 3333, scale: 2))
    }
}
